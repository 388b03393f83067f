/* SPDX-License-Identifier: MIT */
/*
 * A trace read a record at a time.  jansson reads one task, call or resource
 * object at a time from the file (JSON_DISABLE_EOF_CHECK stops it at the
 * object's closing brace) and the sink takes it.  The top level is scanned
 * here, by hand, only as far as the layout clonetrace writes: anything else
 * is left to the whole-document reader, whose errors are exact.
 */
#include <string.h>

#include "format/stream.h"

static int next_char(FILE *f)
{
	int c;

	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	return c;
}

/* A name or string without escapes, into buf; -1 otherwise. */
static int plain_string(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	if (next_char(f) != '"')
		return -1;
	while ((c = getc(f)) != '"') {
		if (c == EOF || c == '\\' || c < 0x20 || n + 1 >= size)
			return -1;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return 0;
}

/* A version this reader reads (one digit), followed by a comma (left unread); -1 if not. */
static int version(FILE *f)
{
	int v = next_char(f) - '0', c = next_char(f);

	if (v < FORMAT_VERSION_OLDEST || v > FORMAT_VERSION || FORMAT_VERSION > 9)
		return -1;
	return c == ',' && ungetc(c, f) != EOF ? v : -1;
}

static json_t *one_value(FILE *f)
{
	json_error_t je;

	return json_loadf(f, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
}

/* "[" record, ... "]", each handed to the sink. */
static int records(FILE *f, enum format_key key, const struct stream_sink *sink)
{
	int c;

	if (next_char(f) != '[')
		return -1;
	if ((c = next_char(f)) == ']')
		return 0;
	ungetc(c, f);
	for (int i = 0;; i++) {
		json_t *v = one_value(f);
		int rc;

		if (!v)
			return -1;
		rc = sink->record(sink->ctx, key, i, v);
		json_decref(v);
		if (rc < 0)
			return -1;
		c = next_char(f);
		if (c == ']')
			return 0;
		if (c != ',')
			return -1;
	}
}

int stream_scan(FILE *f, const struct stream_sink *sink)
{
	char name[16], value[16];
	int at = 0, c, rc, v = 0;
	json_t *meta;

	if (next_char(f) != '{')
		return -1;
	for (;;) {
		/* the names in the order clonetrace writes them; resources may be left out */
		if (plain_string(f, name, sizeof(name)) < 0 || next_char(f) != ':')
			return -1;
		/* version 1 has no namespaces */
		if (at == KEY_NAMESPACES && v < 2 && strcmp(name, format_keys[at]) != 0)
			at++;
		if (at >= KEY_COUNT || strcmp(name, format_keys[at]) != 0)
			return -1;
		switch (at++) {
		case KEY_FORMAT:
			if (plain_string(f, value, sizeof(value)) < 0 ||
			    strcmp(value, FORMAT_NAME) != 0)
				return -1;
			break;
		case KEY_VERSION:
			if ((v = version(f)) < 0)
				return -1;
			break;
		case KEY_META:
			if (!(meta = one_value(f)))
				return -1;
			rc = sink->meta(sink->ctx, v, meta);
			json_decref(meta);
			if (rc < 0)
				return -1;
			break;
		default:
			if (records(f, at - 1, sink) < 0)
				return -1;
		}
		c = next_char(f);
		if (c == '}')
			break;
		if (c != ',')
			return -1;
	}
	return at > KEY_CALLS && next_char(f) == EOF ? 0 : -1;
}
