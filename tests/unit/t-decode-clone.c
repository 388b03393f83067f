/* SPDX-License-Identifier: MIT */
/* decode_call() for clone, fork, vfork, unshare and setns on every architecture. */
#include "decode/decode.h"
#include "names/compat.h"
#include "tests/unit/tap.h"

static const char *order_name[] = { "plain", "backwards", "backwards2", "backwards3" };

/*
 * Distinct values in the six registers; the flags register holds CLONE_VM |
 * CLONE_FS | 17, the others values that tell where they came from.
 */
static void test_clone_order(const struct ct_arch *a)
{
	const struct ct_clone_args_idx *ix = clone_order_idx(a->clone_order);
	uint64_t regs[6] = { 0x1111000, 0x2222000, 0x3333000, 0x4444000, 0x5555000, 0x6666000 };
	const char *n = a->name;
	struct ct_call c;

	regs[ix->flags] = CLONE_VM | CLONE_FS | 17;
	if (!is_int(decode_call(a, a->nr[CT_SYS_CLONE], regs, NULL, &c), 0,
		    "%s 0x%08x: clone decodes", n, a->audit_arch))
		return;
	is_int(c.sysc, CT_SYS_CLONE, "%s: sysc", n);
	ok(c.arch == a, "%s: arch", n);
	is_int(c.nr, a->nr[CT_SYS_CLONE], "%s: nr", n);
	for (int i = 0; i < 6; i++)
		is_u64(c.raw[i], regs[i], "%s: raw[%d] kept", n, i);
	is_u64(c.flags, CLONE_VM | CLONE_FS, "%s (%s): flags register %d", n,
	       order_name[a->clone_order], ix->flags);
	is_int(c.exit_signal, 17, "%s: exit signal from the low byte", n);
	is_u64(c.stack, regs[ix->stack], "%s (%s): stack is register %d", n,
	       order_name[a->clone_order], ix->stack);
	is_u64(c.parent_tid, regs[ix->parent_tid], "%s (%s): parent_tid is register %d", n,
	       order_name[a->clone_order], ix->parent_tid);
	is_u64(c.child_tid, regs[ix->child_tid], "%s (%s): child_tid is register %d", n,
	       order_name[a->clone_order], ix->child_tid);
	is_u64(c.tls, regs[ix->tls], "%s (%s): tls is register %d", n,
	       order_name[a->clone_order], ix->tls);
	/* CLONE_VM|CLONE_FS: parent_tid, child_tid and tls mean nothing */
	is_u64(c.has, CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL | CT_HAS_STACK, "%s: has", n);
	ok(call_creates_task(&c), "%s: clone creates a task", n);
	call_release(&c);
}

/* The order per architecture, spelled out: which register holds what. */
static void test_orders_spelled_out(void)
{
	static const struct {
		const char *arch;
		int flags, stack, ptid, ctid, tls;
	} w[] = {
		{ "x86_64", 0, 1, 2, 3, 4 },
		{ "i386", 0, 1, 2, 4, 3 },
		{ "aarch64", 0, 1, 2, 4, 3 },
		{ "arm", 0, 1, 2, 4, 3 },
		{ "riscv64", 0, 1, 2, 4, 3 },
		{ "s390x", 1, 0, 2, 3, 4 },
		{ "ppc64le", 0, 1, 2, 4, 3 },
		{ "mips64", 0, 1, 2, 4, 3 },
		{ "loongarch64", 0, 1, 2, 3, 4 },
	};

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		const struct ct_arch *a = arch_by_name(w[i].arch);
		uint64_t r[6] = { 10, 11, 12, 13, 14, 15 };
		struct ct_call c;

		r[w[i].flags] = CLONE_THREAD;
		must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
		ok(c.flags == CLONE_THREAD && c.stack == r[w[i].stack] &&
		   c.parent_tid == r[w[i].ptid] && c.child_tid == r[w[i].ctid] &&
		   c.tls == r[w[i].tls], "%s: flags r%d stack r%d parent_tid r%d child_tid r%d tls r%d",
		   w[i].arch, w[i].flags, w[i].stack, w[i].ptid, w[i].ctid, w[i].tls);
	}
}

