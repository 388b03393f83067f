/* SPDX-License-Identifier: MIT */
/*
 * busy: a long-running process for `clonetrace record -p`: a background
 * thread that lives throughout, and a loop that creates a thread and a
 * process every DELAY milliseconds.  The background thread names itself
 * "busy-bg" (PR_SET_NAME) once it runs.  It prints "ready" when the
 * background thread exists, and at the end "sum=N" (the threads' and children's
 * results), exiting with 3.
 *
 *   busy [TRUTH [ITERATIONS [DELAY_MS]]]
 *
 * Truth: the background thread's tid, every thread's tid and every child's
 * pid with its exit status, the sum.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "samples/sample.h"

static volatile int done;
static pid_t bg_tid;

static void *background(void *arg)
{
	/* named after it started, as thread pools do: only /proc shows it */
	prctl(PR_SET_NAME, "busy-bg");
	bg_tid = ct_gettid();
	while (!done)
		usleep(1000);
	return NULL;
}

static void *worker(void *arg)
{
	long *slot = arg;

	*slot = ct_gettid();
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 50, delay = argc > 3 ? atoi(argv[3]) : 20;
	json_t *truth = truth_new("busy"), *threads = json_array(), *children = json_array();
	pthread_t bg;
	long sum = 0;

	if (pthread_create(&bg, NULL, background, NULL) != 0)
		return 1;
	while (!bg_tid)
		usleep(100);
	printf("ready %d\n", getpid());
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		pthread_t t;
		long tid = 0;
		pid_t p;
		int st;

		if (pthread_create(&t, NULL, worker, &tid) != 0 || pthread_join(t, NULL) != 0)
			return 1;
		json_array_append_new(threads, json_integer(tid));
		p = fork();
		if (p < 0)
			return 1;
		if (p == 0)
			_exit(i % 7);
		if (waitpid(p, &st, 0) < 0)
			return 1;
		json_array_append_new(children, json_pack("{s:i,s:o}", "pid", p, "exit",
							  status_json_new(st)));
		sum += i + WEXITSTATUS(st);
		usleep(delay * 1000);
	}
	done = 1;
	pthread_join(bg, NULL);
	printf("sum=%ld\n", sum);
	json_object_set_new(truth, "background", json_integer(bg_tid));
	json_object_set_new(truth, "threads", threads);
	json_object_set_new(truth, "children", children);
	json_object_set_new(truth, "sum", json_integer(sum));
	truth_save(truth, argc > 1 ? argv[1] : NULL);
	return 3;
}
