/* SPDX-License-Identifier: MIT */
/*
 * unshare_pid: namespaces made by unshare(2) for the children only, as
 * runc's nsexec, `unshare -pf` and podman make them.  unshare(CLONE_NEWPID)
 * and unshare(CLONE_NEWTIME) leave the caller where it was and change
 * /proc/self/ns/pid_for_children and time_for_children, which can't even be
 * read until the new namespace has its first process.
 *
 * Usage: unshare_pid [TRUTH]   (truth convention: samples/sample.h)
 *
 * The main process forks "keeper", which (so the sample's own namespaces
 * stay as they are):
 *   unshare(CLONE_NEWTIME), then forks "timechild";
 *   unshare(CLONE_NEWPID), then forks "init" (pid 1 of the new namespace,
 *   and in the new time namespace too), which forks "grandchild" (pid 2
 *   there) and waits for it.
 * Each of them reports what it sees of itself: tid as its creator saw it
 * (the creator's fork() result, in the keeper's namespace: the host's),
 * "ns" (every /proc/thread-self/ns inode), "nspid".  The keeper reports
 * its own namespaces after the children exist.
 *
 * Truth: "keeper" {tid, ns, nspid, unshare_pid, unshare_time (0 or
 * -errno)}, "tasks" [{role, tid, ns, nspid}] (init, grandchild,
 * timechild); skips."newpid" / "newtime" when not permitted or not
 * supported.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <sched.h>

#include "samples/sample.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int rep = -1;

/* One report line: role, tid (as given), ns and nspid of the calling thread. */
static void report_self(const char *role, pid_t tid)
{
	json_t *o = json_pack("{s:s,s:i}", "role", role, "tid", (int)tid);
	json_object_set_new(o, "ns", ns_json_new(0));
	json_object_set_new(o, "nspid", nspid_json_new(0));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "%s", s);
	free(s);
	json_decref(o);
}

/* Forks a child that reports itself as role (after its own child, if any). */
static pid_t fork_reporter(const char *role, int with_grandchild)
{
	int go[2];
	if (pipe(go) < 0)
		return -1;
	pid_t p = fork();
	if (p == 0) {
		char c;
		close(go[1]);
		/* wait for the creator to learn our tid: it is what we report */
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		pid_t mine;
		if (read(go[0], &mine, sizeof mine) != sizeof mine)
			_exit(3);
		if (with_grandchild) {
			pid_t g = fork_reporter("grandchild", 0);
			int st;
			if (g > 0)
				waitpid(g, &st, 0);
		}
		report_self(role, mine);
		_exit(0);
	}
	close(go[0]);
	if (p > 0) {
		char c = 'g';
		/* the grandchild's tid as its creator (init, pid 1 inside) saw it */
		ssize_t w1 = write(go[1], &c, 1), w2 = write(go[1], &p, sizeof p);
		(void)w1;
		(void)w2;
	}
	close(go[1]);
	return p;
}

static int keeper(void)
{
	int st;
	long upid = 0, utime = 0;

	if (unshare(CLONE_NEWTIME) < 0) {
		utime = -errno;
	} else {
		pid_t tc = fork_reporter("timechild", 0);
		if (tc > 0)
			waitpid(tc, &st, 0);
	}
	/* after the init of a PID namespace made by unshare dies, fork fails: last */
	if (unshare(CLONE_NEWPID) < 0) {
		upid = -errno;
	} else {
		pid_t init = fork_reporter("init", 1);
		if (init > 0)
			waitpid(init, &st, 0);
	}
	json_t *o = json_pack("{s:s,s:i,s:i,s:i}", "role", "keeper", "tid", (int)ct_gettid(),
			      "unshare_pid", (int)upid, "unshare_time", (int)utime);
	json_object_set_new(o, "ns", ns_json_new(0));
	json_object_set_new(o, "nspid", nspid_json_new(0));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "%s", s);
	free(s);
	json_decref(o);
	return 0;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("unshare_pid");
	int fds[2], st;

	if (report_pipe(fds) < 0)
		return 2;
	rep = fds[1];
	pid_t k = fork();
	if (k == 0) {
		close(fds[0]);
		_exit(keeper());
	}
	close(fds[1]);
	json_t *reports = reports_collect(fds[0]);
	waitpid(k, &st, 0);

	json_t *tasks = json_array(), *r;
	size_t i;
	json_array_foreach(reports, i, r) {
		const char *role = json_string_value(json_object_get(r, "role"));
		if (role && !strcmp(role, "keeper"))
			json_object_set(t, "keeper", r);
		else
			json_array_append(tasks, r);
	}
	json_decref(reports);
	json_t *kp = json_object_get(t, "keeper");
	if (!kp) {
		fprintf(stderr, "unshare_pid: the keeper did not report\n");
		json_decref(tasks);
		json_decref(t);
		return 1;
	}
	int upid = (int)json_integer_value(json_object_get(kp, "unshare_pid"));
	int utime = (int)json_integer_value(json_object_get(kp, "unshare_time"));
	if (upid)
		truth_skip(t, "newpid", "unshare(CLONE_NEWPID): %s", strerror(-upid));
	if (utime)
		truth_skip(t, "newtime", "unshare(CLONE_NEWTIME): %s", strerror(-utime));
	json_object_set_new(t, "tasks", tasks);
	return truth_save(t, truth_path) ? 1 : WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
