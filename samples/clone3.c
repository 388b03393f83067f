/* SPDX-License-Identifier: MIT */
/*
 * clone3: the raw clone3 syscall with each struct size, CLONE_PIDFD,
 * CLONE_PARENT_SETTID, a non-SIGCHLD exit signal, set_tid in a new PID
 * namespace (and clones made inside it, which return namespace-local
 * pids), and CLONE_INTO_CGROUP where cgroup2 is mounted.
 *
 * Usage: clone3 [TRUTH]   (truth convention: samples/sample.h)
 *
 * Truth: "calls" [{"name", "caller" ("root" or "nsinit"), "size",
 * "flags" (names), "flags_value", "exit_signal", "set_tid" (array or
 * absent), "result" ({"value": N} as the caller got it, or {"errno":
 * "E..."}), "child" {"pid" (global, as the root sees it; for calls made
 * inside the new PID namespace: from the child's NSpid), "nspid" (as the
 * child read it), "getpid" (in the child), "exit", ...}, plus
 * "pidfd_value", "parent_tid_value", "cgroup_path", "cgroup_seen",
 * "signals_received" where they apply}].  Parts that cannot run here are
 * in "skips" (e.g. "into_cgroup", "newpid").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <signal.h>
#include <sys/mount.h>
#include <sys/statfs.h>

#include "samples/sample.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

static int rep_w;
static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig)
{
	usr1_count++;
}

static json_t *call_new(const char *name, const char *caller, size_t size, const struct ct_clone_args *a)
{
	json_t *o = json_pack("{s:s,s:s,s:i}", "name", name, "caller", caller, "size", (int)size);
	json_object_set_new(o, "flags", flags_names_new(a->flags));
	json_object_set_new(o, "flags_value", hex_new(a->flags));
	if (a->exit_signal) {
		const char *n = sigabbrev_np((int)a->exit_signal);
		char buf[32];
		snprintf(buf, sizeof buf, "SIG%s", n ? n : "?");
		json_object_set_new(o, "exit_signal", json_string(buf));
	} else {
		json_object_set_new(o, "exit_signal", json_null());
	}
	return o;
}

static void set_result(json_t *call, long r, int err)
{
	if (r < 0) {
		const char *n = strerrorname_np(err);
		json_object_set_new(call, "result", json_pack("{s:s}", "errno", n ? n : "?"));
	} else {
		json_object_set_new(call, "result", json_pack("{s:i}", "value", (int)r));
	}
}

/* In a new child: one report line with what it sees of itself. */
static void report_self(const char *name)
{
	long nspid[40];
	int n = nspid_read(0, nspid, 40);
	char list[512] = "";
	size_t off = 0;
	for (int i = 0; i < n && off < sizeof list - 24; i++)
		off += snprintf(list + off, sizeof list - off, "%s%ld", i ? "," : "", nspid[i]);
	report(rep_w, "{\"child_of\":\"%s\",\"getpid\":%d,\"getppid\":%d,\"nspid\":[%s],"
	       "\"pid_ns\":%" PRIu64 ",\"pid_for_children_ns\":%" PRIu64 "}",
	       name, getpid(), getppid(), list, ns_inode(0, "pid"), ns_inode(0, "pid_for_children"));
}

/* Plain children in each size: the struct's later fields stay zero. */
static void sizes(json_t *calls)
{
	static const size_t sz[] = { CLONE_ARGS_SIZE_VER0, CLONE_ARGS_SIZE_VER1, CLONE_ARGS_SIZE_VER2 };
	for (int i = 0; i < 3; i++) {
		struct ct_clone_args a = { .exit_signal = SIGCHLD };
		char name[32];
		pid_t ptid = 0;
		if (sz[i] == CLONE_ARGS_SIZE_VER2) {
			a.flags = CLONE_PARENT_SETTID;
			a.parent_tid = (uint64_t)(uintptr_t)&ptid;
		}
		snprintf(name, sizeof name, "size%zu", sz[i]);
		json_t *c = call_new(name, "root", sz[i], &a);
		long r = ct_clone3(&a, sz[i]);
		if (r == 0) {
			report_self(name);
			_exit(20 + i);
		}
		set_result(c, r, errno);
		if (r > 0) {
			int st;
			waitpid((pid_t)r, &st, 0);
			json_object_set_new(c, "child", json_pack("{s:i,s:o}", "pid", (int)r,
								  "exit", status_json_new(st)));
			if (a.flags & CLONE_PARENT_SETTID)
				json_object_set_new(c, "parent_tid_value", json_integer(ptid));
		}
		json_array_append_new(calls, c);
	}
}

