/* SPDX-License-Identifier: MIT */
/*
 * threads: a pthread pool of 8 workers, all alive at once.
 *
 * Usage: threads [TRUTH]   (truth convention: samples/sample.h)
 *
 * Every task first creates its I/O context and SysV undo list (so KCMP_IO
 * and KCMP_SYSVSEM can tell tasks apart), then all wait on a barrier while
 * the main thread takes kcmp of every pair for every type.
 *
 * Truth: "main_tid", "workers" [{"index", "tid"} as each worker saw it with
 * gettid()], "tgid_seen" (getpid() in each worker, all the same),
 * "kcmp" [{"a", "b", "vm", "files", "fs", "sighand", "sysvsem", "io"}]
 * (0 = same object) over main + workers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "samples/sample.h"

#define NWORKERS 8

static pthread_barrier_t ready, done;
static int semid = -1;
static pid_t worker_tid[NWORKERS], worker_pid[NWORKERS];
static int worker_err[NWORKERS];

static void *worker(void *arg)
{
	int i = (int)(intptr_t)arg;
	worker_tid[i] = ct_gettid();
	worker_pid[i] = getpid();
	worker_err[i] = make_io_and_semundo(semid);
	pthread_barrier_wait(&ready);	/* main takes kcmp now */
	pthread_barrier_wait(&done);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("threads");
	pthread_t th[NWORKERS];

	semid = io_and_semundo_new(t);

	pthread_barrier_init(&ready, NULL, NWORKERS + 1);
	pthread_barrier_init(&done, NULL, NWORKERS + 1);
	for (int i = 0; i < NWORKERS; i++) {
		int e = pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
		if (e) {
			fprintf(stderr, "pthread_create: %s\n", strerror(e));
			return 1;
		}
	}
	pthread_barrier_wait(&ready);

	pid_t tids[NWORKERS + 1];
	tids[0] = ct_gettid();
	for (int i = 0; i < NWORKERS; i++)
		tids[i + 1] = worker_tid[i];
	if (kcmp_available())
		json_object_set_new(t, "kcmp", kcmp_pairs_new(tids, NWORKERS + 1));
	else
		truth_skip(t, "kcmp", "kcmp(2) unavailable: %s", strerror(errno));

	pthread_barrier_wait(&done);
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(th[i], NULL);

	json_object_set_new(t, "main_tid", json_integer(tids[0]));
	json_t *w = json_array();
	for (int i = 0; i < NWORKERS; i++)
		json_array_append_new(w, json_pack("{s:i,s:i,s:i,s:i}", "index", i,
						   "tid", worker_tid[i], "tgid_seen", worker_pid[i],
						   "io_semundo_error", worker_err[i]));
	json_object_set_new(t, "workers", w);
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	return truth_save(t, truth_path) ? 1 : 0;
}
