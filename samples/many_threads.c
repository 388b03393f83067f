/* SPDX-License-Identifier: MIT */
/*
 * many_threads: a process with thousands of threads, all blocked, for
 * `clonetrace record -p` to attach to and detach from.  Each thread blocks
 * in read(2) of one shared pipe; a forked child does the same with a few
 * threads of its own (a second process for --tree).  Attached and let go,
 * every blocked read must go on as if nothing had happened: none may fail
 * with EINTR or end early, and no thread may die.
 *
 * Usage: many_threads [TRUTH [THREADS [CHILD_THREADS]]]   (default 100, 4:
 * bounded when run bare; the attach tests ask for 3,000;
 * truth convention: samples/sample.h)
 * Prints "ready PID CHILD_PID" once every thread of both processes runs,
 * then waits for a line on stdin (or its end); then it writes one byte per thread into
 * the pipe, joins every thread, reaps the child and exits with 5.
 *
 * Truth: "threads" (the tids of its threads, not the leader's),
 * "released" (threads whose read returned its one byte), "child" ({"pid",
 * "threads": tids, "exit": {"code": the child's threads released}}),
 * "exit" ({"code": 5}).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>

#include "samples/sample.h"

#define STACK_SIZE (64 * 1024)

struct crowd {
	int n;
	pthread_t *threads;
	pid_t *tids;
	int started;		/* threads that run, under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int fd;			/* the pipe they read */
};

struct slot {
	struct crowd *c;
	int i;
};

static void *reader(void *arg)
{
	struct slot *s = arg;
	struct crowd *c = s->c;
	char b;

	pthread_mutex_lock(&c->lock);
	c->tids[s->i] = ct_gettid();
	c->started++;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return (void *)(long)(read(c->fd, &b, 1) == 1);
}

/* Starts n readers of fd and waits until every one runs; 0 or -1. */
static int crowd_start(struct crowd *c, int n, int fd)
{
	pthread_attr_t attr;
	struct slot *slots = calloc((size_t)n, sizeof(*slots));

	c->n = n;
	c->fd = fd;
	c->started = 0;
	c->threads = calloc((size_t)n, sizeof(*c->threads));
	c->tids = calloc((size_t)n, sizeof(*c->tids));
	if (!slots || !c->threads || !c->tids)
		return -1;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, STACK_SIZE);
	for (int i = 0; i < n; i++) {
		slots[i].c = c;
		slots[i].i = i;
		if (pthread_create(&c->threads[i], &attr, reader, &slots[i]) != 0) {
			fprintf(stderr, "many_threads: thread %d: cannot create\n", i);
			return -1;
		}
	}
	pthread_mutex_lock(&c->lock);
	while (c->started < n)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
	return 0;	/* slots stay: the threads hold them until they end */
}

/* Joins every reader: how many read their byte. */
static int crowd_join(struct crowd *c)
{
	int released = 0;

	for (int i = 0; i < c->n; i++) {
		void *r = NULL;

		if (pthread_join(c->threads[i], &r) == 0 && r)
			released++;
	}
	return released;
}

static json_t *tids_json_new(const struct crowd *c)
{
	json_t *a = json_array();

	for (int i = 0; i < c->n; i++)
		json_array_append_new(a, json_integer(c->tids[i]));
	return a;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 100, k = argc > 3 ? atoi(argv[3]) : 4;
	int release[2], child_tids[2], st;
	json_t *truth = truth_new("many_threads"), *child_truth;
	struct crowd mine, theirs;
	char line[64];
	pid_t child;

	if (n < 1 || k < 0 || pipe(release) < 0 || pipe(child_tids) < 0)
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		/* the child's tids go up a pipe: k of them, then it waits like the rest */
		/* without the write end, its readers see EOF if the parent dies */
		close(child_tids[0]);
		close(release[1]);
		if (crowd_start(&theirs, k, release[0]) < 0)
			_exit(100);
		if (write(child_tids[1], theirs.tids, (size_t)k * sizeof(pid_t)) < 0)
			_exit(101);
		close(child_tids[1]);
		_exit(crowd_join(&theirs));
	}
	close(child_tids[1]);
	theirs.n = k;
	theirs.tids = calloc((size_t)k + 1, sizeof(pid_t));
	if (!theirs.tids || read(child_tids[0], theirs.tids, (size_t)k * sizeof(pid_t)) !=
	    (ssize_t)((size_t)k * sizeof(pid_t)))
		return 1;
	if (crowd_start(&mine, n, release[0]) < 0)
		return 1;
	printf("ready %d %d\n", (int)getpid(), (int)child);
	fflush(stdout);
	/* the end of stdin releases them too: run bare, with nobody to say go */
	if (!fgets(line, sizeof(line), stdin) && ferror(stdin))
		return 1;
	for (int i = 0; i < n + k; i++)
		if (write(release[1], "x", 1) != 1)
			return 1;
	json_object_set_new(truth, "released", json_integer(crowd_join(&mine)));
	json_object_set_new(truth, "threads", tids_json_new(&mine));
	if (waitpid(child, &st, 0) < 0)
		return 1;
	child_truth = json_pack("{s:i,s:o,s:o}", "pid", (int)child, "threads", tids_json_new(&theirs),
				"exit", status_json_new(st));
	json_object_set_new(truth, "child", child_truth);
	json_object_set_new(truth, "exit", json_pack("{s:i}", "code", 5));
	return truth_save(truth, argc > 1 ? argv[1] : "") ? 1 : 5;
}
