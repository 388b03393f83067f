/* SPDX-License-Identifier: MIT */
/*
 * The clone(2) ERRORS that follow from a call's own arguments, as a table:
 * flag bits that must all be set, of which one must be set, that must not
 * be set, and facts about the other arguments.  A call breaks a rule when
 * all four hold.  Checked against kernel/fork.c (copy_process(),
 * kernel_clone(), copy_clone_args_from_user(), clone3_args_valid(),
 * check_unshare_flags()) and kernel/nsproxy.c (copy_namespaces(),
 * check_setns_flags()), not only the man page:
 *  - CLONE_NEWPID or CLONE_NEWUSER with CLONE_PARENT was refused only by
 *    Linux 3.12 (fixed by commit 1f7f4dde5c94 in 3.13): not a rule here.
 *  - CLONE_PIDFD with CLONE_THREAD is allowed since Linux 6.9 (commit
 *    83b290c9e3b5), the flags of Linux 7.1 are unknown before: the rules say so.
 * Errors that depend on the caller's state (privilege, namespaces, limits)
 * are for the result, not for these rules.
 */
#include "decode/rules.h"
#include "names/compat.h"
#include "names/signals.h"

/* Which calls a rule is about. */
enum {
	K_CLONE = 1 << 0,	/* clone, and fork and vfork which are clones */
	K_CLONE3 = 1 << 1,
	K_UNSHARE = 1 << 2,
	K_SETNS = 1 << 3,
	K_BOTH = K_CLONE | K_CLONE3,
};

/* Facts about arguments other than the flags. */
enum {
	F_SIG = 1 << 0,		/* an exit signal is given */
	F_SIG_BAD = 1 << 1,	/* clone3: exit_signal is no valid signal */
	F_SIZE_SMALL = 1 << 2,	/* clone3: size < CLONE_ARGS_SIZE_VER0 */
	F_SIZE_BIG = 1 << 3,	/* clone3: size > PAGE_SIZE */
	F_TAIL = 1 << 4,	/* clone3: non-zero bytes past the known struct */
	F_TID_MANY = 1 << 5,	/* clone3: set_tid_size > MAX_PID_NS_LEVEL */
	F_TID_NOPTR = 1 << 6,	/* clone3: set_tid_size without set_tid */
	F_TID_NOSIZE = 1 << 7,	/* clone3: set_tid without set_tid_size */
	F_OLD_STRUCT = 1 << 8,	/* clone3: size < CLONE_ARGS_SIZE_VER2 */
	F_CGROUP_BAD = 1 << 9,	/* clone3: cgroup > INT_MAX */
	F_STACK_NOSIZE = 1 << 10,	/* clone3: stack without stack_size */
	F_SIZE_NOSTACK = 1 << 11,	/* clone3: stack_size without stack */
	F_UNKNOWN = 1 << 12,	/* flag bits the call does not accept */
	F_PIDFD_PTID = 1 << 13,	/* clone3: pidfd and parent_tid the same address */
};

/* Flags clone3 accepts: kernel/fork.c clone3_args_valid() */
#define CLONE_LEGACY_FLAGS 0xffffffffULL
#define CLONE3_KNOWN (CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | \
		      CLONE3_V71)
#define CLONE3_V71 (CLONE_AUTOREAP | CLONE_NNP | CLONE_PIDFD_AUTOKILL | CLONE_EMPTY_MNTNS)
/* clone3 keeps the exit-signal byte free, but for CLONE_NEWTIME */
#define CLONE3_SIGBYTE (CSIGNAL & ~(uint64_t)CLONE_NEWTIME)
#define CLONE_NS_ALL (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
		      CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME)
/* kernel/fork.c check_unshare_flags() */
#define UNSHARE_KNOWN (CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | \
		       CLONE_FILES | CLONE_SYSVSEM | CLONE_NS_ALL | UNSHARE_EMPTY_MNTNS)
#define MAX_PID_NS_LEVEL 32

struct rule {
	unsigned calls;		/* K_* */
	uint64_t all;		/* every one of these flags */
	uint64_t any;		/* and one of these (0: no condition) */
	uint64_t none;		/* and none of these */
	unsigned facts;		/* and all of these F_* */
	const char *text;
};

