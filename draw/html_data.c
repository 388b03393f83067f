/* SPDX-License-Identifier: MIT */
/*
 * The report's data: the tasks a selection keeps and their calls, as one
 * JSON object of columns (one array per field, an element per task or
 * call), the trace's strings kept once in "S" and named by index:
 *   t: tid tgid id k up row fold count name comm exe argv img start end
 *      exit call ns.KIND sh.KIND nspid ex xf names cgroup container cid cshort
 *   c: task child time sys short line flags err st nsk rules stack stack_error
 * Every string of the trace is written as `show` writes it (ESC_TEXT:
 * control characters and bidi overrides as \x1b, \u202e), and the words
 * (call lines, exits, names) are describe.c's and showline.c's, so the page
 * says what show says.  A column is dumped and freed before the next is
 * made, so a 100,000-task trace never stands as one JSON tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "answers/ctr.h"
#include "answers/describe.h"
#include "answers/filter.h"
#include "answers/showline.h"
#include "base/strmap.h"
#include "names/flags.h"
#include "draw/html_data.h"

/* k: bits of a task */
#define K_THREAD 1
#define K_ESCAPED 2
#define K_PRE 4
#define K_BAD 8

struct data {
	struct html_out *out;
	const struct trace *t;
	const struct units *m;
	int *idx;		/* per trace task: its index in the report, -1: not in it */
	int *task;		/* per report task: the trace's */
	int n;
	int *cidx;		/* per trace call: its index in the report, -1 */
	int *call;
	int nc;
	struct strmap strings;
	json_t *s;		/* the strings, in order of index */
	struct sbuf b;
};

void html_put(struct html_out *o, const char *s, size_t n)
{
	if (!o->error && n > 0 && fwrite(s, 1, n, o->f) != n)
		o->error = errno ? errno : EIO;
}

/* JSON text with every '<' as \u003c: in a JSON text '<' stands only in strings. */
void html_put_json(struct html_out *o, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *p = s, *lt;

	json_decref(v);
	if (!s) {
		html_put(o, "null", 4);
		return;
	}
	while ((lt = strchr(p, '<')) != NULL) {
		html_put(o, p, (size_t)(lt - p));
		html_put(o, "\\u003c", 6);
		p = lt + 1;
	}
	html_put(o, p, strlen(p));
	free(s);
}

/* The index of a string, added when new; NULL is -1. */
static json_t *str_raw(struct data *d, const char *s)
{
	bool added;
	long long *v;
	json_t *j;

	if (!s)
		return json_integer(-1);
	v = strmap_add(&d->strings, s, &added);
	if (added) {
		j = json_string(s);
		*v = (long long)json_array_size(d->s);
		json_array_append_new(d->s, j ? j : json_string("?"));
	}
	return json_integer(*v);
}

/* A string of the trace, escaped as show escapes it. */
static json_t *str(struct data *d, const char *s)
{
	json_t *j;

	if (!s)
		return json_integer(-1);
	esc_add(&d->b, s, ESC_TEXT);
	j = str_raw(d, sb_str(&d->b));
	sb_reset(&d->b);
	return j;
}

/* The words in d->b, as a string index. */
static json_t *words(struct data *d)
{
	json_t *j = str_raw(d, sb_str(&d->b));

	sb_reset(&d->b);
	return j;
}

static json_t *ref(const int *idx, int i)
{
	return json_integer(i >= 0 ? idx[i] : -1);
}

typedef json_t *(*column_fn)(struct data *d, int i, const void *arg);

/* "name":[f(0), f(1), ...] for the n elements; sep before it. */
static void column(struct data *d, const char *sep, const char *name, int n, column_fn f,
		   const void *arg)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, f(d, i, arg));
	html_put(d->out, sep, strlen(sep));
	html_put_json(d->out, json_string(name));
	html_put(d->out, ":", 1);
	html_put_json(d->out, a);
}

#define TASK(d, i) (&(d)->t->tasks[(d)->task[i]])
#define CALL(d, i) (&(d)->t->calls[(d)->call[i]])

