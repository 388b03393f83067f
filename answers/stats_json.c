/* SPDX-License-Identifier: MIT */
/* `clonetrace stats --json`: struct stats as the object docs/stats.md describes, key for key. */
#include "answers/stats.h"

static json_t *int_or_null(bool has, long long v)
{
	return has ? json_integer(v) : json_null();
}

static json_t *spread_json(const struct stats_spread *s)
{
	json_t *o = json_object();
	bool any = s->count > 0;

	json_object_set_new(o, "count", json_integer(s->count));
	json_object_set_new(o, "min", int_or_null(any, s->min));
	json_object_set_new(o, "median", int_or_null(any, s->median));
	if (s->has_p99)
		json_object_set_new(o, "p99", int_or_null(any, s->p99));
	json_object_set_new(o, "max", int_or_null(any, s->max));
	return o;
}

/* [{"<name>": "EINVAL", "calls": 2}, ...] */
static json_t *counts_json(const struct stats_count *v, int n, const char *name)
{
	json_t *arr = json_array();

	for (int i = 0; i < n; i++) {
		json_t *row = json_object();

		json_object_set_new(row, name, json_string(v[i].name));
		json_object_set_new(row, "calls", json_integer(v[i].calls));
		json_array_append_new(arr, row);
	}
	return arr;
}

static json_t *calls_json(const struct stats *s)
{
	json_t *o = json_object(), *kinds = json_array(), *rules = json_array();

	for (int i = 0; i < s->n_kinds; i++) {
		const struct stats_kind *k = &s->kinds[i];
		json_t *errors = json_object();

		for (int e = 0; e < k->n_errors; e++)
			json_object_set_new(errors, k->errors[e].name,
					    json_integer(k->errors[e].calls));
		json_array_append_new(kinds, json_pack("{sssssIsIso}", "syscall", k->syscall,
						       "flags", k->flags, "calls",
						       (json_int_t)k->calls, "failed",
						       (json_int_t)k->failed, "errors", errors));
	}
	for (int i = 0; i < s->n_rules; i++)
		json_array_append_new(rules, json_pack("{sssIsI}", "rule", s->rules[i].rule,
						       "calls", (json_int_t)s->rules[i].calls,
						       "failed", (json_int_t)s->rules[i].failed));
	json_object_set_new(o, "total", json_integer(s->calls));
	json_object_set_new(o, "failed", json_integer(s->calls_failed));
	json_object_set_new(o, "by_kind", kinds);
	json_object_set_new(o, "by_errno", counts_json(s->errnos, s->n_errnos, "errno"));
	json_object_set_new(o, "by_rule", rules);
	return o;
}

static json_t *containers_json(const struct stats *s)
{
	json_t *a = json_array();

	for (int i = 0; i < s->n_ctrs; i++) {
		const struct stats_ctr *r = &s->ctrs[i];
		json_t *o = json_pack("{sssssssIsIsIsIsIsI}", "id", r->id, "runtime", r->runtime,
				      "via", r->via, "tasks", (json_int_t)r->tasks,
				      "processes", (json_int_t)r->processes,
				      "threads", (json_int_t)r->threads, "execs", (json_int_t)r->execs,
				      "calls", (json_int_t)r->calls,
				      "namespace_calls", (json_int_t)r->ns_calls);

		if (r->pod)
			json_object_set_new(o, "pod", json_string(r->pod));
		json_object_set_new(o, "cgroup", r->cgroup ? json_string(r->cgroup) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *tasks_json(const struct stats *s)
{
	json_t *o = json_object(), *cr = json_object(), *deep = json_object();

	json_object_set_new(o, "total", json_integer(s->tasks));
	json_object_set_new(o, "processes", json_integer(s->processes));
	json_object_set_new(o, "threads", json_integer(s->threads));
	json_object_set_new(o, "alive_at_end", json_integer(s->alive));
	json_object_set_new(o, "escaped", json_integer(s->escaped));
	json_object_set_new(o, "per_process", spread_json(&s->per_process));
	json_object_set_new(o, "lifetime_ns", spread_json(&s->lifetime));
	json_object_set_new(cr, "total", json_integer(s->created));
	json_object_set_new(cr, "run_ns", json_integer(s->run_ns));
	json_object_set_new(cr, "per_second", s->run_ns > 0 ? json_real(s->per_second) :
			    json_null());
	json_object_set_new(cr, "peak_window_ns", json_integer(s->peak_window_ns));
	json_object_set_new(cr, "peak_in_window", json_integer(s->peak_in_window));
	json_object_set_new(cr, "peak_per_second", json_real(s->peak_per_second));
	json_object_set_new(cr, "peak_at_ns", int_or_null(s->peak_at_ns >= 0, s->peak_at_ns));
	json_object_set_new(o, "creations", cr);
	json_object_set_new(deep, "levels", json_integer(s->levels));
	json_object_set_new(deep, "task", s->deepest < 0 ? json_null() :
			    json_pack("{sIsIss}", "id", (json_int_t)s->deepest_id, "tid",
				      (json_int_t)s->deepest_tid, "comm", s->deepest_comm));
	json_object_set_new(o, "deepest_tree", deep);
	return o;
}

json_t *stats_json_new(const struct stats *s)
{
	json_t *o = json_object(), *tr = json_object(), *argv = json_array(), *ex = json_object();
	json_t *ns = json_array();

	for (int i = 0; i < s->argv.n; i++)
		json_array_append_new(argv, json_string(s->argv.v[i]));
	if (!s->argv.v) {
		json_decref(argv);
		argv = json_null();
	}
	json_object_set_new(tr, "argv", argv);
	json_object_set_new(tr, "mode", s->mode ? json_string(s->mode) : json_null());
	json_object_set_new(tr, "duration_ns", int_or_null(s->duration_ns >= 0, s->duration_ns));
	json_object_set_new(tr, "complete", json_boolean(s->complete));
	json_object_set_new(o, "trace", tr);
	json_object_set_new(o, "filter", s->filter ? json_string(s->filter) : json_null());
	json_object_set_new(o, "calls", calls_json(s));
	json_object_set_new(o, "tasks", tasks_json(s));
	json_object_set_new(ex, "total", json_integer(s->execs));
	json_object_set_new(ex, "failed", json_integer(s->execs_failed));
	json_object_set_new(ex, "failed_by_errno",
			    counts_json(s->exec_errnos, s->n_exec_errnos, "errno"));
	json_object_set_new(o, "execs", ex);
	for (int i = 0; i < s->n_ns; i++)
		json_array_append_new(ns, json_pack("{sssIsIsIsI}", "kind", s->ns[i].kind,
						    "created", (json_int_t)s->ns[i].created,
						    "failed", (json_int_t)s->ns[i].failed,
						    "joined", (json_int_t)s->ns[i].joined,
						    "seen", (json_int_t)s->ns[i].seen));
	json_object_set_new(o, "namespaces", ns);
	json_object_set_new(o, "containers", containers_json(s));
	return o;
}

int stats_json_write(FILE *out, const struct stats *s)
{
	json_t *o = stats_json_new(s);
	int rc = json_dumpf(o, out, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) == 0 &&
		 fputc('\n', out) != EOF ? 0 : -1;

	json_decref(o);
	return rc;
}
