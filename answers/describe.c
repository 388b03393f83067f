/* SPDX-License-Identifier: MIT */
/* Words for tasks and calls: short flags, exits, strace-like call lines, tooltips. */
#include <string.h>

#include "base/alloc.h"
#include "names/compat.h"
#include "answers/describe.h"

/*
 * Flag sets common enough to have a name: glibc's and musl's pthread_create,
 * glibc's fork(), and posix_spawn's vfork-like clone.  The first set the
 * flags contain names them, in lower case; the other flags follow in upper
 * case without CLONE_ ("thread|DETACHED"), so a set never reads as a flag.
 */
#define THREAD_SET (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
static const struct {
	unsigned long long mask;
	const char *name;
} flag_sets[] = {
	{ .mask = THREAD_SET, .name = "thread" },
	{ .mask = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, .name = "fork" },
	{ .mask = CLONE_VM | CLONE_VFORK, .name = "vfork" },
};

void describe_flags(struct sbuf *b, const struct tr_call *c, enum esc how)
{
	unsigned long long named = 0;
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++) {
		if ((c->mask & flag_sets[i].mask) == flag_sets[i].mask) {
			named = flag_sets[i].mask;
			sb_add(b, flag_sets[i].name);
			sep = "|";
			break;
		}
	}
	for (int j = 0; j < c->flags.n; j++) {
		const char *name = c->flags.v[j];

		if (flag_value(FLAGS_TRACE, name) & named)
			continue;
		sb_add(b, sep);
		sep = "|";
		esc_add_max(b, strncmp(name, "CLONE_", 6) == 0 ? name + 6 : name, how, LABEL_MAX);
	}
}

void describe_call_short(struct sbuf *b, const struct tr_call *c, enum esc how)
{
	struct sbuf f;

	sb_init(&f);
	describe_flags(&f, c, how);
	esc_add_max(b, c->syscall, how, LABEL_MAX);
	if (f.len > 0 && strcmp(sb_str(&f), c->syscall) != 0) {
		sb_add(b, " ");
		sb_add(b, sb_str(&f));
	} else if (f.len == 0 && c->mask == 0 && strcmp(c->syscall, "unshare") == 0) {
		/* unshare(0) unshares nothing: say so, not a bare "unshare" */
		sb_add(b, "(0)");
	}
	/* A clone whose exit signal is not SIGCHLD is notable (and not a thread's null). */
	if (c->exit_signal && strcmp(c->exit_signal, "SIGCHLD") != 0) {
		sb_add(b, " ");
		esc_add_max(b, c->exit_signal, how, LABEL_MAX);
	} else if (c->has_exit_signal && !c->exit_signal && c->exit_signal_nr != 0) {
		sb_printf(b, " signal %lld", c->exit_signal_nr);
	}
	sb_free(&f);
}

void describe_call_line(struct sbuf *b, const struct tr_call *c, enum esc how)
{
	const char *sep = "";

	esc_add_max(b, c->syscall, how, LABEL_MAX);
	sb_add(b, "(");
	if (c->flags.n > 0) {
		sb_add(b, strcmp(c->syscall, "setns") == 0 ? "nstype=" : "flags=");
		for (int i = 0; i < c->flags.n; i++) {
			sb_add(b, i ? "|" : "");
			esc_add_max(b, c->flags.v[i], how, LABEL_MAX);
		}
		sep = ", ";
	} else if (!c->flags.v && c->flags_value) {
		sb_add(b, "flags=");
		esc_add_max(b, c->flags_value, how, LABEL_MAX);
		sep = ", ";
	}
	if (c->has_exit_signal) {
		sb_add(b, sep);
		sb_add(b, "exit_signal=");
		if (c->exit_signal)
			esc_add_max(b, c->exit_signal, how, TOOLTIP_MAX);
		else
			sb_printf(b, "%lld", c->exit_signal_nr);
		sep = ", ";
	}
	/* strings as they are, the rest as compact JSON */
	for (int i = 0; i < c->n_args; i++) {
		sb_add(b, sep);
		esc_add_max(b, c->args[i].name, how, LABEL_MAX);
		sb_add(b, "=");
		esc_add_max(b, c->args[i].text, how, TOOLTIP_MAX);
		sep = ", ";
	}
	sb_add(b, ")");
	switch (c->result) {
	case RESULT_VALUE:
		sb_printf(b, " = %lld", c->value);
		break;
	case RESULT_ERRNO:
		sb_add(b, " = -1 ");
		esc_add_max(b, c->err, how, LABEL_MAX);
		break;
	case RESULT_NONE:
		sb_add(b, " = ? (never returned while traced)");
		break;
	}
}

