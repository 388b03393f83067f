/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace stats` as text: the object of stats.c printed as tables,
 * strace -c style, times human-readable.  Strings from the trace are
 * escaped (ESC_TEXT): nothing in a trace can move the cursor.
 */
#include <string.h>

#include "answers/stats.h"
#include "answers/esc.h"

static long long num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* 850 ns, 12.5 us, 1.234 ms, 2.500 s */
static void human_time(struct sbuf *b, json_t *v)
{
	long long ns = (long long)json_integer_value(v);

	if (!json_is_integer(v))
		sb_add(b, "-");
	else if (ns < 1000)
		sb_printf(b, "%lld ns", ns);
	else if (ns < 1000000)
		sb_printf(b, "%lld.%01lld us", ns / 1000, ns / 100 % 10);
	else
		esc_time(b, ns);
}

/* "EINVAL 2, EPERM 1" from {"EINVAL": 2, "EPERM": 1}. */
static void errors(struct sbuf *b, json_t *errs)
{
	const char *key;
	json_t *v;
	const char *sep = "";

	json_object_foreach(errs, key, v) {
		sb_add(b, sep);
		esc_add(b, key, ESC_TEXT);
		sb_printf(b, " %lld", (long long)json_integer_value(v));
		sep = ", ";
	}
}

static void calls_table(struct sbuf *b, const json_t *calls)
{
	json_t *rows = json_object_get(calls, "by_kind"), *row;
	struct sbuf cell;
	size_t i;

	sb_init(&cell);
	sb_add(b, "  calls  failed  syscall  flags                      errors\n");
	json_array_foreach(rows, i, row) {
		sb_printf(b, "%7lld %7lld  ", num(row, "calls"), num(row, "failed"));
		sb_reset(&cell);
		esc_add(&cell, str(row, "syscall"), ESC_TEXT);
		sb_printf(b, "%-7s  ", sb_str(&cell));
		sb_reset(&cell);
		esc_add(&cell, *str(row, "flags") ? str(row, "flags") : "-", ESC_TEXT);
		sb_printf(b, "%-26s ", sb_str(&cell));
		errors(b, json_object_get(row, "errors"));
		while (b->len > 0 && b->s[b->len - 1] == ' ')
			b->s[--b->len] = '\0';
		sb_add(b, "\n");
	}
	sb_printf(b, "%7lld %7lld  total\n", num(calls, "total"), num(calls, "failed"));
	sb_free(&cell);
}

static void failures(struct sbuf *b, const json_t *calls)
{
	json_t *rows = json_object_get(calls, "by_errno"), *row;
	size_t i;

	if (json_array_size(rows) > 0) {
		sb_add(b, "\nfailures by errno:\n");
		json_array_foreach(rows, i, row) {
			sb_printf(b, "%7lld  ", num(row, "calls"));
			esc_add(b, str(row, "errno"), ESC_TEXT);
			sb_add(b, "\n");
		}
	}
	rows = json_object_get(calls, "by_rule");
	if (json_array_size(rows) > 0) {
		sb_add(b, "\nclone(2) rules broken (calls, of which failed):\n");
		json_array_foreach(rows, i, row) {
			sb_printf(b, "%7lld %7lld  ", num(row, "calls"), num(row, "failed"));
			esc_add(b, str(row, "rule"), ESC_TEXT);
			sb_add(b, "\n");
		}
	}
}

/* "min 1, median 2, max 9", times when time is set. */
static void spread(struct sbuf *b, const json_t *s, bool time)
{
	static const char *const keys[] = { "min", "median", "p99", "max" };
	const char *sep = "";

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(s, keys[i]);

		if (!v)
			continue;
		sb_printf(b, "%s%s ", sep, keys[i]);
		if (time)
			human_time(b, v);
		else if (json_is_integer(v))
			sb_printf(b, "%lld", (long long)json_integer_value(v));
		else
			sb_add(b, "-");
		sep = ", ";
	}
}

static void tasks_part(struct sbuf *b, const json_t *tasks)
{
	json_t *cr = json_object_get(tasks, "creations"), *deep = json_object_get(tasks,
										    "deepest_tree");
	json_t *who = json_object_get(deep, "task");

	sb_printf(b, "\ntasks: %lld (%lld process%s, %lld thread%s)", num(tasks, "total"),
		  num(tasks, "processes"), num(tasks, "processes") == 1 ? "" : "es",
		  num(tasks, "threads"), num(tasks, "threads") == 1 ? "" : "s");
	if (num(tasks, "alive_at_end"))
		sb_printf(b, ", %lld alive at the end", num(tasks, "alive_at_end"));
	if (num(tasks, "escaped"))
		sb_printf(b, ", %lld escaped tracing", num(tasks, "escaped"));
	sb_add(b, "\ntasks per process: ");
	spread(b, json_object_get(tasks, "per_process"), false);
	sb_printf(b, "\nlifetimes (%lld tasks that ended): ",
		  num(json_object_get(tasks, "lifetime_ns"), "count"));
	spread(b, json_object_get(tasks, "lifetime_ns"), true);
	sb_printf(b, "\ncreations: %lld in ", num(cr, "total"));
	human_time(b, json_object_get(cr, "run_ns"));
	if (json_is_real(json_object_get(cr, "per_second")))
		sb_printf(b, ", %.0f/s", json_real_value(json_object_get(cr, "per_second")));
	if (num(cr, "peak_in_window") > 0) {
		sb_printf(b, "; peak %.0f/s (%lld in the ",
			  json_real_value(json_object_get(cr, "peak_per_second")),
			  num(cr, "peak_in_window"));
		human_time(b, json_object_get(cr, "peak_window_ns"));
		sb_add(b, " from ");
		human_time(b, json_object_get(cr, "peak_at_ns"));
		sb_add(b, ")");
	}
	sb_printf(b, "\ndeepest process tree: %lld level%s", num(deep, "levels"),
		  num(deep, "levels") == 1 ? "" : "s");
	if (json_is_object(who) && num(deep, "levels") > 1) {
		sb_add(b, " (down to ");
		esc_add(b, str(who, "comm"), ESC_TEXT);
		sb_printf(b, " %lld)", num(who, "tid"));
	}
	sb_add(b, "\n");
}

static void execs_part(struct sbuf *b, const json_t *execs)
{
	json_t *rows = json_object_get(execs, "failed_by_errno"), *row;
	size_t i;

	sb_printf(b, "execs: %lld, %lld failed", num(execs, "total"), num(execs, "failed"));
	json_array_foreach(rows, i, row) {
		sb_add(b, i ? ", " : " (");
		esc_add(b, str(row, "errno"), ESC_TEXT);
		sb_printf(b, " %lld", num(row, "calls"));
	}
	sb_add(b, json_array_size(rows) ? ")\n" : "\n");
}

static void namespaces_part(struct sbuf *b, const json_t *ns)
{
	json_t *row;
	size_t i;

	sb_add(b, "\nnamespaces  created  failed  joined  seen\n");
	json_array_foreach(ns, i, row)
		sb_printf(b, "%-10s %8lld %7lld %7lld %5lld\n", str(row, "kind"),
			  num(row, "created"), num(row, "failed"), num(row, "joined"),
			  num(row, "seen"));
}

static void header(struct sbuf *b, const json_t *st)
{
	json_t *tr = json_object_get(st, "trace"), *argv = json_object_get(tr, "argv"), *v;
	size_t i;

	sb_add(b, "trace of");
	json_array_foreach(argv, i, v) {
		sb_add(b, " ");
		esc_add(b, json_string_value(v), ESC_TEXT);
	}
	sb_add(b, " (");
	if (json_is_string(json_object_get(tr, "mode"))) {
		esc_add(b, str(tr, "mode"), ESC_TEXT);
		sb_add(b, ", ");
	}
	human_time(b, json_object_get(tr, "duration_ns"));
	sb_add(b, json_is_true(json_object_get(tr, "complete")) ? ")\n" :
	       ", incomplete: clonetrace was interrupted)\n");
	if (json_is_string(json_object_get(st, "filter"))) {
		sb_add(b, "filter: ");
		sb_add(b, str(st, "filter"));
		sb_add(b, "\n");
	}
	sb_add(b, "\n");
}

int stats_write_text(FILE *out, const json_t *st)
{
	struct sbuf b;
	int rc;

	sb_init(&b);
	header(&b, st);
	calls_table(&b, json_object_get(st, "calls"));
	failures(&b, json_object_get(st, "calls"));
	tasks_part(&b, json_object_get(st, "tasks"));
	execs_part(&b, json_object_get(st, "execs"));
	namespaces_part(&b, json_object_get(st, "namespaces"));
	rc = fwrite(b.s, 1, b.len, out) == b.len ? 0 : -1;
	sb_free(&b);
	return rc;
}
