/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_ELF_H
#define CLONETRACE_TRACER_STACK_ELF_H

/*
 * What clonetrace reads itself from a tracee's ELF files (elf.c): program
 * headers, the build-id note and the .eh_frame_hdr's header, in the host's
 * byte order (only the host architecture's tasks are unwound).
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define ELF_LOADS 16		/* PT_LOAD segments kept */
#define ELF_BUILD_ID_MAX 64

struct elf_load {
	uint64_t vaddr, offset, filesz, memsz;
	bool exec;
};

struct elf_info {
	int type;				/* ET_EXEC, ET_DYN */
	struct elf_load load[ELF_LOADS];
	int n_load;
	bool has_unwind_tables;			/* a program header arch_unwind_phdr accepts */
	bool go;				/* a Go program (its "Go" build-id note) */
	uint64_t eh_frame_hdr;			/* its vaddr; 0: none usable */
	uint64_t fde_count;			/* entries of its binary search table */
	unsigned char build_id[ELF_BUILD_ID_MAX];
	size_t build_id_len;
};

/* Open path as process tgid sees it (through /proc/TGID/root): an fd, or -1. */
int elf_open(pid_t tgid, const char *path);
/* Read what elf_info holds from fd: 0, or -1 (not an ELF file of the host's word size). */
int elf_read(int fd, struct elf_info *e);

#endif
