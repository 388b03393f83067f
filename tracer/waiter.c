/* SPDX-License-Identifier: MIT */
/* The waiter of --detach-on-exit (see waiter.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/wait.h"
#include "tracer/waiter.h"

static int tracer_status(pid_t t)
{
	int st;

	while (waitpid(t, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * The waiter: a terminal's signal reached the tracer and the program as
 * well; a kill(2) of the waiter's pid (the one the user sees) goes on to
 * the tracer, which treats it as any signal sent to clonetrace alone.
 */
static int wait_for_tracer(struct sigstate *s, int fd, pid_t t)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = s->fd, .events = POLLIN } };
	int status;
	ssize_t n;

	for (;;) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return tracer_status(t);
		if (p[1].revents && wait_sig_pending(s) && s->last_code != SI_KERNEL)
			kill(t, s->last);
		if (!p[0].revents)
			continue;
		n = read(fd, &status, sizeof(status));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == sizeof(status))
			return status;
		return tracer_status(t);	/* it ended before the command did */
	}
}

int waiter_split(struct sigstate *s, int *status_fd, int *exit_status)
{
	int fd[2];
	pid_t t;

	if (pipe2(fd, O_CLOEXEC) < 0)
		return -1;
	t = fork();
	if (t < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (t == 0) {
		close(fd[0]);
		*status_fd = fd[1];
		return 0;
	}
	close(fd[1]);
	*exit_status = wait_for_tracer(s, fd[0], t);
	close(fd[0]);
	return 1;
}

void waiter_release(int fd, int status)
{
	ssize_t n;

	do
		n = write(fd, &status, sizeof(status));
	while (n < 0 && errno == EINTR);
	close(fd);
}
