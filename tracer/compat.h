/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_COMPAT_H
#define CLONETRACE_TRACER_COMPAT_H

/* Kernel ABI newer than (or missing from) glibc's <sys/ptrace.h>. */

#include <stdint.h>

#ifndef PTRACE_GET_SYSCALL_INFO
#define PTRACE_GET_SYSCALL_INFO 0x420e
#endif
#ifndef PTRACE_SET_SYSCALL_INFO
#define PTRACE_SET_SYSCALL_INFO 0x4212	/* Linux 6.16 */
#endif
#define CT_SYSCALL_INFO_NONE 0
#define CT_SYSCALL_INFO_ENTRY 1
#define CT_SYSCALL_INFO_EXIT 2
#define CT_SYSCALL_INFO_SECCOMP 3

/* struct ptrace_syscall_info of <linux/ptrace.h>, which clashes with <sys/ptrace.h>. */
struct ct_syscall_info {
	uint8_t op;
	uint8_t reserved;
	uint16_t flags;			/* 6.16; must be 0 */
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t stack_pointer;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
			uint32_t reserved2;
		} seccomp;
	};
};

#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

/* Kernel-internal restart codes a traced syscall exit can show (include/linux/errno.h). */
#define CT_ERESTARTNOINTR 513

#endif