void describe_failed(struct sbuf *b, const struct tr_call *c, enum esc how)
{
	describe_call_short(b, c, how);
	sb_add(b, how == ESC_LABEL ? "\\l= -1 " : " = -1 ");
	esc_add_max(b, c->err, how, LABEL_MAX);
	for (int i = 0; i < c->violates.n; i++) {
		sb_add(b, how == ESC_LABEL ? "\\lbreaks: " : "; breaks: ");
		esc_add_max(b, c->violates.v[i], how, TOOLTIP_MAX);
	}
	if (how == ESC_LABEL)
		sb_add(b, "\\l");
}

void describe_exit(struct sbuf *b, const struct tr_task *k, enum esc how)
{
	switch (k->exit.kind) {
	case EXIT_CODE:
		sb_printf(b, "exit %lld", k->exit.code);
		break;
	case EXIT_SIGNAL:
		sb_add(b, "killed by ");
		if (k->exit.signal)
			esc_add_max(b, k->exit.signal, how, LABEL_MAX);
		else
			sb_printf(b, "signal %lld", k->exit.code);
		if (k->exit.core)
			sb_add(b, " (core dumped)");
		break;
	case EXIT_EXEC:
		sb_add(b, "replaced by its thread's execve");
		break;
	case EXIT_NONE:
		/* An escaped task was not followed: nothing is known of its end. */
		sb_add(b, k->escaped ? "end not seen" : k->end_ns < 0 ? "alive at the end" :
		       "exit unknown");
		break;
	}
}

bool describe_exit_bad(const struct tr_task *k)
{
	return k->exit.kind == EXIT_SIGNAL || (k->exit.kind == EXIT_CODE && k->exit.code != 0);
}

/* Characters after which an argument needs quotes to read back as one word. */
static bool needs_quotes(const char *s)
{
	return !*s || strpbrk(s, " \t\n\"'\\$`;&|<>()*?[]{}~#!") != NULL;
}

void describe_argv(struct sbuf *b, struct tr_strings argv, enum esc how, size_t max)
{
	size_t start = b->len;

	for (int i = 0; i < argv.n; i++) {
		const char *s = argv.v[i];

		if (b->len - start > max) {
			sb_add(b, " ...");
			break;
		}
		sb_add(b, i ? " " : "");
		if (!needs_quotes(s)) {
			esc_add_max(b, s, how, max);
			continue;
		}
		sb_add(b, "'");
		/* A quote inside is closed, escaped and reopened: 'it'\''s'. */
		for (const char *q = s; *q; ) {
			const char *end = strchr(q, '\'');
			size_t n = end ? (size_t)(end - q) : strlen(q);
			char *part = xstrndup(q, n);

			esc_add_max(b, part, how, max);
			free(part);
			if (!end)
				break;
			sb_add(b, "'");
			sb_add(b, how == ESC_TEXT ? "\\" : how == ESC_LABEL ? "\\\\" : "\\\\\\\\");
			sb_add(b, "''");
			q = end + 1;
		}
		sb_add(b, "'");
	}
}

/* " at FILE:LINE" of a frame or an inlined call, where it has them. */
static void describe_line(struct sbuf *b, const char *file, int line, enum esc how)
{
	if (!file)
		return;
	sb_add(b, " at ");
	esc_add_max(b, file, how, TOOLTIP_MAX);
	sb_printf(b, ":%d", line);
}

