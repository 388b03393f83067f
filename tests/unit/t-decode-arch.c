/*
 * decode/arch.c against the kernel's tables, written out again here by hand
 * (audit values as numbers, not through the macros arch.c uses).
 */
#include "decode/arch.h"
#include "decode/decode.h"
#include "tests/unit/tap.h"

#define NR(clone, clone3, fork, vfork, unshare, setns, execve, execveat) \
	{ clone, clone3, fork, vfork, unshare, setns, execve, execveat }

static const struct want {
	const char *name;
	uint32_t audit;
	unsigned wordsize;
	int big_endian;
	enum ct_clone_order order;
	int sig_mips;
	long nr[CT_SYS_COUNT];	/* in enum ct_sysc order */
} want[] = {
	{ "x86_64", 0xc000003e, 8, 0, CT_CLONE_PLAIN, 0,
	  NR(56, 435, 57, 58, 272, 308, 59, 322) },
	{ "i386", 0x40000003, 4, 0, CT_CLONE_BACKWARDS, 0,
	  NR(120, 435, 2, 190, 310, 346, 11, 358) },
	{ "aarch64", 0xc00000b7, 8, 0, CT_CLONE_BACKWARDS, 0,
	  NR(220, 435, -1, -1, 97, 268, 221, 281) },
	{ "arm", 0x40000028, 4, 0, CT_CLONE_BACKWARDS, 0,
	  NR(120, 435, 2, 190, 337, 375, 11, 387) },
	{ "riscv64", 0xc00000f3, 8, 0, CT_CLONE_BACKWARDS, 0,
	  NR(220, 435, -1, -1, 97, 268, 221, 281) },
	{ "s390x", 0x80000016, 8, 1, CT_CLONE_BACKWARDS2, 0,
	  NR(120, 435, 2, 190, 303, 339, 11, 354) },
	{ "ppc64le", 0xc0000015, 8, 0, CT_CLONE_BACKWARDS, 0,
	  NR(120, 435, 2, 189, 282, 350, 11, 362) },
	{ "mips64", 0xc0000008, 8, 0, CT_CLONE_BACKWARDS, 1,
	  NR(5055, 5435, 5056, -1, 5262, 5303, 5057, 5316) },
	{ "mips64", 0x80000008, 8, 1, CT_CLONE_BACKWARDS, 1,
	  NR(5055, 5435, 5056, -1, 5262, 5303, 5057, 5316) },
	{ "loongarch64", 0xc0000102, 8, 0, CT_CLONE_PLAIN, 0,
	  NR(220, 435, -1, -1, 97, 268, 221, 281) },
};

#define N_WANT (sizeof(want) / sizeof(want[0]))

static const char *const sysc_want[CT_SYS_COUNT] = {
	"clone", "clone3", "fork", "vfork", "unshare", "setns", "execve", "execveat",
};

static void test_table(void)
{
	size_t n = 0;
	const struct ct_arch *all = arch_all(&n);

	is_int(n, N_WANT, "arch_all: %zu architectures", N_WANT);
	ok(arch_all(NULL) == all, "arch_all(NULL) works");
	for (size_t i = 0; i < N_WANT; i++) {
		const struct want *w = &want[i];
		const struct ct_arch *a = arch_by_audit(w->audit);

		if (!ok(a != NULL, "%s 0x%08x: arch_by_audit finds it", w->name, w->audit))
			continue;
		ok(a == &all[i], "%s 0x%08x: table position %zu", w->name, w->audit, i);
		is_str(a->name, w->name, "%s: name", w->name);
		is_u64(a->audit_arch, w->audit, "%s: audit_arch", w->name);
		is_int(a->wordsize, w->wordsize, "%s 0x%08x: wordsize", w->name, w->audit);
		is_int(a->big_endian, w->big_endian, "%s 0x%08x: big_endian", w->name, w->audit);
		is_int(a->clone_order, w->order, "%s: clone order", w->name);
		is_int(a->sig_mips, w->sig_mips, "%s: MIPS signals", w->name);
		for (int s = 0; s < CT_SYS_COUNT; s++) {
			is_int(a->nr[s], w->nr[s], "%s 0x%08x: %s is %ld",
			       w->name, w->audit, sysc_want[s], w->nr[s]);
			if (w->nr[s] >= 0)
				is_int(arch_sysc(a, w->nr[s]), s, "%s: arch_sysc(%ld) is %s",
				       w->name, w->nr[s], sysc_want[s]);
		}
		is_int(arch_sysc(a, -1), -1, "%s: arch_sysc(-1) is none", w->name);
		is_int(arch_sysc(a, 1), -1, "%s: arch_sysc(1) is none", w->name);
		is_int(arch_sysc(a, 436), -1, "%s: arch_sysc(436) is none", w->name);
	}
	/* every number unique within an arch */
	for (size_t i = 0; i < N_WANT; i++) {
		int dup = 0;

		for (int s = 0; s < CT_SYS_COUNT; s++)
			for (int t = s + 1; t < CT_SYS_COUNT; t++)
				dup |= all[i].nr[s] >= 0 && all[i].nr[s] == all[i].nr[t];
		ok(!dup, "%s 0x%08x: no number twice", all[i].name, all[i].audit_arch);
	}
}

