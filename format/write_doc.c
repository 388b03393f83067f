/* SPDX-License-Identifier: MIT */
/*
 * The document around the records: header, meta, the three arrays, one
 * record a line so that grep and diff work a record at a time.  jansson
 * encodes every value; only the fixed frame between them is written here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "format/json.h"
#include "format/keys.h"
#include "format/record.h"

static const char *const mode_names[] = {
	[MODE_SECCOMP] = "seccomp",
	[MODE_SYSCALL] = "syscall",
	[MODE_ATTACH] = "attach",
	[MODE_ATTACH_SYSCALL] = "attach-syscall",
	[MODE_LIGHT] = "light",
	[MODE_EBPF] = "ebpf",
	[MODE_SYSTEM] = "system",
};

json_t *meta_record_json_new(const struct meta_record *m)
{
	json_t *o = json_object(), *argv = json_array();
	char start[64];
	struct tm tm;

	gmtime_r(&m->start.tv_sec, &tm);
	strftime(start, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(start + strlen(start), 32, ".%09ldZ", m->start.tv_nsec);
	for (int i = 0; i < m->argc; i++)
		json_array_append_new(argv, json_bytes_new(m->argv[i]));
	if (m->argv_more)
		json_array_extend(argv, m->argv_more);
	json_object_set_new(o, "tool", json_string(FORMAT_NAME " " CT_VERSION));	/* ours: our name */
	json_object_set_new(o, "host_arch", json_string(m->host_arch));	/* ours: uname's machine */
	json_object_set_new(o, "tracer_arch", json_string(m->tracer_arch->name));	/* ours: vocabulary */
	json_object_set_new(o, "kernel", json_bytes_new(m->kernel));
	json_object_set_new(o, "argv", argv);
	json_object_set_new(o, "mode", json_string(mode_names[m->mode]));	/* ours: vocabulary */
	if (m->mode == MODE_ATTACH || m->mode == MODE_ATTACH_SYSCALL || (m->mode == MODE_EBPF && m->n_attached)) {
		json_t *pids = json_array();

		for (int i = 0; i < m->n_attached; i++)
			json_array_append_new(pids, json_integer(m->attached[i]));
		json_object_set_new(o, "attached", pids);
	}
	json_object_set_new(o, "start_time", json_string(start));	/* ours: strftime's */
	json_object_set_new(o, "duration_ns", json_integer((json_int_t)m->duration_ns));
	json_object_set_new(o, "complete", json_boolean(m->complete));
	json_object_set_new(o, "exit", m->has_exit ? exit_json_new(&m->exit, m->tracer_arch) :
			    json_null());
	json_object_set_new(o, "notes", json_incref(m->notes));
	if (m->has_cost)
		json_object_set_new(o, "cost", json_pack("{s:I,s:I,s:I}",
				    "cpu_user_ns", (json_int_t)m->cpu_user_ns,
				    "cpu_sys_ns", (json_int_t)m->cpu_sys_ns,
				    "stops", (json_int_t)m->stops));
	if (m->mode == MODE_EBPF || m->mode == MODE_SYSTEM)
		json_object_set_new(o, "lost_events", json_integer((json_int_t)m->lost_events));
	return o;
}

static void put(struct doc_out *o, const char *s)
{
	if (!o->err && o->emit(s, strlen(s), o->ctx) < 0)
		o->err = errno ? errno : EIO;
}

/* Writes v and drops the reference to it; NULL means it could not be built. */
static void put_json(struct doc_out *o, json_t *v)
{
	if (!v) {
		if (!o->err)
			o->err = ENOMEM;
		return;
	}
	if (!o->err && json_dump_callback(v, o->emit, o->ctx, JSON_ENCODE_ANY) < 0)
		o->err = errno ? errno : EIO;
	json_decref(v);
}

static void put_member(struct doc_out *o, const char *key, json_t *v, const char *end)
{
	put(o, " \"");
	put(o, key);
	put(o, "\": ");
	put_json(o, v);
	put(o, end);
}

void doc_begin(struct doc_out *o, json_t *meta)
{
	put(o, "{\n");
	put_member(o, format_keys[KEY_FORMAT], json_string(FORMAT_NAME), ",\n");	/* ours: our name */
	put_member(o, format_keys[KEY_VERSION], json_integer(FORMAT_VERSION), ",\n");
	put_member(o, format_keys[KEY_META], meta, ",\n");
	put(o, " \"");
	put(o, format_keys[KEY_TASKS]);
	put(o, "\": [");
	o->n_items = 0;
}

/* Before each item: the line it starts. */
static void item_begin(struct doc_out *o)
{
	put(o, o->n_items++ ? ",\n  " : "\n  ");
}

void doc_item(struct doc_out *o, json_t *v)
{
	item_begin(o);
	put_json(o, v);
}

/* The same text json_dump_callback() gives the record as an object (doc_item()). */
void doc_resource_begin(struct doc_out *o, enum res_kind k, int inst)
{
	char id[32];

	resource_id(id, sizeof(id), k, inst);
	item_begin(o);
	put(o, "{\"id\": ");
	put_json(o, json_string(id));	/* ours: resource_id()'s */
	put(o, ", \"kind\": ");
	put_json(o, json_string(ct_res[k].name));	/* ours: vocabulary */
	put(o, ", \"tasks\": [");
	o->n_tasks = 0;
}

void doc_resource_task(struct doc_out *o, int task)
{
	char n[16];

	snprintf(n, sizeof(n), "%s%d", o->n_tasks++ ? ", " : "", task);
	put(o, n);
}

void doc_resource_end(struct doc_out *o)
{
	put(o, "]}");
}

void doc_next(struct doc_out *o, const char *array)
{
	put(o, "\n ],\n \"");
	put(o, array);
	put(o, "\": [");
	o->n_items = 0;
}

void doc_end(struct doc_out *o)
{
	put(o, "\n ]\n}\n");
}
