/* SPDX-License-Identifier: MIT */
/*
 * thread_exec: a thread that is not the thread group leader calls execve.
 * The kernel kills the other threads, and the exec'ing thread takes over
 * the leader's tid.
 *
 * Usage: thread_exec [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root (leader) ─pthread_create→ "idle"  (blocks; killed by the exec)
 *                 ─pthread_create→ "exec"  execve(SELF, [SELF, TRUTH,
 *                                   "--after-exec", OLD_TID, LEADER, IDLE])
 * The new image writes the truth and exits 5.
 *
 * Truth: "leader_pid", "old_tid" (the exec'ing thread's tid before),
 * "idle_tid", "after": {"getpid", "gettid", "getppid"} of the new image
 * (getpid == gettid == leader_pid), "exec_path", "exit" ({"code": 5}).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <limits.h>
#include <pthread.h>

#include "samples/sample.h"

static char self[PATH_MAX];
static const char *truth_path;
static pid_t leader, idle_tid;
static pthread_barrier_t started;

static void *idle(void *arg)
{
	idle_tid = ct_gettid();
	pthread_barrier_wait(&started);
	for (;;)
		pause();
	return NULL;
}

static void *exec_thread(void *arg)
{
	char old[16], lead[16], idl[16];
	snprintf(old, sizeof old, "%d", ct_gettid());
	snprintf(lead, sizeof lead, "%d", leader);
	snprintf(idl, sizeof idl, "%d", idle_tid);
	fflush(stdout);
	execl(self, self, truth_path, "--after-exec", old, lead, idl, (char *)NULL);
	perror("execl");
	_exit(127);
}

int main(int argc, char **argv)
{
	truth_path = argc > 1 ? argv[1] : "";
	if (self_exe(self, sizeof self) < 0)
		return 2;

	if (argc > 5 && !strcmp(argv[2], "--after-exec")) {
		/* the new image: truth_new() records the pid/tid it has now */
		json_t *t = truth_new("thread_exec");
		json_object_set_new(t, "old_tid", json_integer(atoi(argv[3])));
		json_object_set_new(t, "leader_pid", json_integer(atoi(argv[4])));
		json_object_set_new(t, "idle_tid", json_integer(atoi(argv[5])));
		json_object_set_new(t, "after", json_pack("{s:i,s:i,s:i}", "getpid", getpid(),
							  "gettid", ct_gettid(), "getppid", getppid()));
		json_object_set_new(t, "exec_path", json_string(self));
		json_object_set_new(t, "exit", json_pack("{s:i}", "code", 5));
		return truth_save(t, truth_path) ? 1 : 5;
	}

	leader = getpid();
	pthread_t a, b;
	pthread_barrier_init(&started, NULL, 2);
	pthread_create(&a, NULL, idle, NULL);
	pthread_barrier_wait(&started);
	pthread_create(&b, NULL, exec_thread, NULL);
	for (;;)
		pause();	/* the exec ends this thread */
}
