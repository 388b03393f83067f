/* SPDX-License-Identifier: MIT */
/*
 * The kernel's flag names as one table (flags.h), and their printers.
 * Values come from the kernel's uapi headers, through names/compat.h for
 * those newer than the build host's.  Bits no flag names are kept as one
 * hex remainder, never dropped.
 */
#include <inttypes.h>
#include <string.h>

#include "base/sbuf.h"
#include "names/compat.h"
#include "names/flags.h"

#define C FLAGS_CLONE
#define U FLAGS_UNSHARE
#define S FLAGS_SETNS
#define F(v, s) { .val = (uint64_t)(v), .name = #v, .sets = (s) }

/* include/uapi/linux/sched.h and fcntl.h, in bit order. */
const struct ct_flag ct_flags[] = {
	/* 0x80 is in the exit-signal byte of clone(); unshare and clone3 mean CLONE_NEWTIME */
	F(CLONE_NEWTIME, C | U | S),
	F(CLONE_VM, C | U),
	{ .val = CT_AT_SYMLINK_NOFOLLOW, .name = "AT_SYMLINK_NOFOLLOW", .sets = FLAGS_EXECVEAT },
	F(CLONE_FS, C | U),
	F(CLONE_FILES, C | U),
	F(CLONE_SIGHAND, C | U),
	F(CLONE_PIDFD, C | U),
	{ .val = CT_AT_EMPTY_PATH, .name = "AT_EMPTY_PATH", .sets = FLAGS_EXECVEAT },
	F(CLONE_PTRACE, C | U),
	F(CLONE_VFORK, C | U),
	F(CLONE_PARENT, C | U),
	F(CLONE_THREAD, C | U),
	F(CLONE_NEWNS, C | U | S),
	F(CLONE_SYSVSEM, C | U),
	F(CLONE_SETTLS, C | U),
	F(CLONE_PARENT_SETTID, C),
	/* unshare(2), Linux 7.1: the bit clone() uses for CLONE_PARENT_SETTID */
	F(UNSHARE_EMPTY_MNTNS, U),
	F(CLONE_CHILD_CLEARTID, C | U),
	F(CLONE_DETACHED, C | U),
	F(CLONE_UNTRACED, C | U),
	F(CLONE_CHILD_SETTID, C | U),
	F(CLONE_NEWCGROUP, C | U | S),
	F(CLONE_NEWUTS, C | U | S),
	F(CLONE_NEWIPC, C | U | S),
	F(CLONE_NEWUSER, C | U | S),
	F(CLONE_NEWPID, C | U | S),
	F(CLONE_NEWNET, C | U | S),
	F(CLONE_IO, C | U),
	/* 64-bit: clone3 only, clone() passes an unsigned long cut to 32 bits */
	F(CLONE_CLEAR_SIGHAND, C),
	F(CLONE_INTO_CGROUP, C),
	F(CLONE_AUTOREAP, C),
	F(CLONE_NNP, C),
	F(CLONE_PIDFD_AUTOKILL, C),
	F(CLONE_EMPTY_MNTNS, C),
	{ .name = NULL }
};

uint64_t flags_walk(unsigned set, uint64_t v, void (*f)(void *ctx, const char *name), void *ctx)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && (v & x->val) == x->val) {
			f(ctx, x->name);
			v &= ~x->val;
		}
	return v;
}

const char *flag_name(unsigned set, uint64_t v)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && x->val == v)
			return x->name;
	return NULL;
}

uint64_t flag_value(unsigned set, const char *name)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && strcmp(x->name, name) == 0)
			return x->val;
	return 0;
}

/* flags_walk()'s callback: each name after the first behind a '|'. */
struct names_out {
	struct sbuf *b;
	int first;
};

static void add_name(void *ctx, const char *name)
{
	struct names_out *o = ctx;

	sb_printf(o->b, "%s%s", o->first ? "" : "|", name);
	o->first = 0;
}

void flags_add(struct sbuf *b, unsigned set, uint64_t v)
{
	struct names_out o = { .b = b, .first = 1 };
	uint64_t rest;

	if (!v) {
		sb_add(b, "0");
		return;
	}
	rest = flags_walk(set, v, add_name, &o);
	if (rest)
		sb_printf(b, "%s0x%" PRIx64, o.first ? "" : "|", rest);
}

int flags_format(unsigned set, uint64_t v, char *buf, size_t n)
{
	struct sbuf b;
	int len;

	sb_init(&b);
	flags_add(&b, set, v);
	len = sb_copy(&b, buf, n);
	sb_free(&b);
	return len;
}

uint64_t unshare_implied_flags(uint64_t f)
{
	/* Linux 7.1: an empty mount namespace is a new mount namespace */
	if (f & UNSHARE_EMPTY_MNTNS)
		f |= CLONE_NEWNS;
	/* kernel/fork.c ksys_unshare(), in its order */
	if (f & CLONE_NEWUSER)
		f |= CLONE_THREAD | CLONE_FS;
	if (f & CLONE_VM)
		f |= CLONE_SIGHAND;
	if (f & CLONE_SIGHAND)
		f |= CLONE_THREAD;
	if (f & CLONE_NEWNS)
		f |= CLONE_FS;
	return f;
}