static void pidfd(json_t *calls)
{
	int fd = -1;
	struct ct_clone_args a = { .flags = CLONE_PIDFD, .pidfd = (uint64_t)(uintptr_t)&fd,
				   .exit_signal = SIGCHLD };
	json_t *c = call_new("pidfd", "root", CLONE_ARGS_SIZE_VER0, &a);
	long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER0);
	if (r == 0) {
		report_self("pidfd");
		_exit(30);
	}
	set_result(c, r, errno);
	if (r > 0) {
		int st;
		char p[64], line[256];
		long fdpid = -1;
		snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
		FILE *f = fopen(p, "re");
		while (f && fgets(line, sizeof line, f))
			if (!strncmp(line, "Pid:", 4))
				fdpid = strtol(line + 4, NULL, 10);
		if (f)
			fclose(f);
		waitpid((pid_t)r, &st, 0);
		json_object_set_new(c, "child", json_pack("{s:i,s:o}", "pid", (int)r, "exit", status_json_new(st)));
		json_object_set_new(c, "pidfd_value", json_integer(fd));
		json_object_set_new(c, "pidfd_fdinfo_pid", json_integer(fdpid));
		close(fd);
	}
	json_array_append_new(calls, c);
}

static void exit_signal(json_t *calls)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigaction(SIGUSR1, &sa, NULL);
	struct ct_clone_args a = { .exit_signal = SIGUSR1 };
	json_t *c = call_new("exit_signal", "root", CLONE_ARGS_SIZE_VER1, &a);
	long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER1);
	if (r == 0) {
		report_self("exit_signal");
		_exit(31);
	}
	set_result(c, r, errno);
	if (r > 0) {
		int st;
		/* not SIGCHLD: only __WALL (or __WCLONE) waits for such a child */
		waitpid((pid_t)r, &st, __WALL);
		for (int i = 0; i < 200 && !usr1_count; i++)
			usleep(5000);
		json_object_set_new(c, "child", json_pack("{s:i,s:o}", "pid", (int)r, "exit", status_json_new(st)));
		json_object_set_new(c, "signals_received", json_integer(usr1_count));
	}
	json_array_append_new(calls, c);
}

/*
 * The init of the new PID namespace: clones with set_tid=[7] and forks;
 * both return pids local to the namespace.  Reports the calls itself.
 */
static int nsinit_main(void)
{
	report_self("newpid");
	struct ct_clone_args a = { .exit_signal = SIGCHLD };
	int seven = 7;
	a.set_tid = (uint64_t)(uintptr_t)&seven;
	a.set_tid_size = 1;
	long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER2);
	if (r == 0) {
		report_self("nsinit_set_tid");
		_exit(41);
	}
	int e = errno, st = 0;
	if (r > 0)
		waitpid((pid_t)r, &st, 0);
	report(rep_w, "{\"call_by_nsinit\":\"nsinit_set_tid\",\"ret\":%ld,\"errno\":\"%s\",\"status\":%d}",
	       r, r < 0 ? strerrorname_np(e) : "", st);

	struct ct_clone_args b = { .exit_signal = SIGCHLD };
	r = ct_clone3(&b, CLONE_ARGS_SIZE_VER0);
	if (r == 0) {
		report_self("nsinit_plain");
		_exit(42);
	}
	e = errno;
	st = 0;
	if (r > 0)
		waitpid((pid_t)r, &st, 0);
	report(rep_w, "{\"call_by_nsinit\":\"nsinit_plain\",\"ret\":%ld,\"errno\":\"%s\",\"status\":%d}",
	       r, r < 0 ? strerrorname_np(e) : "", st);
	return 40;
}

static void newpid(json_t *t, json_t *calls)
{
	int one = 1;
	struct ct_clone_args a = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
				   .set_tid = (uint64_t)(uintptr_t)&one, .set_tid_size = 1 };
	json_t *c = call_new("newpid", "root", CLONE_ARGS_SIZE_VER2, &a);
	json_object_set_new(c, "set_tid", json_pack("[i]", 1));
	long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER2);
	if (r == 0)
		_exit(nsinit_main());
	set_result(c, r, errno);
	if (r > 0) {
		int st;
		waitpid((pid_t)r, &st, 0);
		json_object_set_new(c, "child", json_pack("{s:i,s:o}", "pid", (int)r, "exit", status_json_new(st)));
	} else {
		truth_skip(t, "newpid", "clone3(CLONE_NEWPID, set_tid=[1]): %s", strerror(errno));
	}
	json_array_append_new(calls, c);
}