static json_t *t_tid(struct data *d, int i, const void *arg) { return json_integer(TASK(d, i)->tid); }
static json_t *t_tgid(struct data *d, int i, const void *arg) { return json_integer(TASK(d, i)->tgid); }
static json_t *t_id(struct data *d, int i, const void *arg) { return json_integer(TASK(d, i)->id); }
static json_t *t_start(struct data *d, int i, const void *arg) { return json_integer(TASK(d, i)->start_ns); }
static json_t *t_end(struct data *d, int i, const void *arg) { return json_integer(TASK(d, i)->end_ns); }
static json_t *t_up(struct data *d, int i, const void *arg) { return ref(d->idx, TASK(d, i)->up); }
static json_t *t_call(struct data *d, int i, const void *arg) { return ref(d->cidx, TASK(d, i)->call); }
static json_t *t_comm(struct data *d, int i, const void *arg) { return str(d, TASK(d, i)->comm); }
static json_t *t_exe(struct data *d, int i, const void *arg) { return str(d, TASK(d, i)->exe); }

static json_t *t_k(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);

	return json_integer((k->thread ? K_THREAD : 0) | (k->escaped ? K_ESCAPED : 0) |
			    (k->pre_existing ? K_PRE : 0) | (describe_exit_bad(k) ? K_BAD : 0));
}

/* The group leader's index, when the leader is in the report. */
static int leader(struct data *d, int i)
{
	const struct tr_task *k = TASK(d, i);

	return d->idx[d->t->groups[k->group].leader];
}

/*
 * The row a task hangs under in the tree, as show places it: a thread under
 * its process's leader; a process under the leader of the process of the
 * task that created it (else that task itself).
 */
static json_t *t_row(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);
	int l = leader(d, i), up, ul;

	if (k->thread && l >= 0 && l != i)
		return json_integer(l);
	up = k->up >= 0 ? d->idx[k->up] : -1;
	if (up < 0)
		return json_integer(-1);
	ul = leader(d, up);
	return json_integer(ul >= 0 && ul != i ? ul : up);
}

static json_t *t_name(struct data *d, int i, const void *arg)
{
	const struct show_opts *o = arg;

	showline_task(&d->b, d->t, d->task[i], o);
	return words(d);
}

static json_t *t_argv(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);

	if (!k->argv.v)
		return json_integer(-1);
	describe_argv(&d->b, k->argv, ESC_TEXT, (size_t)-1);
	return words(d);
}

static json_t *t_img(struct data *d, int i, const void *arg)
{
	const char *const *image = arg;

	return str(d, image[d->task[i]]);
}

static json_t *t_exit(struct data *d, int i, const void *arg)
{
	describe_exit(&d->b, TASK(d, i), ESC_TEXT);
	return words(d);
}

/* A namespace as show names it ("4026532174", "4026532174#2": an instance, not an inode); -1: none. */
static json_t *t_ns(struct data *d, int i, const void *arg)
{
	long long v = TASK(d, i)->ns[*(const int *)arg];

	if (!v)
		return json_integer(-1);
	describe_namespace(&d->b, d->t, v);
	return words(d);
}

static json_t *t_sh(struct data *d, int i, const void *arg)
{
	return str(d, TASK(d, i)->shares[*(const int *)arg]);
}

static json_t *t_nspid(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);
	json_t *a;

	if (k->nspid_unknown)
		return json_null();
	a = json_array();
	for (int j = 0; j < k->n_nspid; j++)
		json_array_append_new(a, json_integer(k->nspid[j]));
	return a;
}

