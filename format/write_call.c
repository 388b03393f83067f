/* SPDX-License-Identifier: MIT */
/*
 * A call as the "calls[]" entry of docs/trace-format.md: what the decoder
 * knows (syscall, arch, nr, flags, flags_value, exit_signal, args, violates)
 * and what the tracer added (result, child, stack, the values read back...).
 * Pointers are hex strings, numbers JSON integers; all escaping is jansson's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/rules.h"
#include "format/json.h"
#include "format/record.h"
#include "names/compat.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/signals.h"

static const char *const cargs_status[] = {
	[CT_CARGS_OK] = "ok",
	[CT_CARGS_UNREADABLE] = "unreadable",
	[CT_CARGS_TOO_SMALL] = "too_small",
	[CT_CARGS_TOO_BIG] = "too_big",
	[CT_CARGS_NONZERO_TAIL] = "nonzero_tail",
};

static unsigned flags_set(const struct ct_call *c)
{
	switch (c->sysc) {
	case CT_SYS_SETNS:
		return FLAGS_SETNS;
	case CT_SYS_UNSHARE:
		return FLAGS_UNSHARE;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		return FLAGS_EXECVEAT;
	}
	return FLAGS_CLONE;
}

/* The call's flags: execveat's are in at_flags, apart from the CLONE_* ones. */
static uint64_t call_flags(const struct ct_call *c)
{
	return c->sysc == CT_SYS_EXECVEAT ? (uint32_t)c->at_flags : c->flags;
}

/* "SIGCHLD", a number without a name, or null: no exit signal, or a thread's none. */
static json_t *exit_signal_json(const struct ct_call *c)
{
	uint64_t v;
	const char *name;

	if (!(c->has & CT_HAS_EXIT_SIGNAL))
		return json_null();
	v = c->sysc == CT_SYS_CLONE3 ? c->exit_signal_raw : (uint64_t)(unsigned)c->exit_signal;
	if (v == 0 && (c->flags & CLONE_THREAD))
		return json_null();
	name = v <= 0x7fffffff ? signal_name(arch_signals(c->arch), (int)v) : NULL;
	return name ? json_string(name) : uint_json_new(v);	/* ours: vocabulary */
}

static void clone_args(const struct ct_call *c, json_t *a)
{
	json_object_set_new(a, "stack", hex_json_new(c->stack));
	if (c->has & CT_HAS_STACK_SIZE)
		json_object_set_new(a, "stack_size", uint_json_new(c->stack_size));
	if (c->has & CT_HAS_PARENT_TID)
		json_object_set_new(a, "parent_tid", hex_json_new(c->parent_tid));
	if (c->has & CT_HAS_CHILD_TID)
		json_object_set_new(a, "child_tid", hex_json_new(c->child_tid));
	if (c->has & CT_HAS_TLS)
		json_object_set_new(a, "tls", hex_json_new(c->tls));
	if (c->has & CT_HAS_PIDFD)
		json_object_set_new(a, "pidfd", hex_json_new(c->pidfd));
}

static void clone3_args(const struct ct_call *c, json_t *a)
{
	json_object_set_new(a, "cl_args", hex_json_new(c->cargs_addr));
	json_object_set_new(a, "size", uint_json_new(c->cargs_size));
	json_object_set_new(a, "args_status", json_string(cargs_status[c->cargs]));	/* ours: vocabulary */
	if (c->cargs == CT_CARGS_NONZERO_TAIL)
		json_object_set_new(a, "tail_offset", uint_json_new(c->tail_offset));
	if (!(c->has & CT_HAS_FLAGS))
		return;		/* the struct was not read */
	clone_args(c, a);
	if (c->has & CT_HAS_SET_TID) {
		json_t *t = json_null();

		if (c->n_set_tid > 0) {
			t = json_array();
			for (int i = 0; i < c->n_set_tid; i++)
				json_array_append_new(t, json_integer(c->set_tid[i]));
		}
		json_object_set_new(a, "set_tid", t);
		json_object_set_new(a, "set_tid_addr", hex_json_new(c->set_tid_addr));
		json_object_set_new(a, "set_tid_size", uint_json_new(c->set_tid_size));
	}
	if (c->has & CT_HAS_CGROUP)
		json_object_set_new(a, "cgroup", uint_json_new(c->cgroup));
}

