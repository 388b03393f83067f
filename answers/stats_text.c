/* SPDX-License-Identifier: MIT */
/*
 * `clonetrace stats` as text: struct stats printed as tables, strace -c
 * style, times human-readable.  Strings from the trace are escaped
 * (ESC_TEXT): nothing in a trace can move the cursor.
 */
#include <string.h>

#include "answers/ctr.h"
#include "answers/esc.h"
#include "answers/stats.h"

/* 850 ns, 12.5 us, 1.234 ms, 2.500 s; "-" when there is none. */
static void human_time(struct sbuf *b, bool has, long long ns)
{
	if (!has)
		sb_add(b, "-");
	else if (ns < 1000)
		sb_printf(b, "%lld ns", ns);
	else if (ns < 1000000)
		sb_printf(b, "%lld.%01lld us", ns / 1000, ns / 100 % 10);
	else
		esc_time(b, ns);
}

/* "EINVAL 2, EPERM 1" */
static void errors(struct sbuf *b, const struct stats_kind *k)
{
	for (int e = 0; e < k->n_errors; e++) {
		sb_add(b, e ? ", " : "");
		esc_add(b, k->errors[e].name, ESC_TEXT);
		sb_printf(b, " %lld", k->errors[e].calls);
	}
}

static void calls_table(struct sbuf *b, const struct stats *s)
{
	struct sbuf cell;

	sb_init(&cell);
	sb_add(b, "  calls  failed  syscall  flags                      errors\n");
	for (int i = 0; i < s->n_kinds; i++) {
		const struct stats_kind *k = &s->kinds[i];

		sb_printf(b, "%7lld %7lld  ", k->calls, k->failed);
		sb_reset(&cell);
		esc_add(&cell, k->syscall, ESC_TEXT);
		sb_printf(b, "%-7s  ", sb_str(&cell));
		sb_reset(&cell);
		esc_add(&cell, *k->flags ? k->flags : "-", ESC_TEXT);
		sb_printf(b, "%-26s ", sb_str(&cell));
		errors(b, k);
		while (b->len > 0 && b->s[b->len - 1] == ' ')
			b->s[--b->len] = '\0';
		sb_add(b, "\n");
	}
	sb_printf(b, "%7lld %7lld  total\n", s->calls, s->calls_failed);
	sb_free(&cell);
}

static void failures(struct sbuf *b, const struct stats *s)
{
	if (s->n_errnos > 0) {
		sb_add(b, "\nfailures by errno:\n");
		for (int i = 0; i < s->n_errnos; i++) {
			sb_printf(b, "%7lld  ", s->errnos[i].calls);
			esc_add(b, s->errnos[i].name, ESC_TEXT);
			sb_add(b, "\n");
		}
	}
	if (s->n_rules > 0) {
		sb_add(b, "\nclone(2) rules broken (calls, of which failed):\n");
		for (int i = 0; i < s->n_rules; i++) {
			sb_printf(b, "%7lld %7lld  ", s->rules[i].calls, s->rules[i].failed);
			esc_add(b, s->rules[i].rule, ESC_TEXT);
			sb_add(b, "\n");
		}
	}
}

/* "min 1, median 2, max 9", times when time is set. */
static void spread(struct sbuf *b, const struct stats_spread *s, bool time)
{
	static const char *const keys[] = { "min", "median", "p99", "max" };
	const long long v[] = { s->min, s->median, s->p99, s->max };
	const char *sep = "";

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (i == 2 && !s->has_p99)
			continue;
		sb_printf(b, "%s%s ", sep, keys[i]);
		if (time)
			human_time(b, s->count > 0, v[i]);
		else if (s->count > 0)
			sb_printf(b, "%lld", v[i]);
		else
			sb_add(b, "-");
		sep = ", ";
	}
}

