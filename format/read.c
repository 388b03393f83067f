/* SPDX-License-Identifier: MIT */
/*
 * One record of a trace, JSON (jansson) in, checked struct out: the header,
 * the meta, a task, a resource (calls: read_call.c).  Every field named in
 * docs/trace-format.md is checked for its type and range; names this version
 * does not know are ignored, as the format asks.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "format/fields.h"
#include "format/keep.h"
#include "format/keys.h"
#include "format/read.h"
#include "format/read_call.h"

static int read_exit(struct trace_error *e, const char *at, json_t *obj, const char *name,
		     struct tr_exit *x)
{
	json_t *v;
	char where[96];

	memset(x, 0, sizeof(*x));
	if (fields_get(e, at, obj, name, T_OBJ | T_NULL | T_ABSENT, &v) < 0)
		return -1;
	if (!v || json_is_null(v))
		return 0;
	snprintf(where, sizeof(where), "%s.%s", at, name);
	if (json_object_get(v, "code")) {
		x->kind = EXIT_CODE;
		return fields_int(e, where, v, "code", 0, INT_MIN, INT_MAX, &x->code);
	}
	if (json_object_get(v, "signal")) {
		json_t *sig;

		x->kind = EXIT_SIGNAL;
		if (fields_get(e, where, v, "signal", T_STR | T_INT, &sig) < 0)
			return -1;
		/* A signal without a name is written as its number. */
		x->signal = json_is_string(sig) ? json_string_value(sig) : NULL;
		x->code = json_is_integer(sig) ? (long long)json_integer_value(sig) : 0;
		if (json_is_integer(sig) && (x->code < 0 || x->code > 1024))
			return fields_error(e, "%s.signal: %lld is out of range (0..1024)",
					       where, x->code);
		return fields_bool(e, where, v, "core", &x->core);
	}
	if (json_object_get(v, "exec")) {
		bool exec;

		x->kind = EXIT_EXEC;
		return fields_bool(e, where, v, "exec", &exec);
	}
	return fields_error(e, "%s: expected \"code\", \"signal\" or \"exec\"", where);
}

static int read_meta(struct trace *t, json_t *root, struct trace_error *e)
{
	struct tr_meta *m = &t->meta;
	const char *at = "meta";
	json_t *o, *argv = NULL, *notes = NULL;

	m->duration_ns = -1;
	if (fields_get(e, "trace", root, "meta", T_OBJ, &o) < 0)
		return -1;
	if (fields_str(e, at, o, "tool", T_ABSENT, &m->tool) < 0 ||
	    fields_str(e, at, o, "host_arch", T_ABSENT, &m->host_arch) < 0 ||
	    fields_str(e, at, o, "kernel", T_ABSENT, &m->kernel) < 0 ||
	    fields_str(e, at, o, "mode", T_ABSENT, &m->mode) < 0 ||
	    fields_str(e, at, o, "start_time", T_ABSENT, &m->start_time) < 0 ||
	    fields_strings(e, at, o, "argv", T_ABSENT | T_NULL, &argv) < 0 ||
	    fields_strings(e, at, o, "notes", T_ABSENT, &notes) < 0 ||
	    fields_int(e, at, o, "duration_ns", T_ABSENT, 0, LLONG_MAX, &m->duration_ns) < 0 ||
	    fields_bool(e, at, o, "complete", &m->complete) < 0)
		return -1;
	m->argv = keep_strings(t, argv);
	m->notes = keep_strings(t, notes);
	/* Only a trace that says so is incomplete. */
	m->complete = m->complete || !json_object_get(o, "complete");
	/* meta.exit repeats the root task's exit; only its shape is checked. */
	struct tr_exit x;
	return read_exit(e, at, o, "exit", &x);
}

/* "ns" (inodes) and, from version 2 on, "ns_inst" (the instances: nslinks.c resolves them). */
static int read_ns(struct trace *t, struct tr_task *k, const char *at, json_t *obj,
		   struct trace_error *e)
{
	json_t *ns, *inst = NULL;
	char where[96];