static const struct rule rules[] = {
	/* copy_process() */
	{ .calls = K_BOTH, .all = CLONE_FS | CLONE_NEWNS,
	  .text = "CLONE_FS cannot be combined with CLONE_NEWNS" },
	{ .calls = K_BOTH, .all = CLONE_FS | CLONE_NEWUSER,
	  .text = "CLONE_FS cannot be combined with CLONE_NEWUSER" },
	{ .calls = K_BOTH, .all = CLONE_THREAD, .none = CLONE_SIGHAND,
	  .text = "CLONE_THREAD requires CLONE_SIGHAND" },
	{ .calls = K_BOTH, .all = CLONE_SIGHAND, .none = CLONE_VM,
	  .text = "CLONE_SIGHAND requires CLONE_VM" },
	{ .calls = K_BOTH, .all = CLONE_THREAD, .any = CLONE_NEWPID | CLONE_NEWUSER,
	  .text = "CLONE_THREAD cannot be combined with CLONE_NEWPID or CLONE_NEWUSER" },
	{ .calls = K_BOTH, .all = CLONE_PIDFD | CLONE_DETACHED,
	  .text = "CLONE_PIDFD cannot be combined with CLONE_DETACHED" },
	{ .calls = K_BOTH, .all = CLONE_PIDFD | CLONE_THREAD,
	  .text = "CLONE_PIDFD with CLONE_THREAD needs Linux 6.9 or later" },
	{ .calls = K_CLONE3, .all = CLONE_AUTOREAP, .any = CLONE_THREAD | CLONE_PARENT,
	  .text = "CLONE_AUTOREAP cannot be combined with CLONE_THREAD or CLONE_PARENT" },
	{ .calls = K_CLONE3, .all = CLONE_AUTOREAP, .facts = F_SIG,
	  .text = "CLONE_AUTOREAP requires exit_signal 0" },
	{ .calls = K_CLONE3, .all = CLONE_NNP | CLONE_THREAD,
	  .text = "CLONE_NNP cannot be combined with CLONE_THREAD" },
	{ .calls = K_CLONE3, .all = CLONE_PIDFD_AUTOKILL, .none = CLONE_PIDFD,
	  .text = "CLONE_PIDFD_AUTOKILL requires CLONE_PIDFD" },
	{ .calls = K_CLONE3, .all = CLONE_PIDFD_AUTOKILL, .none = CLONE_AUTOREAP,
	  .text = "CLONE_PIDFD_AUTOKILL requires CLONE_AUTOREAP" },
	{ .calls = K_CLONE3, .all = CLONE_PIDFD_AUTOKILL | CLONE_THREAD,
	  .text = "CLONE_PIDFD_AUTOKILL cannot be combined with CLONE_THREAD" },
	/* kernel_clone() turns CLONE_EMPTY_MNTNS into CLONE_NEWNS before copy_process() */
	{ .calls = K_CLONE3, .all = CLONE_EMPTY_MNTNS | CLONE_FS,
	  .text = "CLONE_EMPTY_MNTNS (a new mount namespace) cannot be combined with CLONE_FS" },
	{ .calls = K_CLONE3, .any = CLONE3_V71,
	  .text = "CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL and CLONE_EMPTY_MNTNS need Linux 7.1 or later" },
	{ .calls = K_UNSHARE, .all = UNSHARE_EMPTY_MNTNS,
	  .text = "UNSHARE_EMPTY_MNTNS needs Linux 7.1 or later" },
	/* copy_namespaces() */
	{ .calls = K_BOTH, .all = CLONE_NEWIPC | CLONE_SYSVSEM,
	  .text = "CLONE_NEWIPC cannot be combined with CLONE_SYSVSEM" },
	/* kernel_clone(): clone() returns both through parent_tid */
	{ .calls = K_CLONE, .all = CLONE_PIDFD | CLONE_PARENT_SETTID,
	  .text = "CLONE_PIDFD cannot be combined with CLONE_PARENT_SETTID in clone" },
	{ .calls = K_CLONE3, .all = CLONE_PIDFD | CLONE_PARENT_SETTID, .facts = F_PIDFD_PTID,
	  .text = "CLONE_PIDFD and CLONE_PARENT_SETTID cannot use the same address" },
	/* copy_clone_args_from_user() */
	{ .calls = K_CLONE3, .facts = F_SIZE_SMALL,
	  .text = "clone3 size is below 64 (CLONE_ARGS_SIZE_VER0)" },
	{ .calls = K_CLONE3, .facts = F_SIZE_BIG,
	  .text = "clone3 size is above the page size" },
	{ .calls = K_CLONE3, .facts = F_TAIL,
	  .text = "clone3 struct has non-zero bytes past the known fields" },
	{ .calls = K_CLONE3, .facts = F_TID_MANY,
	  .text = "clone3 set_tid_size is above 32" },
	{ .calls = K_CLONE3, .facts = F_TID_NOPTR,
	  .text = "clone3 set_tid_size requires set_tid" },
	{ .calls = K_CLONE3, .facts = F_TID_NOSIZE,
	  .text = "clone3 set_tid requires set_tid_size" },
	{ .calls = K_CLONE3, .facts = F_SIG_BAD,
	  .text = "clone3 exit_signal is not a valid signal" },
	{ .calls = K_CLONE3, .all = CLONE_INTO_CGROUP, .facts = F_OLD_STRUCT,
	  .text = "CLONE_INTO_CGROUP requires a clone_args of 88 bytes or more" },
	{ .calls = K_CLONE3, .all = CLONE_INTO_CGROUP, .facts = F_CGROUP_BAD,
	  .text = "CLONE_INTO_CGROUP requires cgroup to be a file descriptor" },
	/* clone3_args_valid() */
	{ .calls = K_CLONE3, .facts = F_UNKNOWN,
	  .text = "clone3 flags has unknown bits" },
	{ .calls = K_CLONE3, .all = CLONE_DETACHED,
	  .text = "clone3 does not accept CLONE_DETACHED" },
	{ .calls = K_CLONE3, .any = CLONE3_SIGBYTE,
	  .text = "clone3 flags cannot hold a signal (use exit_signal)" },
	{ .calls = K_BOTH, .all = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND,
	  .text = "CLONE_SIGHAND cannot be combined with CLONE_CLEAR_SIGHAND" },
	{ .calls = K_CLONE3, .any = CLONE_THREAD | CLONE_PARENT, .facts = F_SIG,
	  .text = "clone3 exit_signal must be 0 with CLONE_THREAD or CLONE_PARENT" },
	{ .calls = K_CLONE3, .facts = F_STACK_NOSIZE,
	  .text = "clone3 stack requires stack_size" },
	{ .calls = K_CLONE3, .facts = F_SIZE_NOSTACK,
	  .text = "clone3 stack_size requires stack" },
	/* check_unshare_flags(), check_setns_flags() */
	{ .calls = K_UNSHARE, .facts = F_UNKNOWN,
	  .text = "unshare accepts only CLONE_FILES, CLONE_FS, CLONE_NEW*, CLONE_SIGHAND, "
	  "CLONE_SYSVSEM, CLONE_THREAD and CLONE_VM" },
	{ .calls = K_SETNS, .facts = F_UNKNOWN,
	  .text = "setns nstype accepts only CLONE_NEW* flags" },
};

