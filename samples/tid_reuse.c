/* SPDX-License-Identifier: MIT */
/*
 * tid_reuse: the kernel hands out a tid that an earlier task of this run
 * had.  Traces must use stable task ids, not tids.
 *
 * Usage: tid_reuse [TRUTH]   (truth convention: samples/sample.h)
 *
 * 1. fork "first" (_exit(11)), reap it, then clone3 with set_tid=[its pid]
 *    makes "second" (_exit(12)) with the same pid.  set_tid needs
 *    CAP_SYS_ADMIN; without it the sample writes ns_last_pid (also root
 *    only) and forks until the pid comes round again; failing both, the
 *    part is skipped.
 * 2. A thread ("thread", joined) and then a process with set_tid=[its tid]
 *    ("after_thread", _exit(13)).
 *
 * Truth: "reuses" [{"tid", "first" {"name", "kind", "exit" (null for the
 * thread)}, "second" {"name", "kind", "exit"}, "method" ("set_tid" or
 * "ns_last_pid")}], in the order they happened.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "samples/sample.h"

static void ms_sleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/*
 * A child with pid `want` that _exits(code); returns its wait status in
 * *st and the method used, or NULL (reason in why).
 */
static const char *fork_as(pid_t want, int code, int *st, char *why, size_t n)
{
	int eperm = 0;
	/* the tid can stay busy for a moment after the thread is joined */
	for (int i = 0; i < 200; i++) {
		struct ct_clone_args a = { .exit_signal = SIGCHLD };
		a.set_tid = (uint64_t)(uintptr_t)&want;
		a.set_tid_size = 1;
		long r = ct_clone3(&a, CLONE_ARGS_SIZE_VER2);
		if (r == 0)
			_exit(code);
		if (r > 0) {
			waitpid((pid_t)r, st, 0);
			return "set_tid";
		}
		if (errno != EEXIST) {
			eperm = errno;
			break;
		}
		ms_sleep(5);
	}
	snprintf(why, n, "clone3 set_tid: %s", strerror(eperm ? eperm : EEXIST));
	for (int i = 0; i < 50; i++) {
		FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "we");
		if (!f)
			break;
		fprintf(f, "%d", want - 1);
		if (fclose(f) != 0)
			break;
		pid_t p = fork();
		if (p == 0)
			_exit(code);
		if (p < 0)
			break;
		waitpid(p, st, 0);
		if (p == want)
			return "ns_last_pid";
	}
	snprintf(why + strlen(why), n - strlen(why), "; ns_last_pid did not give pid %d", want);
	return NULL;
}

static pid_t thread_tid;
static void *thread_fn(void *arg)
{
	thread_tid = ct_gettid();
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("tid_reuse");
	json_t *reuses = json_array();
	char why[512];
	int st;

	fflush(stdout);
	pid_t first = fork();
	if (first == 0)
		_exit(11);
	waitpid(first, &st, 0);
	json_t *fe = status_json_new(st);
	const char *m = fork_as(first, 12, &st, why, sizeof why);
	if (m)
		json_array_append_new(reuses, json_pack("{s:i,s:{s:s,s:s,s:o},s:{s:s,s:s,s:o},s:s}",
			"tid", first, "first", "name", "first", "kind", "process", "exit", fe,
			"second", "name", "second", "kind", "process", "exit", status_json_new(st),
			"method", m));
	else {
		json_decref(fe);
		truth_skip(t, "process", "%s", why);
	}

	pthread_t th;
	pthread_create(&th, NULL, thread_fn, NULL);
	pthread_join(th, NULL);
	m = fork_as(thread_tid, 13, &st, why, sizeof why);
	if (m)
		json_array_append_new(reuses, json_pack("{s:i,s:{s:s,s:s,s:n},s:{s:s,s:s,s:o},s:s}",
			"tid", thread_tid, "first", "name", "thread", "kind", "thread", "exit",
			"second", "name", "after_thread", "kind", "process", "exit", status_json_new(st),
			"method", m));
	else
		truth_skip(t, "thread", "%s", why);

	json_object_set_new(t, "reuses", reuses);
	return truth_save(t, truth_path) ? 1 : 0;
}
