/* SPDX-License-Identifier: MIT */
/*
 * model/nsinst.c: namespace instances.  The kernel's ids decide where it
 * gives them; without them, the lifetime rule: a call that made a namespace
 * makes a new instance, an inode seen again is the instance a traced task
 * is still in, else (its tasks all ended or left) a new one.
 */
#include "model/nsinst.h"
#include "names/ns.h"
#include "tests/unit/tap.h"

#define HOST_MNT 4026531832u
#define REUSED 4026532174u

/* The kernel's ids: the same id is the same namespace, another id another, whatever the inode. */
static void test_kernel_ids(void)
{
	struct nsinst_state m;
	struct ns_origin made = { .call = { [NS_MNT] = 7 } };
	int host, a, a2, b, c;

	nsinst_init(&m);
	host = nsinst_resolve(&m, NS_MNT, HOST_MNT, 4, NULL, 1, 10);
	is_int(host, 1, "the first namespace seen is instance 1");
	is_int(nsinst_get(&m, host)->num, 1, "... mnt:1");
	is_int(nsinst_get(&m, host)->call, 0, "... made by no call seen");
	a = nsinst_resolve(&m, NS_MNT, REUSED, 100, &made, 2, 20);
	is_int(nsinst_get(&m, a)->num, 2, "a mount namespace an unshare made: mnt:2");
	is_int(nsinst_get(&m, a)->call, 7, "... made by call 7");
	is_int(nsinst_get(&m, a)->task, 2, "... first seen in task 2");
	a2 = nsinst_resolve(&m, NS_MNT, REUSED, 100, NULL, 3, 30);
	is_int(a2, a, "its inode and id again, in another task: the same instance");
	/* no task holds it: the id still says it is the same (a bind mount kept it) */
	b = nsinst_resolve(&m, NS_MNT, REUSED, 100, NULL, 4, 40);
	is_int(b, a, "the same id with no task in it: the same instance");
	c = nsinst_resolve(&m, NS_MNT, REUSED, 101, NULL, 5, 50);
	ok(c != a, "the same inode with another id: a new instance");
	is_int(nsinst_get(&m, c)->num, 3, "... mnt:3");
	is_u64(nsinst_get(&m, c)->inode, REUSED, "... with the inode reused");
	nsinst_enter(&m, c);
	is_int(nsinst_resolve(&m, NS_MNT, REUSED, 102, NULL, 6, 60) != c, 1,
	       "a live instance's inode with another id: yet another (the id decides)");
	is_int(nsinst_resolve(&m, NS_MNT, 0, 0, NULL, 6, 60), 0, "inode 0 (not read): no instance");
	nsinst_free(&m);
}

/* Without the kernel's ids: the lifetime rule. */
static void test_lifetime(void)
{
	struct nsinst_state m;
	struct ns_origin made1 = { .call = { [NS_MNT] = 3 } }, made2 = { .call = { [NS_MNT] = 5 } };
	int a, again, b, c, d;

	nsinst_init(&m);
	a = nsinst_resolve(&m, NS_MNT, REUSED, 0, &made1, 2, 10);
	is_int(nsinst_get(&m, a)->call, 3, "made by call 3");
	is_int(nsinst_resolve(&m, NS_MNT, REUSED, 0, &made1, 2, 11), a,
	       "the same call's namespace read again: the same instance");
	nsinst_enter(&m, a);
	again = nsinst_resolve(&m, NS_MNT, REUSED, 0, NULL, 3, 12);
	is_int(again, a, "its inode in another task while a task is in it: the same instance");
	/* runc run ctA; runc run ctB: ctA's tasks ended, ctB's call makes a namespace with the inode */
	nsinst_leave(&m, a);
	b = nsinst_resolve(&m, NS_MNT, REUSED, 0, &made2, 4, 20);
	ok(b != a, "another call made a namespace with that inode: a new instance");
	is_int(nsinst_get(&m, b)->num, 2, "... mnt:2");
	/* a call made it while the earlier one is (as far as the tracer knows) alive: still new */
	nsinst_enter(&m, b);
	c = nsinst_resolve(&m, NS_MNT, REUSED, 0, &(struct ns_origin){ .call = { [NS_MNT] = 9 } },
			   5, 30);
	ok(c != b, "a call made it: new, whoever had the inode (the kernel hands out none in use)");
	/* seen without a call, its last holder's tasks all gone: a new instance */
	nsinst_leave(&m, b);
	d = nsinst_resolve(&m, NS_MNT, REUSED, 0, NULL, 6, 40);
	ok(d != c, "seen with no call, the last instance with its inode without tasks: new");
	is_int(nsinst_get(&m, d)->call, 0, "... made by no call seen");
	nsinst_free(&m);
}

/* Kinds: pid_for_children names a pid namespace; a call made only the kinds its origin says. */
static void test_kinds(void)
{
	struct nsinst_state m;
	struct ns_origin newpid = { .call = { [NS_PID] = 4 } };
	int pid, pfc, mnt;

	nsinst_init(&m);
	pfc = nsinst_resolve(&m, NS_PID_FOR_CHILDREN, 4026532175u, 0, &newpid, 2, 10);
	is_int(nsinst_get(&m, pfc)->kind, NS_PID, "pid_for_children's instance is a pid namespace");
	is_int(nsinst_get(&m, pfc)->call, 4, "... made by the unshare(CLONE_NEWPID)");
	pid = nsinst_resolve(&m, NS_PID, 4026532175u, 0, &newpid, 3, 11);
	is_int(pid, pfc, "the child's pid namespace is the caller's pid_for_children");
	mnt = nsinst_resolve(&m, NS_MNT, 4026532175u, 0, &newpid, 3, 12);
	ok(mnt != pid, "the same inode of another kind: another instance");
	is_int(nsinst_get(&m, mnt)->call, 0, "... not made by a call that made a pid namespace");
	is_int(nsinst_get(&m, mnt)->num, 1, "... mnt:1: numbered among its kind's");
	nsinst_free(&m);
}

/* Light and attached: a task's own namespace changed by a call not seen. */
static void test_unseen(void)
{
	struct nsinst_state m;
	int host, moved;

	nsinst_init(&m);
	host = nsinst_resolve(&m, NS_MNT, HOST_MNT, 4, NULL, 1, 10);
	moved = nsinst_resolve(&m, NS_MNT, REUSED, 200, NULL, 3, 20);
	nsinst_unseen(&m, moved, 3, 2);
	ok(nsinst_get(&m, moved)->unseen, "first seen in task 3, task 2's by an unseen call: unseen");
	is_int(nsinst_get(&m, moved)->task, 2, "... its task is task 2");
	nsinst_unseen(&m, host, 5, 2);
	ok(!nsinst_get(&m, host)->unseen, "an instance first seen in another task: not marked");
	nsinst_free(&m);
}

int main(void)
{
	test_kernel_ids();
	test_lifetime();
	test_kinds();
	test_unseen();
	return tap_done();
}