#define N_RULES (sizeof(rules) / sizeof(rules[0]))

static unsigned call_kind(const struct ct_call *c)
{
	switch (c->sysc) {
	case CT_SYS_CLONE:
	case CT_SYS_FORK:
	case CT_SYS_VFORK:
		return K_CLONE;
	case CT_SYS_CLONE3:
		return K_CLONE3;
	case CT_SYS_UNSHARE:
		return K_UNSHARE;
	case CT_SYS_SETNS:
		return K_SETNS;
	}
	return 0;
}

static unsigned clone3_facts(const struct ct_call *c)
{
	unsigned f = 0;

	if (c->cargs == CT_CARGS_TOO_SMALL)
		f |= F_SIZE_SMALL;
	if (c->cargs == CT_CARGS_TOO_BIG)
		f |= F_SIZE_BIG;
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		f |= F_TAIL;
	if (c->cargs != CT_CARGS_OK && c->cargs != CT_CARGS_NONZERO_TAIL)
		return f;	/* nothing else is known */
	if (c->exit_signal_raw)
		f |= F_SIG;
	/* the upper bits must be clear and valid_signal(): at most _NSIG */
	if ((c->exit_signal_raw & ~(uint64_t)CSIGNAL) ||
	    c->exit_signal_raw > (uint64_t)signal_max(arch_signals(c->arch)))
		f |= F_SIG_BAD;
	if (c->set_tid_size > MAX_PID_NS_LEVEL)
		f |= F_TID_MANY;
	if (!c->set_tid_addr && c->set_tid_size)
		f |= F_TID_NOPTR;
	if (c->set_tid_addr && !c->set_tid_size)
		f |= F_TID_NOSIZE;
	if (c->cargs_size < CLONE_ARGS_SIZE_VER2)
		f |= F_OLD_STRUCT;
	if (c->cgroup > 0x7fffffff)
		f |= F_CGROUP_BAD;
	if (c->stack && !c->stack_size)
		f |= F_STACK_NOSIZE;
	if (!c->stack && c->stack_size)
		f |= F_SIZE_NOSTACK;
	if (c->flags & ~(uint64_t)CLONE3_KNOWN)
		f |= F_UNKNOWN;
	if (c->pidfd == c->parent_tid)
		f |= F_PIDFD_PTID;
	return f;
}