/* [[time_ns, program, argv or errno], ...]: execs, or (arg) failed execs. */
static json_t *t_execs(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);
	bool failed = arg != NULL;
	const struct tr_exec *x = failed ? k->exec_failures : k->execs;
	int n = failed ? k->n_exec_failures : k->n_execs;
	json_t *a = json_array();

	for (int j = 0; j < n; j++) {
		json_t *e = json_array();

		json_array_append_new(e, json_integer(x[j].time_ns));
		json_array_append_new(e, str(d, x[j].program));
		if (failed) {
			json_array_append_new(e, str(d, x[j].err));
		} else {
			describe_argv(&d->b, x[j].argv, ESC_TEXT, (size_t)-1);
			json_array_append_new(e, words(d));
		}
		json_array_append_new(a, e);
	}
	return a;
}

/* The cgroups, a line each: "PATH" (v2), "CONTROLLERS: PATH" (v1); "?" never read; -1 absent. */
static json_t *t_cgroup(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);

	if (k->cgroup_unknown)
		return str_raw(d, "?");
	if (!k->cgroup.v)
		return json_integer(-1);
	for (int j = 0; j + 1 < k->cgroup.n; j += 2) {
		sb_add(&d->b, j ? "\n" : "");
		if (*k->cgroup.v[j]) {
			esc_add(&d->b, k->cgroup.v[j], ESC_TEXT);
			sb_add(&d->b, ": ");
		}
		esc_add(&d->b, k->cgroup.v[j + 1], ESC_TEXT);
	}
	return words(d);
}

/* The container: "runtime ID" (", pod UID"), "(named by its cgroup)"; -1: none named. */
static json_t *t_container(struct data *d, int i, const void *arg)
{
	const struct tr_container *c = &TASK(d, i)->container;

	if (!c->id)
		return json_integer(-1);
	esc_add(&d->b, c->runtime ? c->runtime : "?", ESC_TEXT);
	sb_add(&d->b, " ");
	esc_add(&d->b, c->id, ESC_TEXT);
	if (c->pod) {
		sb_add(&d->b, ", pod ");
		esc_add(&d->b, c->pod, ESC_TEXT);
	}
	if (c->via) {
		sb_add(&d->b, strcmp(c->via, "command") == 0 ? " (named by a runtime's command line)" :
			      strcmp(c->via, "cgroup") == 0 ? " (named by its cgroup)" : " (via ");
		if (strcmp(c->via, "command") && strcmp(c->via, "cgroup")) {
			esc_add(&d->b, c->via, ESC_TEXT);
			sb_add(&d->b, ")");
		}
	}
	return words(d);
}

/* The container's id alone, for -e container=ID; -1: none named. */
static json_t *t_cid(struct data *d, int i, const void *arg)
{
	return str(d, TASK(d, i)->container.id);
}

/* The container's id as show marks it (docker's first 12 digits); -1: none named. */
static json_t *t_cshort(struct data *d, int i, const void *arg)
{
	const char *id = TASK(d, i)->container.id;

	if (!id)
		return json_integer(-1);
	ctr_short_id(&d->b, id);
	return words(d);
}

/* [[time_ns, comm, via], ...]: every name the task had, when it changed. */
static json_t *t_names(struct data *d, int i, const void *arg)
{
	const struct tr_task *k = TASK(d, i);
	json_t *a = json_array();

	for (int j = 0; j < k->n_names; j++) {
		const struct tr_name *x = &k->names[j];

		json_array_append_new(a, json_pack("[Ioo]", (json_int_t)x->time_ns, str(d, x->comm),
						   str(d, x->via)));
	}
	return a;
}

static json_t *c_task(struct data *d, int i, const void *arg) { return ref(d->idx, CALL(d, i)->task); }
static json_t *c_child(struct data *d, int i, const void *arg) { return ref(d->idx, CALL(d, i)->child); }
static json_t *c_time(struct data *d, int i, const void *arg) { return json_integer(CALL(d, i)->time_ns); }
static json_t *c_sys(struct data *d, int i, const void *arg) { return str(d, CALL(d, i)->syscall); }
static json_t *c_nsk(struct data *d, int i, const void *arg) { return json_integer(filter_ns_kinds(CALL(d, i))); }

static json_t *c_err(struct data *d, int i, const void *arg)
{
	const struct tr_call *c = CALL(d, i);

	return str(d, c->result == RESULT_ERRNO ? c->err : NULL);
}

