/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the trace reader and everything that walks what it
 * accepts: JSON in; the checks of format/ (read.c, links.c); then
 * `show`, `stats` under a filter, `diff` of the trace with itself (which
 * must find it the same), the Perfetto timeline and every view built as a
 * graph and written as DOT (the layout is Graphviz's and too slow to fuzz).
 * The same bytes go through the record-at-a-time reader (format/stream.c)
 * too: what it accepts, the whole-document reader must accept, with the
 * same numbers from `stats`.  Build and run: see fuzz/Makefile.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "format/trace.h"
#include "answers/audit.h"
#include "answers/diff.h"
#include "answers/diff_print.h"
#include "answers/filter.h"
#include "draw/graph.h"
#include "answers/units.h"
#include "draw/perfetto.h"
#include "answers/show.h"
#include "answers/stats.h"
#include "draw/view.h"

static GVC_t *gvc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Graphs take their attribute defaults from the context, as in render_main(). */
	gvc = gvContext();
	return 0;
}

static void draw(const struct trace *t, const struct view *v, bool collapse, long long focus,
		 int depth)
{
	struct render_opts o = {
		.view = v->name,
		.ns = (int)(t->n_tasks % NS_COUNT),
		.sel = { .focus = focus, .depth = depth, .collapse = collapse },
		.collapsed = collapse,
	};
	struct units m;
	char err[512];
	Agraph_t *g;

	if (o.ns == NS_PID_FOR_CHILDREN || o.ns == NS_TIME_FOR_CHILDREN)
		o.ns = NS_PID;
	if (units_build(&m, t, v->mode(collapse), &o.sel, v->key, &o, err, sizeof(err)) < 0)
		return;
	g = v->draw(&m, &o);
	graph_write(gvc, g, false, "dot", "/dev/null", err, sizeof(err));
	agclose(g);
	units_free(&m);
}

/* stats and diff, under one of a few filters picked by the input's size. */
static void answers(const struct trace *t, FILE *null, size_t size)
{
	static const char *const filters[] = {
		NULL, "failed", "newns", "syscall=clone3,execve comm!=a*", "tree=1 time=1us..",
	};
	const char *expr = filters[size % (sizeof(filters) / sizeof(filters[0]))];
	struct diff_opts o = { .json = size & 4, .name_a = "a", .name_b = "b" };
	struct filter f;
	struct filter_match m;
	char err[128];
	struct stats *st;

	filter_init(&f);
	if (expr && filter_parse(&f, expr, err, sizeof(err)) < 0)
		abort();
	filter_apply(&f, t, &m);
	st = stats_new(t, &f, &m);
	stats_text_write(null, st);
	stats_json_write(null, st);
	stats_free(st);
	o.filter = &f;
	/* A trace is the same as itself, whatever it holds. */
	if (diff_write(null, t, t, &o) != 1)
		abort();
	filter_match_free(&m);
	filter_free(&f);
}

/* The numbers of stats, as --json has them. */
static json_t *stats_numbers(const struct trace *t, const struct filter *f,
			     const struct filter_match *m)
{
	struct stats *s = stats_new(t, f, m);
	json_t *o = stats_json_new(s);

	stats_free(s);
	return o;
}

/* The timeline of every task. */
static void timeline(const struct trace *t, FILE *null)
{
	struct select sel = { .depth = -1 };
	struct units m;
	char err[256];

	if (units_build(&m, t, UNIT_TASKS, &sel, NULL, NULL, err, sizeof(err)) < 0)
		return;
	perfetto_write(null, &m);
	units_free(&m);
}

/* The record-at-a-time reader on the same bytes: never more lenient, never other numbers. */
static void stream(const uint8_t *data, size_t size, const struct trace *whole, FILE *null)
{
	FILE *f = size ? fmemopen((void *)data, size, "r") : NULL;
	struct filter none;
	struct filter_match m;
	struct trace t;
	json_t *a, *b;

	if (!f)
		return;
	if (trace_load_stream(&t, f) < 0) {
		fclose(f);
		return;
	}
	fclose(f);
	if (!whole)
		abort();
	filter_init(&none);
	filter_apply(&none, &t, &m);
	a = stats_numbers(&t, &none, &m);
	filter_match_free(&m);
	filter_apply(&none, whole, &m);
	b = stats_numbers(whole, &none, &m);
	filter_match_free(&m);
	if (!json_equal(a, b))
		abort();
	json_decref(a);
	json_decref(b);
	filter_free(&none);
	answers(&t, null, size);
	timeline(&t, null);
	trace_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct view *const views[] = { &view_tree, &view_sharing, &view_namespaces };
	struct trace t;
	struct trace_error e;
	struct show_opts so = { .threads = size & 1, .stack = true, .color = size & 2,
				.argv = size & 4, .failed_execs = size & 4, .times = size & 8,
				.sel = { .depth = -1, .collapse = size & 16 } };
	FILE *null = fopen("/dev/null", "w");
	bool loaded = trace_load_buffer(&t, (const char *)data, size, &e) == 0;

	if (null)
		stream(data, size, loaded ? &t : NULL, null);
	if (!loaded) {
		if (null)
			fclose(null);
		return 0;
	}
	if (null) {
		show_write(null, &t, &so);
		answers(&t, null, size);
		audit_write(null, &t, &so);
		timeline(&t, null);
		fclose(null);
	}
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		draw(&t, views[i], false, 0, -1);
		draw(&t, views[i], true, 0, -1);
		draw(&t, views[i], i == 0, t.tasks[t.n_tasks - 1].tid, (int)(size % 3));
	}
	trace_free(&t);
	return 0;
}
