/* SPDX-License-Identifier: MIT */
/*
 * seccomp_sandbox: processes that install their own seccomp filter, as
 * Chromium's and Firefox's sandboxes and `firejail --seccomp.drop` do.  The
 * kernel prefers a filter's SECCOMP_RET_ERRNO to a tracer's RET_TRACE, so
 * the calls such a filter refuses never reach a tracer's seccomp stop.
 *
 * Usage: seccomp_sandbox [TRUTH]   (truth convention: samples/sample.h)
 *
 *   "sandbox" (forked): no_new_privs, seccomp(2) with a filter returning
 *     ENOSYS for clone3 and EPERM for unshare, then
 *       clone3 (raw)                      ENOSYS
 *       unshare(CLONE_NEWUSER)            EPERM
 *       pthread_create: glibc's clone3 gets ENOSYS, it falls back to clone;
 *         the thread "sandbox_thread" calls unshare(CLONE_NEWUTS): EPERM
 *       fork (clone): "sandbox_child" inherits the filter and calls
 *         unshare(CLONE_NEWNS): EPERM
 *   "prctl_sandbox" (forked): prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)
 *     with a filter refusing unshare (EPERM), then unshare(CLONE_NEWIPC)
 *   the main process, unfiltered: unshare(0), which works
 *
 * Truth: "tasks" [{role, tid}], "calls" [{role, tid, syscall, flags
 * (names), result}] in each task's order, "filters" [{role, tid, how}]
 * ("seccomp" or "prctl").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "samples/sample.h"

#if defined(__x86_64__)
#define CT_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define CT_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define CT_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define CT_AUDIT_ARCH AUDIT_ARCH_ARM
#elif defined(__riscv) && __riscv_xlen == 64
#define CT_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined(__s390x__)
#define CT_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CT_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__loongarch64)
#define CT_AUDIT_ARCH AUDIT_ARCH_LOONGARCH64
#else
#error "seccomp_sandbox: unknown architecture"
#endif

static int rep = -1;

static void report_task(const char *role)
{
	report(rep, "{\"task\":\"%s\",\"tid\":%d}", role, (int)ct_gettid());
}

static void report_call(const char *role, const char *sc, uint64_t flags, long r, int err)
{
	json_t *o = json_pack("{s:s,s:i,s:s}", "role", role, "tid", (int)ct_gettid(), "syscall", sc);
	json_object_set_new(o, "flags", flags_names_new(flags));
	if (r < 0)
		json_object_set_new(o, "result", json_pack("{s:s}", "errno", strerrorname_np(err)));
	else
		json_object_set_new(o, "result", json_pack("{s:i}", "value", (int)r));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep, "{\"call\":%s}", s);
	free(s);
	json_decref(o);
}

static void do_unshare(const char *role, uint64_t flags)
{
	long r = unshare((int)flags);
	report_call(role, "unshare", flags, r, errno);
}

/* A filter: on this architecture, clone3 (if refuse_clone3) gets ENOSYS and unshare EPERM. */
static int filter_install(int via_prctl, int refuse_clone3)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CT_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, refuse_clone3 ? SECCOMP_RET_ERRNO | ENOSYS : SECCOMP_RET_ALLOW),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	if (via_prctl)
		return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void *sandbox_thread(void *arg)
{
	report_task("sandbox_thread");
	do_unshare("sandbox_thread", CLONE_NEWUTS);
	return NULL;
}

static int sandbox(void)
{
	struct ct_clone_args ca = { .exit_signal = SIGCHLD };
	pthread_t th;
	int st;

	report_task("sandbox");
	if (filter_install(0, 1) < 0) {
		report(rep, "{\"skip\":\"seccomp(2): %s\"}", strerror(errno));
		return 0;
	}
	report(rep, "{\"filter\":{\"role\":\"sandbox\",\"tid\":%d,\"how\":\"seccomp\"}}", (int)ct_gettid());
	long r = ct_clone3(&ca, sizeof ca);
	if (r == 0)
		_exit(0);	/* the filter did not refuse it: the truth says so */
	report_call("sandbox", "clone3", 0, r, errno);
	if (r > 0)
		waitpid((pid_t)r, &st, 0);
	do_unshare("sandbox", CLONE_NEWUSER);
	if (pthread_create(&th, NULL, sandbox_thread, NULL) == 0)
		pthread_join(th, NULL);
	pid_t c = fork();
	if (c == 0) {
		report_task("sandbox_child");
		do_unshare("sandbox_child", CLONE_NEWNS);
		_exit(0);
	}
	if (c > 0)
		waitpid(c, &st, 0);
	return 0;
}

static int prctl_sandbox(void)
{
	report_task("prctl_sandbox");
	if (filter_install(1, 0) < 0) {
		report(rep, "{\"skip\":\"prctl(PR_SET_SECCOMP): %s\"}", strerror(errno));
		return 0;
	}
	report(rep, "{\"filter\":{\"role\":\"prctl_sandbox\",\"tid\":%d,\"how\":\"prctl\"}}",
	       (int)ct_gettid());
	do_unshare("prctl_sandbox", CLONE_NEWIPC);
	return 0;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("seccomp_sandbox");
	int fds[2], st, rc = 0;

	if (report_pipe(fds) < 0)
		return 2;
	rep = fds[1];
	report_task("main");
	/* one after the other: the order of calls in the truth is each task's */
	pid_t s = fork();
	if (s == 0)
		_exit(sandbox());
	waitpid(s, &st, 0);
	rc |= !WIFEXITED(st) || WEXITSTATUS(st);
	pid_t p = fork();
	if (p == 0)
		_exit(prctl_sandbox());
	waitpid(p, &st, 0);
	rc |= !WIFEXITED(st) || WEXITSTATUS(st);
	do_unshare("main", 0);
	close(fds[1]);

	json_t *reports = reports_collect(fds[0]), *r;
	json_t *tasks = json_array(), *calls = json_array(), *filters = json_array();
	size_t i;
	json_array_foreach(reports, i, r) {
		json_t *v;
		if ((v = json_object_get(r, "call")))
			json_array_append(calls, v);
		else if ((v = json_object_get(r, "filter")))
			json_array_append(filters, v);
		else if ((v = json_object_get(r, "skip")))
			truth_skip(t, "filter", "%s", json_string_value(v));
		else if ((v = json_object_get(r, "task")))
			json_array_append_new(tasks, json_pack("{s:O,s:O}", "role", v, "tid",
							       json_object_get(r, "tid")));
	}
	json_decref(reports);
	json_object_set_new(t, "tasks", tasks);
	json_object_set_new(t, "calls", calls);
	json_object_set_new(t, "filters", filters);
	return truth_save(t, truth_path) ? 1 : rc;
}
