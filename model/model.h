/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_MODEL_MODEL_H
#define CLONETRACE_MODEL_MODEL_H

/*
 * The sharing and namespace model, pure: what a task holds follows from the
 * calls' flags and from facts the tracer read (namespace inodes from /proc,
 * kcmp(2) results, Tgid and PPid) and hands in.  No I/O, no ptrace, no
 * /proc, no kcmp here: a clone's semantics in, instances and inodes out.
 *
 * A child joins its creator's instance of each resource whose CLONE_* flag
 * says share and gets a new one otherwise; execve gives a new vm and its
 * own files and sighand; unshare(2) leaves what it names.  Namespaces are
 * the creator's unless the call made new ones.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"


/* A task holding an instance of a resource at some time of the trace (for resources[]). */
struct member {
	int inst, task;
};

/* The instances handed out so far, and who held each, a list per kind. */
struct model_state {
	int next[R_COUNT];		/* the last instance number of each kind */
	struct member *members[R_COUNT];
	size_t n_members[R_COUNT], cap_members[R_COUNT];
};

void model_state_free(struct model_state *m);
/* A new instance of kind k. */
int model_instance_new(struct model_state *m, enum res_kind k);
/* Task (id) now holds instance inst of k, in res[k]. */
void model_hold(struct model_state *m, int task, int res[R_COUNT], enum res_kind k, int inst);
/* A task whose creator is unknown (the root): a new instance of everything. */
void model_hold_new(struct model_state *m, int task, int res[R_COUNT]);
/* A new task made with flags: its creator's instance where they share, new ones otherwise. */
void model_clone(struct model_state *m, int task, int res[R_COUNT], const int creator[R_COUNT],
		 uint64_t flags);
/* execve: a new vm, and files and signal handlers no longer shared. */
void model_execve(struct model_state *m, int task, int res[R_COUNT]);
/*
 * unshare(2) with flags (as the program gave them): new instances of what
 * it leaves.  True when it made new namespaces (the caller's must be read again).
 */
bool model_unshare(struct model_state *m, int task, int res[R_COUNT], uint64_t flags);
/* Sorts each kind's members by instance and task, for resources[]. */
void model_members_sort(struct model_state *m);

/* What the kernel says of a child and its creator, where the flags are unknown. */
struct kinship {
	signed char same[R_COUNT];	/* kcmp(2): 1 the same object, 0 not, -1 unknown */
	bool same_tgid;			/* the child's Tgid is the creator's */
	bool other_parent;		/* the child's PPid is known and not the creator's process */
};
/* The sharing flags that explain k. */
uint64_t model_flags_of(const struct kinship *k);

/* A new child's namespaces, from its creator's (pid from pid_for_children, ...). */
void model_ns_inherit(uint64_t child[NS_COUNT], const uint64_t creator[NS_COUNT]);
/*
 * Whether the child's namespaces must be read from /proc rather than
 * inherited: its flags made new ones, the tracer attached (unshare and
 * setns were not seen), or the creator's *_for_children could not be read
 * (an unshare(CLONE_NEWPID/NEWTIME) before the namespace had a process).
 */
bool model_ns_unknown(uint64_t flags, bool attached, const uint64_t creator[NS_COUNT]);
/* Whether the child's NSpid must be read: it is not just its tid in the initial PID namespace. */
bool model_nspid_unknown(uint64_t flags, bool attached, const uint64_t creator[NS_COUNT],
			 int creator_n_nspid);

#endif
