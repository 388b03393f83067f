/* SPDX-License-Identifier: MIT */
/*
 * The architectures clonetrace decodes: audit value, pointer width, byte
 * order, raw clone argument order and syscall numbers.
 *
 * Architecture quirks, each in one line:
 *  - i386, arm, aarch64, ppc, mips, riscv select CONFIG_CLONE_BACKWARDS:
 *    clone's tls and child_tid swap places (kernel/fork.c SYSCALL_DEFINE5(clone)).
 *  - s390 selects CONFIG_CLONE_BACKWARDS2: stack comes first, then flags.
 *  - microblaze selects CONFIG_CLONE_BACKWARDS3: stack_size after stack.  It is
 *    only in the order table: AUDIT_ARCH_MICROBLAZE carries no byte-order bit
 *    while the CPU comes in both, so a trace could not tell how to read memory.
 *  - loongarch does not select any CLONE_BACKWARDS (arch/loongarch/Kconfig),
 *    so it has the x86-64 order although its table is the generic one.
 *  - aarch64, riscv64 and loongarch64 use the generic table
 *    (include/uapi/asm-generic/unistd.h) which has no fork and no vfork.
 *  - mips n64 numbers start at 5000 (__NR_64_Linux) and n64 has no vfork.
 *  - MIPS numbers its signals differently (SIGCHLD is 18): sig_mips.
 *
 * Syscall numbers, from the kernel's tables:
 *  x86_64  arch/x86/entry/syscalls/syscall_64.tbl
 *  i386    arch/x86/entry/syscalls/syscall_32.tbl
 *  arm     arch/arm/tools/syscall.tbl (EABI)
 *  s390x   arch/s390/kernel/syscalls/syscall.tbl
 *  ppc64le arch/powerpc/kernel/syscalls/syscall.tbl
 *  mips64  arch/mips/kernel/syscalls/syscall_n64.tbl (+ 5000)
 *  generic include/uapi/asm-generic/unistd.h (aarch64, riscv64, loongarch64)
 * clone3 is 435 everywhere (added to every table at once in Linux 5.3).
 * tests/unit/t-decode-arch-uapi.py checks every value here against the
 * uapi headers Debian ships for each architecture (linux-libc-dev-*-cross).
 */
#include <string.h>

#include "decode/arch.h"
#include "names/compat.h"

#define NR(clone, clone3, fork, vfork, unshare, setns, execve, execveat) {	\
	[CT_SYS_CLONE] = clone, [CT_SYS_CLONE3] = clone3,			\
	[CT_SYS_FORK] = fork, [CT_SYS_VFORK] = vfork,				\
	[CT_SYS_UNSHARE] = unshare, [CT_SYS_SETNS] = setns,			\
	[CT_SYS_EXECVE] = execve, [CT_SYS_EXECVEAT] = execveat }

/* include/uapi/asm-generic/unistd.h */
#define NR_GENERIC .nr = NR(220, 435, -1, -1, 97, 268, 221, 281),		\
	.nr_prctl = 167, .nr_seccomp = 277, .nr_ptrace = 117

static const struct ct_arch arches[] = {
	{ .name = "x86_64", .audit_arch = AUDIT_ARCH_X86_64, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_PLAIN, .sig_mips = 0,
	  .nr = NR(56, 435, 57, 58, 272, 308, 59, 322),
	  .nr_prctl = 157, .nr_seccomp = 317, .nr_ptrace = 101 },
	{ .name = "i386", .audit_arch = AUDIT_ARCH_I386, .wordsize = 4,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 0,
	  .nr = NR(120, 435, 2, 190, 310, 346, 11, 358),
	  .nr_prctl = 172, .nr_seccomp = 354, .nr_ptrace = 26 },
	{ .name = "aarch64", .audit_arch = AUDIT_ARCH_AARCH64, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 0,
	  NR_GENERIC },
	{ .name = "arm", .audit_arch = AUDIT_ARCH_ARM, .wordsize = 4,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 0,
	  .nr = NR(120, 435, 2, 190, 337, 375, 11, 387),
	  .nr_prctl = 172, .nr_seccomp = 383, .nr_ptrace = 26 },
	{ .name = "riscv64", .audit_arch = AUDIT_ARCH_RISCV64, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 0,
	  NR_GENERIC },
	{ .name = "s390x", .audit_arch = AUDIT_ARCH_S390X, .wordsize = 8,
	  .big_endian = 1, .clone_order = CT_CLONE_BACKWARDS2, .sig_mips = 0,
	  .nr = NR(120, 435, 2, 190, 303, 339, 11, 354),
	  .nr_prctl = 172, .nr_seccomp = 348, .nr_ptrace = 26 },
	{ .name = "ppc64le", .audit_arch = AUDIT_ARCH_PPC64LE, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 0,
	  .nr = NR(120, 435, 2, 189, 282, 350, 11, 362),
	  .nr_prctl = 171, .nr_seccomp = 358, .nr_ptrace = 26 },
	/* mips64 n64, little endian first: arch_by_name("mips64") finds it */
	{ .name = "mips64", .audit_arch = AUDIT_ARCH_MIPSEL64, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 1,
	  .nr = NR(5055, 5435, 5056, -1, 5262, 5303, 5057, 5316),
	  .nr_prctl = 5153, .nr_seccomp = 5312, .nr_ptrace = 5099 },
	{ .name = "mips64", .audit_arch = AUDIT_ARCH_MIPS64, .wordsize = 8,
	  .big_endian = 1, .clone_order = CT_CLONE_BACKWARDS, .sig_mips = 1,
	  .nr = NR(5055, 5435, 5056, -1, 5262, 5303, 5057, 5316),
	  .nr_prctl = 5153, .nr_seccomp = 5312, .nr_ptrace = 5099 },
	{ .name = "loongarch64", .audit_arch = AUDIT_ARCH_LOONGARCH64, .wordsize = 8,
	  .big_endian = 0, .clone_order = CT_CLONE_PLAIN, .sig_mips = 0,
	  NR_GENERIC },
};

