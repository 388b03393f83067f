/* SPDX-License-Identifier: MIT */
/* Deaths from the process-events connector, reaped by tid (see exits.h). */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/cn_proc.h>

#include "base/alloc.h"
#include "tracer/exits.h"
#include "tracer/renames.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

/* A burst of thousands of deaths; one that overflows is found by waitpid(-1). */
#define EXITS_QUEUE_BYTES (8 << 20)

/* The connector's socket, told of deaths, and the tasks waiting to hear of theirs. */
struct exits {
	int fd;
	struct task **unlinked;		/* dead before their creator's event */
	size_t n_unlinked, cap_unlinked;
};

struct exits *exits_open(const struct tracer *tr)
{
	int fd = tr->renames ? renames_listen(PROC_EVENT_EXIT, EXITS_QUEUE_BYTES) : -1;
	struct exits *x;

	if (fd < 0)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->fd = fd;
	return x;
}

/* A task of tr's that died before its creator's event: a thread of tgid's. */
static void learn(struct tracer *tr, struct task *t, pid_t tgid)
{
	struct task *leader;

	/* its creator's event came after all: that told all */
	if (tgid <= 0 || tgid == t->tid || t->creator || t->linked)
		return;
	leader = task_by_tid(tr, tgid);
	t->tgid = tgid;
	t->thread = true;
	t->parent = leader ? leader->parent : NULL;
}

/* What the connector told of a death: the task waiting for it learns its process. */
static void keep(struct tracer *tr, pid_t tid, pid_t tgid)
{
	struct exits *x = tr->exits;

	for (size_t i = 0; i < x->n_unlinked; i++) {
		if (x->unlinked[i]->tid != tid)
			continue;
		learn(tr, x->unlinked[i], tgid);
		x->unlinked[i] = x->unlinked[--x->n_unlinked];
		return;
	}
}

/* The next death the connector tells, any task's: its tid (and *tgid), 0 if none is queued. */
static pid_t next_death(struct tracer *tr, pid_t *tgid)
{
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(struct proc_event))]
		__attribute__((aligned(8)));

	for (;;) {
		ssize_t n = recv(tr->exits->fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		struct cn_msg *cm;
		const struct proc_event *ev;

		if (n < 0 && errno == ENOBUFS)
			continue;	/* some were dropped: waitpid(-1) finds those */
		if (n <= 0)
			return 0;
		if (!NLMSG_OK(h, (size_t)n) || h->nlmsg_type != NLMSG_DONE)
			continue;
		cm = NLMSG_DATA(h);
		ev = (const void *)cm->data;
		if (cm->len >= sizeof(*ev) && ev->what == PROC_EVENT_EXIT) {
			*tgid = ev->event_data.exit.process_tgid;
			keep(tr, ev->event_data.exit.process_pid, *tgid);
			return ev->event_data.exit.process_pid;
		}
	}
}

pid_t exits_reap(struct tracer *tr, int *status)
{
	pid_t tid, tgid;

	if (!tr->exits)
		return 0;
	while ((tid = next_death(tr, &tgid)) > 0) {
		/*
		 * Another program's task, or one reaped already, is not waited
		 * for; a leader whose threads live on is not reaped yet (0).  A thread of a process of tr's not known yet (dead
		 * before its first stop) is, while what the connector told of
		 * it is at hand.
		 */
		if ((task_by_tid(tr, tid) || task_by_tid(tr, tgid)) && wait_probe(tr->sig, tid, status))
			return tid;
	}
	return 0;
}

void exits_unlinked(struct tracer *tr, struct task *t)
{
	struct exits *x = tr->exits;

	if (!x)
		return;
	if (x->n_unlinked == x->cap_unlinked) {
		x->cap_unlinked = x->cap_unlinked ? 2 * x->cap_unlinked : 16;
		x->unlinked = xreallocarray(x->unlinked, x->cap_unlinked, sizeof(*x->unlinked));
	}
	x->unlinked[x->n_unlinked++] = t;
}

void exits_settle(struct tracer *tr)
{
	pid_t tgid;

	if (tr->exits)
		while (tr->exits->n_unlinked && next_death(tr, &tgid) > 0)
			;
}

void exits_close(struct tracer *tr)
{
	if (tr->exits) {
		close(tr->exits->fd);
		free(tr->exits->unlinked);
	}
	free(tr->exits);
	tr->exits = NULL;
}
