#ifndef CLONETRACE_TRACER_STACK_ELF_H
#define CLONETRACE_TRACER_STACK_ELF_H

/* What clonetrace reads itself from a tracee's ELF files (elf.c). */

#include <sys/types.h>

/*
 * Whether the ELF file at path, as process tgid sees it (through
 * /proc/TGID/root), has the unwind tables libunwind-ptrace looks up by
 * program header (arch_unwind_phdr): 1, 0, or -1 (not readable, not ELF).
 */
int elf_has_unwind_tables(pid_t tgid, const char *path);

#endif
