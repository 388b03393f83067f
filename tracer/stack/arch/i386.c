/* SPDX-License-Identifier: MIT */
/* i386: the x86 epilogue runner (x86.c); registers come through libunwind's _UPT. */

#define X86_W 4		/* push/pop/ret size */
static const unw_regnum_t x86_reg[8] = {
	UNW_X86_EAX, UNW_X86_ECX, UNW_X86_EDX, UNW_X86_EBX,
	UNW_X86_ESP, UNW_X86_EBP, UNW_X86_ESI, UNW_X86_EDI,
};

#include "tracer/stack/arch/x86.c"

int arch_prstatus_offset(unw_regnum_t reg)
{
	return -1;
}
