/* SPDX-License-Identifier: MIT */
/*
 * workload - synthetic load for the clonetrace benchmark (bench/run).
 *
 *   workload syscall [-t THREADS] [-n SYSCALLS] [-f FORKS]
 *       THREADS pthreads (default 40), each issuing SYSCALLS raw getppid(2)
 *       calls (default 20000), while the main thread performs FORKS
 *       fork+_exit+waitpid cycles (default 50).  Models a busy program that
 *       makes many syscalls a clone tracer must not stop on.
 *
 *   workload clone [-t THREADS] [-b BATCH] [-f FORKS]
 *       Creates and joins THREADS short-lived pthreads (default 3000), at most
 *       BATCH alive at a time (default 8), then performs FORKS
 *       fork+_exit+waitpid cycles (default 1000).  Models a program whose
 *       cost is dominated by task creation.
 *
 *   workload live [-t THREADS]
 *       Creates THREADS pthreads (default 10000) that all stay alive, blocked
 *       on one barrier, until the last is created; then releases and joins
 *       them.  Models a program with many live tasks (a tracer's per-task
 *       bookkeeping and the kernel's wait over many traced tasks).
 *
 * Exits 0 on success; any failure is reported with err(3).
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREAD_STACK_SIZE (64 * 1024)

/* pthread functions return the error instead of setting errno. */
#define err_rc(rc, msg)                                                        \
	do {                                                                   \
		errno = (rc);                                                  \
		err(1, "%s", (msg));                                           \
	} while (0)

static void usage(void)
{
	fprintf(stderr,
		"usage: workload syscall [-t THREADS] [-n SYSCALLS] [-f FORKS]\n"
		"       workload clone [-t THREADS] [-b BATCH] [-f FORKS]\n"
		"       workload live [-t THREADS]\n");
	exit(2);
}

static long parse_count(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > INT_MAX)
		errx(2, "invalid %s: '%s'", what, s);
	return v;
}

static void do_forks(long nforks)
{
	for (long i = 0; i < nforks; i++) {
		pid_t pid = fork();
		int status;

		if (pid < 0)
			err(1, "fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) < 0)
			err(1, "waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			errx(1, "fork child %d did not exit cleanly (status 0x%x)",
			     (int)pid, status);
	}
}

static void attr_init_small(pthread_attr_t *attr)
{
	int rc;

	if ((rc = pthread_attr_init(attr)) != 0)
		err_rc(rc, "pthread_attr_init");
	if ((rc = pthread_attr_setstacksize(attr, THREAD_STACK_SIZE)) != 0)
		err_rc(rc, "pthread_attr_setstacksize");
}

static void *syscall_worker(void *arg)
{
	long n = *(const long *)arg;

	/* Raw syscall: glibc cannot cache or vDSO-short-circuit it. */
	for (long i = 0; i < n; i++)
		if (syscall(SYS_getppid) < 0)
			err(1, "getppid");
	return NULL;
}

static void mode_syscall(long nthreads, long nsyscalls, long nforks)
{
	pthread_t *tids;
	pthread_attr_t attr;
	int rc;

	tids = calloc(nthreads ? nthreads : 1, sizeof(*tids));
	if (tids == NULL)
		err(1, "calloc");
	attr_init_small(&attr);
	for (long i = 0; i < nthreads; i++)
		if ((rc = pthread_create(&tids[i], &attr, syscall_worker,
					 &nsyscalls)) != 0)
			err_rc(rc, "pthread_create");
	do_forks(nforks);
	for (long i = 0; i < nthreads; i++)
		if ((rc = pthread_join(tids[i], NULL)) != 0)
			err_rc(rc, "pthread_join");
	if ((rc = pthread_attr_destroy(&attr)) != 0)
		err_rc(rc, "pthread_attr_destroy");
	free(tids);
}

static void *empty_worker(void *arg)
{
	return arg;
}

static void mode_clone(long nthreads, long batch, long nforks)
{
	pthread_t *tids;
	pthread_attr_t attr;
	int rc;

	if (batch < 1)
		errx(2, "batch must be at least 1");
	tids = calloc(batch, sizeof(*tids));
	if (tids == NULL)
		err(1, "calloc");
	attr_init_small(&attr);
	for (long done = 0; done < nthreads;) {
		long k = nthreads - done < batch ? nthreads - done : batch;

		for (long i = 0; i < k; i++)
			if ((rc = pthread_create(&tids[i], &attr, empty_worker,
						 NULL)) != 0)
				err_rc(rc, "pthread_create");
		for (long i = 0; i < k; i++)
			if ((rc = pthread_join(tids[i], NULL)) != 0)
				err_rc(rc, "pthread_join");
		done += k;
	}
	if ((rc = pthread_attr_destroy(&attr)) != 0)
		err_rc(rc, "pthread_attr_destroy");
	free(tids);
	do_forks(nforks);
}

static void *barrier_worker(void *arg)
{
	int rc = pthread_barrier_wait(arg);

	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		err_rc(rc, "pthread_barrier_wait");
	return NULL;
}

static void mode_live(long nthreads)
{
	pthread_t *tids;
	pthread_attr_t attr;
	pthread_barrier_t all;
	int rc;

	tids = calloc(nthreads ? nthreads : 1, sizeof(*tids));
	if (tids == NULL)
		err(1, "calloc");
	attr_init_small(&attr);
	if ((rc = pthread_barrier_init(&all, NULL, nthreads + 1)) != 0)
		err_rc(rc, "pthread_barrier_init");
	for (long i = 0; i < nthreads; i++)
		if ((rc = pthread_create(&tids[i], &attr, barrier_worker, &all)) != 0)
			err_rc(rc, "pthread_create");
	barrier_worker(&all);
	for (long i = 0; i < nthreads; i++)
		if ((rc = pthread_join(tids[i], NULL)) != 0)
			err_rc(rc, "pthread_join");
	if ((rc = pthread_barrier_destroy(&all)) != 0)
		err_rc(rc, "pthread_barrier_destroy");
	if ((rc = pthread_attr_destroy(&attr)) != 0)
		err_rc(rc, "pthread_attr_destroy");
	free(tids);
}

int main(int argc, char **argv)
{
	const char *mode;
	long threads, nsyscalls = 20000, batch = 8, forks;
	enum { W_SYSCALL, W_CLONE, W_LIVE } kind;
	int opt;
	const char *opts;

	if (argc < 2)
		usage();
	mode = argv[1];
	if (strcmp(mode, "syscall") == 0) {
		kind = W_SYSCALL;
		threads = 40;
		forks = 50;
	} else if (strcmp(mode, "clone") == 0) {
		kind = W_CLONE;
		threads = 3000;
		forks = 1000;
	} else if (strcmp(mode, "live") == 0) {
		kind = W_LIVE;
		threads = 10000;
		forks = 0;
	} else {
		usage();
	}

	/* Options follow the mode word. */
	optind = 2;
	opts = kind == W_CLONE ? "t:b:f:" : kind == W_LIVE ? "t:" : "t:n:f:";
	while ((opt = getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 't':
			threads = parse_count(optarg, "thread count");
			break;
		case 'n':
			nsyscalls = parse_count(optarg, "syscall count");
			break;
		case 'b':
			batch = parse_count(optarg, "batch size");
			break;
		case 'f':
			forks = parse_count(optarg, "fork count");
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	if (kind == W_LIVE)
		mode_live(threads);
	else if (kind == W_CLONE)
		mode_clone(threads, batch, forks);
	else
		mode_syscall(threads, nsyscalls, forks);

	if (fflush(stdout) == EOF)
		err(1, "stdout");
	return 0;
}
