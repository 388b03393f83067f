/* SPDX-License-Identifier: MIT */
/*
 * Reading a trace: a file laid out as clonetrace writes it a record at a
 * time (stream.c), anything else as a whole JSON document (jansson); each
 * record checked into structs (read.c), then references between tasks and
 * calls, thread groups and cycles resolved (links.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "format/fields.h"
#include "format/keep.h"
#include "format/keys.h"
#include "format/links.h"
#include "format/read.h"
#include "format/stream.h"
#include "format/trace.h"

/* Reads an array of records; its length is checked against INT_MAX. */
static int read_array(struct trace *t, json_t *root, enum format_key key, unsigned types, int *n,
		      struct trace_error *e)
{
	const char *name = format_keys[key];
	json_t *arr, *v;
	size_t i;

	if (fields_get(e, "trace", root, name, types | T_ARR, &arr) < 0)
		return -1;
	if (!arr)
		return 0;
	if (json_array_size(arr) > INT_MAX / 4)
		return fields_error(e, "%s: too many entries", name);
	json_array_foreach(arr, i, v) {
		/* Counted first: trace_free() then releases what a failed entry holds. */
		*n = (int)i + 1;
		if (read_record(t, key, (int)i, v, e) < 0)
			return -1;
	}
	return 0;
}

/* The size of root's array key (0 when absent), or -1 with e filled. */
static long long array_size(json_t *root, enum format_key key, unsigned types,
			    struct trace_error *e)
{
	json_t *arr;

	if (fields_get(e, "trace", root, format_keys[key], types | T_ARR, &arr) < 0)
		return -1;
	return arr ? (long long)json_array_size(arr) : 0;
}

static int parse(struct trace *t, json_t *root, struct trace_error *e)
{
	long long n;

	memset(t, 0, sizeof(*t));
	t->root = root;
	if (read_head(t, root, e) < 0)
		return -1;
	if ((n = array_size(root, KEY_TASKS, 0, e)) < 0)
		return -1;
	t->tasks = xcalloc(n, sizeof(*t->tasks));
	if ((n = array_size(root, KEY_CALLS, 0, e)) < 0)
		return -1;
	t->calls = xcalloc(n, sizeof(*t->calls));
	if ((n = array_size(root, KEY_NAMESPACES, t->version >= 2 ? 0 : T_ABSENT, e)) < 0)
		return -1;
	t->nss = xcalloc(n, sizeof(*t->nss));
	if ((n = array_size(root, KEY_RESOURCES, T_ABSENT, e)) < 0)
		return -1;
	t->res = xcalloc(n, sizeof(*t->res));
	if (read_array(t, root, KEY_TASKS, 0, &t->n_tasks, e) < 0 ||
	    read_array(t, root, KEY_CALLS, 0, &t->n_calls, e) < 0 ||
	    (t->version >= 2 && read_array(t, root, KEY_NAMESPACES, 0, &t->n_nss, e) < 0) ||
	    read_array(t, root, KEY_RESOURCES, T_ABSENT, &t->n_res, e) < 0)
		return -1;
	if (t->n_tasks == 0)
		return fields_error(e, "tasks: the trace holds no task");
	if (links_resolve(t, e) < 0)
		return -1;
	keep_all(t);
	json_decref(t->root);
	t->root = NULL;
	return 0;
}

/* What the record-at-a-time reader fills: t, and how much room each array has. */
struct loading {
	struct trace *t;
	struct trace_error e;
	int cap[KEY_COUNT];
};

static int on_meta(void *ctx, int version, json_t *meta)
{
	struct loading *l = ctx;
	/* ours: the format's keys and name */
	json_t *head = json_pack("{s:s, s:i, s:O}", format_keys[KEY_FORMAT], FORMAT_NAME,
				 format_keys[KEY_VERSION], version,
				 format_keys[KEY_META], meta);
	int rc = head ? read_head(l->t, head, &l->e) : -1;

	if (rc == 0)
		keep_meta(l->t);
	json_decref(head);
	return rc;
}

/* Record i of array key, read into t and kept apart from its JSON at once. */
static int on_record(void *ctx, enum format_key key, int i, json_t *v)
{
	struct loading *l = ctx;
	struct trace *t = l->t;
	int *cap = &l->cap[key];

	if (i >= INT_MAX / 4)
		return -1;
	/* counted first: trace_free() then releases what a failed record holds */
	switch (key) {
	case KEY_TASKS:
		t->tasks = xgrow(t->tasks, cap, i + 1, sizeof(*t->tasks));
		memset(&t->tasks[i], 0, sizeof(t->tasks[i]));
		t->n_tasks = i + 1;
		break;
	case KEY_CALLS:
		t->calls = xgrow(t->calls, cap, i + 1, sizeof(*t->calls));
		memset(&t->calls[i], 0, sizeof(t->calls[i]));
		t->n_calls = i + 1;
		break;
	case KEY_NAMESPACES:
		t->nss = xgrow(t->nss, cap, i + 1, sizeof(*t->nss));
		memset(&t->nss[i], 0, sizeof(t->nss[i]));
		t->n_nss = i + 1;
		break;
	case KEY_RESOURCES:
		t->res = xgrow(t->res, cap, i + 1, sizeof(*t->res));
		memset(&t->res[i], 0, sizeof(t->res[i]));
		t->n_res = i + 1;
		break;
	default:
		return -1;
	}
	if (read_record(t, key, i, v, &l->e) < 0)
		return -1;
	keep_record(t, key, i);
	return 0;
}

