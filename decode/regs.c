/* SPDX-License-Identifier: MIT */
/*
 * Register layouts of the syscall number and arguments, per architecture;
 * see regs.h.  Offsets are those of the kernel's user-visible register set
 * (arch/<arch>/include/uapi/asm/ptrace.h), which PTRACE_GETREGSET NT_PRSTATUS
 * returns, except mips where strace's PTRACE_GETREGS uregs[38] is used.
 */
#include <string.h>

#include "decode/regs.h"

#define R8(i) ((i) * 8)
#define R4(i) ((i) * 4)

static const struct ct_regs_layout layouts[] = {
	/* struct user_regs_struct: orig_rax, rdi, rsi, rdx, r10, r8, r9 */
	{ .arch = "x86_64", .regset = "NT_PRSTATUS", .size = 27 * 8, .width = 8, .nr = R8(15),
	  .arg = { R8(14), R8(13), R8(12), R8(7), R8(9), R8(8) }, .arg0_live = -1 },
	/* 32-bit user_regs_struct: orig_eax, ebx, ecx, edx, esi, edi, ebp */
	{ .arch = "i386", .regset = "NT_PRSTATUS", .size = 17 * 4, .width = 4, .nr = R4(11),
	  .arg = { R4(0), R4(1), R4(2), R4(3), R4(4), R4(5) }, .arg0_live = -1 },
	/* user_pt_regs: x8 is the number, x0..x5 */
	{ .arch = "aarch64", .regset = "NT_PRSTATUS", .size = 34 * 8, .width = 8, .nr = R8(8),
	  .arg = { R8(0), R8(1), R8(2), R8(3), R8(4), R8(5) }, .arg0_live = -1 },
	/* pt_regs of arm: r7 the number, ORIG_r0 (slot 17) keeps r0, r1..r5; the
	   syscall reloads r0..r6 from pt_regs after the tracer */
	{ .arch = "arm", .regset = "NT_PRSTATUS", .size = 18 * 4, .width = 4, .nr = R4(7),
	  .arg = { R4(17), R4(1), R4(2), R4(3), R4(4), R4(5) }, .arg0_live = R4(0) },
	/* user_regs_struct of riscv: pc, ra, sp, gp, tp, t0-t2, s0, s1, a0 (slot 10).. a7 */
	{ .arch = "riscv64", .regset = "NT_PRSTATUS", .size = 32 * 8, .width = 8, .nr = R8(17),
	  .arg = { R8(10), R8(11), R8(12), R8(13), R8(14), R8(15) }, .arg0_live = -2,
	  .clobbered = 1u << 0,
	  .note = "the kernel sets a0 to -ENOSYS at syscall entry; orig_a0 is not in the set "
		  "(/proc/TID/syscall has it)" },
	/* s390_regs: psw (2 x 8), gprs[16], acrs[16] (4 each), orig_gpr2 */
	{ .arch = "s390x", .regset = "NT_PRSTATUS", .size = 16 + 16 * 8 + 16 * 4 + 8, .width = 8,
	  .nr = -1,
	  .arg = { 16 + 16 * 8 + 16 * 4, 16 + R8(3), 16 + R8(4), 16 + R8(5), 16 + R8(6), 16 + R8(7) },
	  .arg0_live = 16 + R8(2),
	  .note = "the number is in int_code, not in the set (NT_S390_SYSTEM_CALL is set only for "
		  "signal restarts; /proc/TID/syscall has it)" },
	/* pt_regs of powerpc (ELF_NGREG 48 in the set): gpr[32], nip, msr, orig_gpr3 (slot 34); r0 the number;
	   the syscall reloads r3 from gpr[3] after the tracer */
	{ .arch = "ppc64le", .regset = "NT_PRSTATUS", .size = 48 * 8, .width = 8, .nr = R8(0),
	  .arg = { R8(34), R8(4), R8(5), R8(6), R8(7), R8(8) }, .arg0_live = R8(3) },
	/* uregs[38]: $0..$31, lo, hi, epc, badvaddr, status, cause; v0 ($2) the number */
	{ .arch = "mips64", .regset = "PTRACE_GETREGS", .size = 38 * 8, .width = 8, .nr = R8(2),
	  .arg = { R8(4), R8(5), R8(6), R8(7), R8(8), R8(9) }, .arg0_live = -1, .clobbered = 1u << 3,
	  .note = "a3 ($7) carries the error flag on return; $2 is the number" },
	/* user_pt_regs of loongarch: regs[32], orig_a0 (slot 32); a7 ($r11) the number */
	{ .arch = "loongarch64", .regset = "NT_PRSTATUS", .size = 45 * 8, .width = 8, .nr = R8(11),
	  .arg = { R8(32), R8(5), R8(6), R8(7), R8(8), R8(9) }, .arg0_live = R8(4) },
};

const struct ct_regs_layout *regs_layout(const struct ct_arch *a)
{
	if (!a)
		return NULL;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (strcmp(layouts[i].arch, a->name) == 0)
			return &layouts[i];
	return NULL;
}

const struct ct_arch *regs_arch_by_size(const struct ct_arch *host, size_t size)
{
	static const char *const compat[][2] = {
		{ "x86_64", "i386" }, { "aarch64", "arm" },
	};
	const struct ct_regs_layout *l = regs_layout(host);

	if (l && l->size == size)
		return host;
	for (size_t i = 0; host && i < sizeof(compat) / sizeof(compat[0]); i++) {
		const struct ct_arch *c;

		if (strcmp(host->name, compat[i][0]) != 0)
			continue;
		c = arch_by_name(compat[i][1]);
		l = regs_layout(c);
		if (l && l->size == size)
			return c;
	}
	return NULL;
}

static uint64_t load(const unsigned char *p, unsigned width, int big_endian)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)p[big_endian ? width - 1 - i : i] << (8 * i);
	return v;
}

int regs_syscall(const struct ct_arch *a, const void *regs, size_t len, long *nr,
		 uint64_t args[6])
{
	const struct ct_regs_layout *l = regs_layout(a);
	const unsigned char *r = regs;
	int missing;

	if (!l || len < l->size)
		return -1;
	missing = (int)l->clobbered;
	if (l->nr >= 0) {
		uint64_t v = load(r + l->nr, l->width, a->big_endian);

		*nr = l->width == 4 ? (long)(int32_t)v : (long)v;
	} else {
		*nr = -1;
		missing |= REGS_NO_NR;
	}
	for (int i = 0; i < 6; i++)
		args[i] = load(r + l->arg[i], l->width, a->big_endian);
	return missing;
}

int regs_set_arg(const struct ct_arch *a, void *regs, size_t len, int i, uint64_t v)
{
	const struct ct_regs_layout *l = regs_layout(a);
	unsigned char *r = regs;

	if (!l || len < l->size || i < 0 || i > 5 || (i == 0 && l->arg0_live == -2))
		return -1;
	for (unsigned b = 0; b < l->width; b++) {
		int sh = a->big_endian ? (int)(l->width - 1 - b) : (int)b;

		r[l->arg[i] + sh] = (unsigned char)(v >> (8 * b));
		if (i == 0 && l->arg0_live >= 0)
			r[l->arg0_live + sh] = (unsigned char)(v >> (8 * b));
	}
	return 0;
}
