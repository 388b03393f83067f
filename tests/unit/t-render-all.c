/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the readers (answers/, draw/): escaping, short flags, folding, and every trace
 * under tests/render/{fixtures,bad} through the reader, `show` and the three
 * views (built as graphs, written as DOT: no layout).  Built also under ASan
 * and UBSan by the Makefile; an input the fuzzer once crashed on is kept in
 * bad/ (docs/render.md, Fuzzing).  Run from the top of the tree.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/audit.h"
#include "answers/describe.h"
#include "answers/diff.h"
#include "answers/diff_print.h"
#include "answers/filter.h"
#include "draw/graph.h"
#include "answers/units.h"
#include "draw/perfetto.h"
#include "answers/show.h"
#include "answers/stats.h"
#include "answers/esc.h"
#include "format/trace.h"
#include "draw/view.h"
#include "tests/unit/tap.h"

/* name first, as the checks below read best. */
#define is_str_n(name, got, want) is_str(got, want, "%s", name)
#define ok_n(name, cond) ok(cond, "%s", name)

/* Graphviz keeps some memory until exit: not clonetrace's leaks. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\nleak:libcgraph.so\nleak:libcdt.so\nleak:libfontconfig.so\n"
	       "leak:libglib-2.0.so\nleak:libpango\nleak:libcairo.so\nleak:libgvplugin\n";
}

static void test_escape(void)
{
	static const struct {
		const char *in, *text, *label, *tooltip;
	} cases[] = {
		{ "plain", "plain", "plain", "plain" },
		{ "a\\b", "a\\\\b", "a\\\\\\\\b", "a\\\\\\\\\\\\\\\\b" },
		{ "l1\nl2", "l1\\nl2", "l1\\\\nl2", "l1\\\\\\\\nl2" },
		{ "\x1b[31m", "\\x1b[31m", "\\\\x1b[31m", "\\\\\\\\x1b[31m" },
		{ "&amp;<x>", "&amp;<x>", "&amp;amp;<x>", "&amp;amp;<x>" },
		{ "\xc2\x9b" "2J", "\\u009b2J", "\\\\u009b2J", "\\\\\\\\u009b2J" },
		{ "a\xe2\x80\xae" "b", "a\\u202eb", "a\\\\u202eb", "a\\\\\\\\u202eb" },
		{ "\xc3\xa9\xe4\xb8\xad", "\xc3\xa9\xe4\xb8\xad", "\xc3\xa9\xe4\xb8\xad",
		  "\xc3\xa9\xe4\xb8\xad" },
	};
	struct sbuf b;
	char name[64];

	sb_init(&b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *want[] = { cases[i].text, cases[i].label, cases[i].tooltip };

		for (int how = ESC_TEXT; how <= ESC_TOOLTIP; how++) {
			sb_reset(&b);
			esc_add(&b, cases[i].in, how);
			snprintf(name, sizeof(name), "esc_add case %zu mode %d", i, how);
			is_str_n(name, sb_str(&b), want[how]);
		}
	}
	/* A cut never splits a UTF-8 sequence. */
	sb_reset(&b);
	esc_add_max(&b, "ab\xc3\xa9" "cd", ESC_TEXT, 3);
	is_str_n("esc_add_max cuts between characters", sb_str(&b), "ab...");
	sb_reset(&b);
	esc_time(&b, 1234567);
	is_str_n("esc_time ms", sb_str(&b), "1.234 ms");
	sb_reset(&b);
	esc_time(&b, 61234567890LL);
	is_str_n("esc_time s", sb_str(&b), "61.234 s");
	sb_free(&b);
}

static void short_flags(const char *name, const char *syscall, const char *json_flags,
			const char *want)
{
	struct tr_call c = { .syscall = syscall };
	json_t *flags = json_loads(json_flags, 0, NULL), *v;
	const char *names[64];
	struct sbuf b;
	size_t i;

	json_array_foreach(flags, i, v) {
		names[i] = json_string_value(v);
		c.mask |= flag_value(FLAGS_TRACE, names[i]);
	}
	c.flags = (struct tr_strings){ .v = names, .n = (int)json_array_size(flags) };
	sb_init(&b);
	describe_call_short(&b, &c, ESC_TEXT);
	is_str_n(name, sb_str(&b), want);
	sb_free(&b);
	json_decref(flags);
}

