/* SPDX-License-Identifier: MIT */
/* How the trace writes its values: hex, integers, tracee bytes, errno names, flags. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "format/json.h"
#include "names/errnos.h"
#include "names/flags.h"

json_t *hex_json_new(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return json_string(b);	/* ours: hex */
}

json_t *uint_json_new(uint64_t v)
{
	/* a JSON integer is signed 64-bit in jansson: beyond that, hex */
	return v <= INT64_MAX ? json_integer((json_int_t)v) : hex_json_new(v);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * A JSON string of tracee bytes: JSON needs UTF-8, a path need not be, so
 * each byte that is not part of valid UTF-8 becomes U+FFFD.
 */
json_t *json_bytes_new(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	json_t *j;
	char *b;

	j = json_string(s);
	if (j)
		return j;
	b = xmalloc(n * 3 + 1);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(p + i, n - i);

		if (k) {
			memcpy(b + o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(b + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn(b, o);
	free(b);
	return j ? j : json_null();
}

json_t *errno_json_new(int err)
{
	const char *name = errno_name(err);
	char num[16];

	if (name)
		return json_string(name);	/* ours: errno_name()'s */
	snprintf(num, sizeof(num), "%d", err);
	return json_string(num);	/* ours: a number */
}

static void json_add(void *ctx, const char *name)
{
	json_array_append_new(ctx, json_string(name));	/* ours: vocabulary */
}

json_t *flags_json_new(unsigned set, uint64_t v)
{
	json_t *a = json_array();
	uint64_t rest;

	rest = flags_walk(set, v, json_add, a);
	if (rest) {
		char hex[24];

		snprintf(hex, sizeof(hex), "0x%" PRIx64, rest);
		json_array_append_new(a, json_string(hex));	/* ours: hex */
	}
	return a;
}
