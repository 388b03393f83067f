/* SPDX-License-Identifier: MIT */
/*
 * The seccomp-bpf filter: SECCOMP_RET_TRACE for the calls clonetrace
 * records and those it watches (seccomp, prctl PR_SET_NAME/PR_SET_SECCOMP,
 * ptrace PTRACE_TRACEME/ATTACH/SEIZE),
 * SECCOMP_RET_ALLOW for everything else, so a tracee never stops
 * on a syscall that doesn't create or change tasks.  The syscall numbers
 * come from decode/arch.c, for every architecture a task on this host may
 * use (the native one and its compat personality).
 */
#include <errno.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "decode/arch.h"
#include "names/compat.h"
#include "tracer/seccomp.h"

/* Architectures whose tasks can run on this host. */
static const uint32_t host_arches[] = {
#if defined(__x86_64__)
	AUDIT_ARCH_X86_64, AUDIT_ARCH_I386,
#elif defined(__i386__)
	/* a 32-bit tracer on a 64-bit kernel traces 64-bit programs too */
	AUDIT_ARCH_I386, AUDIT_ARCH_X86_64,
#elif defined(__aarch64__)
	AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
#elif defined(__arm__)
	AUDIT_ARCH_ARM, AUDIT_ARCH_AARCH64,
#elif defined(__riscv) && __riscv_xlen == 64
	AUDIT_ARCH_RISCV64,
#elif defined(__s390x__)
	AUDIT_ARCH_S390X,
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	AUDIT_ARCH_PPC64LE,
#elif defined(__loongarch64)
	AUDIT_ARCH_LOONGARCH64,
#elif defined(__mips64) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	AUDIT_ARCH_MIPSEL64,
#elif defined(__mips64)
	AUDIT_ARCH_MIPS64,
#else
#error "clonetrace: unknown host architecture"
#endif
};

#define NARCH (sizeof(host_arches) / sizeof(host_arches[0]))
/*
 * Calls stopped on only for some values of their first argument (watched,
 * not recorded: tracer/watch.c).  Tables are data: one generic emitter.
 */
static const struct {
	size_t nr_off;			/* offsetof(struct ct_arch, nr_...) */
	uint32_t arg0[3];		/* 0-terminated after the first */
	unsigned n;
} arg_rules[] = {
	{ .nr_off = offsetof(struct ct_arch, nr_prctl),
	  .arg0 = { PR_SET_NAME, PR_SET_SECCOMP }, .n = 2 },
	{ .nr_off = offsetof(struct ct_arch, nr_ptrace),
	  .arg0 = { PTRACE_TRACEME, PTRACE_ATTACH, PTRACE_SEIZE }, .n = 3 },
};
#define NRULES (sizeof(arg_rules) / sizeof(arg_rules[0]))

/* per architecture: arch test, load nr, the nr tests, each rule (nr test, load, values, allow), trace */
#define MAXPROG (1 + NARCH * (2 + CT_SYS_COUNT + 1 + NRULES * 6 + 2) + 1)

/* The low 32 bits of seccomp_data.args[0], in the kernel's (the tracer's) byte order. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ARG0_LOW (offsetof(struct seccomp_data, args[0]) + 4)
#else
#define ARG0_LOW offsetof(struct seccomp_data, args[0])
#endif

uint32_t seccomp_audit_arch(void)
{
	return host_arches[0];
}

static long arch_nr(const struct ct_arch *a, size_t off)
{
	return *(const long *)((const char *)a + off);
}

/*
 * Per architecture:
 *	if (arch != A) goto next;
 *	if (nr is one of the recorded calls, or seccomp) return TRACE;
 *	for each rule: if (nr == rule's) return args[0] in rule's values ? TRACE : ALLOW;
 *	return ALLOW;
 * Jumps to the block's TRACE are patched once its place is known.
 */
static unsigned arch_block(struct sock_filter *prog, unsigned n, const struct ct_arch *a)
{
	unsigned to_trace[CT_SYS_COUNT + 1 + NRULES * 3], nt = 0, start = n;
	long nrs[CT_SYS_COUNT + 1];
	unsigned k = 0;

	for (int s = 0; s < CT_SYS_COUNT; s++)
		if (a->nr[s] >= 0)
			nrs[k++] = a->nr[s];
	if (a->nr_seccomp >= 0)
		nrs[k++] = a->nr_seccomp;
	prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a->audit_arch, 0, 0);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	for (unsigned j = 0; j < k; j++) {
		to_trace[nt++] = n;
		prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nrs[j], 0, 0);
	}
	for (size_t r = 0; r < NRULES; r++) {
		long nr = arch_nr(a, arg_rules[r].nr_off);

		if (nr < 0)
			continue;
		/* not this call: skip the load, the values and the ALLOW (A still holds nr) */
		prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0,
			(uint8_t)(arg_rules[r].n + 2));
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW);
		for (unsigned v = 0; v < arg_rules[r].n; v++) {
			to_trace[nt++] = n;
			prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				arg_rules[r].arg0[v], 0, 0);
		}
		prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	for (unsigned i = 0; i < nt; i++)
		prog[to_trace[i]].jt = (uint8_t)(n - 1 - (to_trace[i] + 1));
	/* another architecture: on to the next block */
	prog[start].jf = (uint8_t)(n - (start + 1));
	return n;
}

int seccomp_install(void)
{
	struct sock_filter prog[MAXPROG];
	struct sock_fprog fprog;
	unsigned n = 0;

	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	for (size_t i = 0; i < NARCH; i++) {
		const struct ct_arch *a = arch_by_audit(host_arches[i]);

		if (a)
			n = arch_block(prog, n, a);
	}
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

	fprog.len = (unsigned short)n;
	fprog.filter = prog;
	/*
	 * Without CAP_SYS_ADMIN the kernel accepts a filter only under
	 * no_new_privs; take it only then, since it changes how setuid
	 * programs run.
	 */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog);
}
