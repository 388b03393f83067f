/*
 * `clonetrace show`: one line per process (per task with -t), pstree-like:
 *   fork_exec(4100) /work/build/samples/fork_exec exit 0
 *   ├─sh(4101) /usr/bin/dash [fork] exit 0
 *   │ └─ls(4102) /usr/bin/ls [vfork] exit 0
 *   └─fork_exec(4103) {3 threads} [fork] killed by SIGTERM
 * Trace text is escaped (ESC_TEXT): nothing in a trace can move the cursor.
 */
#include <stdlib.h>
#include <string.h>

#include "render/describe.h"
#include "render/model.h"
#include "render/show.h"

enum color { C_NONE, C_BOLD, C_DIM, C_RED, C_YELLOW, C_MAGENTA };

static const char *const sgr[] = {
	[C_NONE] = "", [C_BOLD] = "\033[1m", [C_DIM] = "\033[2m",
	[C_RED] = "\033[31m", [C_YELLOW] = "\033[33m", [C_MAGENTA] = "\033[35m",
};

static void paint(struct sbuf *b, const struct show_opts *o, enum color c, const char *text)
{
	if (o->color && c != C_NONE) {
		sb_add(b, sgr[c]);
		sb_add(b, text);
		sb_add(b, "\033[0m");
	} else {
		sb_add(b, text);
	}
}

static void unit_line(struct sbuf *b, const struct model *m, int unit, const struct show_opts *o)
{
	const struct unit *u = &m->u[unit];
	const struct tr_task *k = &m->t->tasks[u->task];
	bool thread_line = k->thread && m->mode == UNIT_TASKS;
	struct sbuf s;

	sb_init(&s);
	if (thread_line)
		sb_add(&s, "{");
	sb_esc(&s, k->comm, ESC_TEXT);
	if (thread_line)
		sb_add(&s, "}");
	paint(b, o, C_BOLD, sb_str(&s));
	sb_printf(b, "(%lld)", k->tid);
	if (u->threads > 0)
		sb_printf(b, " {%d thread%s}", u->threads, u->threads == 1 ? "" : "s");
	if (k->exe && !thread_line) {
		sb_reset(&s);
		sb_add(&s, " ");
		sb_esc(&s, k->exe, ESC_TEXT);
		paint(b, o, C_DIM, sb_str(&s));
	}
	if (k->call >= 0) {
		sb_reset(&s);
		sb_add(&s, " [");
		describe_call_short(&s, &m->t->calls[k->call], ESC_TEXT);
		sb_add(&s, "]");
		paint(b, o, C_DIM, sb_str(&s));
	}
	sb_reset(&s);
	sb_add(&s, " ");
	describe_exit(&s, k, ESC_TEXT);
	paint(b, o, k->exit.kind == EXIT_SIGNAL ? C_RED : describe_exit_bad(k) ? C_YELLOW : C_NONE,
	      sb_str(&s));
	if (m->mode == UNIT_GROUPS && m->t->groups[u->group].last != u->task) {
		const struct tr_task *x = &m->t->tasks[m->t->groups[u->group].last];

		sb_reset(&s);
		sb_add(&s, " -> ");
		sb_esc(&s, x->comm, ESC_TEXT);
		paint(b, o, C_BOLD, sb_str(&s));
		if (x->exe) {
			sb_reset(&s);
			sb_add(&s, " ");
			sb_esc(&s, x->exe, ESC_TEXT);
			paint(b, o, C_DIM, sb_str(&s));
		}
		sb_reset(&s);
		sb_add(&s, " ");
		describe_exit(&s, x, ESC_TEXT);
		paint(b, o, x->exit.kind == EXIT_SIGNAL ? C_RED :
		      describe_exit_bad(x) ? C_YELLOW : C_NONE, sb_str(&s));
	}
	if (k->escaped)
		paint(b, o, C_MAGENTA, " (escaped tracing)");
	if (k->pre_existing)
		sb_add(b, " (there before attach)");
	sb_free(&s);
}

static void failed_line(struct sbuf *b, const struct trace *t, int call, int count,
			const struct show_opts *o)
{
	struct sbuf s;

	sb_init(&s);
	sb_add(&s, "! ");
	if (count > 1)
		sb_printf(&s, "%d x ", count);
	describe_failed(&s, &t->calls[call], ESC_TEXT);
	paint(b, o, C_RED, sb_str(&s));
	sb_free(&s);
}

/* What hangs below a unit: shown children, then its failed calls. */
struct frame {
	int unit;
	int kid;		/* next child to print, -1: none left */
	int *calls, *counts;	/* failed calls */
	int n_failed, next_failed;
	size_t plen;		/* length of the prefix of this unit's children */
};

static int next_shown(const struct model *m, int k)
{
	while (k >= 0 && !m->u[k].shown)
		k = m->u[k].sib;
	return k;
}

