/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_REGCALL_H
#define CLONETRACE_TRACER_REGCALL_H

#include <stdint.h>
#include <sys/types.h>

struct ct_arch;

/*
 * What the register set lacks at an event stop (missing, as regs_syscall()
 * gives it) from /proc/TID/syscall, taken only if it agrees with the
 * registers on everything they do have.  Returns what is still missing.
 */
int regcall_complete(const struct ct_arch *a, pid_t tid, int missing, long *nr, uint64_t args[6]);

#endif
