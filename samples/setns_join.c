/* SPDX-License-Identifier: MIT */
/*
 * setns_join: joining the namespaces of another process, as `nsenter`,
 * `runc exec` and `podman exec` do.
 *
 * Usage: setns_join [TRUTH]   (truth convention: samples/sample.h)
 *
 * "holder" (forked) unshares its UTS and IPC namespaces and waits.  The
 * thread "joiner" (setns moves only the calling thread), in order:
 *   setns(open(/proc/HOLDER/ns/uts), CLONE_NEWUTS)      joins holder's UTS
 *   setns(that fd, CLONE_NEWNET)                        EINVAL
 *   setns(open(own saved uts fd), 0)                    back to its own UTS
 *   setns(pidfd_open(HOLDER), CLONE_NEWUTS|CLONE_NEWIPC) joins both (5.8+)
 *   setns(open(/proc/INIT/ns/pid), CLONE_NEWPID)        changes only pid_for_children
 * then ends the holder.  The holder also unshares a PID namespace and forks
 * its init ("INIT", waiting too), whose namespace the last call joins: the
 * joiner's own pid namespace stays what it was (runc exec).
 *
 * Truth: "joiner_tid", "calls" [{fd, nstype (names), fd_kind ("uts", ... or "pidfd"),
 * fd_inode (the fd's namespace inode; 0 for a pidfd), result, joined
 * ({kind: inode} of each kind the call moved the caller to), and for the
 * pid call "after" ({pid, pid_for_children}: the caller's, read after it)}];
 * skips."ns" when not permitted (CAP_SYS_ADMIN), skips."pidfd" without
 * pidfd_open, skips."pid" when the holder could not make a PID namespace.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sched.h>

#include "samples/sample.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static json_t *calls;

static json_t *do_setns(int fd, const char *fd_kind, uint64_t fd_inode, int nstype,
			const char *const *kinds)
{
	long r = setns(fd, nstype);
	int err = errno;
	json_t *o = json_pack("{s:i,s:s,s:I}", "fd", fd, "fd_kind", fd_kind, "fd_inode",
			      (json_int_t)fd_inode);
	json_object_set_new(o, "nstype", flags_names_new((uint64_t)(unsigned)nstype));
	json_object_set_new(o, "result", r < 0 ? json_pack("{s:s}", "errno", strerrorname_np(err))
					       : json_pack("{s:i}", "value", 0));
	json_t *j = json_object();
	for (int i = 0; r == 0 && kinds[i]; i++)
		json_object_set_new(j, kinds[i], json_integer((json_int_t)ns_inode(0, kinds[i])));
	json_object_set_new(o, "joined", j);
	json_array_append_new(calls, o);
	return o;
}

static uint64_t fd_ino(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

struct job {
	pid_t holder, init, tid;	/* init: the holder's PID namespace's; 0: none */
	json_t *t;
};

static void *joiner(void *arg)
{
	static const char *const uts[] = { "uts", NULL }, *const none[] = { NULL },
			  *const both[] = { "uts", "ipc", NULL };
	struct job *j = arg;
	char p[64];

	j->tid = ct_gettid();
	int own = open("/proc/thread-self/ns/uts", O_RDONLY | O_CLOEXEC);
	snprintf(p, sizeof p, "/proc/%d/ns/uts", (int)j->holder);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	do_setns(fd, "uts", fd_ino(fd), CLONE_NEWUTS, uts);
	do_setns(fd, "uts", fd_ino(fd), CLONE_NEWNET, none);
	do_setns(own, "uts", fd_ino(own), 0, uts);
	int pfd = (int)syscall(SYS_pidfd_open, j->holder, 0);
	if (pfd < 0)
		truth_skip(j->t, "pidfd", "pidfd_open: %s", strerror(errno));
	else
		do_setns(pfd, "pidfd", 0, CLONE_NEWUTS | CLONE_NEWIPC, both);
	if (j->init) {
		static const char *const pidc[] = { "pid_for_children", NULL };

		snprintf(p, sizeof p, "/proc/%d/ns/pid", (int)j->init);
		int pidns = open(p, O_RDONLY | O_CLOEXEC);
		json_t *o = do_setns(pidns, "pid", fd_ino(pidns), CLONE_NEWPID, pidc);

		json_object_set_new(o, "after", json_pack("{s:I,s:I}",
			"pid", (json_int_t)ns_inode(0, "pid"),
			"pid_for_children", (json_int_t)ns_inode(0, "pid_for_children")));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("setns_join");
	int ready[2], hold[2], st;
	char c = 0;
	pid_t init = 0;

	calls = json_array();
	if (pipe(ready) < 0 || pipe(hold) < 0)
		return 2;
	pid_t h = fork();
	if (h == 0) {
		close(ready[0]);
		close(hold[1]);
		c = unshare(CLONE_NEWUTS | CLONE_NEWIPC) == 0 ? 'y' : 'n';
		/* a PID namespace with a process in it, to be joined by fd */
		if (c == 'y' && unshare(CLONE_NEWPID) == 0) {
			init = fork();
			if (init == 0) {
				close(ready[1]);
				_exit(read(hold[0], &c, 1) < 0);
			}
			if (init < 0)
				init = 0;
		}
		if (write(ready[1], &c, 1) != 1 || write(ready[1], &init, sizeof(init)) != sizeof(init) ||
		    read(hold[0], &c, 1) < 0)
			_exit(1);
		if (init > 0)
			waitpid(init, &st, 0);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1 || c != 'y') {
		truth_skip(t, "ns", "the holder could not unshare its UTS and IPC namespaces");
	} else {
		if (read(ready[0], &init, sizeof(init)) != sizeof(init) || !init)
			truth_skip(t, "pid", "the holder could not make a PID namespace");
		struct job j = { h, init, 0, t };
		pthread_t th;
		if (pthread_create(&th, NULL, joiner, &j) != 0)
			return 2;
		pthread_join(th, NULL);
		json_object_set_new(t, "joiner_tid", json_integer(j.tid));
		json_t *first = json_object_get(json_array_get(calls, 0), "result");
		if (json_object_get(first, "errno"))
			truth_skip(t, "ns", "setns: %s", json_string_value(json_object_get(first, "errno")));
	}
	close(hold[1]);
	waitpid(h, &st, 0);
	json_object_set_new(t, "calls", calls);
	return truth_save(t, truth_path) ? 1 : 0;
}