#define N_ARCHES (sizeof(arches) / sizeof(arches[0]))

/* Other spellings of the names above, as uname -m and distributions write them. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ .alias = "amd64", .name = "x86_64" },
	{ .alias = "i486", .name = "i386" }, { .alias = "i586", .name = "i386" },
	{ .alias = "i686", .name = "i386" }, { .alias = "x86", .name = "i386" },
	{ .alias = "arm64", .name = "aarch64" },
	{ .alias = "armv6l", .name = "arm" }, { .alias = "armv7l", .name = "arm" },
	{ .alias = "armv8l", .name = "arm" }, { .alias = "armhf", .name = "arm" },
	{ .alias = "mips64el", .name = "mips64" },
	{ .alias = "loong64", .name = "loongarch64" },
	{ .alias = "ppc64el", .name = "ppc64le" },
};

/* Index of each argument in the registers; kernel/fork.c SYSCALL_DEFINE(clone). */
static const struct ct_clone_args_idx orders[CT_CLONE_ORDER_COUNT] = {
	[CT_CLONE_PLAIN] = { .flags = 0, .stack = 1, .stack_size = -1,
			     .parent_tid = 2, .child_tid = 3, .tls = 4 },
	[CT_CLONE_BACKWARDS] = { .flags = 0, .stack = 1, .stack_size = -1,
				 .parent_tid = 2, .tls = 3, .child_tid = 4 },
	[CT_CLONE_BACKWARDS2] = { .stack = 0, .flags = 1, .stack_size = -1,
				  .parent_tid = 2, .child_tid = 3, .tls = 4 },
	[CT_CLONE_BACKWARDS3] = { .flags = 0, .stack = 1, .stack_size = 2,
				  .parent_tid = 3, .child_tid = 4, .tls = 5 },
};

static const char *const sysc_names[CT_SYS_COUNT] = {
	[CT_SYS_CLONE] = "clone",
	[CT_SYS_CLONE3] = "clone3",
	[CT_SYS_FORK] = "fork",
	[CT_SYS_VFORK] = "vfork",
	[CT_SYS_UNSHARE] = "unshare",
	[CT_SYS_SETNS] = "setns",
	[CT_SYS_EXECVE] = "execve",
	[CT_SYS_EXECVEAT] = "execveat",
};

const struct ct_arch *arch_by_audit(uint32_t audit_arch)
{
	for (size_t i = 0; i < N_ARCHES; i++)
		if (arches[i].audit_arch == audit_arch)
			return &arches[i];
	return NULL;
}

const struct ct_arch *arch_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].alias, name) == 0) {
			name = aliases[i].name;
			break;
		}
	for (size_t i = 0; i < N_ARCHES; i++)
		if (strcmp(arches[i].name, name) == 0)
			return &arches[i];
	return NULL;
}

const struct ct_arch *arch_all(size_t *n)
{
	if (n)
		*n = N_ARCHES;
	return arches;
}

int arch_sysc(const struct ct_arch *a, long nr)
{
	if (!a || nr < 0)
		return -1;
	for (int s = 0; s < CT_SYS_COUNT; s++)
		if (a->nr[s] == nr)
			return s;
	return -1;
}

const char *sysc_name(int sysc)
{
	if (sysc < 0 || sysc >= CT_SYS_COUNT)
		return NULL;
	return sysc_names[sysc];
}

const struct ct_clone_args_idx *clone_order_idx(enum ct_clone_order o)
{
	if ((unsigned)o >= CT_CLONE_ORDER_COUNT)
		return NULL;
	return &orders[o];
}

enum sig_numbering arch_signals(const struct ct_arch *a)
{
	return a && a->sig_mips ? SIG_MIPS : SIG_GENERIC;
}
