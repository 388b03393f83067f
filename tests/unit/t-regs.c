/* SPDX-License-Identifier: MIT */
/* decode/regs.c: where each architecture keeps a syscall's number and arguments. */
#include "decode/regs.h"
#include "tests/unit/tap.h"

/*
 * Each case names the register slots (index in the set, counted in
 * registers) that must hold the number and arguments, written down from
 * the kernel's uapi ptrace.h independently of the table under test.
 */
static const struct {
	const char *arch;
	int nr_slot;		/* -1: not in the set */
	int arg_slot[6];
	size_t size;
} cases[] = {
	/* r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax */
	{ "x86_64", 15, { 14, 13, 12, 7, 9, 8 }, 216 },
	/* ebx ecx edx esi edi ebp eax ds es fs gs orig_eax */
	{ "i386", 11, { 0, 1, 2, 3, 4, 5 }, 68 },
	{ "aarch64", 8, { 0, 1, 2, 3, 4, 5 }, 272 },
	/* r0..r15 cpsr ORIG_r0 */
	{ "arm", 7, { 17, 1, 2, 3, 4, 5 }, 72 },
	/* pc ra sp gp tp t0 t1 t2 s0 s1 a0.. a7 */
	{ "riscv64", 17, { 10, 11, 12, 13, 14, 15 }, 256 },
	/* gpr0..31 nip msr orig_gpr3 */
	{ "ppc64le", 0, { 34, 4, 5, 6, 7, 8 }, 384 },
	{ "mips64", 2, { 4, 5, 6, 7, 8, 9 }, 304 },
	/* r0..r31 orig_a0 */
	{ "loongarch64", 11, { 32, 5, 6, 7, 8, 9 }, 360 },
};

static void fill(unsigned char *buf, size_t size, unsigned width, int big_endian)
{
	/* slot i holds 0x100 + i */
	for (size_t i = 0; i * width < size; i++)
		for (unsigned b = 0; b < width; b++) {
			uint64_t v = 0x100 + i;

			buf[i * width + (big_endian ? width - 1 - b : b)] = (unsigned char)(v >> (8 * b));
		}
}

int main(void)
{
	unsigned char buf[512];
	uint64_t args[6];
	long nr;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct ct_arch *a = arch_by_name(cases[c].arch);
		const struct ct_regs_layout *l = regs_layout(a);
		int missing;

		if (!ok(a && l, "%s: has a layout", cases[c].arch))
			continue;
		is_int(l->size, cases[c].size, "%s: register set size", cases[c].arch);
		fill(buf, sizeof(buf), l->width, a->big_endian);
		missing = regs_syscall(a, buf, l->size, &nr, args);
		is_int(nr, 0x100 + cases[c].nr_slot, "%s: syscall number slot", cases[c].arch);
		is_int(missing & REGS_NO_NR, 0, "%s: number present", cases[c].arch);
		for (int i = 0; i < 6; i++)
			is_u64(args[i], 0x100 + (uint64_t)cases[c].arg_slot[i], "%s: argument %d slot",
			       cases[c].arch, i);
		is_int(regs_syscall(a, buf, l->size - 1, &nr, args), -1, "%s: short set refused",
		       cases[c].arch);
	}

	/* writing an argument back puts it where it was read from */
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct ct_arch *a = arch_by_name(cases[c].arch);
		const struct ct_regs_layout *l = regs_layout(a);
		long n;

		fill(buf, sizeof(buf), l->width, a->big_endian);
		if (l->arg0_live == -2) {
			ok(regs_set_arg(a, buf, l->size, 0, 0x4111) < 0,
			   "%s: argument 0 can't be changed through this set", cases[c].arch);
			continue;
		}
		ok(regs_set_arg(a, buf, l->size, 0, 0x4111) == 0, "%s: set argument 0", cases[c].arch);
		must(regs_syscall(a, buf, l->size, &n, args));
		is_u64(args[0], 0x4111, "%s: argument 0 reads back", cases[c].arch);
		is_u64(args[1], 0x100 + (uint64_t)cases[c].arg_slot[1], "%s: argument 1 untouched",
		       cases[c].arch);
	}
	ok(regs_set_arg(arch_by_name("x86_64"), buf, 10, 0, 1) < 0, "short set refused for writing");
	/* arm and powerpc read argument 0 from an orig_ copy but run with r0 / r3 */
	fill(buf, sizeof(buf), 4, 0);
	must(regs_set_arg(arch_by_name("arm"), buf, 72, 0, 0x4111));
	is_u64(buf[0] | buf[1] << 8, 0x4111, "arm: r0 written too");
	fill(buf, sizeof(buf), 8, 0);
	must(regs_set_arg(arch_by_name("ppc64le"), buf, 384, 0, 0x4111));
	is_u64(buf[24] | buf[25] << 8, 0x4111, "ppc64le: gpr3 written too");

	/* s390x: big-endian, the number lives outside the set */
	{
		const struct ct_arch *a = arch_by_name("s390x");
		const struct ct_regs_layout *l = regs_layout(a);
		int missing;

		fill(buf, sizeof(buf), 8, 1);
		/* orig_gpr2 sits after psw (2), gprs (16) and 16 four-byte acrs (8 slots) */
		missing = regs_syscall(a, buf, l->size, &nr, args);
		ok(missing & REGS_NO_NR, "s390x: number reported missing");
		is_u64(args[0], 0x100 + 2 + 16 + 8, "s390x: orig_gpr2 is argument 0");
		is_u64(args[1], 0x100 + 2 + 3, "s390x: gpr3 is argument 1 (big-endian)");
		is_u64(args[5], 0x100 + 2 + 7, "s390x: gpr7 is argument 5");
	}
	/* riscv64: a0 is gone by the event stop, and the table says so */
	{
		long n;

		fill(buf, sizeof(buf), 8, 0);
		ok(regs_syscall(arch_by_name("riscv64"), buf, 256, &n, args) & 1,
		   "riscv64: argument 0 reported clobbered");
	}
	/* a compat task is told by the size of its register set */
	is_str(regs_arch_by_size(arch_by_name("x86_64"), 68)->name, "i386", "x86_64 host, 68 bytes: i386");
	is_str(regs_arch_by_size(arch_by_name("x86_64"), 216)->name, "x86_64", "x86_64 host, 216 bytes");
	is_str(regs_arch_by_size(arch_by_name("aarch64"), 72)->name, "arm", "aarch64 host, 72 bytes: arm");
	ok(regs_arch_by_size(arch_by_name("x86_64"), 100) == NULL, "unknown size: NULL");
	return tap_done();
}