/* 0 worked, 1 failed, 2 never returned: the filters' status. */
static json_t *c_st(struct data *d, int i, const void *arg)
{
	const struct tr_call *c = CALL(d, i);

	return json_integer(c->result == RESULT_ERRNO ? 1 : c->result == RESULT_NONE ? 2 : 0);
}

static json_t *c_short(struct data *d, int i, const void *arg)
{
	describe_call_short(&d->b, CALL(d, i), ESC_TEXT);
	return words(d);
}

/* strace-like, as -v prints it: clone3(flags=CLONE_VM|..., exit_signal=0, ...) = 1236 */
static json_t *c_line(struct data *d, int i, const void *arg)
{
	describe_call_line(&d->b, CALL(d, i), ESC_TEXT);
	return words(d);
}

/*
 * The flags as -v prints them: clone's and clone3's from their bits, as
 * decode/format.c names them (clone's exit signal after a '|', as strace
 * does); unshare's and setns's as the trace lists them.
 */
static json_t *c_flags(struct data *d, int i, const void *arg)
{
	const struct tr_call *c = CALL(d, i);
	bool clone = strcmp(c->syscall, "clone") == 0;
	bool sig = clone && c->has_exit_signal && (c->exit_signal || c->exit_signal_nr != 0);

	if ((clone || strcmp(c->syscall, "clone3") == 0) && c->flags_value) {
		if (c->mask || !sig)
			flags_add(&d->b, FLAGS_CLONE, c->mask);
		if (sig && c->mask)
			sb_add(&d->b, "|");
		if (sig && c->exit_signal)
			esc_add(&d->b, c->exit_signal, ESC_TEXT);
		else if (sig)
			sb_printf(&d->b, "%lld", c->exit_signal_nr);
		return words(d);
	}
	for (int j = 0; j < c->flags.n; j++) {
		sb_add(&d->b, j ? "|" : "");
		esc_add(&d->b, c->flags.v[j], ESC_TEXT);
	}
	if (!c->flags.v && c->flags_value)
		esc_add(&d->b, c->flags_value, ESC_TEXT);
	return words(d);
}

static json_t *c_rules(struct data *d, int i, const void *arg)
{
	const struct tr_call *c = CALL(d, i);
	json_t *a = json_array();

	for (int j = 0; j < c->violates.n; j++)
		json_array_append_new(a, str(d, c->violates.v[j]));
	return a;
}

static json_t *c_stack(struct data *d, int i, const void *arg)
{
	const struct tr_call *c = CALL(d, i);

	if (c->n_stack == 0)
		return json_integer(-1);
	describe_stack(&d->b, c, ESC_TEXT, "");
	return words(d);
}

static json_t *c_stack_error(struct data *d, int i, const void *arg)
{
	return str(d, CALL(d, i)->stack_error);
}

/*
 * Folding as show folds: process units alike with their subtrees (show's
 * key, showline_key) stand for each other.  fold[i] is the report index of
 * the leader of the unit a folded unit's task is shown by, -1 when none;
 * count[i] how many units a representative's leader stands for.
 */
static void folds(struct data *d, const struct select *sel, int *fold, int *count)
{
	struct show_opts o = { .sel = *sel };
	struct show_line s = { .o = &o, .image = showline_images(d->t) };
	struct units g;
	char err[160];

	o.sel.collapse = true;
	for (int i = 0; i < d->n; i++)
		fold[i] = -1, count[i] = 1;
	if (units_build(&g, d->t, UNIT_GROUPS, &o.sel, showline_key, &s, err, sizeof(err)) == 0) {
		for (int u = 0; u < g.n; u++) {
			int rep = d->idx[g.u[u].task];

			if (!g.u[u].shown || g.u[u].count < 2 || rep < 0)
				continue;
			count[rep] = g.u[u].count;
			for (int f = g.u[u].folded; f >= 0; f = g.u[f].folded) {
				const int *tasks;
				int n = units_tasks(&g, f, &tasks);

				for (int j = 0; j < n; j++)
					if (d->idx[tasks[j]] >= 0 && d->idx[tasks[j]] != rep)
						fold[d->idx[tasks[j]]] = rep;
			}
		}
		units_free(&g);
	}
	free(s.image);
}

