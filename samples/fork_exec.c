/* SPDX-License-Identifier: MIT */
/*
 * fork_exec: a fork+exec chain and a shell pipeline.
 *
 * Usage: fork_exec [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root ─fork→ "exit42"  _exit(42), no exec
 *        ─fork→ "level1"  execve(SELF, [SELF, TRUTH, "--level", "1", FD])
 *                 ─fork→ "sh"  execve("/bin/sh", ["sh", "-c",
 *                          "SELF '' --report FD left | /usr/bin/tr a-z A-Z |
 *                           SELF '' --report FD right; exit 7"])
 *                 then level1 execve("/bin/true") and exits 0
 *
 * Every image of SELF reports itself on the inherited pipe FD; "right"
 * reports what came through the pipeline ("HELLO FROM LEFT").
 *
 * Truth: "children" [{"role", "pid", "ppid" (as the child saw it), "execs"
 * (paths of its successful execve calls, in order), "exit" ({"code": N}),
 * "parent_role"}] for roles exit42, level1, sh, left, right; "pipeline"
 * (what "right" read); "tr_path".  The tr task's pid is not known to the
 * sample: the tests find it as the sh task's child that exec'd tr.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <limits.h>

#include "samples/sample.h"

static char self[PATH_MAX];

/* --report FD ROLE: one line about this image; "right" also reads stdin. */
static int do_report(int fd, const char *role)
{
	if (!strcmp(role, "left")) {
		report(fd, "{\"role\":\"left\",\"pid\":%d,\"ppid\":%d}", getpid(), getppid());
		printf("hello from left\n");
		return 0;
	}
	char buf[256] = "";
	size_t n = fread(buf, 1, sizeof buf - 1, stdin);
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	json_t *o = json_pack("{s:s,s:i,s:i,s:s}", "role", role, "pid", getpid(),
			      "ppid", getppid(), "read", buf);
	char *s = json_dumps(o, JSON_COMPACT);
	report(fd, "%s", s);
	free(s);
	json_decref(o);
	return 0;
}

/* The first re-exec'd image: runs the pipeline, then becomes /bin/true. */
static int do_level1(const char *truth, int fd)
{
	char cmd[3 * PATH_MAX];
	report(fd, "{\"role\":\"level1\",\"pid\":%d,\"ppid\":%d,\"image\":\"self\"}", getpid(), getppid());
	snprintf(cmd, sizeof cmd,
		 "'%s' '' --report %d left | /usr/bin/tr a-z A-Z | '%s' '' --report %d right; exit 7",
		 self, fd, self, fd);
	pid_t sh = fork();
	if (sh < 0)
		return 1;
	if (sh == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(sh, &st, 0);
	report(fd, "{\"role\":\"sh\",\"pid\":%d,\"ppid\":%d,\"status\":%d,\"seen_by\":\"level1\"}",
	       sh, getpid(), st);
	fflush(stdout);
	execl("/bin/true", "true", (char *)NULL);
	return 126;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : "";
	if (self_exe(self, sizeof self) < 0)
		return 2;
	if (argc > 4 && !strcmp(argv[2], "--report"))
		return do_report(atoi(argv[3]), argv[4]);
	if (argc > 4 && !strcmp(argv[2], "--level"))
		return do_level1(truth_path, atoi(argv[4]));

	json_t *t = truth_new("fork_exec");
	int rp[2];
	if (report_pipe(rp) < 0)
		return 2;
	fflush(stdout);

	pid_t e42 = fork();
	if (e42 == 0)
		_exit(42);

	pid_t l1 = fork();
	if (l1 == 0) {
		char fdbuf[16];
		snprintf(fdbuf, sizeof fdbuf, "%d", rp[1]);
		execl(self, self, truth_path, "--level", "1", fdbuf, (char *)NULL);
		_exit(127);
	}
	close(rp[1]);
	int st42, stl1;
	waitpid(e42, &st42, 0);
	waitpid(l1, &stl1, 0);
	json_t *reports = reports_collect(rp[0]);

	/* Assemble one entry per role from what each side saw. */
	json_t *children = json_array();
	json_array_append_new(children, json_pack("{s:s,s:i,s:i,s:[],s:o,s:s}", "role", "exit42",
						  "pid", e42, "ppid", getpid(), "execs",
						  "exit", status_json_new(st42), "parent_role", "root"));
	json_array_append_new(children, json_pack("{s:s,s:i,s:i,s:[s,s],s:o,s:s}", "role", "level1",
						  "pid", l1, "ppid", getpid(), "execs", self, "/bin/true",
						  "exit", status_json_new(stl1), "parent_role", "root"));
	size_t i;
	json_t *r;
	json_array_foreach(reports, i, r) {
		const char *role = json_string_value(json_object_get(r, "role"));
		if (!role)
			continue;
		if (!strcmp(role, "level1") && json_integer_value(json_object_get(r, "pid")) != l1)
			json_object_set_new(t, "error", json_string("level1 pid mismatch"));
		if (!strcmp(role, "sh"))
			json_array_append_new(children, json_pack(
				"{s:s,s:O,s:O,s:[s],s:o,s:s}", "role", "sh", "pid", json_object_get(r, "pid"),
				"ppid", json_object_get(r, "ppid"), "execs", "/bin/sh",
				"exit", status_json_new((int)json_integer_value(json_object_get(r, "status"))),
				"parent_role", "level1"));
		if (!strcmp(role, "left") || !strcmp(role, "right")) {
			json_array_append_new(children, json_pack(
				"{s:s,s:O,s:O,s:[s],s:{s:i},s:s}", "role", role, "pid", json_object_get(r, "pid"),
				"ppid", json_object_get(r, "ppid"), "execs", self, "exit", "code", 0,
				"parent_role", "sh"));
			if (!strcmp(role, "right"))
				json_object_set(t, "pipeline", json_object_get(r, "read"));
		}
	}
	json_object_set_new(t, "children", children);
	json_object_set_new(t, "reports", reports);
	json_object_set_new(t, "self", json_string(self));
	json_object_set_new(t, "tr_path", json_string("/usr/bin/tr"));
	return truth_save(t, truth_path) ? 1 : 0;
}
