/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace show`: one line per process (per task with -t), pstree-like:
 *   fork_exec(4100) exit 0
 *   ├─sh(4101) fork_exec -> sh [clone fork] exit 0
 *   │ └─ls(4102) sh -> ls [vfork] exit 0
 *   └─3*[fork_exec] {3 threads} [clone fork] killed by SIGTERM
 * The words of each line are showline.c's; here they are placed in the tree.
 * Identical siblings are folded as pstree folds them (the model's --collapse),
 * and the indentation of very deep lines is shortened, so that the output
 * grows linearly with the tree, however deep.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/showline.h"
#include "answers/showstack.h"

/* Lines deeper than this many levels show their first and last INDENT_KEPT levels. */
#define INDENT_MAX 24
#define INDENT_KEPT 10

/* What hangs below a unit: shown children, then its failed calls. */
struct frame {
	int unit;
	int kid;		/* next child to print, -1: none left */
	int *calls, *counts;	/* failed calls */
	int n_failed, next_failed;
};

static int next_shown(const struct units *m, int k)
{
	while (k >= 0 && !m->u[k].shown)
		k = m->u[k].sib;
	return k;
}

static void frame_init(struct frame *f, const struct units *m, int unit)
{
	f->unit = unit;
	f->kid = next_shown(m, m->u[unit].kid);
	f->n_failed = units_failed(m, unit, &f->calls, &f->counts);
	f->next_failed = 0;
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

/*
 * n levels of indentation, bar[i] saying whether level i continues below
 * ("│ ") or not ("  "); past INDENT_MAX levels the middle ones are left out
 * and counted ("[+2980] "), so that a line's length does not grow with depth.
 */
static void indent(struct sbuf *b, const char *bar, int n)
{
	for (int i = 0; i < n; i++) {
		if (n > INDENT_MAX && i == INDENT_KEPT) {
			sb_printf(b, "[+%d] ", n - 2 * INDENT_KEPT);
			i = n - INDENT_KEPT;
		}
		sb_add(b, bar[i] ? "│ " : "  ");
	}
}

struct walk {
	FILE *out;
	struct show_line *s;
	struct sbuf line;
	char *bar;		/* bar[d]: the unit at depth d+1 has siblings after it */
};

static int emit(struct walk *w)
{
	sb_add(&w->line, "\n");
	if (fwrite(w->line.s, 1, w->line.len, w->out) != w->line.len)
		return -1;
	sb_reset(&w->line);
	return 0;
}

/* A line: the time columns, the indentation of depth d, then text. */
static void begin(struct walk *w, int unit, int depth)
{
	if (w->s->o->times)
		showline_times(&w->line, w->s, unit);
	indent(&w->line, w->bar, depth);
}

/* --stack: the creation stacks under the unit's line, the tree's bars beside them. */
static int stack_lines(struct walk *w, const struct frame *f, int depth)
{
	struct sbuf st;
	int rc = 0;

	sb_init(&st);
	showline_stacks(&st, w->s->m, f->unit);
	for (const char *p = sb_str(&st); *p && rc == 0;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		begin(w, -1, depth);
		sb_add(&w->line, frame_more(f) ? "│   " : "    ");
		sb_addn(&w->line, p, n);
		rc = emit(w);
		p += n + (nl != NULL);
	}
	sb_free(&st);
	return rc;
}

/* A unit's line, and its stacks; pushes its frame at depth. */
static int unit_lines(struct walk *w, struct frame *st, int depth, const char *connector)
{
	const struct units *m = w->s->m;
	int unit = depth > 0 ? st[depth - 1].kid : st[0].unit;

	/* the folded counts above it multiply (st[d].unit is the unit at depth d) */
	w->s->mult = 1;
	for (int d = 0; d < depth; d++)
		w->s->mult *= m->u[st[d].unit].count > 1 ? m->u[st[d].unit].count : 1;
	begin(w, unit, depth > 0 ? depth - 1 : 0);
	sb_add(&w->line, connector);
	showline_unit(&w->line, w->s, unit);
	if (emit(w) < 0)
		return -1;
	if (depth > 0)
		st[depth - 1].kid = next_shown(m, m->u[unit].sib);
	frame_init(&st[depth], m, unit);
	return w->s->o->stack ? stack_lines(w, &st[depth], depth) : 0;
}

/* Depth-first without recursion: a chain of forks may be thousands deep. */
static int show_from(struct walk *w, int top)
{
	const struct units *m = w->s->m;
	struct frame *st = xcalloc(m->n + 1, sizeof(*st));
	int depth = 0, rc;

	st[0].unit = top;
	rc = unit_lines(w, st, 0, "");
	while (depth >= 0 && rc == 0) {
		struct frame *f = &st[depth];

		if (f->kid >= 0) {
			int next = next_shown(m, m->u[f->kid].sib);
			bool last = next < 0 && f->next_failed >= f->n_failed;

			w->bar[depth] = !last;
			rc = unit_lines(w, st, depth + 1, last ? "└─" : "├─");
			depth++;
		} else if (f->next_failed < f->n_failed) {
			int i = f->next_failed++;

			begin(w, -1, depth);
			sb_add(&w->line, frame_more(f) ? "├─" : "└─");
			showline_failed(&w->line, w->s, f->calls[i], f->counts[i]);
			rc = emit(w);
		} else {
			frame_free(f);
			depth--;
		}
	}
	while (depth >= 0)
		frame_free(&st[depth--]);
	free(st);
	return rc;
}

static int note(FILE *out, const char *text)
{
	return fputs(text, out) < 0 ? -1 : 0;
}

int show_write(FILE *out, const struct trace *t, const struct show_opts *o)
{
	struct show_line s = { .o = o, .image = showline_images(t), .mult = 1 };
	struct units m;
	struct walk w = { .out = out, .s = &s };
	char err[128];
	int rc = 0, matches, f = o->sel.focus ? trace_find_tid(t, o->sel.focus, &matches) : -1;
	/* --focus on a thread's tid shows that thread (and what it created), not its process */
	bool tasks = o->threads || (f >= 0 && t->tasks[f].thread);

	if (units_build(&m, t, tasks ? UNIT_TASKS : UNIT_GROUPS, &o->sel, showline_key, &s,
			err, sizeof(err)) < 0) {
		free(s.image);
		return -1;
	}
	s.m = &m;
	sb_init(&w.line);
	w.bar = xcalloc(m.n + 1, 1);
	if (o->times)
		rc = note(out, "      start      lifetime  tree\n");
	for (int i = 0; i < m.n && rc == 0; i++) {
		int u = m.order[i], p = m.u[u].parent;

		/* the tops: roots, or the --focus task */
		if (m.u[u].shown && (p < 0 || !m.u[p].shown))
			rc = show_from(&w, u);
	}
	if (rc == 0 && !t->meta.complete)
		rc = note(out, "(trace incomplete: clonetrace was interrupted)\n");
	if (rc == 0 && o->stack && !t->has_stacks)
		rc = note(out, "(no creation stacks in this trace: record with --stack)\n");
	sb_free(&w.line);
	free(w.bar);
	free(s.image);
	units_free(&m);
	return rc;
}
