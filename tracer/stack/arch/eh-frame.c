/* SPDX-License-Identifier: MIT */
/*
 * Unwind tables as most architectures have them: DWARF call frame
 * information found through the .eh_frame_hdr (PT_GNU_EH_FRAME), where
 * code without any is simply not covered.  Included by the architecture
 * files that have nothing else.
 */
#include <elf.h>

bool arch_cant_unwind(struct uarg *u, const unw_proc_info_t *pi)
{
	return false;
}

bool arch_unwind_phdr(uint32_t t)
{
	return t == PT_GNU_EH_FRAME;
}

const char arch_unwind_tables[] = ".eh_frame_hdr";
