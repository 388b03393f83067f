/* SPDX-License-Identifier: MIT */
/* Renames from the process-events connector (see renames.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/cn_proc.h>

#include "base/alloc.h"
#include "format/record.h"
#include "tracer/renames.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/watch.h"

/* Linux 6.6's LISTEN with an event filter (Debian 12's headers predate it). */
struct listen_filtered {
	uint32_t mcast_op;
	uint32_t event_type;
};

#define MSG_BYTES 4096

/* The connector's socket, told of renames. */
struct renames {
	int fd;
	bool lost;			/* some overflowed its queue */
};

static int subscribe(int fd, uint32_t events)
{
	union {
		struct nlmsghdr h;
		char b[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(struct listen_filtered))];
	} m;
	struct cn_msg *cm = NLMSG_DATA(&m.h);
	struct listen_filtered lf = { PROC_CN_MCAST_LISTEN, events };

	memset(&m, 0, sizeof(m));
	m.h.nlmsg_len = NLMSG_LENGTH(sizeof(*cm) + sizeof(lf));
	m.h.nlmsg_type = NLMSG_DONE;
	cm->id.idx = CN_IDX_PROC;
	cm->id.val = CN_VAL_PROC;
	cm->len = sizeof(lf);
	memcpy(cm->data, &lf, sizeof(lf));
	return send(fd, &m, m.h.nlmsg_len, 0) < 0 ? -1 : 0;
}

int renames_listen(uint32_t events, int queue_bytes)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);

	if (fd < 0)
		return -1;
	/* a burst must not overflow the queue before a drain */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &queue_bytes, sizeof(queue_bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &queue_bytes, sizeof(queue_bytes));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || subscribe(fd, events) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool had_tid_at(const struct task *t, pid_t tid, uint64_t at)
{
	return t && t->tid == tid && (t->start_ns <= at || t->pre_existing) &&
	       (!t->ended || t->end_ns >= at);
}

/*
 * Each rename of a task of tr's: the task that had tid at that moment.
 * Renames are read every RENAMES_EVERY_STOPS stops, each death a stop: a
 * task renamed since is alive or among the last tasks let go of (tr->records.gone);
 * any other tid is another program's.
 */
static void apply(struct tracer *tr, const struct proc_event *ev)
{
	uint64_t at = ev->timestamp_ns > tr->t0 ? ev->timestamp_ns - tr->t0 : 0;
	pid_t tid = ev->event_data.comm.process_pid;
	struct task *t = task_by_tid(tr, tid);
	char comm[16];

	memcpy(comm, ev->event_data.comm.comm, sizeof(comm));
	comm[15] = 0;
	for (size_t i = 0; !had_tid_at(t, tid, at) && i < GONE_KEPT && i < tr->records.n_gone; i++)
		t = tr->records.gone[(tr->records.n_gone - 1 - i) % GONE_KEPT];
	if (had_tid_at(t, tid, at))
		watch_rename_at(tr, t, comm, "comm", at);
}

/* One batch; -1 when nothing more is there. */
static int drain_once(struct tracer *tr, char *buf)
{
	ssize_t n = recv(tr->renames->fd, buf, MSG_BYTES, MSG_DONTWAIT);
	struct nlmsghdr *h;

	if (n < 0 && errno == ENOBUFS) {
		tr->renames->lost = true;
		return 0;
	}
	if (n <= 0)
		return -1;
	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
		struct cn_msg *cm = NLMSG_DATA(h);
		const struct proc_event *ev = (const void *)cm->data;

		if (h->nlmsg_type == NLMSG_DONE && cm->len >= sizeof(*ev) &&
		    ev->what == PROC_EVENT_COMM)
			apply(tr, ev);
	}
	return 0;
}

void renames_drain(struct tracer *tr)
{
	char buf[MSG_BYTES] __attribute__((aligned(8)));

	if (tr->renames)
		while (drain_once(tr, buf) == 0)
			;
}

/*
 * The kernel ignores a listener it won't serve (no CAP_NET_ADMIN, another
 * user or PID namespace, a kernel without the filter) without an error:
 * so clonetrace renames itself to its own name and looks for the message.
 */
static bool self_test(int fd)
{
	char me[16] = "", buf[MSG_BYTES] __attribute__((aligned(8)));
	struct nlmsghdr *h;
	ssize_t n;

	if (prctl(PR_GET_NAME, me) < 0 || prctl(PR_SET_NAME, me) < 0)
		return false;
	/* other messages may come first (under strace: a fork event) */
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct cn_msg *cm = NLMSG_DATA(h);
			const struct proc_event *ev = (const void *)cm->data;

			if (cm->len >= sizeof(*ev) && ev->what == PROC_EVENT_COMM &&
			    ev->event_data.comm.process_pid == getpid())
				return true;
		}
	}
	return false;
}

struct renames *renames_open(void)
{
	/* renames are few */
	int fd = renames_listen(PROC_EVENT_COMM, 1 << 20);
	struct renames *n;

	if (fd < 0)
		return NULL;
	if (!self_test(fd)) {
		close(fd);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->fd = fd;
	return n;
}

/* The name t had at time at; NULL: never read. */
static const char *name_at(const struct task *t, uint64_t at)
{
	const char *name = t->n_names ? (t->names[0].unread ? NULL : t->names[0].comm) :
			   (t->comm_unread ? NULL : t->comm);

	for (int i = 1; i < t->n_names && t->names[i].time_ns <= at; i++)
		name = t->names[i].unread ? NULL : t->names[i].comm;
	return name;
}

void renames_settle(struct tracer *tr)
{
	if (!tr->renames)
		return;
	/* in order of ids: a creator is settled before what it created */
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];
		const char *born;

		if (!t->creator || t->pre_existing || !t->linked)
			continue;
		born = name_at(t->creator, t->start_ns);
		/* its creator's name then was never read: its own stays as read, or unread */
		if (!born)
			continue;
		if (!t->n_names) {
			snprintf(t->comm, sizeof(t->comm), "%s", born);
			t->comm_unread = false;
		} else if (!strcmp(t->names[0].via, "start")) {
			snprintf(t->names[0].comm, sizeof(t->names[0].comm), "%s", born);
			t->names[0].unread = false;
		}
	}
	if (tr->renames->lost)
		json_array_append_new(tr->notes, json_string("the kernel's process-events "
			"connector dropped messages: some renames may be missing from names"));
}

void renames_close(struct tracer *tr)
{
	if (tr->renames)
		close(tr->renames->fd);
	free(tr->renames);
	tr->renames = NULL;
}