static void test_clone_widths(void)
{
	const struct ct_arch *x = arch_by_name("x86_64"), *i386 = arch_by_name("i386");
	const struct ct_arch *arm = arch_by_name("arm");
	uint64_t r[6] = { 0 };
	struct ct_call c;

	/* clone() keeps lower_32_bits(flags): the 64-bit flags cannot pass */
	r[0] = CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | CLONE_VM | 0x11;
	must(decode_call(x, 56, r, NULL, &c));
	is_u64(c.flags, CLONE_VM, "x86_64 clone: bits above 32 ignored, as the kernel does");
	is_int(c.exit_signal, 0x11, "x86_64 clone: exit signal 0x11");
	is_u64(c.raw[0], r[0], "x86_64 clone: raw keeps the register");

	/* a 32-bit tracee's registers are 32 bits */
	r[0] = 0xffffffff00000000ULL | CLONE_VM | 17;
	r[1] = 0xdeadbeef00001000ULL;
	r[2] = 0xdeadbeef00002000ULL;
	r[3] = 0xdeadbeef00003000ULL;
	r[4] = 0xdeadbeef00004000ULL;
	must(decode_call(i386, 120, r, NULL, &c));
	is_u64(c.flags, CLONE_VM, "i386 clone: flags cut to 32 bits");
	is_u64(c.stack, 0x1000, "i386 clone: stack cut to 32 bits");
	is_u64(c.parent_tid, 0x2000, "i386 clone: parent_tid cut to 32 bits");
	is_u64(c.tls, 0x3000, "i386 clone: tls (register 3) cut to 32 bits");
	is_u64(c.child_tid, 0x4000, "i386 clone: child_tid (register 4) cut to 32 bits");
	must(decode_call(arm, 120, r, NULL, &c));
	is_u64(c.child_tid, 0x4000, "arm clone: child_tid cut to 32 bits");

	/* exit signal 0: no signal; a number without a name stays a number */
	r[0] = CLONE_VM;
	must(decode_call(x, 56, r, NULL, &c));
	is_int(c.exit_signal, 0, "clone: no exit signal");
	r[0] = 0xff;
	must(decode_call(x, 56, r, NULL, &c));
	is_int(c.exit_signal, 255, "clone: exit signal 255");
	is_u64(c.flags, 0, "clone: exit-signal byte is not flags");

	/* CLONE_PIDFD: clone() returns the pidfd through parent_tid */
	r[0] = CLONE_PIDFD | 17;
	r[2] = 0x7000;
	must(decode_call(x, 56, r, NULL, &c));
	ok(c.has & CT_HAS_PIDFD, "clone CLONE_PIDFD: has pidfd");
	is_u64(c.pidfd, 0x7000, "clone CLONE_PIDFD: pidfd is parent_tid");
	r[0] = 17;
	must(decode_call(x, 56, r, NULL, &c));
	ok(!(c.has & CT_HAS_PIDFD), "clone without CLONE_PIDFD: no pidfd");
}

static void test_fork_vfork(const struct ct_arch *a)
{
	uint64_t r[6] = { 1, 2, 3, 4, 5, 6 };
	int sigchld = a->sig_mips ? 18 : 17;
	struct ct_call c;

	if (a->nr[CT_SYS_FORK] >= 0) {
		is_int(decode_call(a, a->nr[CT_SYS_FORK], r, NULL, &c), 0, "%s 0x%08x: fork decodes",
		       a->name, a->audit_arch);
		is_int(c.sysc, CT_SYS_FORK, "%s: fork", a->name);
		is_u64(c.flags, 0, "%s: fork has no flags", a->name);
		is_int(c.exit_signal, sigchld, "%s: fork's exit signal is SIGCHLD (%d)", a->name, sigchld);
		is_u64(c.has, CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL, "%s: fork has flags and exit signal", a->name);
		ok(call_creates_task(&c), "%s: fork creates a task", a->name);
	} else {
		ok(!a->sig_mips, "%s 0x%08x: no fork (generic table)", a->name, a->audit_arch);
	}
	if (a->nr[CT_SYS_VFORK] >= 0) {
		is_int(decode_call(a, a->nr[CT_SYS_VFORK], r, NULL, &c), 0, "%s 0x%08x: vfork decodes",
		       a->name, a->audit_arch);
		is_int(c.sysc, CT_SYS_VFORK, "%s: vfork", a->name);
		is_u64(c.flags, CLONE_VM | CLONE_VFORK, "%s: vfork is CLONE_VM|CLONE_VFORK", a->name);
		is_int(c.exit_signal, sigchld, "%s: vfork's exit signal is SIGCHLD", a->name);
		ok(call_creates_task(&c), "%s: vfork creates a task", a->name);
	} else {
		ok(1, "%s 0x%08x: no vfork", a->name, a->audit_arch);
	}
}

