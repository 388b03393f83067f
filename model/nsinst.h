/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_MODEL_NSINST_H
#define CLONETRACE_MODEL_NSINST_H

/*
 * Namespace instances, pure: one namespace over its life, as the trace's
 * namespaces[] lists it.  The kernel reuses a freed namespace's inode
 * number, so an inode alone names no namespace: two containers run one
 * after the other often get the same inodes.  What the tracer read of a
 * namespace (its kind, inode and, where the kernel gives one, its id) and
 * what made it (a call, or nothing seen) in, an instance out:
 *
 *  - the kernel's own namespace id (NS_GET_ID, Linux 6.18; NS_GET_MNTNS_ID
 *    for mount namespaces since 6.8) is unique for the boot: the same id is
 *    the same instance, another id another one;
 *  - without one, the lifetime rule: a namespace a call just made is a new
 *    instance (the inode's earlier holder is gone, as the kernel hands out
 *    no inode in use); an inode seen otherwise is the instance that last had
 *    it while a traced task is still in that one, else a new instance (its
 *    tasks all ended or left it: a namespace kept alive by an fd or a bind
 *    mount alone, and joined again, is then counted twice).
 *
 * Instances are numbered from 1 across kinds (nsinst_get()); each also has
 * its number among its kind's, "mnt:2" in the trace.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strmap.h"
#include "names/ns.h"

struct ns_instance {
	int kind;			/* enum ns_kind, never a *_for_children one */
	int num;			/* among its kind's, from 1 */
	uint64_t inode;
	uint64_t kid;			/* the kernel's namespace id; 0: not given */
	uint64_t time_ns;		/* first seen */
	int call;			/* id of the call that made it; 0: none seen */
	int task;			/* id of the task first seen in it (see nsinst_unseen()) */
	bool unseen;			/* a task's own became it by a call not seen */
	long live;			/* references by traced tasks alive (nsinst_enter()) */
};

struct nsinst_state {
	struct ns_instance *v;		/* [n]: instance i is v[i - 1] */
	size_t n, cap;
	int next[NS_COUNT];		/* the last number given of each kind */
	struct strmap latest;		/* "kind inode" -> the last instance with it */
};

/* What made the namespaces being read: by kind (an own kind), the id of the call, 0: none. */
struct ns_origin {
	int call[NS_COUNT];
};

void nsinst_init(struct nsinst_state *m);
void nsinst_free(struct nsinst_state *m);
/*
 * The instance a task found (id task) in kind k (any kind: pid_for_children
 * is a pid namespace) with inode and kernel id kid (0: none) at time_ns;
 * made by o's call of k's own kind, if any (o may be NULL).  0 for inode 0
 * (not read).
 */
int nsinst_resolve(struct nsinst_state *m, int k, uint64_t inode, uint64_t kid,
		   const struct ns_origin *o, int task, uint64_t time_ns);
/* Instance i (1..n). */
const struct ns_instance *nsinst_get(const struct nsinst_state *m, int i);
/* A traced task now refers to instance i (0: nothing), or no longer does. */
void nsinst_enter(struct nsinst_state *m, int i);
void nsinst_leave(struct nsinst_state *m, int i);
/*
 * Instance i, first seen in task seen, is where task's own namespace went
 * by an unshare or setns the trace did not see (light and attach modes):
 * it is marked so, and its task is that one.  Nothing for an instance a
 * call made or seen before in another task.
 */
void nsinst_unseen(struct nsinst_state *m, int i, int seen, int task);

#endif