static void test_flags(void)
{
	short_flags("pthread_create reads thread", "clone3",
		    "[\"CLONE_VM\",\"CLONE_FS\",\"CLONE_FILES\",\"CLONE_SIGHAND\",\"CLONE_THREAD\","
		    "\"CLONE_SYSVSEM\",\"CLONE_SETTLS\",\"CLONE_PARENT_SETTID\","
		    "\"CLONE_CHILD_CLEARTID\"]", "clone3 thread");
	short_flags("musl's thread set keeps what is extra", "clone",
		    "[\"CLONE_VM\",\"CLONE_FS\",\"CLONE_FILES\",\"CLONE_SIGHAND\",\"CLONE_THREAD\","
		    "\"CLONE_SYSVSEM\",\"CLONE_SETTLS\",\"CLONE_PARENT_SETTID\","
		    "\"CLONE_CHILD_CLEARTID\",\"CLONE_DETACHED\"]", "clone thread|DETACHED");
	short_flags("glibc fork reads fork", "clone",
		    "[\"CLONE_CHILD_SETTID\",\"CLONE_CHILD_CLEARTID\"]", "clone fork");
	short_flags("posix_spawn reads vfork", "clone3", "[\"CLONE_VM\",\"CLONE_VFORK\"]",
		    "clone3 vfork");
	short_flags("a lone CLONE_THREAD is not the thread set", "clone", "[\"CLONE_THREAD\"]",
		    "clone THREAD");
	short_flags("vfork(2) is just vfork", "vfork", "[\"CLONE_VM\",\"CLONE_VFORK\"]", "vfork");
	short_flags("fork(2) without flags", "fork", "[]", "fork");
	short_flags("unknown bits stay", "clone", "[\"CLONE_NEWPID\",\"0x400000000\"]",
		    "clone NEWPID|0x400000000");
	short_flags("unshare", "unshare", "[\"CLONE_NEWNS\",\"CLONE_FS\"]", "unshare NEWNS|FS");
}

/* `stats` (text and JSON) under a filter, and `diff` of the trace with itself: the same. */
static int answers(const struct trace *t, FILE *null, const char *expr)
{
	struct filter f;
	struct filter_match m;
	struct diff_opts o = { .filter = NULL, .json = true, .name_a = "a", .name_b = "b" };
	char err[128];
	struct stats *st;
	int rc = 0;

	filter_init(&f);
	if (expr && filter_parse(&f, expr, err, sizeof(err)) < 0)
		return -1;
	filter_apply(&f, t, &m);
	st = stats_new(t, &f, &m);
	if (!st || stats_text_write(null, st) < 0 || stats_json_write(null, st) < 0)
		rc = -1;
	stats_free(st);
	o.filter = &f;
	if (diff_write(null, t, t, &o) != 1)
		rc = -1;
	o.json = false;
	if (diff_write(null, t, t, &o) != 1)
		rc = -1;
	filter_match_free(&m);
	filter_free(&f);
	return rc;
}

/* The Perfetto timeline of every task, to out. */
static int timeline(const struct trace *t, FILE *out)
{
	struct select sel = { .depth = -1 };
	struct units m;
	char err[256];
	int rc;

	if (units_build(&m, t, UNIT_TASKS, &sel, NULL, NULL, err, sizeof(err)) < 0)
		return -1;
	rc = perfetto_write(out, &m);
	units_free(&m);
	return rc;
}

/* What `show`, `stats`, `diff`, the timeline and every view do with a trace; the fuzz target too. */
static int exercise(const struct trace *t)
{
	static const struct view *const views[] = { &view_tree, &view_sharing, &view_namespaces };
	struct show_opts so = { .threads = true, .stack = true, .color = true,
				.sel = { .depth = -1, .collapse = true } };
	FILE *null = fopen("/dev/null", "w");
	char err[256];
	int rc = 0;

	if (!null || show_write(null, t, &so) < 0)
		rc = -1;
	so.threads = false;
	if (null && show_write(null, t, &so) < 0)
		rc = -1;
	if (null && (answers(t, null, NULL) < 0 || answers(t, null, "failed") < 0 ||
		     answers(t, null, "newns comm!=x* time=1ms..") < 0))
		rc = -1;
	/* every option of show, unfolded, and the namespace audit */
	so.argv = so.failed_execs = so.times = true;
	so.sel.collapse = false;
	so.sel.depth = 2;
	if (null && (show_write(null, t, &so) < 0 || audit_write(null, t, &so) < 0))
		rc = -1;
	if (null && timeline(t, null) < 0)
		rc = -1;
	if (null)
		fclose(null);
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		for (int fold = 0; fold < 2; fold++) {
			struct render_opts o = { .view = views[i]->name, .ns = NS_PID,
						 .sel = { .depth = -1, .collapse = fold },
						 .collapsed = fold };
			struct units m;
			Agraph_t *g;

			if (units_build(&m, t, views[i]->mode(fold), &o.sel, views[i]->key, &o,
					err, sizeof(err)) < 0) {
				rc = -1;
				continue;
			}
			g = views[i]->draw(&m, &o);
			if (graph_write(NULL, g, false, "dot", "/dev/null", err, sizeof(err)) < 0)
				rc = -1;
			agclose(g);
			units_free(&m);
		}
	}
	return rc;
}