static json_t *t_int(struct data *d, int i, const void *arg) { return json_integer(((const int *)arg)[i]); }

static void task_columns(struct data *d, const struct select *sel)
{
	struct show_opts o = { .sel = *sel };
	const char **image = showline_images(d->t);
	int *fold = xcalloc(d->n + 1, sizeof(int)), *count = xcalloc(d->n + 1, sizeof(int));
	char name[32];

	folds(d, sel, fold, count);
	html_put(d->out, "\"t\":{", 5);
	column(d, "", "tid", d->n, t_tid, NULL);
	column(d, ",", "tgid", d->n, t_tgid, NULL);
	column(d, ",", "id", d->n, t_id, NULL);
	column(d, ",", "k", d->n, t_k, NULL);
	column(d, ",", "up", d->n, t_up, NULL);
	column(d, ",", "row", d->n, t_row, NULL);
	column(d, ",", "fold", d->n, t_int, fold);
	column(d, ",", "count", d->n, t_int, count);
	column(d, ",", "name", d->n, t_name, &o);
	column(d, ",", "comm", d->n, t_comm, NULL);
	column(d, ",", "exe", d->n, t_exe, NULL);
	column(d, ",", "argv", d->n, t_argv, NULL);
	column(d, ",", "img", d->n, t_img, image);
	column(d, ",", "start", d->n, t_start, NULL);
	column(d, ",", "end", d->n, t_end, NULL);
	column(d, ",", "exit", d->n, t_exit, NULL);
	column(d, ",", "call", d->n, t_call, NULL);
	for (int k = 0; k < NS_COUNT; k++) {
		snprintf(name, sizeof(name), "ns.%s", ct_ns[k].name);
		column(d, ",", name, d->n, t_ns, &k);
	}
	for (int r = 0; r < R_COUNT; r++) {
		snprintf(name, sizeof(name), "sh.%s", ct_res[r].name);
		column(d, ",", name, d->n, t_sh, &r);
	}
	column(d, ",", "nspid", d->n, t_nspid, NULL);
	column(d, ",", "ex", d->n, t_execs, NULL);
	column(d, ",", "xf", d->n, t_execs, "failed");
	column(d, ",", "names", d->n, t_names, NULL);
	column(d, ",", "cgroup", d->n, t_cgroup, NULL);
	column(d, ",", "container", d->n, t_container, NULL);
	column(d, ",", "cid", d->n, t_cid, NULL);
	column(d, ",", "cshort", d->n, t_cshort, NULL);
	html_put(d->out, "}", 1);
	free(fold);
	free(count);
	free(image);
}

static void call_columns(struct data *d)
{
	html_put(d->out, ",\"c\":{", 6);
	column(d, "", "task", d->nc, c_task, NULL);
	column(d, ",", "child", d->nc, c_child, NULL);
	column(d, ",", "time", d->nc, c_time, NULL);
	column(d, ",", "sys", d->nc, c_sys, NULL);
	column(d, ",", "short", d->nc, c_short, NULL);
	column(d, ",", "line", d->nc, c_line, NULL);
	column(d, ",", "flags", d->nc, c_flags, NULL);
	column(d, ",", "err", d->nc, c_err, NULL);
	column(d, ",", "st", d->nc, c_st, NULL);
	column(d, ",", "nsk", d->nc, c_nsk, NULL);
	column(d, ",", "rules", d->nc, c_rules, NULL);
	column(d, ",", "stack", d->nc, c_stack, NULL);
	column(d, ",", "stack_error", d->nc, c_stack_error, NULL);
	html_put(d->out, "}", 1);
}