static void test_unshare_setns(const struct ct_arch *a)
{
	uint64_t r[6] = { CLONE_NEWNS | CLONE_NEWPID, 0, 0, 0, 0, 0 };
	struct ct_call c;

	is_int(decode_call(a, a->nr[CT_SYS_UNSHARE], r, NULL, &c), 0, "%s 0x%08x: unshare decodes",
	       a->name, a->audit_arch);
	is_int(c.sysc, CT_SYS_UNSHARE, "%s: unshare", a->name);
	is_u64(c.flags, CLONE_NEWNS | CLONE_NEWPID, "%s: unshare flags", a->name);
	is_u64(c.has, CT_HAS_FLAGS, "%s: unshare has only flags", a->name);
	ok(!call_creates_task(&c), "%s: unshare creates no task", a->name);

	/* unshare(unsigned long): upper bits count on 64-bit, do not exist on 32-bit */
	r[0] = (1ULL << 40) | CLONE_NEWUTS;
	must(decode_call(a, a->nr[CT_SYS_UNSHARE], r, NULL, &c));
	is_u64(c.flags, a->wordsize == 8 ? r[0] : CLONE_NEWUTS, "%s: unshare flags are a word", a->name);

	r[0] = 3;
	r[1] = CLONE_NEWNET;
	is_int(decode_call(a, a->nr[CT_SYS_SETNS], r, NULL, &c), 0, "%s 0x%08x: setns decodes",
	       a->name, a->audit_arch);
	is_int(c.sysc, CT_SYS_SETNS, "%s: setns", a->name);
	is_int(c.fd, 3, "%s: setns fd", a->name);
	is_u64(c.flags, CLONE_NEWNET, "%s: setns nstype in flags", a->name);
	ok(!call_creates_task(&c), "%s: setns creates no task", a->name);

	/* setns(int, int) */
	r[0] = 0xffffffff00000005ULL;
	r[1] = 0xffffffff00000000ULL;
	must(decode_call(a, a->nr[CT_SYS_SETNS], r, NULL, &c));
	is_int(c.fd, 5, "%s: setns fd is an int", a->name);
	is_u64(c.flags, 0, "%s: setns nstype is an int", a->name);
	r[0] = (uint32_t)-1;
	must(decode_call(a, a->nr[CT_SYS_SETNS], r, NULL, &c));
	is_int(c.fd, -1, "%s: setns fd -1", a->name);
}

static void test_not_ours(void)
{
	const struct ct_arch *x = arch_by_name("x86_64");
	uint64_t r[6] = { 0 };
	struct ct_call c;

	is_int(decode_call(x, 0, r, NULL, &c), -1, "x86_64 read(2) is not decoded");
	is_int(c.sysc, -1, "failed decode: sysc -1");
	ok(!call_creates_task(&c), "failed decode: creates no task");
	call_release(&c);
	is_int(decode_call(x, 5056, r, NULL, &c), -1, "x86_64: a MIPS number is not decoded");
	is_int(decode_call(arch_by_name("aarch64"), 57, r, NULL, &c), -1,
	       "aarch64: 57 is not fork");
	is_int(decode_call(arch_by_name("mips64"), 58, r, NULL, &c), -1,
	       "mips64: no vfork at 58");
	is_int(decode_call(NULL, 56, r, NULL, &c), -1, "no arch: not decoded");
	is_int(decode_call(x, 56, NULL, NULL, &c), -1, "no args: not decoded");
	ok(!call_creates_task(NULL), "call_creates_task(NULL)");
	call_release(NULL);
	ok(1, "call_release(NULL) is harmless");
}

static void test_backwards3_table(void)
{
	/* microblaze's order, which no table entry uses: the index table alone */
	const struct ct_clone_args_idx *ix = clone_order_idx(CT_CLONE_BACKWARDS3);
	uint64_t r[6] = { 0xa, 0xb, 0xc, 0xd, 0xe, 0xf };

	is_u64(r[ix->flags], 0xa, "backwards3: flags first");
	is_u64(r[ix->stack], 0xb, "backwards3: stack second");
	is_u64(r[ix->stack_size], 0xc, "backwards3: stack_size third");
	is_u64(r[ix->parent_tid], 0xd, "backwards3: parent_tid fourth");
	is_u64(r[ix->child_tid], 0xe, "backwards3: child_tid fifth");
	is_u64(r[ix->tls], 0xf, "backwards3: tls sixth");
}

/* runc's clone(CLONE_PARENT|SIGCHLD) with junk in the other registers: only stack is kept. */
static void test_args_meaning(void)
{
	const struct ct_arch *a = arch_by_name("x86_64");
	uint64_t r[6] = { CLONE_PARENT | 17, 0, 0xdead0000, 0xbeef0000, 0x1, 0 };
	struct ct_call c;

	must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
	ok(!(c.has & (CT_HAS_TLS | CT_HAS_PARENT_TID | CT_HAS_CHILD_TID | CT_HAS_PIDFD)),
	   "clone(CLONE_PARENT) with junk: no tls, parent_tid, child_tid, pidfd");
	r[0] = CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | 17;
	must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
	is_u64(c.has & (CT_HAS_TLS | CT_HAS_PARENT_TID | CT_HAS_CHILD_TID),
	       CT_HAS_TLS | CT_HAS_PARENT_TID | CT_HAS_CHILD_TID, "each with its flag: kept");
	r[0] = CLONE_PIDFD | 17;
	must(decode_call(a, a->nr[CT_SYS_CLONE], r, NULL, &c));
	ok((c.has & CT_HAS_PARENT_TID) && (c.has & CT_HAS_PIDFD) && !(c.has & CT_HAS_TLS),
	   "clone(CLONE_PIDFD): parent_tid (the pidfd's address) kept, tls not");
}

int main(void)
{
	size_t n;
	const struct ct_arch *all = arch_all(&n);

	for (size_t i = 0; i < n; i++) {
		test_clone_order(&all[i]);
		test_fork_vfork(&all[i]);
		test_unshare_setns(&all[i]);
	}
	test_orders_spelled_out();
	test_args_meaning();
	test_clone_widths();
	test_not_ours();
	test_backwards3_table();
	return tap_done();
}
