/* SPDX-License-Identifier: MIT */
/*
 * stack_chain: threads and a process made from a known chain of calls, for
 * `clonetrace record --stack`.  main -> start_workers -> spawn_one ->
 * pthread_create, three times; main -> fork_helper -> fork.  Built with the
 * ordinary -O2: the helpers are kept as real frames (noinline, and an empty
 * asm after each call so the call is not a tail call).
 *
 * Truth: the worker tids and the forked child's pid.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samples/sample.h"

#define NWORKERS 3

static pid_t worker_tid[NWORKERS];

static void *work(void *arg)
{
	worker_tid[(long)arg] = ct_gettid();
	return NULL;
}

__attribute__((noinline)) static int spawn_one(pthread_t *t, long i)
{
	int r = pthread_create(t, NULL, work, (void *)i);

	__asm__ volatile("" ::: "memory");
	return r;
}

__attribute__((noinline)) static int start_workers(pthread_t *t, int n)
{
	for (long i = 0; i < n; i++)
		if (spawn_one(&t[i], i) != 0)
			return -1;
	__asm__ volatile("" ::: "memory");
	return 0;
}

__attribute__((noinline)) static pid_t fork_helper(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	__asm__ volatile("" ::: "memory");
	return p;
}

int main(int argc, char **argv)
{
	json_t *truth = truth_new("stack_chain"), *tids = json_array();
	pthread_t t[NWORKERS];
	pid_t child;
	int st;

	if (start_workers(t, NWORKERS) < 0) {
		fprintf(stderr, "stack_chain: pthread_create failed\n");
		return 1;
	}
	for (int i = 0; i < NWORKERS; i++) {
		pthread_join(t[i], NULL);
		json_array_append_new(tids, json_integer(worker_tid[i]));
	}
	child = fork_helper();
	if (child < 0 || waitpid(child, &st, 0) < 0) {
		perror("stack_chain: fork");
		return 1;
	}
	json_object_set_new(truth, "workers", tids);
	json_object_set_new(truth, "fork_child", json_integer(child));
	return truth_save(truth, argc > 1 ? argv[1] : NULL) < 0;
}
