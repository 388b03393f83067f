/* SPDX-License-Identifier: MIT */
/*
 * thread_names: threads that name themselves after they start, as JVM and
 * Chromium threads do ("GC Thread#0", "ThreadPoolForeg").
 *
 * Usage: thread_names [TRUTH]   (truth convention: samples/sample.h)
 *
 *   "prctl":   prctl(PR_SET_NAME, "ct-prctl-1"), then "ct-prctl-2"
 *   "procfs":  writes "ct-procfs" to /proc/self/task/TID/comm
 *   "other":   named by the main thread, pthread_setname_np(th, "ct-other")
 *              (glibc writes /proc/self/task/TID/comm for another thread)
 *   "plain":   keeps its creator's name
 * Each thread ends after the renames; the main thread names itself
 * "ct-main" last (the process's comm).
 *
 * Truth: "threads" [{role, tid, names (each name it had, in order, its
 * first the creator's), comm (the last)}], "main_names".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sys/prctl.h>

#include "samples/sample.h"

struct th {
	const char *role;
	pid_t tid;
	json_t *names;
	pthread_barrier_t named;	/* "other": the main thread has named it */
};

static void comm_now(json_t *names)
{
	char c[32] = "";
	prctl(PR_GET_NAME, c, 0, 0, 0);
	json_array_append_new(names, json_string(c));
}

static void *run(void *arg)
{
	struct th *t = arg;
	t->tid = ct_gettid();
	if (!strcmp(t->role, "prctl")) {
		prctl(PR_SET_NAME, "ct-prctl-1", 0, 0, 0);
		comm_now(t->names);
		prctl(PR_SET_NAME, "ct-prctl-2", 0, 0, 0);
		comm_now(t->names);
	} else if (!strcmp(t->role, "procfs")) {
		char p[64];
		snprintf(p, sizeof p, "/proc/self/task/%d/comm", (int)t->tid);
		int fd = open(p, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			ssize_t w = write(fd, "ct-procfs", 9);
			(void)w;
			close(fd);
		}
		comm_now(t->names);
	} else if (!strcmp(t->role, "other")) {
		pthread_barrier_wait(&t->named);
		comm_now(t->names);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("thread_names");
	static const char *roles[] = { "prctl", "procfs", "other", "plain" };
	struct th ths[4];
	pthread_t pt[4];
	json_t *main_names = json_array();

	comm_now(main_names);
	for (int i = 0; i < 4; i++) {
		ths[i].role = roles[i];
		ths[i].names = json_array();
		comm_now(ths[i].names);	/* a thread starts with its creator's name */
		pthread_barrier_init(&ths[i].named, NULL, 2);
		/* one at a time: each thread's names are its own */
		if (pthread_create(&pt[i], NULL, run, &ths[i]) != 0)
			return 2;
		if (!strcmp(roles[i], "other")) {
			pthread_setname_np(pt[i], "ct-other");
			pthread_barrier_wait(&ths[i].named);
		}
		pthread_join(pt[i], NULL);
	}
	prctl(PR_SET_NAME, "ct-main", 0, 0, 0);
	comm_now(main_names);

	json_t *arr = json_array();
	for (int i = 0; i < 4; i++) {
		json_t *o = json_pack("{s:s,s:i}", "role", ths[i].role, "tid", (int)ths[i].tid);
		size_t n = json_array_size(ths[i].names);
		json_object_set(o, "comm", json_array_get(ths[i].names, n - 1));
		json_object_set_new(o, "names", ths[i].names);
		json_array_append_new(arr, o);
	}
	json_object_set_new(t, "threads", arr);
	json_object_set_new(t, "main_names", main_names);
	return truth_save(t, truth_path) ? 1 : 0;
}