void describe_stack(struct sbuf *b, const struct tr_call *c, enum esc how, const char *indent)
{
	for (int i = 0; i < c->n_stack; i++) {
		const struct tr_frame *fr = &c->stack[i];
		const struct frame_record *f = &fr->rec;

		if (i)
			esc_newline(b, how);
		/* the calls inlined here, innermost first, at the frame's pc */
		for (int k = 0; k < f->n_inlined; k++) {
			const struct inlined_record *in = &f->inlined[k];

			sb_printf(b, "%s#%d inlined ", indent, i);
			esc_add_max(b, in->function ? in->function : "??", how, TOOLTIP_MAX);
			describe_line(b, in->file, in->line, how);
			esc_newline(b, how);
		}
		sb_printf(b, "%s#%d ", indent, i);
		if (fr->pc) {
			esc_add_max(b, fr->pc, how, LABEL_MAX);
			sb_add(b, " ");
		}
		esc_add_max(b, f->function ? f->function : "??", how, TOOLTIP_MAX);
		if (f->has_offset)
			sb_printf(b, "+0x%llx", (unsigned long long)f->offset);
		describe_line(b, f->file, f->line, how);
		if (f->module) {
			sb_add(b, " (");
			esc_add_max(b, f->module, how, TOOLTIP_MAX);
			sb_add(b, ")");
		} else if (f->jit) {
			sb_add(b, " (JIT code)");
		}
	}
}

void describe_task_ref(struct sbuf *b, const struct trace *t, int task)
{
	sb_printf(b, "task %lld (tid %lld)", t->tasks[task].id, t->tasks[task].tid);
}

void describe_call(struct sbuf *b, const struct trace *t, int call, enum esc how)
{
	const struct tr_call *c = &t->calls[call];

	describe_call_line(b, c, how);
	esc_newline(b, how);
	sb_printf(b, "call %lld at ", c->id);
	esc_time(b, c->time_ns);
	sb_add(b, " by ");
	describe_task_ref(b, t, c->task);
	if (c->arch) {
		sb_add(b, ", ");
		esc_add_max(b, c->arch, how, LABEL_MAX);
		if (c->nr >= 0)
			sb_printf(b, " syscall %lld", c->nr);
	}
	if (c->flags_value) {
		sb_add(b, ", flags ");
		esc_add_max(b, c->flags_value, how, LABEL_MAX);
	}
	if (c->child >= 0) {
		esc_newline(b, how);
		sb_add(b, "created ");
		describe_task_ref(b, t, c->child);
	}
	for (int i = 0; i < c->violates.n; i++) {
		esc_newline(b, how);
		sb_add(b, "breaks: ");
		esc_add_max(b, c->violates.v[i], how, TOOLTIP_MAX);
	}
	if (c->decoded_from) {
		esc_newline(b, how);
		sb_add(b, "decoded from ");
		esc_add_max(b, c->decoded_from, how, LABEL_MAX);
	}
	if (c->n_stack > 0) {
		esc_newline(b, how);
		sb_add(b, "stack:");
		esc_newline(b, how);
		describe_stack(b, c, how, "  ");
		if (c->stack_error) {
			esc_newline(b, how);
			sb_add(b, "stack ends: ");
			esc_add_max(b, c->stack_error, how, TOOLTIP_MAX);
		}
	} else if (c->stack_error) {
		esc_newline(b, how);
		sb_add(b, "no stack: ");
		esc_add_max(b, c->stack_error, how, TOOLTIP_MAX);
	}
}

static void task_times(struct sbuf *b, const struct tr_task *k, enum esc how)
{
	sb_add(b, "started ");
	esc_time(b, k->start_ns);
	if (k->end_ns >= 0) {
		sb_add(b, ", ended ");
		esc_time(b, k->end_ns);
		sb_add(b, " (lived ");
		esc_time(b, k->end_ns - k->start_ns);
		sb_add(b, ")");
	}
	sb_add(b, ": ");
	describe_exit(b, k, how);
}

void describe_namespace(struct sbuf *b, const struct trace *t, long long v)
{
	const struct tr_ns *x = trace_ns(t, v);

	if (!x) {
		sb_add(b, "?");
		return;
	}
	sb_printf(b, "%lld", x->inode);
	/* the kernel gave the inode to an earlier namespace of the trace too */
	if (x->nth > 1)
		sb_printf(b, "#%d", x->nth);
}

static void task_namespaces(struct sbuf *b, const struct trace *t, const struct tr_task *k,
			    enum esc how)
{
	const char *sep = "namespaces: ";

