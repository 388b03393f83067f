/* SPDX-License-Identifier: MIT */
/*
 * arm: libunwind-ptrace finds unwind tables by the .eh_frame_hdr and by the
 * .ARM.exidx (UNW_ARM_METHOD_EXIDX).  An ARM EHABI .ARM.exidx entry is two
 * words, the function's start and its unwind data, 1 (EXIDX_CANTUNWIND)
 * where the code has none; the linker gives such code an entry of its own
 * (or extends the one before), and libunwind answers with it as if it were
 * a function.  No leaf walker.
 */
#include <elf.h>

#define EXIDX_CANTUNWIND 1

bool arch_cant_unwind(struct uarg *u, const unw_proc_info_t *pi)
{
	unw_word_t data;

	return pi->format == UNW_INFO_FORMAT_ARM_EXIDX && pi->unwind_info &&
	       uarg_mem(u, (unw_word_t)(uintptr_t)pi->unwind_info + 4, &data) == 0 &&
	       data == EXIDX_CANTUNWIND;
}

bool arch_unwind_phdr(uint32_t t)
{
	return t == PT_GNU_EH_FRAME || t == PT_ARM_EXIDX;
}

const char arch_unwind_tables[] = ".ARM.exidx nor .eh_frame_hdr";

int arch_caller_of_leaf(struct uarg *u, unw_word_t pc, unw_word_t sp)
{
	return -1;
}

int arch_prstatus_offset(unw_regnum_t reg)
{
	return -1;
}