	if (fields_get(e, at, obj, "ns", T_OBJ | T_ABSENT, &ns) < 0 ||
	    (t->version >= 2 && fields_get(e, at, obj, "ns_inst", T_OBJ | T_ABSENT, &inst) < 0))
		return -1;
	snprintf(where, sizeof(where), "%s.ns", at);
	for (int i = 0; ns && i < NS_COUNT; i++)
		if (fields_int(e, where, ns, ct_ns[i].name, T_ABSENT, 1, LLONG_MAX,
			       &k->ns_inode[i]) < 0)
			return -1;
	snprintf(where, sizeof(where), "%s.ns_inst", at);
	for (int i = 0; inst && i < NS_COUNT; i++)
		if (fields_str(e, where, inst, ct_ns[i].name, T_ABSENT, &k->ns_inst[i]) < 0)
			return -1;
	return 0;
}

static int read_nspid(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *arr, *v;
	size_t i;

	if (fields_get(e, at, obj, "nspid", T_ARR | T_NULL | T_ABSENT, &arr) < 0)
		return -1;
	/* null: /proc/TID/status was never read */
	k->nspid_unknown = arr && json_is_null(arr);
	if (!arr || !json_is_array(arr))
		return 0;
	if (json_array_size(arr) > 64)
		return fields_error(e, "%s.nspid: %zu levels (a PID namespace nests 32 deep)",
				       at, json_array_size(arr));
	k->nspid = xcalloc(json_array_size(arr), sizeof(*k->nspid));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > INT_MAX)
			return fields_error(e, "%s.nspid[%zu]: expected a pid (1..%d)", at, i,
					       INT_MAX);
		k->nspid[k->n_nspid++] = json_integer_value(v);
	}
	return 0;
}

/*
 * "cgroup": {"v2": PATH, "v1": {CONTROLLERS: PATH}} as pairs (typed.h),
 * kept once for all tasks alike (most share their creator's cgroups).
 */
static int read_cgroup(struct trace *t, struct tr_task *k, const char *at, json_t *obj,
		       struct trace_error *e)
{
	json_t *cg, *v1 = NULL, *pairs, *v;
	const char *v2, *key;
	char where[96];

	if (fields_get(e, at, obj, "cgroup", T_OBJ | T_NULL | T_ABSENT, &cg) < 0)
		return -1;
	k->cgroup_unknown = cg && json_is_null(cg);
	if (!cg || json_is_null(cg))
		return 0;
	snprintf(where, sizeof(where), "%s.cgroup", at);
	if (fields_str(e, where, cg, "v2", T_ABSENT, &v2) < 0 ||
	    fields_get(e, where, cg, "v1", T_OBJ | T_ABSENT, &v1) < 0)
		return -1;
	pairs = json_array();
	if (v2) {
		json_array_append_new(pairs, json_string(""));
		json_array_append(pairs, json_object_get(cg, "v2"));
	}
	json_object_foreach(v1, key, v) {
		if (!json_is_string(v)) {
			json_decref(pairs);
			return fields_error(e, "%s.v1: expected a string for each hierarchy", where);
		}
		/* ours: a key jansson read, UTF-8 */
		json_array_append_new(pairs, json_string(key));
		json_array_append(pairs, v);
	}
	k->cgroup = keep_alike(t, pairs);
	json_decref(pairs);
	return 0;
}

static int read_container(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	struct tr_container *c = &k->container;
	json_t *o;
	char where[96];

	if (fields_get(e, at, obj, "container", T_OBJ | T_ABSENT, &o) < 0)
		return -1;
	if (!o)
		return 0;
	snprintf(where, sizeof(where), "%s.container", at);
	if (fields_str(e, where, o, "runtime", 0, &c->runtime) < 0 ||
	    fields_str(e, where, o, "id", 0, &c->id) < 0 ||
	    fields_str(e, where, o, "pod", T_ABSENT, &c->pod) < 0 ||
	    fields_str(e, where, o, "via", 0, &c->via) < 0 ||
	    fields_ref(e, where, o, "runtime_task", T_ABSENT, &c->runtime_task) < 0)
		return -1;
	if (strcmp(c->via, "cgroup") && strcmp(c->via, "command"))
		return fields_error(e, "%s.via: expected \"cgroup\" or \"command\"", where);
	return 0;
}

