/* SPDX-License-Identifier: MIT */
/* A task as its "tasks[]" entry, with its execs and how it ended. */
#include <stdio.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "format/json.h"
#include "format/record.h"
#include "names/container.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"
#include "names/signals.h"

void exec_record_add(struct exec_record **v, int *n, struct exec_record x)
{
	*v = xreallocarray(*v, (size_t)*n + 1, sizeof(**v));
	(*v)[(*n)++] = x;
}

void exec_records_free(struct exec_record *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].fd_path);
		json_decref(v[i].argv);
	}
	free(v);
}

static json_t *execs_json_new(const struct exec_record *v, int n, bool failures)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "time_ns", json_integer((json_int_t)v[i].time_ns));
		json_object_set_new(e, "path", v[i].path ? json_bytes_new(v[i].path) : json_null());
		json_object_set_new(e, "argv", v[i].argv ? json_incref(v[i].argv) : json_null());
		if (!failures)
			json_object_set_new(e, "old_tid", json_integer(v[i].old_tid));
		if (v[i].at) {
			json_object_set_new(e, "dirfd", json_integer(v[i].dirfd));
			json_object_set_new(e, "flags", flags_json_new(FLAGS_EXECVEAT, v[i].at_flags));
			if (v[i].fd_path)
				json_object_set_new(e, "fd_path", json_bytes_new(v[i].fd_path));
		}
		if (v[i].argv_truncated)
			json_object_set_new(e, "argv_truncated", json_true());
		if (failures)
			json_object_set_new(e, "errno", errno_json_new(v[i].err));
		json_array_append_new(a, e);
	}
	return a;
}

json_t *exit_json_new(const struct exit_record *x, const struct ct_arch *a)
{
	const char *sig;

	switch (x->kind) {
	case EXIT_CODE:
		return json_pack("{s:i}", "code", x->val);
	case EXIT_SIGNAL:
		sig = signal_name(arch_signals(a), x->val);
		return json_pack("{s:o,s:b}", "signal",
				/* ours: signal_name()'s */
				 sig ? json_string(sig) : json_integer(x->val), "core", x->core);
	case EXIT_EXEC:
		return json_pack("{s:b}", "exec", 1);
	case EXIT_NONE:
		break;
	}
	return json_null();
}

void resource_id(char *buf, size_t n, enum res_kind k, int inst)
{
	snprintf(buf, n, "%s:%d", ct_res[k].name, inst);
}

/*
 * "cgroup": {"v2": PATH, "v1": {CONTROLLERS: PATH, ...}} from the text of
 * /proc/TID/cgroup; each part absent where the host has no such hierarchy.
 */
static json_t *cgroup_json_new(const char *text)
{
	struct cgroup_line v[64];
	char *copy;
	json_t *o, *v1;
	int n;

	if (!text)
		return json_null();
	copy = xstrdup(text);
	n = cgroup_lines(copy, v, 64);
	o = json_object();
	v1 = json_object();
	for (int i = 0; i < n; i++)
		if (v[i].hierarchy == 0)
			json_object_set_new(o, "v2", json_bytes_new(v[i].path));
		else
			/* ours: the kernel's controller names, or "name=" and [A-Za-z0-9_.-] */
			json_object_set_new(v1, v[i].controllers, json_bytes_new(v[i].path));
	if (json_object_size(v1))
		json_object_set_new(o, "v1", v1);
	else
		json_decref(v1);
	free(copy);
	return o;
}

static json_t *container_json_new(const struct container_record *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "runtime", json_bytes_new(c->runtime));
	json_object_set_new(o, "id", json_bytes_new(c->id));
	if (c->pod)
		json_object_set_new(o, "pod", json_bytes_new(c->pod));
	/* ours: literals */
	json_object_set_new(o, "via", json_string(c->runtime_task ? "command" : "cgroup"));
	if (c->runtime_task)
		json_object_set_new(o, "runtime_task", json_integer(c->runtime_task));
	return o;
}

void ns_instance_id(char *buf, size_t n, enum ns_kind k, int num)
{
	snprintf(buf, n, "%s:%d", ct_ns[k].name, num);
}

