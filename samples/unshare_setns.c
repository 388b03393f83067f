/* SPDX-License-Identifier: MIT */
/*
 * unshare_setns: a thread leaves the instances it shares with the main
 * thread (unshare(2)) and moves between UTS namespaces (unshare, setns),
 * with unshare(0) as runc makes it and two calls that fail.
 *
 * Usage: unshare_setns [TRUTH]   (truth convention: samples/sample.h)
 *
 * The thread "worker", in order:
 *   unshare(CLONE_FILES|CLONE_FS)
 *   unshare(CLONE_SYSVSEM), then a new undo list (semop SEM_UNDO)
 *   unshare(CLONE_NEWUTS), sethostname
 *   unshare(0)
 *   unshare(CLONE_VM)                  EINVAL: the process has threads
 *     ... the main thread takes kcmp of (main, worker) for every kind ...
 *   setns(main's uts fd, CLONE_NEWUTS) back to main's UTS namespace
 *   setns(main's uts fd, CLONE_NEWNET) EINVAL: the fd is no net namespace
 *   unshare(CLONE_NEWUTS)
 *   setns(main's uts fd, 0)            0: any type, resolved from the fd
 *
 * Truth: "main_tid", "worker_tid", "uts_fd", "calls" [{"syscall", "flags"
 * (names), "flags_value", "fd" (setns), "ns_type" (setns: the fd's kind),
 * "result", "uts_after" (inode of the worker's UTS namespace after the
 * call)}], "main_uts", "kcmp" (main, worker); "skips"."newuts" when the
 * UTS calls are not permitted (they then fail with EPERM and are still
 * recorded).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <pthread.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "samples/sample.h"

static int semid = -1, uts_fd = -1;
static pid_t worker_tid;
static json_t *calls;
static pthread_barrier_t ready, go;

static void record(const char *sc, uint64_t flags, int fd, long r, int err)
{
	json_t *o = json_pack("{s:s}", "syscall", sc);
	json_object_set_new(o, "flags", flags_names_new(flags));
	json_object_set_new(o, "flags_value", hex_new(flags));
	if (fd >= 0) {
		json_object_set_new(o, "fd", json_integer(fd));
		json_object_set_new(o, "ns_type", json_string("uts"));
	}
	if (r < 0)
		json_object_set_new(o, "result", json_pack("{s:s}", "errno", strerrorname_np(err)));
	else
		json_object_set_new(o, "result", json_pack("{s:i}", "value", (int)r));
	json_object_set_new(o, "uts_after", json_integer((json_int_t)ns_inode(0, "uts")));
	json_array_append_new(calls, o);
}

static void do_unshare(uint64_t flags)
{
	long r = unshare((int)flags);
	record("unshare", flags, -1, r, errno);
}

static void do_setns(int fd, int nstype)
{
	long r = setns(fd, nstype);
	record("setns", (uint64_t)(unsigned)nstype, fd, r, errno);
}

static void *worker(void *arg)
{
	worker_tid = ct_gettid();
	make_io_and_semundo(semid);
	do_unshare(CLONE_FILES | CLONE_FS);
	do_unshare(CLONE_SYSVSEM);
	make_io_and_semundo(semid);	/* the undo list unshare took away */
	do_unshare(CLONE_NEWUTS);
	if (sethostname("ct-unshare", 10) < 0)
		(void)0;
	do_unshare(0);
	do_unshare(CLONE_VM);
	pthread_barrier_wait(&ready);	/* main takes kcmp now */
	pthread_barrier_wait(&go);
	do_setns(uts_fd, CLONE_NEWUTS);
	do_setns(uts_fd, CLONE_NEWNET);
	do_unshare(CLONE_NEWUTS);
	do_setns(uts_fd, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("unshare_setns");
	pthread_t th;

	calls = json_array();
	semid = semget(IPC_PRIVATE, 1, 0600);
	if (make_io_and_semundo(semid) < 0)
		truth_skip(t, "io", "ioprio_set/semop: %s", strerror(errno));
	uts_fd = open("/proc/thread-self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (uts_fd < 0)
		return 2;
	pthread_barrier_init(&ready, NULL, 2);
	pthread_barrier_init(&go, NULL, 2);
	pthread_create(&th, NULL, worker, NULL);
	pthread_barrier_wait(&ready);
	pid_t tids[2] = { ct_gettid(), worker_tid };
	if (kcmp_available())
		json_object_set_new(t, "kcmp", kcmp_pairs_new(tids, 2));
	else
		truth_skip(t, "kcmp", "kcmp(2) unavailable: %s", strerror(errno));
	pthread_barrier_wait(&go);
	pthread_join(th, NULL);

	size_t i;
	json_t *c;
	json_array_foreach(calls, i, c) {
		json_t *f = json_array_get(json_object_get(c, "flags"), 0);
		const char *e = json_string_value(json_object_get(json_object_get(c, "result"), "errno"));
		if (f && !strcmp(json_string_value(f), "CLONE_NEWUTS") && e && !strcmp(e, "EPERM"))
			truth_skip(t, "newuts", "UTS namespace calls: EPERM");
	}
	json_object_set_new(t, "main_tid", json_integer(tids[0]));
	json_object_set_new(t, "worker_tid", json_integer(worker_tid));
	json_object_set_new(t, "uts_fd", json_integer(uts_fd));
	json_object_set_new(t, "main_uts", json_integer((json_int_t)ns_inode(0, "uts")));
	json_object_set_new(t, "calls", calls);
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	return truth_save(t, truth_path) ? 1 : 0;
}
