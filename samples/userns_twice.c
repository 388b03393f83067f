/* SPDX-License-Identifier: MIT */
/*
 * userns_twice: Chromium's sandbox's two user namespaces.  A raw
 * clone(CLONE_NEWUSER) makes a child in a new user namespace, which then
 * maps its own uid and gid there (as Chromium does, so that it may make
 * another) and unshare(CLONE_NEWUSER)s into a second one, nested in the
 * first, and exits.  The first namespace has no task left in it at the end: only the
 * clone's record can say which it was.
 *
 * Usage: userns_twice [TRUTH]   (truth convention: samples/sample.h)
 *
 * Truth: "child" {"pid" (clone's return), "user_cloned" (inode of the
 * child's user namespace after the clone), "user_unshared" (after the
 * unshare), "unshare" (0, or the errno's name)}.  A clone refused (no user
 * namespaces here: EPERM, ENOSPC, EINVAL) is "skips"."newuser".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <sched.h>
#include <signal.h>

#include "samples/sample.h"

/* path gets the text s; 0 or -1. */
static int put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

/* In a new user namespace: uid and gid 0 there are the ones it had outside. */
static void map_self(uid_t uid, gid_t gid)
{
	char m[64];

	snprintf(m, sizeof m, "0 %u 1", (unsigned)uid);
	put("/proc/self/uid_map", m);
	put("/proc/self/setgroups", "deny");
	snprintf(m, sizeof m, "0 %u 1", (unsigned)gid);
	put("/proc/self/gid_map", m);
}

int main(int argc, char **argv)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("userns_twice"), *reps;
	int fds[2], status;
	long pid;

	if (report_pipe(fds) < 0)
		return 2;
	/* a raw clone with no stack: the child goes on as after fork(), on a copy of the stack */
	pid = syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER | SIGCHLD), NULL, NULL, NULL, NULL);
	if (pid == 0) {
		uint64_t cloned = ns_inode(0, "user");
		int r;

		map_self(uid, gid);
		r = unshare(CLONE_NEWUSER);
		const char *e = r < 0 ? strerrorname_np(errno) : NULL;

		report(fds[1], "{\"pid_seen\": %d, \"user_cloned\": %" PRIu64 ", \"user_unshared\": %"
		       PRIu64 ", \"unshare\": %s%s%s}", (int)getpid(), cloned, ns_inode(0, "user"),
		       e ? "\"" : "", e ? e : "0", e ? "\"" : "");
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0) {
		truth_skip(t, "newuser", "clone(CLONE_NEWUSER): %s", strerror(errno));
		close(fds[0]);
		return truth_save(t, truth_path) ? 1 : 0;
	}
	reps = reports_collect(fds[0]);
	if (waitpid((pid_t)pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	if (json_array_size(reps) != 1)
		return 1;
	json_object_set_new(json_array_get(reps, 0), "pid", json_integer(pid));
	json_object_set(t, "child", json_array_get(reps, 0));
	json_decref(reps);
	return truth_save(t, truth_path) ? 1 : 0;
}
