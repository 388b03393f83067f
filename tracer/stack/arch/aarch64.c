/* SPDX-License-Identifier: MIT */
/* aarch64: bl leaves the return address in x30, which glibc's clone.S and vfork.S keep up to their svc. */
#include "tracer/stack/arch/eh-frame.c"

int arch_caller_of_leaf(struct uarg *u, unw_word_t pc, unw_word_t sp)
{
	unw_word_t ra = 0;

	if (uarg_reg(u, UNW_AARCH64_X30, &ra) < 0 || !uarg_executable(u, ra) ||
	    uarg_override(u, UNW_REG_IP, ra) < 0 || uarg_override(u, UNW_REG_SP, sp) < 0)
		return -1;
	return 0;
}

int arch_prstatus_offset(unw_regnum_t reg)
{
	return -1;
}