static int read_shares(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *sh;
	char where[96];

	if (fields_get(e, at, obj, "shares", T_OBJ | T_ABSENT, &sh) < 0)
		return -1;
	if (!sh)
		return 0;
	snprintf(where, sizeof(where), "%s.shares", at);
	for (int i = 0; i < R_COUNT; i++)
		if (fields_str(e, where, sh, ct_res[i].name, T_ABSENT, &k->shares[i]) < 0)
			return -1;
	return 0;
}

/* A name that says what ran: not absent, empty, or "/" (a detached mount's file). */
static const char *usable(const char *s)
{
	return s && *s && strcmp(s, "/") ? s : NULL;
}

/* name as a program: a memfd, "/memfd:NAME (deleted)", as "memfd:NAME". */
static void program_add(struct sbuf *b, const char *name)
{
	static const char deleted[] = " (deleted)";
	size_t n = strlen(name), d = sizeof(deleted) - 1;

	if (strncmp(name, "/memfd:", 7) == 0 && n > 7 + d && strcmp(name + n - d, deleted) == 0)
		sb_addn(b, name + 1, n - 1 - d);
	else
		sb_add(b, name);
}

/* x->program (typed.h); last: x is the task's last exec, whose image its exe names. */
static const char *exec_program(struct trace *t, const struct tr_task *k, const struct tr_exec *x,
				bool last)
{
	const char *fd = usable(x->fd_path);
	struct sbuf b;
	const char *r;

	sb_init(&b);
	if (x->path && *x->path) {
		/* execveat(dirfd, "prog", ...): the path starts at the directory */
		if (x->at && x->dirfd >= 0 && x->path[0] != '/' && x->fd_path && *x->fd_path) {
			sb_add(&b, x->fd_path);
			if (x->fd_path[strlen(x->fd_path) - 1] != '/')
				sb_add(&b, "/");
		}
		sb_add(&b, x->path);
	} else if (fd) {
		program_add(&b, fd);
	} else if (last && usable(k->exe)) {
		program_add(&b, k->exe);
	} else if (x->argv.n > 0 && x->argv.v[0] && *x->argv.v[0]) {
		sb_add(&b, x->argv.v[0]);
	} else {
		sb_add(&b, "?");
	}
	r = keep_str(t, sb_str(&b));
	sb_free(&b);
	return r;
}

/* execs[] (the execve calls that worked) or, with failures, exec_failures[]. */
static int read_execs(struct trace *t, struct tr_task *k, const char *at, json_t *obj,
		      bool failures, struct trace_error *e)
{
	const char *name = failures ? "exec_failures" : "execs";
	struct tr_exec **xs = failures ? &k->exec_failures : &k->execs;
	int *n = failures ? &k->n_exec_failures : &k->n_execs;
	json_t *arr, *v, *argv = NULL;
	size_t i;
	char where[96];

	if (fields_get(e, at, obj, name, T_ARR | T_ABSENT, &arr) < 0)
		return -1;
	if (!arr)
		return 0;
	*xs = xcalloc(json_array_size(arr), sizeof(**xs));
	json_array_foreach(arr, i, v) {
		struct tr_exec *x = &(*xs)[(*n)++];

		snprintf(where, sizeof(where), "%s.%s[%zu]", at, name, i);
		if (!json_is_object(v))
			return fields_error(e, "%s: expected an object", where);
		x->time_ns = -1;
		if (fields_int(e, where, v, "time_ns", T_ABSENT, 0, LLONG_MAX, &x->time_ns) < 0 ||
		    fields_str(e, where, v, "path", T_NULL | T_ABSENT, &x->path) < 0 ||
		    fields_strings(e, where, v, "argv", T_NULL | T_ABSENT, &argv) < 0 ||
		    fields_int(e, where, v, "old_tid", T_NULL | T_ABSENT, 1, INT_MAX, &x->old_tid) < 0 ||
		    (failures && fields_str(e, where, v, "errno", T_ABSENT, &x->err) < 0) ||
		    fields_int(e, where, v, "dirfd", T_ABSENT, INT_MIN, INT_MAX, &x->dirfd) < 0 ||
		    fields_str(e, where, v, "fd_path", T_ABSENT, &x->fd_path) < 0)
			return -1;
		x->at = json_object_get(v, "dirfd") != NULL;
		x->argv = keep_strings(t, argv);
		x->program = exec_program(t, k, x, !failures && i + 1 == json_array_size(arr));
		if (failures && !x->err)
			x->err = "?";
	}
	return 0;
}

