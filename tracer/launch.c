/* SPDX-License-Identifier: MIT */
/*
 * Starting the command: fork, PTRACE_SEIZE the child while it waits on a
 * pipe, let it install the seccomp filter and exec.  The child never stops
 * before its execve, and keeps clonetrace's stdin, stdout, stderr,
 * environment and every inherited fd (the pipes are close-on-exec).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "names/signals.h"
#include "tracer/launch.h"
#include "tracer/options.h"
#include "tracer/seccomp.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

#define SEIZE_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | \
	PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | \
	PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)

/* execvp's search, done before the fork so that a typo gives one clear line. */
int launch_find_program(const char *name, char *out, size_t n)
{
	const char *path, *p;
	struct stat st;
	int saved = ENOENT;

	if (strchr(name, '/')) {
		if (stat(name, &st) < 0)
			return -1;
		if (S_ISDIR(st.st_mode) || access(name, X_OK) < 0) {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
			return -1;
		}
		snprintf(out, n, "%s", name);
		return 0;
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = strchr(p, ':') + 1) {
		const char *end = strchr(p, ':');
		int len = end ? (int)(end - p) : (int)strlen(p);

		snprintf(out, n, "%.*s%s%s", len, p, len ? "/" : "", name);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			saved = EACCES;
		}
		if (!end)
			break;
	}
	errno = saved;
	return -1;
}

static void child(const struct tracer *tr, int go, int status, const char *path, char **argv)
{
	bool filter = !tr->opt->no_seccomp && !tr->opt->light;
	char c;
	int rc = -1;

	/*
	 * Every signal stays blocked (launch() forked with all blocked) until
	 * the handshake is over: one that came now, a ^C or ^Z at the terminal,
	 * would stop this seized child before it wrote its status, and the
	 * parent would wait on the pipe for ever.  Held pending, it is taken
	 * after the restore below, at a stop the trace's loop relays, as the
	 * program would have taken it.
	 */
	/* wait until the parent has seized us */
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	if (filter)
		rc = seccomp_install() < 0 ? (errno ? errno : EINVAL) : 0;
	if (write(status, &rc, sizeof(rc)) != sizeof(rc))
		_exit(127);
	/* without the filter, wait until the parent switched to syscall stops */
	if (rc != 0 && !tr->opt->light)
		while (read(go, &c, 1) < 0 && errno == EINTR)
			;
	/* the program gets the signal mask and dispositions clonetrace was started with */
	wait_sig_restore_for_exec(tr->sig);
	execv(path, argv);
	dprintf(2, "clonetrace: cannot execute '%s': %s\n", path, strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* Stop the child (blocked on the pipe) and resume it under syscall stops. */
static int to_syscall_mode(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_INTERRUPT, pid, 0L, 0L) < 0)
		return -1;
	if (waitpid(pid, &status, __WALL) < 0 || !WIFSTOPPED(status))
		return -1;
	return ptrace(PTRACE_SYSCALL, pid, 0L, 0L) < 0 ? -1 : 0;
}

/*
 * Returns the child's pid, seized and running, with the filter's state in
 * *seccomp_err: 0 installed, -1 not asked for, else the errno it failed
 * with (the child then runs under syscall stops).  -1 with errno set if
 * the command can't be started; -2 (said on stderr, errno ECHILD) if it
 * died before its execve, its wait status in tr->root_status if killed.
 */
pid_t launch(struct tracer *tr, char **argv, int *seccomp_err)
{
	char path[PATH_MAX];
	int go[2], st[2];
	sigset_t all, mask;
	pid_t pid;
	ssize_t r;

	if (launch_find_program(argv[0], path, sizeof(path)) < 0)
		return -1;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(st, O_CLOEXEC) < 0)
		goto err_go;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &mask);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &mask, NULL);
	if (pid < 0)
		goto err_st;
	if (pid == 0) {
		close(go[1]);
		close(st[0]);
		child(tr, go[0], st[1], path, argv);
	}
	close(go[0]);
	close(st[1]);
	/*
	 * A stop at each task's exit only where renames can't come from the
	 * proc connector (renames.h: not root, or in a container's PID or user
	 * namespace): a write to /proc/TID/comm shows only there, and in
	 * light mode any rename.  A name replaced before that stop is not
	 * seen (meta.notes says so in light mode).
	 */
	if (ptrace(PTRACE_SEIZE, pid, 0L, (long)SEIZE_OPTIONS |
		   (!tr->renames ? PTRACE_O_TRACEEXIT : 0)) < 0 ||
	    write(go[1], "g", 1) != 1)
		goto err_kill;
	do
		r = read(st[0], seccomp_err, sizeof(*seccomp_err));
	while (r < 0 && errno == EINTR);
	if (r != sizeof(*seccomp_err))
		goto err_died;
	if (*seccomp_err != 0 && !tr->opt->light && to_syscall_mode(pid) < 0)
		goto err_kill;
	close(st[0]);
	close(go[1]);
	return pid;

err_kill:
	{
		int e = errno;

		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		close(st[0]);
		close(go[1]);
		errno = e;
		return -1;
	}
err_died:
	{
		/* only SIGKILL gets through the child's blocked mask before its status */
		int ws = 0;

		close(st[0]);
		close(go[1]);
		if (waitpid(pid, &ws, __WALL) == pid && WIFSIGNALED(ws)) {
			const char *name = signal_name(arch_signals(tr->host), WTERMSIG(ws));

			warnx("%s: killed by %s before it started", argv[0],
			      name ? name : strsignal(WTERMSIG(ws)));
			tr->root_status = ws;	/* clonetrace exits as a shell would */
		} else if (WIFEXITED(ws)) {
			warnx("%s: clonetrace's child exited with %d before it could start the program",
			      argv[0], WEXITSTATUS(ws));
		} else {
			warnx("%s: clonetrace's child was lost before it could start the program", argv[0]);
		}
		errno = ECHILD;
		return -2;
	}
err_st:
	close(st[0]);
	close(st[1]);
err_go:
	close(go[0]);
	close(go[1]);
	return -1;
}
