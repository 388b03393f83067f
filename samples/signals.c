/* SPDX-License-Identifier: MIT */
/*
 * signals: signals and group-stops must pass through a tracer untouched.
 *
 * Usage: signals [TRUTH]   (truth convention: samples/sample.h)
 *
 * 1. The process sends itself SIGUSR1 three times (a handler counts them).
 * 2. A child stops it with SIGSTOP and checks that it really stays stopped
 *    (a counter the parent spins on does not move for 200 ms), resumes it
 *    with SIGCONT (a handler counts it; the counter moves again) and sends
 *    it SIGUSR1 five times, one at a time (each waits for the handler).
 * 3. The process stops a second child with SIGSTOP and sees it with
 *    waitpid(WUNTRACED), continues it (WCONTINUED) and kills it with
 *    SIGTERM.
 * It prints one line of what it saw and exits with the number of SIGUSR1
 * deliveries (8): both must be the same traced and untraced.
 *
 * Truth: "usr1", "cont", "stopped_ok", "resumed_ok", "waited": {"stopped"
 * (signal name), "continued" (bool), "killed" (signal name)}, "line" (the
 * stdout line), "exit" ({"code": 8}); "stopper_pid", "stopped_child_pid".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

#include "samples/sample.h"

struct shared {
	volatile long counter;		/* the parent spins on it */
	volatile int usr1, cont;
	volatile int stopped_ok, resumed_ok;
};
static struct shared *sh;

static void on_usr1(int sig)
{
	__atomic_add_fetch(&sh->usr1, 1, __ATOMIC_SEQ_CST);
}

static void on_cont(int sig)
{
	__atomic_add_fetch(&sh->cont, 1, __ATOMIC_SEQ_CST);
}

static void on_alarm(int sig)
{
	static const char msg[] = "signals: timeout\n";
	ssize_t w = write(2, msg, sizeof msg - 1);
	(void)w;
	_exit(99);
}

static void ms_sleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Waits up to ms for *p to differ from v (1) or not (0). */
static int wait_change(volatile long *p, long v, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (*p != v)
			return 1;
		ms_sleep(1);
	}
	return 0;
}

/* The state letter of /proc/PID/stat, or 0. */
static char proc_state(pid_t pid)
{
	char p[64], buf[512];
	snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *rp = strrchr(buf, ')');
	return rp && rp[1] && rp[2] ? rp[2] : 0;
}

static void stopper(pid_t parent)
{
	kill(parent, SIGSTOP);
	/* let the stop take effect: 'T' (stopped), or 't' under a tracer */
	for (int i = 0; i < 2000 && !strchr("Tt", proc_state(parent)); i++)
		ms_sleep(1);
	ms_sleep(20);
	long c1 = sh->counter;
	ms_sleep(200);
	sh->stopped_ok = sh->counter == c1;
	kill(parent, SIGCONT);
	sh->resumed_ok = wait_change(&sh->counter, sh->counter, 2000);
	for (int i = 0; i < 5; i++) {
		int want = sh->usr1 + 1;
		kill(parent, SIGUSR1);
		for (int j = 0; j < 2000 && sh->usr1 < want; j++)
			ms_sleep(1);
	}
	_exit(0);
}

static const char *signame(int sig, char *buf, size_t n)
{
	const char *a = sigabbrev_np(sig);
	snprintf(buf, n, "SIG%s", a ? a : "?");
	return buf;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("signals");
	struct sigaction sa = { 0 };
	int st;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(20);

	/* 1: to ourselves; an unblocked signal to self arrives before kill returns */
	for (int i = 0; i < 3; i++)
		kill(getpid(), SIGUSR1);

	/* 2: stopped and continued by a child */
	fflush(stdout);
	pid_t parent = getpid();
	pid_t s = fork();
	if (s == 0) {
		signal(SIGCONT, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		stopper(parent);
	}
	for (;;) {
		for (int i = 0; i < 100000; i++)
			sh->counter++;
		if (waitpid(s, &st, WNOHANG) == s)
			break;
	}

	/* 3: a stopped child, seen by its real parent */
	int ready[2];
	char byte;
	if (pipe(ready) < 0)
		return 2;
	pid_t c = fork();
	if (c == 0) {
		/* our handlers count into shared memory: not for this child's signals */
		signal(SIGCONT, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		return 2;
	close(ready[0]);
	char b1[32], b2[32];
	json_t *waited = json_object();
	kill(c, SIGSTOP);
	if (waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st))
		json_object_set_new(waited, "stopped", json_string(signame(WSTOPSIG(st), b1, sizeof b1)));
	kill(c, SIGCONT);
	if (waitpid(c, &st, WCONTINUED) == c)
		json_object_set_new(waited, "continued", json_boolean(WIFCONTINUED(st)));
	kill(c, SIGTERM);
	if (waitpid(c, &st, 0) == c && WIFSIGNALED(st))
		json_object_set_new(waited, "killed", json_string(signame(WTERMSIG(st), b2, sizeof b2)));

	char line[256];
	snprintf(line, sizeof line, "usr1=%d cont=%d stopped_ok=%d resumed_ok=%d stopped=%s continued=%d killed=%s",
		 sh->usr1, sh->cont, sh->stopped_ok, sh->resumed_ok,
		 json_string_value(json_object_get(waited, "stopped")) ?: "-",
		 json_is_true(json_object_get(waited, "continued")),
		 json_string_value(json_object_get(waited, "killed")) ?: "-");
	printf("%s\n", line);

	json_object_set_new(t, "usr1", json_integer(sh->usr1));
	json_object_set_new(t, "cont", json_integer(sh->cont));
	json_object_set_new(t, "stopped_ok", json_boolean(sh->stopped_ok));
	json_object_set_new(t, "resumed_ok", json_boolean(sh->resumed_ok));
	json_object_set_new(t, "waited", waited);
	json_object_set_new(t, "line", json_string(line));
	json_object_set_new(t, "stopper_pid", json_integer(s));
	json_object_set_new(t, "stopped_child_pid", json_integer(c));
	json_object_set_new(t, "exit", json_pack("{s:i}", "code", sh->usr1));
	int code = sh->usr1;
	if (truth_save(t, truth_path))
		return 1;
	return code;
}
