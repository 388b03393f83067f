/* SPDX-License-Identifier: MIT */
/*
 * decode/arch.c: the table's own consistency, lookups and names.
 *
 * The table's values (audit arch, pointer width, byte order, syscall
 * numbers, MIPS signal numbering, clone argument orders) are not written
 * out again here: t-decode-arch-uapi.py checks them against the kernel's
 * uapi headers of each architecture and the clone(2) manual page, reading
 * them from this program run as
 *
 *   t-decode-arch --dump
 *
 * which prints the table, the clone argument orders and each
 * architecture's signal names as "key=value" lines.
 */
#include <linux/audit.h>
#include <string.h>

#include "decode/arch.h"
#include "decode/decode.h"
#include "names/signals.h"
#include "tests/unit/tap.h"

static const char *const order_names[CT_CLONE_ORDER_COUNT] = {
	[CT_CLONE_PLAIN] = "plain",
	[CT_CLONE_BACKWARDS] = "backwards",
	[CT_CLONE_BACKWARDS2] = "backwards2",
	[CT_CLONE_BACKWARDS3] = "backwards3",
};

static const char *order_name(enum ct_clone_order o)
{
	return (unsigned)o < CT_CLONE_ORDER_COUNT ? order_names[o] : "?";
}

/* The table as t-decode-arch-uapi.py reads it. */
static void dump(void)
{
	size_t n = 0;
	const struct ct_arch *all = arch_all(&n);

	for (int o = 0; o < CT_CLONE_ORDER_COUNT; o++) {
		const struct ct_clone_args_idx *ix = clone_order_idx(o);

		if (!ix) {
			printf("order %s missing\n", order_name(o));
			continue;
		}
		printf("order %s flags=%d stack=%d stack_size=%d parent_tid=%d child_tid=%d tls=%d\n",
		       order_name(o), ix->flags, ix->stack, ix->stack_size, ix->parent_tid,
		       ix->child_tid, ix->tls);
	}
	for (size_t i = 0; i < n; i++) {
		const struct ct_arch *a = &all[i];

		printf("arch %zu name=%s audit_arch=0x%08" PRIx32 " wordsize=%u big_endian=%d"
		       " clone_order=%s sig_mips=%d", i, a->name, a->audit_arch, a->wordsize,
		       a->big_endian, order_name(a->clone_order), a->sig_mips);
		for (int s = 0; s < CT_SYS_COUNT; s++)
			printf(" %s=%ld", sysc_name(s), a->nr[s]);
		printf(" prctl=%ld seccomp=%ld ptrace=%ld nsig=%d\n", a->nr_prctl,
		       a->nr_seccomp, a->nr_ptrace, signal_max(arch_signals(a)));
		printf("signals %zu", i);
		for (int sig = 1; sig <= signal_max(arch_signals(a)); sig++) {
			const char *name = signal_name(arch_signals(a), sig);

			printf(" %d=%s", sig, name ? name : "-");
		}
		printf("\n");
	}
}

static void test_table(void)
{
	size_t n = 0;
	const struct ct_arch *all = arch_all(&n);

	ok(n > 0, "arch_all: %zu architectures", n);
	ok(arch_all(NULL) == all, "arch_all(NULL) works");
	for (size_t i = 0; i < n; i++) {
		const struct ct_arch *a = &all[i];
		const struct ct_arch *first = arch_by_name(a->name);
		int is64 = !!(a->audit_arch & __AUDIT_ARCH_64BIT);
		int le = !!(a->audit_arch & __AUDIT_ARCH_LE);

		ok(arch_by_audit(a->audit_arch) == a, "%s 0x%08x: arch_by_audit finds this entry",
		   a->name, a->audit_arch);
		ok(first && first <= a && strcmp(first->name, a->name) == 0,
		   "%s 0x%08x: arch_by_name finds the first entry of its name", a->name, a->audit_arch);
		ok(a->wordsize == (is64 ? 8u : 4u), "%s 0x%08x: wordsize %u agrees with the audit arch's %s bit",
		   a->name, a->audit_arch, a->wordsize, "__AUDIT_ARCH_64BIT");
		ok(a->big_endian == !le, "%s 0x%08x: big_endian %d agrees with the audit arch's %s bit",
		   a->name, a->audit_arch, a->big_endian, "__AUDIT_ARCH_LE");
		ok(clone_order_idx(a->clone_order) != NULL, "%s 0x%08x: clone order %d is known",
		   a->name, a->audit_arch, (int)a->clone_order);
		for (int s = 0; s < CT_SYS_COUNT; s++)
			if (a->nr[s] >= 0)
				is_int(arch_sysc(a, a->nr[s]), s, "%s 0x%08x: arch_sysc(%ld) is %s",
				       a->name, a->audit_arch, a->nr[s], sysc_name(s));
		is_int(arch_sysc(a, -1), -1, "%s 0x%08x: arch_sysc(-1) is none", a->name, a->audit_arch);
	}
	/* every number unique within an arch, the stopped-on-only ones too */
	for (size_t i = 0; i < n; i++) {
		long nrs[CT_SYS_COUNT + 3];
		int k = 0, dup = 0;

		for (int s = 0; s < CT_SYS_COUNT; s++)
			nrs[k++] = all[i].nr[s];
		nrs[k++] = all[i].nr_prctl;
		nrs[k++] = all[i].nr_seccomp;
		nrs[k++] = all[i].nr_ptrace;
		for (int s = 0; s < k; s++)
			for (int t = s + 1; t < k; t++)
				dup |= nrs[s] >= 0 && nrs[s] == nrs[t];
		ok(!dup, "%s 0x%08x: no number twice", all[i].name, all[i].audit_arch);
		ok(all[i].nr_prctl >= 0 && all[i].nr_seccomp >= 0 && all[i].nr_ptrace >= 0,
		   "%s 0x%08x: prctl, seccomp and ptrace have numbers", all[i].name, all[i].audit_arch);
		is_int(arch_sysc(&all[i], all[i].nr_prctl), -1, "%s 0x%08x: prctl is no recorded call",
		       all[i].name, all[i].audit_arch);
	}
}

