/* SPDX-License-Identifier: MIT */
/* Any other architecture libunwind knows: .eh_frame unwind info only, no leaf walker. */
#include "tracer/stack/arch/eh-frame.c"

int arch_caller_of_leaf(struct uarg *u, unw_word_t pc, unw_word_t sp)
{
	return -1;
}

int arch_prstatus_offset(unw_regnum_t reg)
{
	return -1;
}