static void exec_args(const struct ct_call *c, json_t *a)
{
	json_t *v = json_null();

	if (c->sysc == CT_SYS_EXECVEAT)
		json_object_set_new(a, "dirfd", json_integer(c->dirfd));
	json_object_set_new(a, "path", c->path ? json_bytes_new(c->path) : json_null());
	if (c->argv) {
		v = json_array();
		for (int i = 0; i < c->argc; i++)
			json_array_append_new(v, json_bytes_new(c->argv[i]));
	}
	json_object_set_new(a, "argv", v);
	json_object_set_new(a, "argv_truncated", json_boolean(c->argv_truncated));
}

json_t *call_json_new(const struct ct_call *c)
{
	const char *broken[64];
	json_t *o, *a, *v;
	size_t n;

	if (!c || !c->arch || !sysc_name(c->sysc))
		return NULL;
	o = json_object();
	a = json_object();
	v = json_array();
	json_object_set_new(o, "syscall", json_string(sysc_name(c->sysc)));	/* ours: vocabulary */
	json_object_set_new(o, "arch", json_string(c->arch->name));	/* ours: vocabulary */
	json_object_set_new(o, "nr", json_integer(c->nr));
	json_object_set_new(o, "flags", flags_json_new(flags_set(c), call_flags(c)));
	/* a clone3 struct never read (args_status says why) has flags unknown, not 0 */
	json_object_set_new(o, "flags_value", c->sysc == CT_SYS_CLONE3 && !(c->has & CT_HAS_FLAGS) ?
			    json_null() : hex_json_new(call_flags(c)));
	json_object_set_new(o, "exit_signal", exit_signal_json(c));

	switch (c->sysc) {
	case CT_SYS_CLONE:
		clone_args(c, a);
		break;
	case CT_SYS_CLONE3:
		clone3_args(c, a);
		break;
	case CT_SYS_SETNS:
		json_object_set_new(a, "fd", json_integer(c->fd));
		break;
	case CT_SYS_EXECVE:
	case CT_SYS_EXECVEAT:
		exec_args(c, a);
		break;
	}
	json_object_set_new(o, "args", a);

	n = rules_check(c, broken, sizeof(broken) / sizeof(broken[0]));
	for (size_t i = 0; i < n && i < sizeof(broken) / sizeof(broken[0]); i++)
		json_array_append_new(v, json_string(broken[i]));	/* ours: decode/rules.c's texts */
	json_object_set_new(o, "violates", v);
	return o;
}

void call_record_reset(struct call_record *r)
{
	int id = r->id, task = r->task;
	uint64_t t = r->time_ns;

	call_record_release(r);
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->task = task;
	r->time_ns = t;
}

void call_record_release(struct call_record *r)
{
	if (r->decoded)
		call_release(&r->dc);
	r->decoded = false;
	free(r->cgroup_path);
	r->cgroup_path = NULL;
	stack_record_release(&r->stack);
	free(r->joined);
	r->joined = NULL;
	r->has_joined = false;
	free(r->made);
	r->made = NULL;
}

/* What the call's decoder part says when its flags could not be read (attach mode). */
static void flags_lost(json_t *o)
{
	json_object_set_new(o, "flags", json_array());
	json_object_set_new(o, "flags_value", json_null());
	json_object_set_new(o, "exit_signal", json_null());
	json_object_set_new(o, "violates", json_array());
	json_object_del(json_object_get(o, "args"), "pidfd");
}

/* Nothing was decodable at the event: the call is known only to have made a task. */
static json_t *unknown_call_json_new(void)
{
	return json_pack("{s:s,s:n,s:n,s:[],s:n,s:n,s:{},s:[]}", "syscall", "unknown", "arch",
			 "nr", "flags", "flags_value", "exit_signal", "args", "violates");
}

