#ifndef CLONETRACE_RENDER_FIELD_H
#define CLONETRACE_RENDER_FIELD_H

/*
 * Typed fields of the trace's JSON objects, for the reader (trace.c): each
 * getter checks that obj.name has one of the types allowed (and a range),
 * or fills the trace_error with where and why not.
 */

#include <stdbool.h>
#include <jansson.h>

#include "render/trace.h"

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

/* "an integer", "an object" ... for one T_* bit. */
const char *type_name(unsigned t);
unsigned type_of(const json_t *v);
/* obj.name of one of types, into *out (NULL when absent and allowed). */
int trace_get(struct trace_error *e, const char *at, json_t *obj, const char *name,
	      unsigned types, json_t **out);
int get_str(struct trace_error *e, const char *at, json_t *obj, const char *name,
	    unsigned types, const char **out);
/* An integer in [min, max]; *out keeps its value when the field is null or absent. */
int get_int(struct trace_error *e, const char *at, json_t *obj, const char *name,
	    unsigned types, long long min, long long max, long long *out);
int get_bool(struct trace_error *e, const char *at, json_t *obj, const char *name, bool *out);
/* An array whose every element is a string. */
int check_strings(struct trace_error *e, const char *at, const char *name, json_t *arr);
int get_strings(struct trace_error *e, const char *at, json_t *obj, const char *name,
		unsigned types, json_t **out);
/* An id of a task or call: a positive integer, or null. */
int get_ref(struct trace_error *e, const char *at, json_t *obj, const char *name,
	    unsigned types, long long *out);

#endif
