/* SPDX-License-Identifier: MIT */
/* The live stream of -v (see live.h). */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include <stdlib.h>
#include <sys/wait.h>

#include "decode/arch.h"
#include "decode/decode.h"
#include "format/record.h"
#include "names/errnos.h"
#include "names/ns.h"
#include "names/signals.h"
#include "tracer/live.h"
#include "tracer/options.h"
#include "tracer/tracer.h"

int live_open(struct live *l, const struct options *o)
{
	struct timespec ts;

	memset(l, 0, sizeof(*l));
	l->ts = o->ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	l->t0 = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	if (!o->verbose)
		return 0;
	if (!o->log) {
		l->f = stderr;
		return 0;
	}
	l->f = fopen(o->log, "we");
	if (!l->f)
		return -1;
	setvbuf(l->f, NULL, _IOLBF, 0);
	return 0;
}

void live_close(struct live *l)
{
	if (l->f && l->f != stderr)
		fclose(l->f);
	l->f = NULL;
}

static void stamp(const struct live *l)
{
	struct timespec now;
	struct tm tm;

	if (l->ts == TS_REL) {
		uint64_t ns;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec - l->t0;
		fprintf(l->f, "%6llu.%06llu ", (unsigned long long)(ns / 1000000000u),
			(unsigned long long)(ns % 1000000000u / 1000));
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	fprintf(l->f, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (l->ts == TS_US)
		fprintf(l->f, ".%06ld", now.tv_nsec / 1000);
	fputc(' ', l->f);
}

void live_line(const struct live *l, pid_t tid, const char *fmt, ...)
{
	va_list ap;

	if (!l->f)
		return;
	fprintf(l->f, "[pid %d] ", (int)tid);
	if (l->ts != TS_NONE)
		stamp(l);
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputc('\n', l->f);
}

void live_result(struct tracer *tr, struct call *c)
{
	const struct call_record *r = &c->rec;
	const char *name = errno_name(r->err);
	char line[4096], global[64] = "";

	if (!tr->live->f || !r->decoded)
		return;
	call_format(&r->dc, line, sizeof(line));
	/* setns's fd with the namespace it names, as strace -y: setns(3<net:[4026532001]>, ...) */
	if (r->dc.sysc == CT_SYS_SETNS && r->has_ns_type && r->ns_type >= 0 && r->ns_inode) {
		char fd[32], named[96];
		size_t n = (size_t)snprintf(fd, sizeof(fd), "setns(%d", r->dc.fd);

		snprintf(named, sizeof(named), "setns(%d<%s:[%llu]>", r->dc.fd, ct_ns[r->ns_type].name,
			 (unsigned long long)r->ns_inode);
		if (strncmp(line, fd, n) == 0 && strlen(line) + strlen(named) < sizeof(line)) {
			memmove(line + strlen(named), line + n, strlen(line + n) + 1);
			memcpy(line, named, strlen(named));
		}
	}
	/* a pid in the caller's PID namespace: the global one too (strace --decode-pids=pidns) */
	if (r->result == CALL_RESULT_VALUE && c->child && c->child->tid != (pid_t)r->value)
		snprintf(global, sizeof(global), " /* %d in clonetrace's PID namespace */",
			 (int)c->child->tid);
	if (r->result == CALL_RESULT_VALUE)
		live_line(tr->live, c->task->tid, "%s = %lld%s", line, r->value, global);
	else if (r->result == CALL_RESULT_ERRNO && name)
		live_line(tr->live, c->task->tid, "%s = -1 %s", line, name);
	else if (r->result == CALL_RESULT_ERRNO)
		live_line(tr->live, c->task->tid, "%s = -1 %d", line, r->err);
	else
		live_line(tr->live, c->task->tid, "%s = ?", line);
}

/* -v: the execve seen at tid's stop, with its result (err 0: it worked). */
void live_exec(struct tracer *tr, const struct task *t, pid_t tid, int err)
{
	char line[4096];
	const char *name = errno_name(err);

	if (!tr->live->f)
		return;
	if (!t->pending_exec) {
		/* attached: the execve was not seen entering; what /proc says it ran */
		char *argv = t->argv ? json_dumps(t->argv, JSON_COMPACT) : NULL;

		if (!err)
			live_line(tr->live, tid, "execve(\"%s\", %s) = 0", t->exe ? t->exe : "?",
				  argv ? argv : "?");
		free(argv);
		return;
	}
	call_format(t->pending_exec, line, sizeof(line));
	if (!err)
		live_line(tr->live, tid, "%s = 0", line);
	else if (name)
		live_line(tr->live, tid, "%s = -1 %s", line, name);
	else
		live_line(tr->live, tid, "%s = -1 (errno %d)", line, err);
}

/* -v: how a task ended, as strace says it. */
void live_death(struct tracer *tr, const struct task *t, int status)
{
	const char *sig;

	if (!tr->live->f)
		return;
	if (WIFEXITED(status)) {
		live_line(tr->live, t->tid, "+++ exited with %d +++", WEXITSTATUS(status));
		return;
	}
	sig = signal_name(arch_signals(tr->host), WTERMSIG(status));
	if (sig)
		live_line(tr->live, t->tid, "+++ killed by %s%s +++", sig,
			  WCOREDUMP(status) ? " (core dumped)" : "");
	else
		live_line(tr->live, t->tid, "+++ killed by signal %d%s +++", WTERMSIG(status),
			  WCOREDUMP(status) ? " (core dumped)" : "");
}
