/* SPDX-License-Identifier: MIT */
/*
 * attach_ns: namespace calls made after a tracer attached, as by a
 * container runtime started by a daemon (`clonetrace record -p`).
 *
 * Usage: attach_ns [TRUTH]   (truth convention: samples/sample.h)
 *
 * Prints "ready" and waits for a line on stdin (the tracer is attached by
 * then); then forks "worker", which:
 *   unshare(0x1)                          EINVAL (no such flag)
 *   unshare(CLONE_NEWUTS|CLONE_NEWPID)    moves its UTS namespace; its
 *                                         children's PID namespace
 *   forks "inner" (pid 1 there), which reports and exits
 *   setns(the sample's UTS fd, CLONE_NEWUTS)  back
 * and reports its namespaces at the end.
 *
 * Truth: "worker" {tid, ns, nspid}, "inner" {tid, ns, nspid}, "calls"
 * [{syscall, flags (names), result}] by the worker, in order; skips."ns"
 * when the namespace calls are not permitted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <sched.h>

#include "samples/sample.h"

static int rep = -1;

static void report_call(const char *sc, uint64_t flags, long r, int err)
{
	json_t *o = json_pack("{s:s}", "syscall", sc);
	json_object_set_new(o, "flags", flags_names_new(flags));
	json_object_set_new(o, "result", r < 0 ? json_pack("{s:s}", "errno", strerrorname_np(err))
					       : json_pack("{s:i}", "value", (int)r));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "{\"call\":%s}", s);
	free(s);
	json_decref(o);
}

static void report_self(const char *role)
{
	json_t *o = json_pack("{s:i}", "tid", (int)ct_gettid());
	json_object_set_new(o, "ns", ns_json_new(0));
	json_object_set_new(o, "nspid", nspid_json_new(0));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "{\"%s\":%s}", role, s);
	free(s);
	json_decref(o);
}

static int worker(int uts)
{
	int st;
	long r = syscall(SYS_unshare, 0x1UL);
	report_call("unshare", 0x1, r, errno);
	r = unshare(CLONE_NEWUTS | CLONE_NEWPID);
	report_call("unshare", CLONE_NEWUTS | CLONE_NEWPID, r, errno);
	if (r == 0) {
		if (sethostname("ct-attach", 9) < 0)
			(void)0;
		pid_t in = fork();
		if (in == 0) {
			report_self("inner");
			_exit(0);
		}
		waitpid(in, &st, 0);
		r = setns(uts, CLONE_NEWUTS);
		report_call("setns", CLONE_NEWUTS, r, errno);
	}
	report_self("worker");
	return 0;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("attach_ns");
	int fds[2], st;
	char line[64];

	if (report_pipe(fds) < 0)
		return 2;
	rep = fds[1];
	int uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin))
		return 2;
	pid_t w = fork();
	if (w == 0) {
		close(fds[0]);
		_exit(worker(uts));
	}
	close(fds[1]);
	json_t *reports = reports_collect(fds[0]), *r, *calls = json_array();
	waitpid(w, &st, 0);
	size_t i;
	json_array_foreach(reports, i, r) {
		json_t *v;
		if ((v = json_object_get(r, "call")))
			json_array_append(calls, v);
		else if ((v = json_object_get(r, "worker")))
			json_object_set(t, "worker", v);
		else if ((v = json_object_get(r, "inner")))
			json_object_set(t, "inner", v);
	}
	json_decref(reports);
	json_t *second = json_object_get(json_array_get(calls, 1), "result");
	if (json_object_get(second, "errno"))
		truth_skip(t, "ns", "unshare(CLONE_NEWUTS|CLONE_NEWPID): %s",
			   json_string_value(json_object_get(second, "errno")));
	json_object_set_new(t, "calls", calls);
	return truth_save(t, truth_path) ? 1 : 0;
}