static void meta(struct data *d, const struct select *sel, int n_tasks)
{
	const struct tr_meta *mt = &d->t->meta;
	json_t *o = json_object(), *kinds = json_array(), *notes = json_array();

	describe_argv(&d->b, mt->argv, ESC_TEXT, (size_t)-1);
	json_object_set_new(o, "argv", words(d));
	json_object_set_new(o, "tool", str(d, mt->tool));
	json_object_set_new(o, "kernel", str(d, mt->kernel));
	json_object_set_new(o, "arch", str(d, mt->host_arch));
	json_object_set_new(o, "mode", str(d, mt->mode));
	json_object_set_new(o, "start", str(d, mt->start_time));
	json_object_set_new(o, "duration", json_integer(mt->duration_ns));
	json_object_set_new(o, "complete", json_boolean(mt->complete));
	json_object_set_new(o, "filter", str(d, sel->filter && *sel->filter ? sel->filter : NULL));
	json_object_set_new(o, "focus", json_integer(sel->focus));
	json_object_set_new(o, "depth", json_integer(sel->depth));
	json_object_set_new(o, "tasks", json_integer(n_tasks));
	json_object_set_new(o, "stacks", json_boolean(d->t->has_stacks));
	for (int i = 0; i < mt->notes.n; i++)
		json_array_append_new(notes, str(d, mt->notes.v[i]));
	json_object_set_new(o, "notes", notes);
	for (int k = 0; k < NS_COUNT; k++)
		json_array_append_new(kinds, json_string(ct_ns[k].name));
	json_object_set_new(o, "ns", kinds);
	kinds = json_array();
	for (int r = 0; r < R_COUNT; r++)
		json_array_append_new(kinds, json_string(ct_res[r].name));
	json_object_set_new(o, "res", kinds);
	html_put(d->out, ",\"meta\":", 8);
	html_put_json(d->out, o);
}

/*
 * The calls in the report: those of its tasks that the selection keeps (a
 * failed call only when the filter keeps it, as the other views do).
 */
static bool call_kept(const struct data *d, const struct units *m, int c)
{
	const struct tr_call *x = &d->t->calls[c];

	if (d->idx[x->task] < 0)
		return false;
	return x->result != RESULT_ERRNO || !m->keep_call || m->keep_call[c];
}

void html_data(struct html_out *out, const struct units *m, const struct select *sel,
	       json_t *extra)
{
	const struct trace *t = m->t;
	struct data d = { .out = out, .t = t, .m = m };
	const char *key;
	json_t *v;

	d.idx = xcalloc(t->n_tasks + 1, sizeof(int));
	d.task = xcalloc(t->n_tasks + 1, sizeof(int));
	d.cidx = xcalloc(t->n_calls + 1, sizeof(int));
	d.call = xcalloc(t->n_calls + 1, sizeof(int));
	for (int i = 0; i < t->n_tasks; i++) {
		d.idx[i] = -1;
		if (m->u[m->of_task[i]].shown) {
			d.idx[i] = d.n;
			d.task[d.n++] = i;
		}
	}
	for (int c = 0; c < t->n_calls; c++) {
		d.cidx[c] = -1;
		if (call_kept(&d, m, c)) {
			d.cidx[c] = d.nc;
			d.call[d.nc++] = c;
		}
	}
	strmap_init(&d.strings);
	sb_init(&d.b);
	d.s = json_array();
	html_put(out, "{", 1);
	task_columns(&d, sel);
	call_columns(&d);
	meta(&d, sel, t->n_tasks);
	json_object_foreach(extra, key, v) {
		html_put(out, ",", 1);
		html_put_json(out, json_string(key));
		html_put(out, ":", 1);
		html_put_json(out, json_incref(v));
	}
	html_put(out, ",\"S\":", 5);
	html_put_json(out, d.s);
	html_put(out, "}", 1);
	sb_free(&d.b);
	strmap_free(&d.strings);
	free(d.idx);
	free(d.task);
	free(d.cidx);
	free(d.call);
}
