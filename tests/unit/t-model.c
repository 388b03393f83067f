/* SPDX-License-Identifier: MIT */
/* model/: the sharing and namespace model, pure: flags and kernel facts in, instances and inodes out. */
#include "model/model.h"
#include "names/compat.h"
#include "names/ns.h"
#include "names/res.h"
#include "tests/unit/tap.h"

/* How many members say task holds inst of k. */
static int held(const struct model_state *m, int task, enum res_kind k, int inst)
{
	int n = 0;

	for (size_t i = 0; i < m->n_members[k]; i++)
		n += m->members[k][i].task == task && m->members[k][i].inst == inst;
	return n;
}

static void test_clone(void)
{
	struct model_state m = { 0 };
	int root[R_COUNT], thread[R_COUNT], fork[R_COUNT], vfork[R_COUNT];
	uint64_t pthread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			   CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

	model_hold_new(&m, 1, root);
	for (int k = 0; k < R_COUNT; k++)
		is_int(root[k], 1, "root holds %s:1", ct_res[k].name);
	model_clone(&m, 2, thread, root, pthread);
	for (int k = 0; k < R_COUNT; k++)
		is_int(thread[k], k == R_IO ? 2 : 1, "pthread_create: %s %s", ct_res[k].name,
		       k == R_IO ? "new (no CLONE_IO)" : "shared");
	model_clone(&m, 3, fork, root, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID);
	for (int k = 0; k < R_COUNT; k++)
		ok(fork[k] != root[k], "fork: a new %s", ct_res[k].name);
	model_clone(&m, 4, vfork, root, CLONE_VM | CLONE_VFORK);
	is_int(vfork[R_VM], root[R_VM], "vfork shares vm");
	ok(vfork[R_FILES] != root[R_FILES], "vfork: own files");
	/* execve after vfork: a new vm; resources[] still lists the vm it held */
	int fs = vfork[R_FS], sorted = 1;

	model_execve(&m, 4, vfork);
	ok(vfork[R_VM] != root[R_VM] && vfork[R_FILES] != fork[R_FILES], "execve: new vm and files");
	is_int(held(&m, 4, R_VM, root[R_VM]), 1, "the vfork child held its parent's vm once");
	is_int(held(&m, 4, R_VM, vfork[R_VM]), 1, "... and holds its own after execve");
	is_int(vfork[R_FS], fs, "execve keeps fs");
	model_members_sort(&m);
	for (int k = 0; k < R_COUNT; k++) {
		const struct member *v = m.members[k];

		for (size_t i = 1; i < m.n_members[k]; i++)
			sorted &= v[i - 1].inst < v[i].inst ||
				  (v[i - 1].inst == v[i].inst && v[i - 1].task <= v[i].task);
	}
	ok(sorted, "members sorted by instance and task, a kind at a time");
	model_state_free(&m);
}

static void test_unshare(void)
{
	struct model_state m = { 0 };
	int r[R_COUNT], before[R_COUNT];

	model_hold_new(&m, 1, r);
	memcpy(before, r, sizeof(r));
	ok(!model_unshare(&m, 1, r, CLONE_FILES), "unshare(CLONE_FILES): no namespace");
	ok(r[R_FILES] != before[R_FILES] && r[R_FS] == before[R_FS], "... a new files, same fs");
	memcpy(before, r, sizeof(r));
	ok(model_unshare(&m, 1, r, CLONE_NEWIPC), "unshare(CLONE_NEWIPC): a namespace");
	ok(r[R_SYSVSEM] != before[R_SYSVSEM], "... and a new semaphore undo list (ksys_unshare)");
	memcpy(before, r, sizeof(r));
	ok(model_unshare(&m, 1, r, CLONE_NEWNS), "unshare(CLONE_NEWNS): a namespace");
	ok(r[R_FS] != before[R_FS], "... and CLONE_FS implied: a new fs");
	memcpy(before, r, sizeof(r));
	ok(model_unshare(&m, 1, r, CLONE_NEWUSER), "unshare(CLONE_NEWUSER): a namespace");
	ok(r[R_FS] != before[R_FS], "... CLONE_FS implied");
	memcpy(before, r, sizeof(r));
	ok(model_unshare(&m, 1, r, UNSHARE_EMPTY_MNTNS), "UNSHARE_EMPTY_MNTNS: a mount namespace");
	ok(!model_unshare(&m, 1, r, 0), "unshare(0): nothing");
	model_state_free(&m);
}

static void test_kinship(void)
{
	struct kinship k = { .same = { 1, 1, 1, 1, 1, 0, -1 }, .same_tgid = true };
	uint64_t f = model_flags_of(&k);

	ok((f & (CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_THREAD)) ==
	   (CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_THREAD),
	   "kcmp same and Tgid: a thread's flags");
	ok(!(f & CLONE_IO), "kcmp io different: no CLONE_IO");
	ok(!(f & CLONE_PARENT), "a thread: not CLONE_PARENT");
	k = (struct kinship){ .same = { 0, 0, 0, 0, 0, 0, 1 }, .other_parent = true };
	f = model_flags_of(&k);
	is_u64(f, CLONE_PARENT, "another parent, nothing shared: CLONE_PARENT only (no kcmp for the thread group)");
	k = (struct kinship){ .same = { -1, -1, -1, -1, -1, -1, -1 } };
	is_u64(model_flags_of(&k), 0, "nothing known: no flags");
}

static void test_ns(void)
{
	uint64_t host[NS_COUNT] = { 10, 11, 12, 13, 14, 14, 16, 16, 18, 19 };
	uint64_t after[NS_COUNT], child[NS_COUNT];

	model_ns_inherit(child, host);
	for (int k = 0; k < NS_COUNT; k++)
		is_u64(child[k], host[k], "inherit %s", ct_ns[k].name);
	/* after unshare(CLONE_NEWPID): pid_for_children differs from pid */
	memcpy(after, host, sizeof(after));
	after[NS_PID_FOR_CHILDREN] = 40;
	after[NS_TIME_FOR_CHILDREN] = 41;
	model_ns_inherit(child, after);
	is_u64(child[NS_PID], 40, "a child's pid namespace is its creator's pid_for_children");
	is_u64(child[NS_TIME], 41, "... and its time namespace the creator's time_for_children");
	is_u64(child[NS_PID_FOR_CHILDREN], 40, "... pid_for_children too");

	ok(!model_ns_unknown(CLONE_VM | CLONE_FILES, false, host), "plain clone: namespaces inherited");
	ok(model_ns_unknown(CLONE_NEWNET, false, host), "CLONE_NEWNET: read them");
	ok(model_ns_unknown(0, true, host), "attached: read them");
	after[NS_PID_FOR_CHILDREN] = 0;
	ok(model_ns_unknown(0, false, after), "creator's pid_for_children unknown: read them");

	ok(!model_nspid_unknown(0, false, host, 1), "initial PID namespace: NSpid is the tid");
	ok(model_nspid_unknown(CLONE_NEWPID, false, host, 1), "CLONE_NEWPID: read NSpid");
	ok(model_nspid_unknown(0, false, host, 2), "creator in a nested PID namespace: read NSpid");
	memcpy(after, host, sizeof(after));
	after[NS_PID_FOR_CHILDREN] = 40;
	ok(model_nspid_unknown(0, false, after, 1), "after unshare(CLONE_NEWPID): read NSpid");
	ok(model_nspid_unknown(0, true, host, 1), "attached: read NSpid");
}

int main(void)
{
	test_clone();
	test_unshare();
	test_kinship();
	test_ns();
	return tap_done();
}
