/* SPDX-License-Identifier: MIT */
/*
 * decode_call(): which call it is, then clone, fork, vfork, unshare and
 * setns from their registers (clone3 and execve read memory: clone3.c,
 * exec.c).
 *
 * ABI facts used here:
 *  - A 32-bit tracee's registers hold 32 bits whatever width the tracer
 *    read them at, so arguments are cut to the tracee's word size.
 *  - clone() takes the flags as unsigned long but the kernel keeps only
 *    lower_32_bits(): the low byte is the exit signal (CSIGNAL), the rest
 *    the flags; bits above 32 are ignored, which is why the 64-bit flags are
 *    clone3-only.
 *  - fork() is kernel_clone() with exit_signal SIGCHLD and no flags; vfork()
 *    adds CLONE_VFORK | CLONE_VM (kernel/fork.c).
 */
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "names/compat.h"

static uint64_t word(const struct ct_arch *a, uint64_t v)
{
	return a->wordsize == 4 ? (uint32_t)v : v;
}

/* SIGCHLD is 18 on MIPS (arch/mips/include/uapi/asm/signal.h), 17 elsewhere. */
static int sigchld(const struct ct_arch *a)
{
	return a->sig_mips ? 18 : 17;
}

static void decode_clone(struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	const struct ct_clone_args_idx *ix = clone_order_idx(a->clone_order);
	uint32_t f = (uint32_t)c->raw[ix->flags];

	c->flags = f & ~(uint32_t)CSIGNAL;
	c->exit_signal = (int)(f & CSIGNAL);
	c->stack = word(a, c->raw[ix->stack]);
	c->parent_tid = word(a, c->raw[ix->parent_tid]);
	c->child_tid = word(a, c->raw[ix->child_tid]);
	c->tls = word(a, c->raw[ix->tls]);
	c->has = CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL | CT_HAS_STACK |
		 CT_HAS_PARENT_TID | CT_HAS_CHILD_TID | CT_HAS_TLS;
	if (ix->stack_size >= 0) {
		/* BACKWARDS3 declares it int */
		c->stack_size = (uint32_t)c->raw[ix->stack_size];
		c->has |= CT_HAS_STACK_SIZE;
	}
	/* clone() returns the pidfd through parent_tid (kernel_clone_args.pidfd) */
	if (c->flags & CLONE_PIDFD) {
		c->pidfd = c->parent_tid;
		c->has |= CT_HAS_PIDFD;
	}
	clone_args_meaning(c);
}

int decode_call(const struct ct_arch *a, long nr, const uint64_t args[6],
		const struct ct_mem *mem, struct ct_call *out)
{
	int sysc;

	memset(out, 0, sizeof(*out));
	out->sysc = -1;		/* call_creates_task() is false for what failed */
	out->fd = -1;
	out->dirfd = CT_AT_FDCWD;
	if (!a || !args)
		return -1;
	sysc = arch_sysc(a, nr);
	if (sysc < 0)
		return -1;
	out->arch = a;
	out->sysc = sysc;
	out->nr = nr;
	memcpy(out->raw, args, sizeof(out->raw));

	switch (sysc) {
	case CT_SYS_CLONE:
		decode_clone(out);
		break;
	case CT_SYS_FORK:
		out->exit_signal = sigchld(a);
		out->has = CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL;
		break;
	case CT_SYS_VFORK:
		out->flags = CLONE_VM | CLONE_VFORK;
		out->exit_signal = sigchld(a);
		out->has = CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL;
		break;
	case CT_SYS_UNSHARE:
		/* unshare(unsigned long): every bit counts, unknown ones fail */
		out->flags = word(a, args[0]);
		out->has = CT_HAS_FLAGS;
		break;
	case CT_SYS_SETNS:
		/* setns(int fd, int nstype) */
		out->fd = (int32_t)args[0];
		out->flags = (uint32_t)args[1];
		out->has = CT_HAS_FLAGS;
		break;
	case CT_SYS_CLONE3:
		decode_clone3(mem, out);
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		decode_exec(mem, out);
		break;
	}
	return 0;
}

void call_release(struct ct_call *c)
{
	if (!c)
		return;
	free(c->set_tid);
	c->set_tid = NULL;
	c->n_set_tid = 0;
	free(c->path);
	c->path = NULL;
	if (c->argv) {
		for (int i = 0; c->argv[i]; i++)
			free(c->argv[i]);
		free(c->argv);
		c->argv = NULL;
	}
	c->argc = 0;
}

bool call_creates_task_sysc(int sysc)
{
	switch (sysc) {
	case CT_SYS_CLONE:
	case CT_SYS_CLONE3:
	case CT_SYS_FORK:
	case CT_SYS_VFORK:
		return true;
	}
	return false;
}

bool call_creates_task(const struct ct_call *c)
{
	return c && call_creates_task_sysc(c->sysc);
}