static void test_lookup(void)
{
	static const struct {
		const char *name;
		uint32_t audit;
	} names[] = {
		{ "x86_64", 0xc000003e }, { "amd64", 0xc000003e },
		{ "i386", 0x40000003 }, { "i686", 0x40000003 }, { "i586", 0x40000003 },
		{ "aarch64", 0xc00000b7 }, { "arm64", 0xc00000b7 },
		{ "arm", 0x40000028 }, { "armv7l", 0x40000028 }, { "armv8l", 0x40000028 },
		{ "riscv64", 0xc00000f3 }, { "s390x", 0x80000016 },
		{ "ppc64le", 0xc0000015 }, { "ppc64el", 0xc0000015 },
		{ "mips64", 0xc0000008 }, { "mips64el", 0xc0000008 },
		{ "loongarch64", 0xc0000102 }, { "loong64", 0xc0000102 },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct ct_arch *a = arch_by_name(names[i].name);

		ok(a && a->audit_arch == names[i].audit, "arch_by_name(\"%s\") is 0x%08x",
		   names[i].name, names[i].audit);
	}
	ok(arch_by_name("sparc64") == NULL, "arch_by_name(\"sparc64\") is NULL");
	ok(arch_by_name("") == NULL, "arch_by_name(\"\") is NULL");
	ok(arch_by_name(NULL) == NULL, "arch_by_name(NULL) is NULL");
	ok(arch_by_audit(0) == NULL, "arch_by_audit(0) is NULL");
	/* AUDIT_ARCH_MICROBLAZE, AUDIT_ARCH_MIPS64N32, AUDIT_ARCH_PPC64 */
	ok(arch_by_audit(189) == NULL, "microblaze is not in the table");
	ok(arch_by_audit(0xa0000008) == NULL, "mips n32 is not in the table");
	ok(arch_by_audit(0x80000015) == NULL, "big-endian ppc64 is not in the table");
	is_int(arch_sysc(NULL, 56), -1, "arch_sysc(NULL, 56) is none");
}

static void test_names(void)
{
	for (int s = 0; s < CT_SYS_COUNT; s++)
		is_str(sysc_name(s), sysc_want[s], "sysc_name(%d)", s);
	is_str(sysc_name(-1), NULL, "sysc_name(-1) is NULL");
	is_str(sysc_name(CT_SYS_COUNT), NULL, "sysc_name(CT_SYS_COUNT) is NULL");
}

static void test_orders(void)
{
	/* kernel/fork.c SYSCALL_DEFINE(clone) for each CONFIG_CLONE_BACKWARDS* */
	static const struct {
		enum ct_clone_order o;
		const char *name;
		struct ct_clone_args_idx ix;
	} orders[] = {
		{ CT_CLONE_PLAIN, "plain",
		  { .flags = 0, .stack = 1, .stack_size = -1, .parent_tid = 2, .child_tid = 3, .tls = 4 } },
		{ CT_CLONE_BACKWARDS, "backwards",
		  { .flags = 0, .stack = 1, .stack_size = -1, .parent_tid = 2, .tls = 3, .child_tid = 4 } },
		{ CT_CLONE_BACKWARDS2, "backwards2",
		  { .stack = 0, .flags = 1, .stack_size = -1, .parent_tid = 2, .child_tid = 3, .tls = 4 } },
		{ CT_CLONE_BACKWARDS3, "backwards3",
		  { .flags = 0, .stack = 1, .stack_size = 2, .parent_tid = 3, .child_tid = 4, .tls = 5 } },
	};

	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		const struct ct_clone_args_idx *ix = clone_order_idx(orders[i].o);
		const char *n = orders[i].name;

		if (!ok(ix != NULL, "%s: clone_order_idx", n))
			continue;
		is_int(ix->flags, orders[i].ix.flags, "%s: flags register", n);
		is_int(ix->stack, orders[i].ix.stack, "%s: stack register", n);
		is_int(ix->stack_size, orders[i].ix.stack_size, "%s: stack_size register", n);
		is_int(ix->parent_tid, orders[i].ix.parent_tid, "%s: parent_tid register", n);
		is_int(ix->child_tid, orders[i].ix.child_tid, "%s: child_tid register", n);
		is_int(ix->tls, orders[i].ix.tls, "%s: tls register", n);
	}
	ok(clone_order_idx(CT_CLONE_ORDER_COUNT) == NULL, "clone_order_idx(COUNT) is NULL");
	ok(clone_order_idx((enum ct_clone_order)-1) == NULL, "clone_order_idx(-1) is NULL");
}

int main(void)
{
	test_table();
	test_lookup();
	test_names();
	test_orders();
	return tap_done();
}