	for (int i = 0; i < NS_COUNT; i++) {
		if (!k->ns[i])
			continue;
		if (*sep == 'n')
			esc_newline(b, how);
		sb_printf(b, "%s%s ", sep, ct_ns[i].name);
		describe_namespace(b, t, k->ns[i]);
		sep = ", ";
	}
	if (k->n_nspid > 1) {
		esc_newline(b, how);
		sb_add(b, "pid in each PID namespace:");
		for (int i = 0; i < k->n_nspid; i++)
			sb_printf(b, " %lld", k->nspid[i]);
	} else if (k->nspid_unknown) {
		esc_newline(b, how);
		sb_add(b, "pid in each PID namespace: ? (not read)");
	}
}

static void task_shares(struct sbuf *b, const struct tr_task *k, enum esc how)
{
	const char *sep = "resources: ";

	for (int i = 0; i < R_COUNT; i++) {
		if (!k->shares[i])
			continue;
		if (*sep == 'r')
			esc_newline(b, how);
		sb_add(b, sep);
		esc_add_max(b, k->shares[i], how, LABEL_MAX);
		sep = " ";
	}
}

void describe_task(struct sbuf *b, const struct trace *t, int task, enum esc how)
{
	const struct tr_task *k = &t->tasks[task];

	if (k->thread)
		sb_printf(b, "thread %lld of process %lld (task %lld)", k->tid, k->tgid, k->id);
	else
		sb_printf(b, "process %lld (task %lld)", k->tid, k->id);
	esc_newline(b, how);
	sb_add(b, "comm ");
	esc_add_max(b, k->comm, how, TOOLTIP_MAX);
	if (k->exe) {
		esc_newline(b, how);
		sb_add(b, "exe ");
		esc_add_max(b, k->exe, how, TOOLTIP_MAX);
	}
	if (k->argv.v) {
		esc_newline(b, how);
		sb_add(b, "argv ");
		describe_argv(b, k->argv, how, TOOLTIP_MAX);
	}
	esc_newline(b, how);
	task_times(b, k, how);
	if (k->creator >= 0) {
		esc_newline(b, how);
		sb_add(b, "created by ");
		describe_task_ref(b, t, k->creator);
	}
	if (k->parent >= 0 && k->parent != k->creator) {
		esc_newline(b, how);
		sb_add(b, "parent ");
		describe_task_ref(b, t, k->parent);
	}
	/* the execve calls that worked and those that failed, in time order */
	for (int i = 0, j = 0; i < k->n_execs || j < k->n_exec_failures;) {
		bool fail = j < k->n_exec_failures &&
			    (i == k->n_execs || k->exec_failures[j].time_ns <= k->execs[i].time_ns);
		const struct tr_exec *x = fail ? &k->exec_failures[j++] : &k->execs[i++];

		esc_newline(b, how);
		sb_add(b, fail ? "failed execve at " : "execve at ");
		esc_time(b, x->time_ns);
		sb_add(b, ": ");
		esc_add_max(b, x->program, how, TOOLTIP_MAX);
		/* execveat: how it was named */
		if (x->at) {
			sb_printf(b, " (execveat dirfd %lld, path \"", x->dirfd);
			esc_add_max(b, x->path ? x->path : "", how, TOOLTIP_MAX);
			sb_add(b, "\")");
		}
		if (x->argv.v) {
			sb_add(b, " [");
			describe_argv(b, x->argv, how, TOOLTIP_MAX);
			sb_add(b, "]");
		}
		if (fail) {
			sb_add(b, ": ");
			esc_add_max(b, x->err, how, LABEL_MAX);
		}
		if (x->old_tid && x->old_tid != k->tid)
			sb_printf(b, " (by thread %lld)", x->old_tid);
	}
	if (k->escaped) {
		esc_newline(b, how);
		sb_add(b, "escaped tracing: created, never seen again");
	}
	if (k->pre_existing) {
		esc_newline(b, how);
		sb_add(b, "existed before clonetrace attached");
	}
	task_namespaces(b, t, k, how);
	task_shares(b, k, how);
	if (k->call >= 0) {
		esc_newline(b, how);
		sb_add(b, "created with ");
		describe_call(b, t, k->call, how);
	}
}