/* Every .json of dir: loads (or not, as want_ok says), then goes through exercise(). */
static void test_dir(const char *dir, int want_ok)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512], name[600];

	int found = 0;

	if (!d) {
		snprintf(name, sizeof(name), "%s found (run from the top of the tree)", dir);
		ok_n(name, 0);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct trace t;
		struct trace_error err;
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		found++;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "read %s", path);
		if (trace_load(&t, path, &err) < 0) {
			if (want_ok == 1)
				printf("# %s: %s\n", path, err.text);
			ok_n(name, want_ok != 1 && err.text[0] != '\0');
			continue;
		}
		ok_n(name, want_ok != 0);
		snprintf(name, sizeof(name), "show and views of %s", path);
		ok_n(name, exercise(&t) == 0);
		trace_free(&t);
	}
	closedir(d);
	snprintf(name, sizeof(name), "%s holds traces to read (%d)", dir, found);
	ok_n(name, found > 0);
}

static void test_collapse(void)
{
	struct select sel = { .depth = -1, .collapse = true };
	struct render_opts o = { .view = "tree", .sel = sel, .collapsed = true };
	struct trace t;
	struct trace_error e;
	struct units m;
	char err[128];
	int sleeps = 0;

	if (trace_load(&t, "tests/render/fixtures/rich.json", &e) < 0) {
		printf("ok - collapse # SKIP rich.json: %s\n", e.text);
		return;
	}
	ok_n("collapse builds", units_build(&m, &t, UNIT_GROUPS, &sel, view_tree.key, &o, err,
					     sizeof(err)) == 0);
	for (int u = 0; u < m.n; u++)
		if (m.u[u].shown && strcmp(t.tasks[m.u[u].task].comm, "sleep") == 0)
			sleeps = m.u[u].count;
	ok_n("three alike sleeps fold into one node of 3", sleeps == 3);
	ok_n("collapse shows 8 of 10 processes", m.n_shown == 8);
	units_free(&m);
	sel.collapse = false;
	sel.focus = 2002;
	sel.depth = 0;
	ok_n("focus and depth build", units_build(&m, &t, UNIT_TASKS, &sel, NULL, NULL, err,
						   sizeof(err)) == 0);
	ok_n("focus 2002 depth 0 shows one task", m.n_shown == 1);
	ok_n("and counts 5 below", m.u[m.of_task[2]].hidden == 5);
	units_free(&m);
	sel.focus = 999999;
	ok_n("focus on an unknown tid fails", units_build(&m, &t, UNIT_TASKS, &sel, NULL, NULL,
							   err, sizeof(err)) < 0);
	trace_free(&t);
}

/* diff of every fixture with every other, both ways: the same exactly when the files are. */
static void test_cross(void)
{
	static const char *const names[] = {
		"attach", "basic", "crun", "hostile", "minimal", "rich", "runc",
	};
	enum { N = sizeof(names) / sizeof(names[0]) };
	struct trace t[N];
	struct trace_error e;
	struct filter f;
	struct diff_opts o = { .filter = &f, .counts = true };
	bool loaded[N];
	char path[128];

	filter_init(&f);
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof(path), "tests/render/fixtures/%s.json", names[i]);
		loaded[i] = trace_load(&t[i], path, &e) == 0;
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			struct diffs *d;

			if (!loaded[i] || !loaded[j])
				continue;
			d = diff_new(&t[i], &t[j], &o);
			ok((d->n == 0) == (i == j), "diff %s %s: %d differences",
			   names[i], names[j], d->n);
			diff_free(d);
		}
	for (int i = 0; i < N; i++)
		if (loaded[i])
			trace_free(&t[i]);
	filter_free(&f);
}

int main(void)
{
	/* Graphs take their attribute defaults from a context, as in render_main(). */
	GVC_t *gvc = gvContext();

	test_escape();
	test_flags();
	is_str_n("format of x.SVG", graph_format_of("x.SVG"), "svg");
	is_str_n("format of a.gv", graph_format_of("a.gv"), "dot");
	ok_n("no format of dir.d/x", graph_format_of("dir.svg/x") == NULL);
	test_collapse();
	test_cross();
	test_dir("tests/render/fixtures", 1);
	test_dir("tests/render/bad", 0);
	gvFreeContext(gvc);
	return tap_done();
}
