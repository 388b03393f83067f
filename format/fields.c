/* SPDX-License-Identifier: MIT */
/* One field of a trace's JSON object, checked for its type and range (the reader's helpers). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format/fields.h"

int fields_error(struct trace_error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return -1;
}

static unsigned type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return T_OBJ;
	case JSON_ARRAY: return T_ARR;
	case JSON_STRING: return T_STR;
	case JSON_INTEGER: return T_INT;
	case JSON_REAL: return T_REAL;
	case JSON_TRUE:
	case JSON_FALSE: return T_BOOL;
	case JSON_NULL: return T_NULL;
	}
	return 0;
}

static const char *type_name(unsigned t)
{
	switch (t) {
	case T_OBJ: return "an object";
	case T_ARR: return "an array";
	case T_STR: return "a string";
	case T_INT: return "an integer";
	case T_REAL: return "a real number";
	case T_BOOL: return "a boolean";
	case T_NULL: return "null";
	}
	return "?";
}

/* "an integer or null" for a mask of types. */
static void types_name(char *buf, size_t n, unsigned types)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned t = 1; t < T_ABSENT; t <<= 1) {
		if (!(types & t))
			continue;
		len += snprintf(buf + len, n - len, "%s%s", len ? " or " : "", type_name(t));
		if (len >= n)
			break;
	}
}

/* obj.name of one of types, into *out (NULL when absent and allowed). */
int fields_get(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, json_t **out)
{
	json_t *v = json_object_get(obj, name);
	char want[64];

	if (e->field)
		e->field(at, name, e->field_arg);
	*out = NULL;
	if (!v) {
		if (types & T_ABSENT)
			return 0;
		return fields_error(e, "%s: \"%s\" is missing", at, name);
	}
	if (!(type_of(v) & types)) {
		types_name(want, sizeof(want), types);
		return fields_error(e, "%s.%s: expected %s, got %s", at, name, want,
				       type_name(type_of(v)));
	}
	*out = v;
	return 0;
}

int fields_str(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, const char **out)
{
	json_t *v;

	if (fields_get(e, at, obj, name, types | T_STR, &v) < 0)
		return -1;
	*out = json_is_string(v) ? json_string_value(v) : NULL;
	return 0;
}

/* An integer in [min, max]; *out keeps its value when the field is null or absent. */
int fields_int(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, long long min, long long max, long long *out)
{
	json_t *v;

	if (fields_get(e, at, obj, name, types | T_INT, &v) < 0)
		return -1;
	if (!json_is_integer(v))
		return 0;
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return fields_error(e, "%s.%s: %lld is out of range (%lld..%lld)", at, name,
				       (long long)json_integer_value(v), min, max);
	*out = json_integer_value(v);
	return 0;
}

bool fields_hex_value(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;

	if (strncmp(s, "0x", 2) != 0 || !s[2])
		return false;
	for (s += 2; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0 || v >> 60)
			return false;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return true;
}

int fields_hex(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, const char **text, unsigned long long *out)
{
	*out = 0;
	if (fields_str(e, at, obj, name, types, text) < 0)
		return -1;
	/* the string is the trace's: not echoed, it may hold anything */
	if (*text && !fields_hex_value(*text, out))
		return fields_error(e, "%s.%s: expected a hex number (\"0x3d0f00\")", at, name);
	return 0;
}

int fields_bool(struct trace_error *e, const char *at, json_t *obj, const char *name,
		bool *out)
{
	json_t *v;

	if (fields_get(e, at, obj, name, T_BOOL | T_ABSENT, &v) < 0)
		return -1;
	*out = v && json_is_true(v);
	return 0;
}

/* An array whose every element is a string. */
static int check_strings(struct trace_error *e, const char *at, const char *name, json_t *arr)
{
	size_t i;
	json_t *v;

	if (!arr)
		return 0;
	json_array_foreach(arr, i, v)
		if (!json_is_string(v))
			return fields_error(e, "%s.%s[%zu]: expected a string, got %s", at,
					       name, i, type_name(type_of(v)));
	return 0;
}

int fields_strings(struct trace_error *e, const char *at, json_t *obj, const char *name,
		   unsigned types, json_t **out)
{
	if (fields_get(e, at, obj, name, types | T_ARR, out) < 0)
		return -1;
	if (*out && !json_is_array(*out))
		*out = NULL;
	return check_strings(e, at, name, *out);
}

/* An id of a task or call: a positive integer, or null. */
int fields_ref(struct trace_error *e, const char *at, json_t *obj, const char *name,
	       unsigned types, long long *out)
{
	*out = 0;
	return fields_int(e, at, obj, name, types, 1, LLONG_MAX, out);
}

