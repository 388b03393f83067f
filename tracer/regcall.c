/* SPDX-License-Identifier: MIT */
/*
 * Attached or in light mode no stop comes before a clone event: the call is
 * decoded from the registers at the event, where the architecture leaves
 * them intact.
 */
#include <stdint.h>

#include "decode/regs.h"
#include "tracer/procfs.h"
#include "tracer/regcall.h"

/*
 * What the register set lacks at the event stop (missing, as regs_syscall()
 * gives it) from /proc/TID/syscall: the kernel's syscall_get_nr() and
 * syscall_get_arguments() read pt_regs fields no register set holds
 * (riscv64's orig_a0, s390x's int_code).  Taken only if it agrees with the
 * registers on everything they do have.  Returns what is still missing.
 */
int regcall_complete(const struct ct_arch *a, pid_t tid, int missing,
			      long *nr, uint64_t args[6])
{
	const struct ct_regs_layout *l = regs_layout(a);
	uint64_t pargs[6], mask;
	long pnr;

	if (!missing || !l || procfs_read_syscall(tid, &pnr, pargs) < 0)
		return missing;
	mask = l->width < 8 ? ((uint64_t)1 << (8 * l->width)) - 1 : ~(uint64_t)0;
	if (!(missing & REGS_NO_NR) && pnr != *nr)
		return missing;
	for (int i = 0; i < 6; i++)
		if (!(missing & (1 << i)) && (pargs[i] & mask) != (args[i] & mask))
			return missing;
	if (missing & REGS_NO_NR)
		*nr = pnr;
	for (int i = 0; i < 6; i++)
		if (missing & (1 << i))
			args[i] = pargs[i] & mask;
	return 0;
}
