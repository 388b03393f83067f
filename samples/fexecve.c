/* SPDX-License-Identifier: MIT */
/*
 * fexecve: programs run from a file descriptor, as runc, crun and
 * firejail's helpers do: execveat(fd, "", ..., AT_EMPTY_PATH) (glibc's
 * fexecve), the same from a memfd copy of the program (runc's
 * /proc/self/exe clone), and execveat(dirfd, NAME, ..., 0).
 *
 * Usage: fexecve [TRUTH [--after-exec ROLE FD]]   (samples/sample.h)
 *
 * Each of three children execs this program again with --after-exec; the
 * new image reports its tid and what /proc/self/exe names, on the
 * inherited pipe FD.
 *   "fd":      fexecve(open(self, O_RDONLY))
 *   "memfd":   fexecve(memfd_create("ct-memfd") holding a copy of self)
 *   "dirfd":   execveat(open(dir of self, O_PATH), basename of self, 0)
 *   "detached": fexecve of self bind-mounted on a file, opened O_PATH, the
 *              mount then detached (runc 1.1's cloned binary): the new
 *              image's /proc/self/exe reads "/"; "file" is what it is
 *              (needs CAP_SYS_ADMIN for its own mount namespace; else
 *              skips."detached")
 *
 * Truth: "execs" [{role, tid, dirfd (the number passed), path (as
 * passed), flags (names), fd_path (what /proc/self/fd/DIRFD named before
 * the exec), exe (readlink /proc/self/exe after), file (detached: the
 * program's path on the host)}].
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <libgen.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "samples/sample.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

extern char **environ;

static int after_exec(const char *role, int fd)
{
	char exe[4096];
	if (self_exe(exe, sizeof exe) < 0)
		strcpy(exe, "?");
	json_t *o = json_pack("{s:s,s:i,s:s}", "role", role, "tid", (int)ct_gettid(), "exe", exe);
	char *s = json_dumps(o, JSON_COMPACT);
	report(fd, "%s", s);
	free(s);
	json_decref(o);
	return 0;
}

/* In a child: execveat(dirfd, path, self --after-exec role rep, flags); reports only on failure. */
static void child_exec(const char *truth, const char *role, int dirfd, const char *path, int flags,
		       int rep)
{
	char fdbuf[16], link[64], target[4096] = "";
	snprintf(fdbuf, sizeof fdbuf, "%d", rep);
	snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	target[n > 0 ? n : 0] = 0;
	json_t *o = json_pack("{s:s,s:i,s:i,s:s,s:s}", "role", role, "tid", (int)ct_gettid(),
			      "dirfd", dirfd, "path", path, "fd_path", target);
	json_object_set_new(o, "flags", json_array());
	if (flags & AT_EMPTY_PATH)
		json_array_append_new(json_object_get(o, "flags"), json_string("AT_EMPTY_PATH"));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "{\"exec\":%s}", s);
	free(s);
	json_decref(o);
	char *av[] = { "fexecve", (char *)truth, "--after-exec", (char *)role, fdbuf, NULL };
	syscall(SYS_execveat, dirfd, path, av, environ, flags);
	report(rep, "{\"failed\":\"%s: %s\"}", role, strerror(errno));
	_exit(1);
}

static int copy_to_memfd(const char *self)
{
	int in = open(self, O_RDONLY | O_CLOEXEC);
	int out = memfd_create("ct-memfd", 0);
	char buf[65536];
	ssize_t n;
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	return out;
}

/* self bind-mounted on a new file, opened O_PATH, the mount detached; -1 and errno */
static int detached_fd(const char *self, const char *truth)
{
	char p[4200];
	snprintf(p, sizeof p, "%s.detached", truth && *truth && strcmp(truth, "-") ? truth : "/tmp/ct-fexecve");
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	int f = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0700);
	if (f < 0)
		return -1;
	close(f);
	if (mount(self, p, NULL, MS_BIND, NULL) < 0)
		return -1;
	int fd = open(p, O_PATH);
	umount2(p, MNT_DETACH);
	unlink(p);
	return fd;
}

int main(int argc, char **argv)
{
	/* "" when run bare: the re-executed image gets an argv[1] all the same */
	const char *truth_path = argc > 1 ? argv[1] : "";
	char self[4096], dir[4096], base[4096];
	int fds[2], st, rc = 0;

	if (argc > 4 && !strcmp(argv[2], "--after-exec"))
		return after_exec(argv[3], atoi(argv[4]));
	json_t *t = truth_new("fexecve");
	if (self_exe(self, sizeof self) < 0 || report_pipe(fds) < 0)
		return 2;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", self);
	snprintf(dir, sizeof dir, "%s", dirname(tmp));
	snprintf(tmp, sizeof tmp, "%s", self);
	snprintf(base, sizeof base, "%s", basename(tmp));

	for (int i = 0; i < 4; i++) {
		pid_t p = fork();
		if (p == 0) {
			close(fds[0]);
			if (i == 0)
				child_exec(truth_path, "fd", open(self, O_RDONLY), "", AT_EMPTY_PATH, fds[1]);
			else if (i == 1)
				child_exec(truth_path, "memfd", copy_to_memfd(self), "", AT_EMPTY_PATH, fds[1]);
			else if (i == 2)
				child_exec(truth_path, "dirfd", open(dir, O_PATH | O_DIRECTORY), base, 0, fds[1]);
			int dfd = detached_fd(self, truth_path);
			if (dfd < 0) {
				report(fds[1], "{\"skip\":\"detached: %s\"}", strerror(errno));
				_exit(0);
			}
			child_exec(truth_path, "detached", dfd, "", AT_EMPTY_PATH, fds[1]);
		}
		waitpid(p, &st, 0);
		rc |= !WIFEXITED(st) || WEXITSTATUS(st);
	}
	close(fds[1]);
	json_t *reports = reports_collect(fds[0]), *r, *execs = json_array();
	size_t i;
	/* each child's "exec" line, completed with its new image's "exe" */
	json_array_foreach(reports, i, r) {
		json_t *e = json_object_get(r, "exec");
		if (json_object_get(r, "failed"))
			fprintf(stderr, "fexecve: %s\n", json_string_value(json_object_get(r, "failed")));
		if (json_object_get(r, "skip"))
			truth_skip(t, "detached", "%s", json_string_value(json_object_get(r, "skip")));
		if (!e)
			continue;
		if (!strcmp(json_string_value(json_object_get(e, "role")), "detached"))
			json_object_set_new(e, "file", json_string(self));
		size_t j;
		json_t *a;
		json_array_foreach(reports, j, a)
			if (json_object_get(a, "exe") &&
			    json_equal(json_object_get(a, "role"), json_object_get(e, "role")))
				json_object_set(e, "exe", json_object_get(a, "exe"));
		json_array_append(execs, e);
	}
	json_decref(reports);
	json_object_set_new(t, "execs", execs);
	return truth_save(t, truth_path) ? 1 : rc;
}