static unsigned call_facts(const struct ct_call *c, unsigned kind)
{
	switch (kind) {
	case K_CLONE:
		return c->exit_signal ? F_SIG : 0;
	case K_CLONE3:
		return clone3_facts(c);
	case K_UNSHARE:
		return c->flags & ~(uint64_t)UNSHARE_KNOWN ? F_UNKNOWN : 0;
	case K_SETNS:
		return c->flags & ~(uint64_t)CLONE_NS_ALL ? F_UNKNOWN : 0;
	}
	return 0;
}

static int breaks(const struct rule *r, unsigned kind, uint64_t flags, unsigned facts)
{
	return (r->calls & kind) &&
	       (flags & r->all) == r->all &&
	       (!r->any || (flags & r->any)) &&
	       !(flags & r->none) &&
	       (facts & r->facts) == r->facts;
}

size_t rules_check(const struct ct_call *c, const char **out, size_t max)
{
	unsigned kind, facts;
	size_t n = 0;

	if (!c)
		return 0;
	kind = call_kind(c);
	if (!kind)
		return 0;
	facts = call_facts(c, kind);
	for (size_t i = 0; i < N_RULES; i++)
		if (breaks(&rules[i], kind, c->flags, facts)) {
			if (out && n < max)
				out[n] = rules[i].text;
			n++;
		}
	return n;
}

size_t rules_all(const char **out, size_t max)
{
	for (size_t i = 0; out && i < N_RULES && i < max; i++)
		out[i] = rules[i].text;
	return N_RULES;
}

/*
 * An argument means something only where the flags use it: the kernel
 * ignores tls without CLONE_SETTLS, parent_tid without CLONE_PARENT_SETTID
 * (clone(): or CLONE_PIDFD, which returns the pidfd there), child_tid
 * without CLONE_CHILD_SETTID/CLEARTID and clone3's pidfd without
 * CLONE_PIDFD; whatever the registers held then is not recorded (runc's
 * clone(CLONE_PARENT) has 0x1 in the tls register).
 */
void clone_args_meaning(struct ct_call *c)
{
	uint64_t ptid = CLONE_PARENT_SETTID | (c->sysc == CT_SYS_CLONE ? CLONE_PIDFD : 0);

	if (!(c->flags & CLONE_SETTLS))
		c->has &= ~(unsigned)CT_HAS_TLS;
	if (!(c->flags & ptid))
		c->has &= ~(unsigned)CT_HAS_PARENT_TID;
	if (!(c->flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)))
		c->has &= ~(unsigned)CT_HAS_CHILD_TID;
	if (!(c->flags & CLONE_PIDFD))
		c->has &= ~(unsigned)CT_HAS_PIDFD;
}
