/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_SECCOMP_H
#define CLONETRACE_TRACER_SECCOMP_H

/* The seccomp-bpf filter (seccomp.c). */

#include <stdint.h>

/*
 * Installs the filter on the calling process (the command, before its
 * execve), under no_new_privs only where it must be.  0, or -1 (errno).
 */
int seccomp_install(void);
/* The AUDIT_ARCH_* of the host's native tasks. */
uint32_t seccomp_audit_arch(void);

#endif
