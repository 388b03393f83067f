/* SPDX-License-Identifier: MIT */
/*
 * clone3(struct clone_args *uargs, size_t size): the struct as the kernel
 * would read it (kernel/fork.c copy_clone_args_from_user()).
 *
 * ABI facts:
 *  - The struct is versioned by size: 64 (VER0, flags..tls), 80 (VER1,
 *    + set_tid, set_tid_size), 88 (VER2, + cgroup).  Below 64 is EINVAL,
 *    above PAGE_SIZE E2BIG, both before anything is read.  Nothing is
 *    then guessed: below 64 the struct is not decoded (no flags, not
 *    "no flags": has lacks CT_HAS_FLAGS); above the page, as strace does,
 *    the 88 bytes the kernel knows are decoded (cargs still says
 *    CT_CARGS_TOO_BIG: what the program asked, though the kernel read none).
 *  - copy_struct_from_user() reads min(size, 88) bytes, zero-fills a short
 *    struct, and fails with E2BIG when a longer one has a non-zero byte past
 *    what the kernel knows.
 *  - Every field is an __aligned_u64, in the tracee's byte order, on 32-bit
 *    tracees too.
 *  - set_tid points to set_tid_size pid_t (int32) values, at most
 *    MAX_PID_NS_LEVEL (32); the kernel copies them only when set_tid is set.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "decode/decode.h"
#include "names/compat.h"

/*
 * PAGE_SIZE is a kernel build choice (4 KiB on x86, up to 64 KiB on arm64,
 * ppc64le, loongarch) that the decoder cannot see: 4096, the smallest, is
 * the bound here.
 */
#define CARGS_MAX 4096

/* Offsets in struct clone_args, include/uapi/linux/sched.h. */
enum {
	OFF_FLAGS = 0,
	OFF_PIDFD = 8,
	OFF_CHILD_TID = 16,
	OFF_PARENT_TID = 24,
	OFF_EXIT_SIGNAL = 32,
	OFF_STACK = 40,
	OFF_STACK_SIZE = 48,
	OFF_TLS = 56,
	OFF_SET_TID = 64,
	OFF_SET_TID_SIZE = 72,
	OFF_CGROUP = 80,
};

static void read_set_tid(const struct ct_mem *mem, struct ct_call *c)
{
	unsigned char b[CT_MAX_SET_TID * 4];
	size_t n = (size_t)c->set_tid_size;

	if (!c->set_tid_addr || n < 1 || n > CT_MAX_SET_TID)
		return;
	if (!mem || !mem->read || mem->read(mem->ctx, c->set_tid_addr, b, n * 4) < 0) {
		c->set_tid_unreadable = 1;
		return;
	}
	/* out of line: few clone3 calls give pids */
	c->set_tid = xmalloc(n * sizeof(*c->set_tid));
	for (size_t i = 0; i < n; i++)
		c->set_tid[i] = (int32_t)mem_load_uint(c->arch, b + 4 * i, 4);
	c->n_set_tid = (int)n;
}

void decode_clone3(const struct ct_mem *mem, struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	unsigned char b[CARGS_MAX];
	uint64_t size;

	c->cargs_addr = a->wordsize == 4 ? (uint32_t)c->raw[0] : c->raw[0];
	c->cargs_size = size = a->wordsize == 4 ? (uint32_t)c->raw[1] : c->raw[1];
	if (size < CLONE_ARGS_SIZE_VER0) {
		c->cargs = CT_CARGS_TOO_SMALL;
		return;
	}
	memset(b, 0, sizeof(b));
	if (size > CARGS_MAX) {
		/* the prefix the kernel knows, as strace shows it; unreadable: nothing */
		c->cargs = CT_CARGS_TOO_BIG;
		if (!mem || !mem->read || mem->read(mem->ctx, c->cargs_addr, b, CLONE_ARGS_SIZE_VER2) < 0)
			return;
		size = CLONE_ARGS_SIZE_VER2;
	} else if (!mem || !mem->read || mem->read(mem->ctx, c->cargs_addr, b, (size_t)size) < 0) {
		c->cargs = CT_CARGS_UNREADABLE;
		return;
	} else {
		c->cargs = CT_CARGS_OK;
	}
	for (uint64_t i = CLONE_ARGS_SIZE_VER2; i < size; i++)
		if (b[i]) {
			c->cargs = CT_CARGS_NONZERO_TAIL;
			c->tail_offset = i;
			break;
		}

	c->flags = mem_load_uint(a, b + OFF_FLAGS, 8);
	c->pidfd = mem_load_uint(a, b + OFF_PIDFD, 8);
	c->child_tid = mem_load_uint(a, b + OFF_CHILD_TID, 8);
	c->parent_tid = mem_load_uint(a, b + OFF_PARENT_TID, 8);
	c->exit_signal_raw = mem_load_uint(a, b + OFF_EXIT_SIGNAL, 8);
	c->exit_signal = c->exit_signal_raw <= INT_MAX ? (int)c->exit_signal_raw : -1;
	c->stack = mem_load_uint(a, b + OFF_STACK, 8);
	c->stack_size = mem_load_uint(a, b + OFF_STACK_SIZE, 8);
	c->tls = mem_load_uint(a, b + OFF_TLS, 8);
	c->set_tid_addr = mem_load_uint(a, b + OFF_SET_TID, 8);
	c->set_tid_size = mem_load_uint(a, b + OFF_SET_TID_SIZE, 8);
	c->cgroup = mem_load_uint(a, b + OFF_CGROUP, 8);
	c->has = CT_HAS_FLAGS | CT_HAS_EXIT_SIGNAL | CT_HAS_STACK | CT_HAS_STACK_SIZE |
		 CT_HAS_PARENT_TID | CT_HAS_CHILD_TID | CT_HAS_TLS | CT_HAS_PIDFD;
	clone_args_meaning(c);
	if (c->set_tid_addr || c->set_tid_size) {
		c->has |= CT_HAS_SET_TID;
		read_set_tid(mem, c);
	}
	/* cgroup is an fd only with CLONE_INTO_CGROUP and a VER2 struct */
	if (size >= CLONE_ARGS_SIZE_VER2 && (c->flags & CLONE_INTO_CGROUP))
		c->has |= CT_HAS_CGROUP;
}
