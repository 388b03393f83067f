/* SPDX-License-Identifier: MIT */
/*
 * execve(path, argv, envp) and execveat(dirfd, path, argv, envp, flags):
 * the path and argv read from the tracee.
 *
 * ABI facts:
 *  - argv is an array of pointers of the tracee's width and byte order,
 *    ended by a NULL pointer (fs/exec.c get_user_arg_ptr()).
 *  - A NULL argv is accepted as an empty one (fs/exec.c; since Linux 5.18
 *    the kernel then passes a single "").
 *  - dirfd and flags are ints: AT_FDCWD is -100.
 */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "decode/decode.h"
#include "names/compat.h"

static void free_argv(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * argv up to CT_ARGV_BYTES bytes of strings; past that, argv_truncated
 * (the last string kept may be cut short).  Unreadable memory: no argv.
 */
static void read_argv(const struct ct_mem *mem, struct ct_call *c, uint64_t argvp)
{
	unsigned w = c->arch->wordsize;
	size_t budget = CT_ARGV_BYTES, cap = 16;
	char **v;
	int n = 0;

	if (!mem || !mem->read)
		return;
	v = xcalloc(cap + 1, sizeof(*v));
	while (argvp) {
		uint64_t p;
		bool cut;

		if (mem_read_uint(mem, c->arch, argvp + (uint64_t)n * w, w, &p) < 0)
			goto unreadable;
		if (!p)
			break;
		if (budget == 0) {
			c->argv_truncated = true;
			break;
		}
		if ((size_t)n == cap) {
			v = xreallocarray(v, cap * 2 + 1, sizeof(*v));
			cap *= 2;
		}
		/* budget counts the NUL: a string of budget-1 bytes fits whole */
		v[n] = mem_read_str_cut(mem, p, budget - 1, &cut);
		if (!v[n])
			goto unreadable;
		budget -= strlen(v[n++]) + 1;
		v[n] = NULL;
		if (cut) {
			c->argv_truncated = true;
			break;
		}
	}
	v[n] = NULL;
	c->argv = v;
	c->argc = n;
	return;
unreadable:
	free_argv(v, n);
}

void decode_exec(const struct ct_mem *mem, struct ct_call *c)
{
	const struct ct_arch *a = c->arch;
	uint64_t mask = a->wordsize == 4 ? 0xffffffffu : ~(uint64_t)0;
	uint64_t path, argv;

	if (c->sysc == CT_SYS_EXECVEAT) {
		c->dirfd = (int32_t)c->raw[0];
		path = c->raw[1] & mask;
		argv = c->raw[2] & mask;
		/* in at_flags only: AT_EMPTY_PATH is 0x1000, the value of CLONE_PIDFD */
		c->at_flags = (int32_t)c->raw[4];
	} else {
		c->dirfd = CT_AT_FDCWD;
		path = c->raw[0] & mask;
		argv = c->raw[1] & mask;
	}
	c->path = mem_read_str(mem, path, CT_MAX_STR);
	read_argv(mem, c, argv);
}
