/* SPDX-License-Identifier: MIT */
/* x86_64: the x86 epilogue runner (x86.c), and the registers read at once from NT_PRSTATUS. */

#define X86_W 8		/* push/pop/ret size */
static const unw_regnum_t x86_reg[16] = {
	UNW_X86_64_RAX, UNW_X86_64_RCX, UNW_X86_64_RDX, UNW_X86_64_RBX,
	UNW_X86_64_RSP, UNW_X86_64_RBP, UNW_X86_64_RSI, UNW_X86_64_RDI,
	UNW_X86_64_R8, UNW_X86_64_R9, UNW_X86_64_R10, UNW_X86_64_R11,
	UNW_X86_64_R12, UNW_X86_64_R13, UNW_X86_64_R14, UNW_X86_64_R15,
};

#include "tracer/stack/arch/x86.c"

/* UNW_X86_64_* (RAX, RDX, RCX, RBX, RSI, RDI, RBP, RSP, R8..R15, RIP) in struct user_regs_struct */
static const int reg_off[] = {
	80, 96, 88, 40, 104, 112, 32, 152, 72, 64, 56, 48, 24, 16, 8, 0, 128,
};

int arch_prstatus_offset(unw_regnum_t reg)
{
	return reg >= 0 && reg < (int)(sizeof(reg_off) / sizeof(reg_off[0])) ? reg_off[reg] : -1;
}
