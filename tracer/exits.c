/* Deaths from the process-events connector, reaped by tid (see exits.h). */
#include <errno.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/cn_proc.h>

#include "tracer/exits.h"
#include "tracer/names.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

/* A burst of thousands of deaths; one that overflows is found by waitpid(-1). */
#define EXITS_QUEUE_BYTES (8 << 20)

void exits_open(struct tracer *tr)
{
	tr->exits_fd = tr->names_fd >= 0 ? names_listen(PROC_EVENT_EXIT, EXITS_QUEUE_BYTES) : -1;
}

/* The tid of the next death the connector tells, any task's; 0 if none is queued. */
static pid_t next_death(int fd)
{
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(struct proc_event))]
		__attribute__((aligned(8)));

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
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
		if (cm->len >= sizeof(*ev) && ev->what == PROC_EVENT_EXIT)
			return ev->event_data.exit.process_pid;
	}
}

pid_t exits_reap(struct tracer *tr, int *status)
{
	pid_t tid;

	if (tr->exits_fd < 0)
		return 0;
	while ((tid = next_death(tr->exits_fd)) > 0) {
		/*
		 * Another program's task, or one reaped already, is not waited
		 * for, nor the doorbell (whose pid a record kept after its task
		 * died may have); a leader whose threads live on is not reaped
		 * yet (0).
		 */
		if (task_by_tid(tr, tid) && !sig_rings(tr->sig, tid) &&
		    waitpid(tid, status, __WALL | WNOHANG) == tid)
			return tid;
	}
	return 0;
}

void exits_close(struct tracer *tr)
{
	if (tr->exits_fd >= 0)
		close(tr->exits_fd);
	tr->exits_fd = -1;
}