static void args_add(const struct call_record *r, json_t *a)
{
	if (r->has_cgroup_path)
		json_object_set_new(a, "cgroup_path",
				    r->cgroup_path ? json_bytes_new(r->cgroup_path) : json_null());
	if (r->has_ns_type)
		json_object_set_new(a, "ns_type", r->ns_type == NS_TYPE_PIDFD ? json_string("pidfd") :
				/* ours: vocabulary */
				    r->ns_type >= 0 ? json_string(ct_ns[r->ns_type].name) : json_null());
	if (r->ns_inode)
		json_object_set_new(a, "ns_inode", json_integer((json_int_t)r->ns_inode));
	if (r->read & READ_PIDFD)
		json_object_set_new(a, "pidfd_value", json_integer(r->pidfd_value));
	if (r->read & READ_PARENT_TID)
		json_object_set_new(a, "parent_tid_value", json_integer(r->parent_tid_value));
	if (r->read & READ_CHILD_TID)
		json_object_set_new(a, "child_tid_value", json_integer(r->child_tid_value));
}

static json_t *result_json_new(const struct call_record *r)
{
	switch (r->result) {
	case CALL_RESULT_VALUE:
		return json_pack("{s:I}", "value", (json_int_t)r->value);
	case CALL_RESULT_ERRNO:
		return json_pack("{s:o}", "errno", errno_json_new(r->err));
	case CALL_RESULT_NONE:
		break;
	}
	return json_null();
}

static const char *const decoded_from_names[] = {
	[FROM_REGISTERS] = "registers",
	[FROM_REGISTERS_PROC] = "registers+proc",
};

json_t *call_record_json_new(const struct call_record *r)
{
	json_t *o = json_object(), *d = r->decoded ? call_json_new(&r->dc) : unknown_call_json_new();

	if (!o || !d) {
		json_decref(o);
		json_decref(d);
		return NULL;
	}
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "time_ns", json_integer((json_int_t)r->time_ns));
	json_object_set_new(o, "task", json_integer(r->task));
	json_object_update(o, d);
	json_decref(d);
	if (r->flags_lost)
		flags_lost(o);
	args_add(r, json_object_get(o, "args"));
	if (r->has_stack)
		json_object_set_new(o, "stack", stack_record_json_new(&r->stack));
	if (r->stack.error)
		json_object_set_new(o, "stack_error", json_bytes_new(r->stack.error));
	if (r->untraced_overridden)
		json_object_set_new(o, "untraced_overridden", json_true());
	if (r->decoded_from != FROM_STOP)
		json_object_set_new(o, "decoded_from",
				    json_string(decoded_from_names[r->decoded_from]));	/* ours: vocabulary */
	if (r->args_lost) {
		json_t *lost = json_array();

		for (int i = 0; i < 6; i++)
			if (r->args_lost & (1u << i))
				json_array_append_new(lost, json_integer(i));
		json_object_set_new(o, "args_lost", lost);
	}
	if (r->flags_lost)
		json_object_set_new(o, "flags_lost", json_true());
	json_object_set_new(o, "result", result_json_new(r));
	if (r->has_joined && r->joined) {
		json_t *j = json_object();

		for (int k = 0; k < NS_COUNT; k++)
			if (r->joined[k])
				/* ours: vocabulary */
				json_object_set_new(j, ct_ns[k].name, json_integer((json_int_t)r->joined[k]));
		json_object_set_new(o, "joined", j);
	}
	if (r->made) {
		json_t *m = json_object();
		char id[32];

		for (int k = 0; k < NS_COUNT; k++) {
			if (r->made[k] < 0)
				continue;
			ns_instance_id(id, sizeof(id), k, r->made[k]);
			/* ours: vocabulary, ns_instance_id()'s */
			json_object_set_new(m, ct_ns[k].name, r->made[k] ? json_string(id) : json_null());
		}
		json_object_set_new(o, "made", m);
	}
	json_object_set_new(o, "child", r->child ? json_integer(r->child) : json_null());
	return o;
}