/* names[]: each name the task had, present only when it changed. */
static int read_names(struct tr_task *k, const char *at, json_t *obj, struct trace_error *e)
{
	json_t *arr, *v;
	size_t i;
	char where[96];

	if (fields_get(e, at, obj, "names", T_ARR | T_ABSENT, &arr) < 0)
		return -1;
	if (!arr)
		return 0;
	k->names = xcalloc(json_array_size(arr) + 1, sizeof(*k->names));
	json_array_foreach(arr, i, v) {
		struct tr_name *x = &k->names[k->n_names++];

		snprintf(where, sizeof(where), "%s.names[%zu]", at, i);
		if (!json_is_object(v))
			return fields_error(e, "%s: expected an object", where);
		x->time_ns = -1;
		if (fields_str(e, where, v, "comm", T_NULL, &x->comm) < 0 ||
		    fields_int(e, where, v, "time_ns", T_ABSENT, 0, LLONG_MAX, &x->time_ns) < 0 ||
		    fields_str(e, where, v, "via", T_ABSENT, &x->via) < 0)
			return -1;
	}
	return 0;
}

static int read_task(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_task *k = &t->tasks[idx];
	char at[48];
	const char *kind;
	json_t *argv = NULL;

	snprintf(at, sizeof(at), "tasks[%d]", idx);
	if (!json_is_object(o))
		return fields_error(e, "%s: expected an object", at);
	k->end_ns = -1;
	if (fields_ref(e, at, o, "id", 0, &k->id) < 0 ||
	    fields_int(e, at, o, "tid", 0, 1, INT_MAX, &k->tid) < 0 ||
	    fields_int(e, at, o, "tgid", 0, 1, INT_MAX, &k->tgid) < 0 ||
	    fields_str(e, at, o, "kind", 0, &kind) < 0)
		return -1;
	if (strcmp(kind, "process") && strcmp(kind, "thread"))
		return fields_error(e, "%s.kind: expected \"process\" or \"thread\"", at);
	k->thread = strcmp(kind, "thread") == 0;
	/* links.c turns the ids into indices. */
	if (fields_ref(e, at, o, "parent", T_NULL, &k->parent_id) < 0 ||
	    fields_ref(e, at, o, "creator", T_NULL, &k->creator_id) < 0 ||
	    fields_ref(e, at, o, "call", T_NULL, &k->call_id) < 0 ||
	    fields_str(e, at, o, "comm", T_NULL, &k->comm) < 0 ||
	    fields_str(e, at, o, "exe", T_NULL | T_ABSENT, &k->exe) < 0 ||
	    fields_strings(e, at, o, "argv", T_NULL | T_ABSENT, &argv) < 0 ||
	    fields_int(e, at, o, "start_ns", 0, 0, LLONG_MAX, &k->start_ns) < 0 ||
	    fields_int(e, at, o, "end_ns", T_NULL | T_ABSENT, 0, LLONG_MAX, &k->end_ns) < 0 ||
	    read_exit(e, at, o, "exit", &k->exit) < 0 ||
	    read_ns(t, k, at, o, e) < 0 || read_nspid(k, at, o, e) < 0 ||
	    read_cgroup(t, k, at, o, e) < 0 || read_container(k, at, o, e) < 0 ||
	    read_shares(k, at, o, e) < 0 || read_execs(t, k, at, o, false, e) < 0 ||
	    read_execs(t, k, at, o, true, e) < 0 || read_names(k, at, o, e) < 0 ||
	    fields_bool(e, at, o, "escaped", &k->escaped) < 0 ||
	    fields_bool(e, at, o, "pre_existing", &k->pre_existing) < 0)
		return -1;
	k->argv = keep_argv(t, k, argv);
	/* null: the name was never read; every reader shows it unknown */
	if (!k->comm)
		k->comm = "?";
	for (int i = 0; i < k->n_names; i++)
		if (!k->names[i].comm)
			k->names[i].comm = "?";
	if (k->end_ns >= 0 && k->end_ns < k->start_ns)
		return fields_error(e, "%s.end_ns: %lld is before start_ns %lld", at,
				       k->end_ns, k->start_ns);
	return 0;
}