static void test_lookup(void)
{
	/* the spellings of uname -m and of Debian, and the name each stands for */
	static const struct {
		const char *alias, *name;
	} names[] = {
		{ "amd64", "x86_64" },
		{ "i686", "i386" }, { "i586", "i386" },
		{ "arm64", "aarch64" },
		{ "armv7l", "arm" }, { "armv8l", "arm" }, { "armhf", "arm" },
		{ "ppc64el", "ppc64le" },
		{ "mips64el", "mips64" },
		{ "loong64", "loongarch64" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct ct_arch *a = arch_by_name(names[i].alias);
		const struct ct_arch *b = arch_by_name(names[i].name);

		ok(a && a == b, "arch_by_name(\"%s\") is %s", names[i].alias, names[i].name);
	}
	/* "mips64" names both byte orders: the little-endian one comes first */
	ok(arch_by_name("mips64") && !arch_by_name("mips64")->big_endian,
	   "arch_by_name(\"mips64\") is the little-endian mips64");
	ok(arch_by_name("sparc64") == NULL, "arch_by_name(\"sparc64\") is NULL");
	ok(arch_by_name("") == NULL, "arch_by_name(\"\") is NULL");
	ok(arch_by_name(NULL) == NULL, "arch_by_name(NULL) is NULL");
	ok(arch_by_audit(0) == NULL, "arch_by_audit(0) is NULL");
	ok(arch_by_audit(AUDIT_ARCH_MICROBLAZE) == NULL, "microblaze is not in the table");
	ok(arch_by_audit(AUDIT_ARCH_MIPS64N32) == NULL, "mips n32 is not in the table");
	ok(arch_by_audit(AUDIT_ARCH_PPC64) == NULL, "big-endian ppc64 is not in the table");
	is_int(arch_sysc(NULL, 56), -1, "arch_sysc(NULL, 56) is none");
}

static void test_names(void)
{
	/* the names the trace format uses (docs/trace-format.md) */
	static const char *const sysc_want[CT_SYS_COUNT] = {
		[CT_SYS_CLONE] = "clone", [CT_SYS_CLONE3] = "clone3",
		[CT_SYS_FORK] = "fork", [CT_SYS_VFORK] = "vfork",
		[CT_SYS_UNSHARE] = "unshare", [CT_SYS_SETNS] = "setns",
		[CT_SYS_EXECVE] = "execve", [CT_SYS_EXECVEAT] = "execveat",
	};

	for (int s = 0; s < CT_SYS_COUNT; s++)
		is_str(sysc_name(s), sysc_want[s], "sysc_name(%d)", s);
	is_str(sysc_name(-1), NULL, "sysc_name(-1) is NULL");
	is_str(sysc_name(CT_SYS_COUNT), NULL, "sysc_name(CT_SYS_COUNT) is NULL");
}

static void test_orders(void)
{
	/*
	 * Which register holds which argument is checked against clone(2) by
	 * t-decode-arch-uapi.py; here, that each order is one: the five (six
	 * with stack_size) arguments in distinct registers 0..5.
	 */
	for (int o = 0; o < CT_CLONE_ORDER_COUNT; o++) {
		const struct ct_clone_args_idx *ix = clone_order_idx(o);
		int seen = 0, bad = 0;

		if (!ok(ix != NULL, "%s: clone_order_idx", order_name(o)))
			continue;
		const int regs[] = { ix->flags, ix->stack, ix->stack_size, ix->parent_tid,
				     ix->child_tid, ix->tls };
		for (size_t k = 0; k < sizeof(regs) / sizeof(regs[0]); k++) {
			if (regs[k] == -1 && k == 2)
				continue;	/* stack_size: only some orders have it */
			if (regs[k] < 0 || regs[k] > 5 || (seen & (1 << regs[k])))
				bad = 1;
			else
				seen |= 1 << regs[k];
		}
		ok(!bad, "%s: every argument in a register of its own", order_name(o));
		is_int(ix->stack_size >= 0, o == CT_CLONE_BACKWARDS3,
		       "%s: a stack_size argument only in backwards3", order_name(o));
	}
	ok(clone_order_idx(CT_CLONE_ORDER_COUNT) == NULL, "clone_order_idx(COUNT) is NULL");
	ok(clone_order_idx((enum ct_clone_order)-1) == NULL, "clone_order_idx(-1) is NULL");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--dump") == 0) {
		dump();
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: %s [--dump]\n", argv[0]);
		return 2;
	}
	test_table();
	test_lookup();
	test_names();
	test_orders();
	return tap_done();
}