int trace_load_stream(struct trace *t, FILE *f)
{
	struct loading l = { .t = t };
	const struct stream_sink sink = { .meta = on_meta, .record = on_record, .ctx = &l };

	memset(t, 0, sizeof(*t));
	if (stream_scan(f, &sink) == 0 && t->n_tasks > 0 && links_resolve(t, &l.e) == 0)
		return 0;
	trace_free(t);
	return -1;
}

/* jansson quotes the text near an error as it is: show only printable ASCII of it. */
static void json_failed(const json_error_t *je, struct trace_error *e)
{
	struct sbuf b;

	sb_init(&b);
	for (const unsigned char *s = (const unsigned char *)je->text; *s; s++) {
		if (*s >= 0x20 && *s < 0x7f)
			sb_addn(&b, (const char *)s, 1);
		else
			sb_printf(&b, "\\x%02x", *s);
	}
	e->line = je->line;
	e->column = je->column;
	snprintf(e->text, sizeof(e->text), "invalid JSON: %s", sb_str(&b));
	sb_free(&b);
}

/* Clears *e but for its field hook. */
static void error_clear(struct trace_error *e)
{
	struct trace_error keep = { .field = e->field, .field_arg = e->field_arg };

	*e = keep;
}

static int finish(struct trace *t, json_t *root, const json_error_t *je, struct trace_error *e)
{
	error_clear(e);
	if (!root) {
		memset(t, 0, sizeof(*t));
		json_failed(je, e);
		return -1;
	}
	if (parse(t, root, e) < 0) {
		trace_free(t);
		return -1;
	}
	return 0;
}

/* Duplicate names would make "the" value of a field a matter of parser choice. */
#define LOAD_FLAGS (JSON_REJECT_DUPLICATES)

int trace_load(struct trace *t, const char *path, struct trace_error *e)
{
	json_error_t je;
	json_t *root;
	struct stat st;
	FILE *f;

	memset(e, 0, sizeof(*e));
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	e->field = NULL;
	if (!f || fstat(fileno(f), &st) < 0 || S_ISDIR(st.st_mode)) {
		memset(t, 0, sizeof(*t));
		error_clear(e);
		fields_error(e, "%s", !f || !S_ISDIR(st.st_mode) ? strerror(errno) :
				"is a directory");
		if (f && f != stdin)
			fclose(f);
		return -1;
	}
	/* A file as clonetrace writes it is read a record at a time; else, whole. */
	if (f != stdin && S_ISREG(st.st_mode)) {
		if (trace_load_stream(t, f) == 0) {
			fclose(f);
			memset(e, 0, sizeof(*e));
			return 0;
		}
		rewind(f);
	}
	root = json_loadf(f, LOAD_FLAGS, &je);
	if (f != stdin)
		fclose(f);
	return finish(t, root, &je, e);
}

int trace_load_buffer(struct trace *t, const char *buf, size_t len, struct trace_error *e)
{
	return trace_load_fields(t, buf, len, e, NULL, NULL);
}

int trace_load_fields(struct trace *t, const char *buf, size_t len, struct trace_error *e,
		      void (*field)(const char *at, const char *name, void *arg), void *arg)
{
	json_error_t je;

	e->field = field;
	e->field_arg = arg;
	return finish(t, json_loadb(buf, len, LOAD_FLAGS, &je), &je, e);
}

void trace_free(struct trace *t)
{
	for (int i = 0; i < t->n_tasks; i++) {
		free(t->tasks[i].nspid);
		free(t->tasks[i].execs);
		free(t->tasks[i].exec_failures);
		free(t->tasks[i].names);
		free(t->tasks[i].calls);
	}
	for (int i = 0; i < t->n_res; i++) {
		free(t->res[i].tasks);
		free(t->res[i].task_ids);
	}
	for (int i = 0; i < t->n_groups; i++)
		free(t->groups[i].tasks);
	free(t->tasks);
	free(t->calls);
	free(t->res);
	free(t->nss);
	free(t->groups);
	free(t->order);
	keep_free(t);
	json_decref(t->root);
	memset(t, 0, sizeof(*t));
}

const struct tr_ns *trace_ns(const struct trace *t, long long v)
{
	return v > 0 && v <= t->n_nss ? &t->nss[v - 1] : NULL;
}

int trace_find_tid(const struct trace *t, long long tid, int *count)
{
	int first = -1;

	*count = 0;
	for (int i = 0; i < t->n_tasks; i++) {
		if (t->tasks[i].tid != tid)
			continue;
		if (first < 0)
			first = i;
		(*count)++;
	}
	return first;
}