static int read_resource(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_resource *r = &t->res[idx];
	char at[48];
	json_t *arr, *v;
	size_t i;

	snprintf(at, sizeof(at), "resources[%d]", idx);
	if (!json_is_object(o))
		return fields_error(e, "%s: expected an object", at);
	if (fields_str(e, at, o, "id", 0, &r->id) < 0 ||
	    fields_str(e, at, o, "kind", 0, &r->kind) < 0 ||
	    fields_get(e, at, o, "tasks", T_ARR, &arr) < 0)
		return -1;
	r->task_ids = xcalloc(json_array_size(arr), sizeof(*r->task_ids));
	r->tasks = xcalloc(json_array_size(arr), sizeof(*r->tasks));
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return fields_error(e, "%s.tasks[%zu]: expected a task id", at, i);
		r->task_ids[r->n_tasks++] = json_integer_value(v);
	}
	return 0;
}

/* A namespaces[] record (version 2 on). */
static int read_namespace(struct trace *t, int idx, json_t *o, struct trace_error *e)
{
	struct tr_ns *x = &t->nss[idx];
	const char *kind;
	char at[48];

	snprintf(at, sizeof(at), "namespaces[%d]", idx);
	if (!json_is_object(o))
		return fields_error(e, "%s: expected an object", at);
	x->time_ns = -1;
	if (fields_str(e, at, o, "id", 0, &x->id) < 0 ||
	    fields_str(e, at, o, "kind", 0, &kind) < 0 ||
	    fields_int(e, at, o, "inode", 0, 1, LLONG_MAX, &x->inode) < 0 ||
	    fields_int(e, at, o, "ns_id", T_NULL | T_ABSENT, 1, LLONG_MAX, &x->ns_id) < 0 ||
	    fields_int(e, at, o, "time_ns", T_ABSENT, 0, LLONG_MAX, &x->time_ns) < 0 ||
	    fields_ref(e, at, o, "call", T_NULL | T_ABSENT, &x->call_id) < 0 ||
	    fields_ref(e, at, o, "task", T_NULL | T_ABSENT, &x->task_id) < 0 ||
	    fields_bool(e, at, o, "unseen", &x->unseen) < 0)
		return -1;
	x->kind = ns_by_name(kind);
	if (x->kind < 0 || (int)ct_ns[x->kind].own != x->kind)
		return fields_error(e, "%s.kind: \"%s\" is not a kind of namespace", at, kind);
	return 0;
}

static int check_header(json_t *root, struct trace_error *e)
{
	json_t *f, *v;

	if (!json_is_object(root))
		return fields_error(e, "not a clonetrace trace: the top level is not an object");
	f = json_object_get(root, format_keys[KEY_FORMAT]);
	if (!json_is_string(f) || strcmp(json_string_value(f), FORMAT_NAME) != 0)
		return fields_error(e, "not a clonetrace trace: \"format\" is %s",
				    !f ? "missing" : json_is_string(f) ?
				    "not \"" FORMAT_NAME "\"" : "not a string");
	v = json_object_get(root, format_keys[KEY_VERSION]);
	if (!json_is_integer(v))
		return fields_error(e, "\"version\" is %s", v ? "not an integer" : "missing");
	if (json_integer_value(v) < FORMAT_VERSION_OLDEST || json_integer_value(v) > FORMAT_VERSION)
		return fields_error(e, "trace version %lld is not supported (this clonetrace "
				    "reads versions %d to %d)", (long long)json_integer_value(v),
				    FORMAT_VERSION_OLDEST, FORMAT_VERSION);
	return 0;
}

int read_record(struct trace *t, enum format_key array, int idx, json_t *o,
		struct trace_error *e)
{
	if (array == KEY_TASKS)
		return read_task(t, idx, o, e);
	if (array == KEY_CALLS)
		return read_call(t, idx, o, e);
	if (array == KEY_NAMESPACES)
		return read_namespace(t, idx, o, e);
	return read_resource(t, idx, o, e);
}

int read_head(struct trace *t, json_t *root, struct trace_error *e)
{
	if (check_header(root, e) < 0)
		return -1;
	t->version = (int)json_integer_value(json_object_get(root, format_keys[KEY_VERSION]));
	return read_meta(t, root, e);
}
