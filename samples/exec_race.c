/* SPDX-License-Identifier: MIT */
/*
 * exec_race: threads fork in a loop while the leader calls execve.  The
 * execve kills every other thread; one killed between making its child and
 * reporting the fork never reports it, and that child's first stop comes
 * with no creator's event ever to follow.  A tracer that holds the child
 * until the event hangs the program.
 *
 * Usage: exec_race [TRUTH [FORKERS]]   (truth convention: samples/sample.h)
 *        exec_race TRUTH --after-exec LEADER FORKS
 *
 *   leader ─pthread_create→ FORKERS threads (default 4), each: fork() in a
 *           loop, the child _exits 0 at once, the thread reaps it
 *          after the forkers made at least 8 children: execve(SELF, ...)
 * The new image reaps what children are left and writes the truth.
 *
 * Truth: "leader_pid", "after": {"getpid"} of the new image (== leader_pid),
 * "forks_before_exec" (children the forkers had made when the leader
 * called execve, a lower bound), "exit" ({"code": 0}).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

#include "samples/sample.h"

static atomic_int forks;

static void *forker(void *arg)
{
	for (;;) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p > 0) {
			atomic_fetch_add(&forks, 1);
			waitpid(p, NULL, 0);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : "";
	char self[PATH_MAX], lead[16], n[16];
	int forkers = argc > 2 ? atoi(argv[2]) : 4;
	pthread_t t;

	if (argc > 4 && !strcmp(argv[2], "--after-exec")) {
		json_t *truth = truth_new("exec_race");

		while (wait(NULL) > 0)
			;
		json_object_set_new(truth, "leader_pid", json_integer(atoi(argv[3])));
		json_object_set_new(truth, "forks_before_exec", json_integer(atoi(argv[4])));
		json_object_set_new(truth, "after", json_pack("{s:i}", "getpid", getpid()));
		json_object_set_new(truth, "exit", json_pack("{s:i}", "code", 0));
		return truth_save(truth, truth_path) ? 1 : 0;
	}
	if (self_exe(self, sizeof(self)) < 0)
		return 2;
	for (int i = 0; i < (forkers > 0 ? forkers : 4); i++)
		pthread_create(&t, NULL, forker, NULL);
	while (atomic_load(&forks) < 8)
		sched_yield();
	snprintf(lead, sizeof(lead), "%d", getpid());
	snprintf(n, sizeof(n), "%d", atomic_load(&forks));
	execl(self, self, truth_path, "--after-exec", lead, n, (char *)NULL);
	perror("execl");
	return 127;
}
