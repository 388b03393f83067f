/* SPDX-License-Identifier: MIT */
/* Strings for the terminal and for Graphviz: one place that escapes what a trace may hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers/esc.h"

/*
 * Graphviz reads "\N", "\G", "\l", "\n" ... in labels and turns "&amp;" into "&";
 * its tooltips go through that unescaping twice (2.42: preprocessTooltip, then
 * strdup_and_subst_obj).  So a backslash becomes 2 backslashes in a label and
 * 4 in a tooltip, and every '&' becomes "&amp;".
 */
static void add_backslash(struct sbuf *b, enum esc how)
{
	switch (how) {
	case ESC_TEXT:
		sb_add(b, "\\");
		break;
	case ESC_LABEL:
		sb_add(b, "\\\\");
		break;
	case ESC_TOOLTIP:
		sb_add(b, "\\\\\\\\");
		break;
	}
}

/* One escape sequence: a backslash, then the rest as it is. */
static void add_escape(struct sbuf *b, enum esc how, const char *rest)
{
	add_backslash(b, how);
	sb_add(b, rest);
}

/* Length of the UTF-8 sequence at s that must not reach a terminal or a picture as is, or 0. */
static unsigned char_to_hide(const unsigned char *s, unsigned *cp)
{
	/* C1 controls U+0080..U+009F: some terminals act on them like ESC [. */
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		*cp = s[1];
		return 2;
	}
	/* Bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) reorder text. */
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) {
		*cp = 0x2000 + (s[2] - 0x80);
		return 3;
	}
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9) {
		*cp = 0x2040 + (s[2] - 0x80);
		return 3;
	}
	return 0;
}

void esc_add(struct sbuf *b, const char *str, enum esc how)
{
	const unsigned char *s = (const unsigned char *)str;
	char tmp[16];
	unsigned cp, n;

	while (*s) {
		if (*s == '\\') {
			add_backslash(b, how);
			add_backslash(b, how);
			s++;
		} else if (*s == '\n') {
			add_escape(b, how, "n");
			s++;
		} else if (*s == '\t') {
			add_escape(b, how, "t");
			s++;
		} else if (*s == '\r') {
			add_escape(b, how, "r");
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			snprintf(tmp, sizeof(tmp), "x%02x", *s);
			add_escape(b, how, tmp);
			s++;
		} else if ((n = char_to_hide(s, &cp)) != 0) {
			snprintf(tmp, sizeof(tmp), "u%04x", cp);
			add_escape(b, how, tmp);
			s += n;
		} else if (*s == '&' && how != ESC_TEXT) {
			sb_add(b, "&amp;");
			s++;
		} else {
			sb_addn(b, (const char *)s, 1);
			s++;
		}
	}
}

void esc_add_max(struct sbuf *b, const char *s, enum esc how, size_t max)
{
	size_t n = strlen(s);
	char *cut;

	if (n <= max) {
		esc_add(b, s, how);
		return;
	}
	/* Back up to the first byte of a UTF-8 sequence. */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	cut = xstrdup(s);
	cut[max] = '\0';
	esc_add(b, cut, how);
	sb_add(b, "...");
	free(cut);
}

void esc_newline(struct sbuf *b, enum esc how)
{
	switch (how) {
	case ESC_TEXT:
		sb_add(b, "\n");
		break;
	case ESC_LABEL:
		sb_add(b, "\\l");
		break;
	case ESC_TOOLTIP:
		sb_add(b, "\\n");
		break;
	}
}

void esc_time(struct sbuf *b, long long ns)
{
	if (ns < 0)
		sb_add(b, "?");
	else if (ns < 1000000000)
		sb_printf(b, "%lld.%03lld ms", ns / 1000000, ns / 1000 % 1000);
	else
		sb_printf(b, "%lld.%03lld s", ns / 1000000000, ns / 1000000 % 1000);
}