/* The mount point of a cgroup2 file system, from /proc/self/mountinfo. */
static int cgroup2_mount(char *out, size_t n)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = -1;
	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		char mnt[4096], *sep = strstr(line, " - ");
		if (!sep || strncmp(sep, " - cgroup2 ", 11))
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1 && strlen(mnt) < n) {
			strcpy(out, mnt);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

static void into_cgroup(json_t *t, json_t *calls)
{
	char mnt[1024], dir[1200];
	if (cgroup2_mount(mnt, sizeof mnt) < 0) {
		truth_skip(t, "into_cgroup", "no cgroup2 file system mounted");
		return;
	}
	snprintf(dir, sizeof dir, "%s/clonetrace-sample-%d", mnt, getpid());
	if (mkdir(dir, 0755) < 0) {
		truth_skip(t, "into_cgroup", "mkdir %s: %s", dir, strerror(errno));
		return;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		truth_skip(t, "into_cgroup", "open %s: %s", dir, strerror(errno));
		rmdir(dir);
		return;
	}
	struct ct_clone_args a = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
				   .cgroup = (uint64_t)fd };
	json_t *c = call_new("into_cgroup", "root", CLONE_ARGS_SIZE_VER2, &a);
	json_object_set_new(c, "cgroup_fd", json_integer(fd));
	json_object_set_new(c, "cgroup_path", json_string(dir));
	long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER2);
	if (r == 0) {
		char line[1024] = "", l[1024];
		FILE *f = fopen("/proc/self/cgroup", "re");
		while (f && fgets(l, sizeof l, f))
			if (!strncmp(l, "0::", 3)) {
				l[strcspn(l, "\n")] = 0;
				strcpy(line, l + 3);
			}
		report(rep_w, "{\"child_of\":\"into_cgroup\",\"getpid\":%d,\"cgroup\":\"%s\"}", getpid(), line);
		_exit(50);
	}
	set_result(c, r, errno);
	if (r > 0) {
		int st;
		waitpid((pid_t)r, &st, 0);
		json_object_set_new(c, "child", json_pack("{s:i,s:o}", "pid", (int)r, "exit", status_json_new(st)));
		json_object_set_new(c, "cgroup_relative", json_string(dir + strlen(mnt)));
	} else {
		truth_skip(t, "into_cgroup", "clone3(CLONE_INTO_CGROUP): %s", strerror(errno));
	}
	json_array_append_new(calls, c);
	close(fd);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("clone3");
	json_t *calls = json_array();
	int rp[2];
	if (pipe2(rp, O_CLOEXEC) < 0)
		return 2;
	rep_w = rp[1];
	fflush(stdout);

	sizes(calls);
	pidfd(calls);
	exit_signal(calls);
	newpid(t, calls);
	into_cgroup(t, calls);

	close(rp[1]);
	json_t *reports = reports_collect(rp[0]);

	/* Attach what each child saw of itself to its call. */
	size_t i, j;
	json_t *c, *r;
	json_array_foreach(calls, i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		json_t *child = json_object_get(c, "child");
		json_array_foreach(reports, j, r) {
			const char *of = json_string_value(json_object_get(r, "child_of"));
			if (!child || !of || strcmp(of, name))
				continue;
			json_object_set(child, "getpid", json_object_get(r, "getpid"));
			json_object_set(child, "nspid", json_object_get(r, "nspid"));
			json_object_set(child, "pid_ns", json_object_get(r, "pid_ns"));
			if (json_object_get(r, "cgroup"))
				json_object_set(c, "cgroup_seen", json_object_get(r, "cgroup"));
		}
	}
	/* The calls the namespace's init made, as it saw them. */
	json_array_foreach(reports, j, r) {
		const char *name = json_string_value(json_object_get(r, "call_by_nsinit"));
		if (!name)
			continue;
		struct ct_clone_args a = { .exit_signal = SIGCHLD };
		int is_set_tid = !strcmp(name, "nsinit_set_tid");
		c = call_new(name, "nsinit", is_set_tid ? CLONE_ARGS_SIZE_VER2 : CLONE_ARGS_SIZE_VER0, &a);
		if (is_set_tid)
			json_object_set_new(c, "set_tid", json_pack("[i]", 7));
		long ret = (long)json_integer_value(json_object_get(r, "ret"));
		if (ret < 0)
			json_object_set_new(c, "result", json_pack("{s:O}", "errno", json_object_get(r, "errno")));
		else
			json_object_set_new(c, "result", json_pack("{s:i}", "value", (int)ret));
		json_t *rr;
		size_t k;
		json_array_foreach(reports, k, rr) {
			const char *of = json_string_value(json_object_get(rr, "child_of"));
			if (!of || strcmp(of, name))
				continue;
			json_t *nspid = json_object_get(rr, "nspid");
			json_object_set_new(c, "child", json_pack("{s:O,s:O,s:O,s:O,s:o}",
				"pid", json_array_get(nspid, 0), "nspid", nspid,
				"getpid", json_object_get(rr, "getpid"), "pid_ns", json_object_get(rr, "pid_ns"),
				"exit", status_json_new((int)json_integer_value(json_object_get(r, "status")))));
		}
		json_array_append_new(calls, c);
	}
	json_object_set_new(t, "calls", calls);
	json_object_set_new(t, "reports", reports);
	return truth_save(t, truth_path) ? 1 : 0;
}