static void tasks_part(struct sbuf *b, const struct stats *s)
{
	sb_printf(b, "\ntasks: %lld (%lld process%s, %lld thread%s)", s->tasks,
		  s->processes, s->processes == 1 ? "" : "es",
		  s->threads, s->threads == 1 ? "" : "s");
	if (s->alive)
		sb_printf(b, ", %lld alive at the end", s->alive);
	if (s->escaped)
		sb_printf(b, ", %lld escaped tracing", s->escaped);
	sb_add(b, "\ntasks per process: ");
	spread(b, &s->per_process, false);
	sb_printf(b, "\nlifetimes (%lld tasks that ended): ", s->lifetime.count);
	spread(b, &s->lifetime, true);
	sb_printf(b, "\ncreations: %lld in ", s->created);
	human_time(b, true, s->run_ns);
	if (s->run_ns > 0)
		sb_printf(b, ", %.0f/s", s->per_second);
	if (s->peak_in_window > 0) {
		sb_printf(b, "; peak %.0f/s (%lld in the ", s->peak_per_second, s->peak_in_window);
		human_time(b, true, s->peak_window_ns);
		sb_add(b, " from ");
		human_time(b, s->peak_at_ns >= 0, s->peak_at_ns);
		sb_add(b, ")");
	}
	sb_printf(b, "\ndeepest process tree: %lld level%s", s->levels, s->levels == 1 ? "" : "s");
	if (s->deepest >= 0 && s->levels > 1) {
		sb_add(b, " (down to ");
		esc_add(b, s->deepest_comm, ESC_TEXT);
		sb_printf(b, " %lld)", s->deepest_tid);
	}
	sb_add(b, "\n");
}

static void execs_part(struct sbuf *b, const struct stats *s)
{
	sb_printf(b, "execs: %lld, %lld failed", s->execs, s->execs_failed);
	for (int i = 0; i < s->n_exec_errnos; i++) {
		sb_add(b, i ? ", " : " (");
		esc_add(b, s->exec_errnos[i].name, ESC_TEXT);
		sb_printf(b, " %lld", s->exec_errnos[i].calls);
	}
	sb_add(b, s->n_exec_errnos ? ")\n" : "\n");
}

static void namespaces_part(struct sbuf *b, const struct stats *s)
{
	sb_add(b, "\nnamespaces  created  failed  joined  seen\n");
	for (int i = 0; i < s->n_ns; i++)
		sb_printf(b, "%-10s %8lld %7lld %7lld %5lld\n", s->ns[i].kind, s->ns[i].created,
			  s->ns[i].failed, s->ns[i].joined, s->ns[i].seen);
}

/* Only for a trace with containers in what the filter keeps: no table of nothing. */
static void containers_part(struct sbuf *b, const struct stats *s)
{
	if (!s->n_ctrs)
		return;
	sb_add(b, "\ncontainer     runtime     tasks  processes  threads  execs  calls  ns calls\n");
	for (int i = 0; i < s->n_ctrs; i++) {
		const struct stats_ctr *r = &s->ctrs[i];
		struct sbuf id, rt;

		sb_init(&id);
		sb_init(&rt);
		ctr_short_id(&id, r->id);
		esc_add(&rt, r->runtime, ESC_TEXT);
		sb_printf(b, "%-13s %-10s %6lld %10lld %8lld %6lld %6lld %9lld\n", sb_str(&id),
			  sb_str(&rt), r->tasks, r->processes, r->threads, r->execs, r->calls,
			  r->ns_calls);
		sb_free(&id);
		sb_free(&rt);
	}
}

static void header(struct sbuf *b, const struct stats *s)
{
	sb_add(b, "trace of");
	for (int i = 0; i < s->argv.n; i++) {
		sb_add(b, " ");
		esc_add(b, s->argv.v[i], ESC_TEXT);
	}
	sb_add(b, " (");
	if (s->mode) {
		esc_add(b, s->mode, ESC_TEXT);
		sb_add(b, ", ");
	}
	human_time(b, s->duration_ns >= 0, s->duration_ns);
	sb_add(b, s->complete ? ")\n" : ", incomplete: clonetrace was interrupted)\n");
	if (s->filter) {
		sb_add(b, "filter: ");
		sb_add(b, s->filter);
		sb_add(b, "\n");
	}
	sb_add(b, "\n");
}

int stats_text_write(FILE *out, const struct stats *s)
{
	struct sbuf b;
	int rc;

	sb_init(&b);
	header(&b, s);
	calls_table(&b, s);
	failures(&b, s);
	tasks_part(&b, s);
	execs_part(&b, s);
	namespaces_part(&b, s);
	containers_part(&b, s);
	rc = fwrite(b.s, 1, b.len, out) == b.len ? 0 : -1;
	sb_free(&b);
	return rc;
}
