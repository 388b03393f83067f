/* SPDX-License-Identifier: MIT */
/*
 * CLONE_UNTRACED under the seccomp filter.  A child that escapes the tracer
 * still inherits the filter, and SECCOMP_RET_TRACE with no tracer fails the
 * syscall with ENOSYS: the escaped child could neither fork nor execve.  So
 * that the program behaves as it would untraced, clonetrace clears
 * CLONE_UNTRACED at the call's seccomp stop (in the flags register for
 * clone, in struct clone_args for clone3, put back once the kernel has read
 * it) and follows the child like any other.  The call keeps the flags the
 * program asked for and says "untraced_overridden".
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <elf.h>

#include "base/alloc.h"
#include "decode/arch.h"
#include "decode/decode.h"
#include "decode/regs.h"
#include "format/record.h"
#include "names/compat.h"
#include "tracer/mem.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"

/* The notes said once. */
struct untraced {
	bool noted;			/* the CLONE_UNTRACED note is in meta.notes */
	bool noted_kept;		/* ... and the one saying it could not be cleared */
};

struct untraced *untraced_new(void)
{
	return xcalloc(1, sizeof(struct untraced));
}

void untraced_free(struct untraced *u)
{
	free(u);
}

static int clear_in_register(const struct ct_call *dc, pid_t tid)
{
	const struct ct_clone_args_idx *idx = clone_order_idx(dc->arch->clone_order);
	unsigned char regs[512];
	struct iovec iov = { regs, sizeof(regs) };

	if (!idx || ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0)
		return -1;
	if (regs_arch_by_size(dc->arch, iov.iov_len) != dc->arch ||
	    regs_set_arg(dc->arch, regs, iov.iov_len, idx->flags,
			 dc->raw[idx->flags] & ~(uint64_t)CLONE_UNTRACED) < 0)
		return -1;
	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0 ? -1 : 0;
}

/*
 * Where the register set can't carry the argument (riscv64's clone reads
 * its flags from orig_a0, which no regset holds), Linux 6.16's
 * PTRACE_SET_SYSCALL_INFO changes the seccomp stop's arguments.
 */
static int clear_in_syscall_info(const struct ct_call *dc, pid_t tid)
{
	const struct ct_clone_args_idx *idx = clone_order_idx(dc->arch->clone_order);
	struct ct_syscall_info info;

	memset(&info, 0, sizeof(info));
	if (!idx || ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(info), &info) < 0)
		return -1;
	if (info.op != CT_SYSCALL_INFO_SECCOMP) {
		errno = EINVAL;
		return -1;
	}
	info.reserved = 0;
	info.flags = 0;
	info.seccomp.reserved2 = 0;
	info.seccomp.args[idx->flags] = dc->raw[idx->flags] & ~(uint64_t)CLONE_UNTRACED;
	return ptrace(PTRACE_SET_SYSCALL_INFO, tid, (void *)sizeof(info), &info) < 0 ? -1 : 0;
}

static void store(const struct ct_arch *a, unsigned char *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[a->big_endian ? 7 - i : i] = (unsigned char)(v >> (8 * i));
}

void untraced_override(struct tracer *tr, struct task *t, struct call *c, const struct ct_call *dc)
{
	unsigned char b[8];
	int r = -1;

	if (tr->mode != MODE_SECCOMP || !(dc->flags & CLONE_UNTRACED))
		return;
	if (dc->sysc == CT_SYS_CLONE) {
		r = clear_in_register(dc, t->tid);
		if (r < 0)
			r = clear_in_syscall_info(dc, t->tid);
	} else if (dc->sysc == CT_SYS_CLONE3 && dc->cargs == CT_CARGS_OK) {
		store(dc->arch, b, dc->flags & ~(uint64_t)CLONE_UNTRACED);
		r = mem_write(t->tid, dc->cargs_addr, b, sizeof(b));
		if (r == 0) {
			c->restore_addr = dc->cargs_addr;
			store(dc->arch, c->restore, dc->flags);
		}
	}
	if (r < 0) {
		debug(tr->opt, "%d: could not clear CLONE_UNTRACED: %s", (int)t->tid, strerror(errno));
		if (!tr->untraced->noted_kept) {
			json_array_append_new(tr->notes, json_string(
				"CLONE_UNTRACED could not be cleared (this architecture's clone flags "
				"register can't be changed before Linux 6.16's PTRACE_SET_SYSCALL_INFO): "
				"the child escaped, keeps the seccomp filter, and its fork, clone and "
				"execve fail with ENOSYS"));
			tr->untraced->noted_kept = true;
		}
		return;
	}
	c->rec.untraced_overridden = true;
	if (!tr->untraced->noted) {
		json_array_append_new(tr->notes, json_string(
			"CLONE_UNTRACED was cleared: a child escaping the tracer would inherit the "
			"seccomp filter and fail its fork and execve with ENOSYS"));
		tr->untraced->noted = true;
	}
}

/* Puts the program's clone_args flags back, in the caller's or a child's memory. */
void untraced_restore(struct tracer *tr, struct call *c, pid_t tid)
{
	if (c->restore_addr)
		mem_write(tid, c->restore_addr, c->restore, sizeof(c->restore));
}
