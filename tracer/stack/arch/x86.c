/* SPDX-License-Identifier: MIT */
/*
 * x86 (x86_64, i386), included by x86_64.c and i386.c with X86_W (the
 * word size) and x86_reg[] (x86 register numbers in ModRM/opcode order,
 * r8-r15 with REX.B, as libunwind numbers them) defined.
 *
 * What follows the syscall on the parent's path is a short epilogue, and
 * it is run forward: glibc 2.36's sysdeps/unix/sysv/linux/i386/clone3.S
 * "int $0x80; test %eax,%eax; je; pop %esi; pop %ebx; jl; ret", clone.S
 * "int $0x80; pop %edi; pop %esi; pop %ebx; test; jl; je; ret", vfork.S
 * "pop %ecx; int $0x80; push %ecx; cmp $-4095,%eax; jae; ret" (x86_64: the
 * same with syscall, pop %rdi), and the kernel's vdso32 __kernel_vsyscall
 * (arch/x86/entry/vdso/vdso32/system_call.S), whose int80_landing_pad,
 * where the kernel puts the pc for every entry method, is "pop %ebp; pop
 * %edx; pop %ecx; ret".
 */
#include "tracer/stack/arch/eh-frame.c"

#define X86_STEPS 12		/* instructions run at most */
#define X86_NREG ((int)(sizeof(x86_reg) / sizeof(x86_reg[0])))
/* the parent's result is a new tid: the flags are worked out for both ends */
static const uint64_t x86_tids[2] = { 1, 4194304 /* PID_MAX_LIMIT */ };

struct x86_flags {
	bool zf, sf, cf, of;
};

/* The flags of "cmp imm, v" (test v,v: imm = v, and = true) at width bits. */
static struct x86_flags x86_cmp(uint64_t v, uint64_t imm, int bits, bool and)
{
	uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1, top = 1ULL << (bits - 1);
	uint64_t r = and ? (v & imm) & mask : (v - imm) & mask;

	v &= mask;
	imm &= mask;
	return (struct x86_flags){ .zf = r == 0, .sf = (r & top) != 0, .cf = !and && v < imm,
				   .of = !and && ((v ^ imm) & (v ^ r) & top) != 0 };
}

/* Whether jcc with condition code cc (the opcode's low nibble) jumps; -1: unknown (parity). */
static int x86_jumps(int cc, struct x86_flags f)
{
	bool r;

	switch (cc >> 1) {
	case 0: r = f.of; break;
	case 1: r = f.cf; break;
	case 2: r = f.zf; break;
	case 3: r = f.cf || f.zf; break;
	case 4: r = f.sf; break;
	case 6: r = f.sf != f.of; break;
	case 7: r = f.zf || f.sf != f.of; break;
	default: return -1;
	}
	return (cc & 1) ? !r : r;
}

/* The bytes at addr, read a word at a time (an aligned word never crosses a page). */
static int read_code(struct uarg *u, unw_word_t addr, unsigned char *buf, int n)
{
	unw_word_t w, a = addr & ~(unw_word_t)(X86_W - 1);

	for (; a < addr + n; a += X86_W) {
		if (uarg_mem(u, a, &w) < 0)
			return -1;
		for (int i = 0; i < X86_W; i++)
			if (a + i >= addr && a + i < addr + n)
				buf[a + i - addr] = (unsigned char)(w >> (8 * i));
	}
	return 0;
}

/*
 * Run the parent's path from pc to its ret: push, pop, test or cmp of the
 * result, jcc, nop and ret only; anything else gives up.
 */
int arch_caller_of_leaf(struct uarg *u, unw_word_t pc, unw_word_t sp)
{
	struct {
		unw_word_t addr, v;
	} pushed[4];
	int n_pushed = 0;
	struct x86_flags f[2];
	bool have_flags = false;

	for (int step = 0; step < X86_STEPS; step++) {
		unsigned char b[8];
		int rex = 0, i = 0;

		if (!uarg_executable(u, pc) || read_code(u, pc, b, sizeof(b)) < 0)
			return -1;
		if (X86_W == 8 && (b[0] & 0xf0) == 0x40)
			rex = b[i++];
		if (b[i] >= 0x50 && b[i] <= 0x5f) {		/* push r, pop r */
			int r = (b[i] & 7) | (rex & 1) << 3, n;
			unw_word_t v = 0;

			if (r >= X86_NREG || x86_reg[r] == UNW_REG_SP)
				return -1;
			if (b[i] < 0x58) {
				if (n_pushed == 4 || uarg_reg(u, x86_reg[r], &v) < 0)
					return -1;
				sp -= X86_W;
				pushed[n_pushed].addr = sp;
				pushed[n_pushed++].v = v;
			} else {
				for (n = n_pushed - 1; n >= 0 && pushed[n].addr != sp; n--)
					;
				if (n >= 0)
					v = pushed[n].v;
				else if (uarg_mem(u, sp, &v) < 0)
					return -1;
				sp += X86_W;
				if (uarg_override(u, x86_reg[r], v) < 0)
					return -1;
			}
			pc += i + 1;
		} else if (b[i] == 0x85 && b[i + 1] == 0xc0) {	/* test %eax,%eax (%rax with REX.W) */
			for (int t = 0; t < 2; t++)
				f[t] = x86_cmp(x86_tids[t], x86_tids[t], rex & 8 ? 64 : 32, true);
			have_flags = true;
			pc += i + 2;
		} else if (b[i] == 0x3d) {			/* cmp $imm32,%eax (%rax, sign-extended) */
			int32_t imm = (int32_t)(b[i + 1] | b[i + 2] << 8 | b[i + 3] << 16 | (uint32_t)b[i + 4] << 24);

			for (int t = 0; t < 2; t++)
				f[t] = x86_cmp(x86_tids[t], (uint64_t)(int64_t)imm, rex & 8 ? 64 : 32, false);
			have_flags = true;
			pc += i + 5;
		} else if ((b[i] & 0xf0) == 0x70 || (b[i] == 0x0f && (b[i + 1] & 0xf0) == 0x80)) {	/* jcc */
			bool near = b[i] == 0x0f;
			int cc = (near ? b[i + 1] : b[i]) & 15, j0, j1;
			int32_t rel = near ? (int32_t)(b[i + 2] | b[i + 3] << 8 | b[i + 4] << 16 |
						   (uint32_t)b[i + 5] << 24) : (int8_t)b[i + 1];

			if (!have_flags || (j0 = x86_jumps(cc, f[0])) < 0 || (j1 = x86_jumps(cc, f[1])) != j0)
				return -1;
			pc += i + (near ? 6 : 2);
			if (j0)
				pc += (unw_word_t)(int64_t)rel;
		} else if (b[i] == 0x90) {			/* nop */
			pc += i + 1;
		} else if (b[i] == 0xc3) {			/* ret */
			unw_word_t ra = 0;
			int n;

			for (n = n_pushed - 1; n >= 0 && pushed[n].addr != sp; n--)
				;
			if (n >= 0)
				ra = pushed[n].v;
			else if (uarg_mem(u, sp, &ra) < 0)
				return -1;
			if (!uarg_executable(u, ra) || uarg_override(u, UNW_REG_IP, ra) < 0 ||
			    uarg_override(u, UNW_REG_SP, sp + X86_W) < 0)
				return -1;
			return 0;
		} else {
			return -1;
		}
	}
	return -1;
}