static void frame_init(struct frame *f, const struct model *m, int unit, size_t plen)
{
	f->unit = unit;
	f->kid = next_shown(m, m->u[unit].kid);
	f->n_failed = model_failed(m, unit, &f->calls, &f->counts);
	f->next_failed = 0;
	f->plen = plen;
}

static void frame_free(struct frame *f)
{
	free(f->calls);
	free(f->counts);
}

static bool frame_more(const struct frame *f)
{
	return f->kid >= 0 || f->next_failed < f->n_failed;
}

/* The creating call's stack, a frame a line, under the unit's line. */
static void stack_lines(struct sbuf *line, const struct model *m, const struct frame *f,
			const char *prefix)
{
	const struct tr_task *k = &m->t->tasks[m->u[f->unit].task];
	const char *bar = frame_more(f) ? "│   " : "    ";
	json_t *stack;
	struct sbuf s;

	if (k->call < 0)
		return;
	stack = m->t->calls[k->call].stack;
	sb_init(&s);
	if (stack && json_array_size(stack) > 0) {
		describe_stack(&s, stack, ESC_TEXT, "");
		/* beside a stack: why it ends early */
		if (m->t->calls[k->call].stack_error) {
			sb_add(&s, "\n(stack ends: ");
			sb_esc(&s, m->t->calls[k->call].stack_error, ESC_TEXT);
			sb_add(&s, ")");
		}
	} else if (m->t->calls[k->call].stack_error) {
		sb_add(&s, "no stack: ");
		sb_esc(&s, m->t->calls[k->call].stack_error, ESC_TEXT);
	}
	for (const char *p = sb_str(&s); *p; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sb_add(line, "\n");
		sb_add(line, prefix);
		sb_add(line, bar);
		sb_addn(line, p, n);
		p += n + (nl != NULL);
	}
	sb_free(&s);
}

static int emit(FILE *out, struct sbuf *line)
{
	sb_add(line, "\n");
	if (fwrite(line->s, 1, line->len, out) != line->len)
		return -1;
	sb_reset(line);
	return 0;
}

/* Depth-first without recursion: a chain of forks may be thousands deep. */
static int show_from(FILE *out, const struct model *m, int top, const struct show_opts *o)
{
	struct frame *st = xcalloc(m->n + 1, sizeof(*st));
	struct sbuf prefix, line;
	int depth = 0, rc = 0;

	sb_init(&prefix);
	sb_init(&line);
	unit_line(&line, m, top, o);
	frame_init(&st[0], m, top, 0);
	if (o->stack)
		stack_lines(&line, m, &st[0], "");
	rc = emit(out, &line);
	while (depth >= 0 && rc == 0) {
		struct frame *f = &st[depth];
		bool last;

		prefix.len = f->plen;
		if (prefix.s)
			prefix.s[prefix.len] = '\0';
		if (f->kid >= 0) {
			int k = f->kid;

			f->kid = next_shown(m, m->u[k].sib);
			last = !frame_more(f);
			sb_add(&line, sb_str(&prefix));
			sb_add(&line, last ? "└─" : "├─");
			unit_line(&line, m, k, o);
			sb_add(&prefix, last ? "  " : "│ ");
			frame_init(&st[++depth], m, k, prefix.len);
			if (o->stack)
				stack_lines(&line, m, &st[depth], sb_str(&prefix));
			rc = emit(out, &line);
		} else if (f->next_failed < f->n_failed) {
			int i = f->next_failed++;

			sb_add(&line, sb_str(&prefix));
			sb_add(&line, frame_more(f) ? "├─" : "└─");
			failed_line(&line, m->t, f->calls[i], f->counts[i], o);
			rc = emit(out, &line);
		} else {
			frame_free(f);
			depth--;
		}
	}
	while (depth >= 0)
		frame_free(&st[depth--]);
	sb_free(&prefix);
	sb_free(&line);
	free(st);
	return rc;
}

int show_write(FILE *out, const struct trace *t, const struct show_opts *o)
{
	struct select sel = { .focus = 0, .depth = -1, .collapse = false };
	struct model m;
	char err[128];
	int rc = 0;

	if (model_build(&m, t, o->threads ? UNIT_TASKS : UNIT_GROUPS, &sel, NULL, NULL, err,
			sizeof(err)) < 0)
		return -1;
	for (int i = 0; i < m.n && rc == 0; i++) {
		int u = m.order[i];

		if (m.u[u].shown && m.u[u].parent < 0)
			rc = show_from(out, &m, u, o);
	}
	if (rc == 0 && !t->meta.complete)
		rc = fputs("(trace incomplete: clonetrace was interrupted)\n", out) < 0 ? -1 : 0;
	if (rc == 0 && o->stack && !t->has_stacks)
		rc = fputs("(no creation stacks in this trace: record with --stack)\n", out) < 0 ?
		     -1 : 0;
	model_free(&m);
	return rc;
}
