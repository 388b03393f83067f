/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_COMPAT_H
#define CLONETRACE_NAMES_COMPAT_H

/*
 * Kernel ABI constants newer than (or missing from) the build host's
 * headers.  Every value here is fixed by the kernel's uapi and the same on
 * every architecture, so neither the names nor the decoder depend on what
 * the host has.  The one compat.h of the house: the ptrace ABI the tracer
 * speaks is at its end.
 */

#include <stdint.h>
#include <linux/audit.h>
#include <linux/elf-em.h>
#include <linux/ioctl.h>
#include <linux/sched.h>

/* include/uapi/linux/sched.h */
#ifndef CSIGNAL
#define CSIGNAL 0x000000ffULL
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080	/* Linux 5.6; unshare and clone3 only */
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000		/* Linux 5.2 */
#endif
#ifndef CLONE_DETACHED
#define CLONE_DETACHED 0x00400000	/* unused since 2.6; rejected by clone3 */
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000	/* Linux 4.6 */
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL	/* Linux 5.5, clone3 only */
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL	/* Linux 5.7, clone3 only */
#endif
/*
 * Linux 7.1, clone3 only (include/uapi/linux/sched.h, kernel/fork.c
 * clone3_args_valid(); tools/testing/selftests/pidfd and
 * filesystems/empty_mntns); older kernels say EINVAL.
 */
#ifndef CLONE_AUTOREAP
#define CLONE_AUTOREAP 0x400000000ULL
#endif
#ifndef CLONE_NNP
#define CLONE_NNP 0x800000000ULL
#endif
#ifndef CLONE_PIDFD_AUTOKILL
#define CLONE_PIDFD_AUTOKILL 0x1000000000ULL
#endif
#ifndef CLONE_EMPTY_MNTNS
#define CLONE_EMPTY_MNTNS 0x2000000000ULL	/* implies CLONE_NEWNS */
#endif
/* Linux 7.1, unshare only: the bit clone() uses for CLONE_PARENT_SETTID */
#ifndef UNSHARE_EMPTY_MNTNS
#define UNSHARE_EMPTY_MNTNS 0x00100000
#endif

#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 64		/* flags .. tls */
#endif
#ifndef CLONE_ARGS_SIZE_VER1
#define CLONE_ARGS_SIZE_VER1 80		/* + set_tid, set_tid_size */
#endif
#ifndef CLONE_ARGS_SIZE_VER2
#define CLONE_ARGS_SIZE_VER2 88		/* + cgroup */
#endif

/*
 * include/uapi/linux/nsfs.h: a namespace's own id, unique for the boot and
 * never reused, unlike its inode.  NS_GET_MNTNS_ID (mount namespaces,
 * Linux 6.8) and NS_GET_ID (every kind, Linux 6.18) on a /proc/TID/ns/ fd.
 */
#define CT_NSIO 0xb7
#define CT_NS_GET_MNTNS_ID _IOR(CT_NSIO, 0x5, uint64_t)
#define CT_NS_GET_ID _IOR(CT_NSIO, 13, uint64_t)

/* include/uapi/linux/fcntl.h: execveat's dirfd and flags */
#define CT_AT_FDCWD (-100)
#define CT_AT_SYMLINK_NOFOLLOW 0x100
#define CT_AT_EMPTY_PATH 0x1000

/* include/uapi/linux/elf-em.h, include/uapi/linux/audit.h */
#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef AUDIT_ARCH_LOONGARCH64
#define AUDIT_ARCH_LOONGARCH64 (EM_LOONGARCH | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef AUDIT_ARCH_RISCV64
#define AUDIT_ARCH_RISCV64 (EM_RISCV | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#ifndef AUDIT_ARCH_PPC64LE
#define AUDIT_ARCH_PPC64LE (EM_PPC64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#ifndef AUDIT_ARCH_MIPSEL64
#define AUDIT_ARCH_MIPSEL64 (EM_MIPS | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif

/* The ptrace ABI newer than (or missing from) glibc's <sys/ptrace.h>: the tracer's alone. */
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