/* "ns_inst": each kind's instance, {"pid": "pid:3", "pid_for_children": "pid:4", ...}. */
static json_t *ns_inst_json_new(const int *num)
{
	json_t *o = json_object();
	char id[32];

	for (int k = 0; num && k < NS_COUNT; k++) {
		if (!num[k])
			continue;
		ns_instance_id(id, sizeof(id), ct_ns[k].own, num[k]);
		/* ours: vocabulary, ns_instance_id()'s */
		json_object_set_new(o, ct_ns[k].name, json_string(id));
	}
	return o;
}

static json_t *id_json_new(int id)
{
	return id ? json_integer(id) : json_null();
}

json_t *task_record_json_new(const struct task_record *t)
{
	json_t *o = json_object(), *ns = json_object(), *nspid = json_array();
	json_t *shares = json_object();
	char inst[32];

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "tid", json_integer(t->tid));
	json_object_set_new(o, "tgid", json_integer(t->tgid));
	json_object_set_new(o, "kind", json_string(t->thread ? "thread" : "process"));	/* ours: literals */
	json_object_set_new(o, "parent", id_json_new(t->parent));
	json_object_set_new(o, "creator", id_json_new(t->creator));
	json_object_set_new(o, "call", id_json_new(t->call));
	json_object_set_new(o, "comm", t->comm ? json_bytes_new(t->comm) : json_null());
	if (t->n_names > 0) {
		json_t *names = json_array();

		for (int i = 0; i < t->n_names; i++)
			/* ours: via: a literal of watch.c, model.c */
			json_array_append_new(names, json_pack("{s:o,s:I,s:s}", "comm",
				t->names[i].unread ? json_null() : json_bytes_new(t->names[i].comm), "time_ns",
				(json_int_t)t->names[i].time_ns, "via", t->names[i].via));
		json_object_set_new(o, "names", names);
	}
	json_object_set_new(o, "exe", t->exe ? json_bytes_new(t->exe) : json_null());
	json_object_set_new(o, "argv", t->argv ? json_incref(t->argv) : json_null());
	json_object_set_new(o, "start_ns", json_integer((json_int_t)t->start_ns));
	json_object_set_new(o, "end_ns", t->ended ? json_integer((json_int_t)t->end_ns) : json_null());
	json_object_set_new(o, "exit", exit_json_new(&t->exit, t->arch));
	for (int k = 0; k < NS_COUNT; k++)
		if (t->ns[k])
			/* ours: vocabulary */
			json_object_set_new(ns, ct_ns[k].name, json_integer((json_int_t)t->ns[k]));
	json_object_set_new(o, "ns", ns);
	json_object_set_new(o, "ns_inst", ns_inst_json_new(t->ns_num));
	for (int i = 0; i < t->n_nspid; i++)
		json_array_append_new(nspid, json_integer(t->nspid[i]));
	/* none: /proc/TID/status was never read, and a pid is not guessed */
	json_object_set_new(o, "nspid", t->n_nspid ? nspid : json_null());
	if (!t->n_nspid)
		json_decref(nspid);
	json_object_set_new(o, "cgroup", cgroup_json_new(t->cgroup));
	if (t->container)
		json_object_set_new(o, "container", container_json_new(t->container));
	for (int k = 0; k < R_COUNT; k++) {
		resource_id(inst, sizeof(inst), k, t->res[k]);
		/* ours: vocabulary, resource_id()'s */
		json_object_set_new(shares, ct_res[k].name, json_string(inst));
	}
	json_object_set_new(o, "shares", shares);
	if (t->shares_unknown) {
		json_t *unknown = json_array();

		for (int k = 0; k < R_COUNT; k++)
			if (t->shares_unknown & 1u << k)
				/* ours: vocabulary */
				json_array_append_new(unknown, json_string(ct_res[k].name));
		json_object_set_new(o, "shares_unknown", unknown);
	}
	json_object_set_new(o, "execs", execs_json_new(t->execs, t->n_execs, false));
	if (t->n_exec_failures > 0)
		json_object_set_new(o, "exec_failures",
				    execs_json_new(t->exec_failures, t->n_exec_failures, true));
	json_object_set_new(o, "escaped", json_boolean(t->escaped));
	if (t->pre_existing)
		json_object_set_new(o, "pre_existing", json_true());
	if (t->follow_via)
		/* ours: via: watch.c's literals */
		json_object_set_new(o, "syscall_stops", json_pack("{s:I,s:i,s:s}", "since_ns",
				    (json_int_t)t->follow_since_ns, "filter_task", t->follow_filter,
				    "via", t->follow_via));
	return o;
}
