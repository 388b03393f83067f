/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_FIELDS_H
#define CLONETRACE_FORMAT_FIELDS_H

/*
 * Inside the trace reader: one field of a JSON object, of the types allowed,
 * with "tasks[3].tid: expected an integer, got a string" when it is not.
 * Each returns 0, or -1 with e filled; at names the object for messages.
 */

#include <stdbool.h>
#include <jansson.h>

#include "format/typed.h"

/* JSON types a field may have. */
enum {
	T_NULL = 1 << 0,
	T_BOOL = 1 << 1,
	T_INT = 1 << 2,
	T_REAL = 1 << 3,
	T_STR = 1 << 4,
	T_ARR = 1 << 5,
	T_OBJ = 1 << 6,
	T_ABSENT = 1 << 7,	/* the field may be left out */
};

/* Fills e->text; returns -1. */
int fields_error(struct trace_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* obj.name of one of types, into *out (NULL when absent and allowed). */
int fields_get(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, json_t **out);
/* A string (or NULL when null or absent and allowed). */
int fields_str(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, const char **out);
/* An integer in [min, max]; *out keeps its value when the field is null or absent. */
int fields_int(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, long long min, long long max, long long *out);
/* "0x" and hex digits of a 64-bit value, into *out; false (*out as it was) for anything else. */
bool fields_hex_value(const char *s, unsigned long long *out);
/*
 * A number as the writer writes it in hex (format/json.c hex_json_new():
 * "0x3d0f00"): *text the string (NULL when null or absent and allowed),
 * *out its value (0 then).
 */
int fields_hex(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, const char **text, unsigned long long *out);
/* A boolean that may be left out (false). */
int fields_bool(struct trace_error *e, const char *at, json_t *obj, const char *name, bool *out);
/* An array whose every element is a string (NULL when absent and allowed). */
int fields_strings(struct trace_error *e, const char *at, json_t *obj, const char *name,
		   unsigned types, json_t **out);
/* An id of a task or call: a positive integer, or null (0). */
int fields_ref(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, long long *out);

#endif
