/* SPDX-License-Identifier: MIT */
/* Names made up afresh on every run, written the same way each time (diff_norm.h). */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "answers/diff_norm.h"

/* What a made-up run of characters becomes. */
#define MADE_UP "XXXXXX"
/* mkstemp(3) replaces six X's: the shortest run taken for made up. */
#define MADE_UP_MIN 6

static const char *const temp_roots[] = { "/var/tmp/", "/dev/shm/", "/tmp/" };

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A character that may stand before a path inside a longer word ("-o/tmp/x" is not one). */
static bool path_char(char c)
{
	return word_char(c) || c == '.' || c == '-' || c == '~' || c == '/';
}

/* Where a path inside an argument ends: "-fresolution=/tmp/x.res,..." */
static bool ends_path(char c)
{
	return !c || strchr(" \t\n,:;=\"'()", c);
}

/* Letters and digits of at least two of lower case, upper case and digits: made up. */
static bool looks_made_up(const char *s, size_t n)
{
	bool lower = false, upper = false, digit = false;

	for (size_t i = 0; i < n; i++) {
		lower |= islower((unsigned char)s[i]) != 0;
		upper |= isupper((unsigned char)s[i]) != 0;
		digit |= isdigit((unsigned char)s[i]) != 0;
	}
	return lower + upper + digit >= 2;
}

/* One component of a temporary path, [s, s + n): each long run of word characters made up. */
static void temp_component(struct sbuf *b, const char *s, size_t n)
{
	/* O_TMPFILE: "#" and the inode number */
	if (n >= 2 && s[0] == '#' && strspn(s + 1, "0123456789") >= n - 1) {
		sb_add(b, "#N");
		return;
	}
	for (size_t i = 0; i < n; ) {
		size_t run = 0;

		while (i + run < n && word_char(s[i + run]))
			run++;
		if (run >= MADE_UP_MIN)
			sb_add(b, MADE_UP);
		else
			sb_addn(b, s + i, run ? run : 1);
		i += run ? run : 1;
	}
}

/* A path below a temporary directory, from after the root to its end; returns its length. */
static size_t temp_path(struct sbuf *b, const char *s)
{
	size_t at = 0;

	while (!ends_path(s[at])) {
		size_t n = strcspn(s + at, "/ \t\n,:;=\"'()");

		temp_component(b, s + at, n);
		at += n;
		if (s[at] == '/') {
			sb_add(b, "/");
			at++;
		}
	}
	return at;
}

/* A memfd's name, after "memfd:", to its end; returns its length. */
static size_t memfd_name(struct sbuf *b, const char *s)
{
	size_t at = 0;

	while (s[at] && !strchr(" \t\n()", s[at])) {
		size_t n = 0;

		while (isalnum((unsigned char)s[at + n]))
			n++;
		if (n >= MADE_UP_MIN && looks_made_up(s + at, n))
			sb_add(b, MADE_UP);
		else
			sb_addn(b, s + at, n ? n : 1);
		at += n ? n : 1;
	}
	return at;
}

/* "/proc/1234" followed by a "/" or the path's end: the digits' length, else 0. */
static size_t proc_pid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n && (s[n] == '/' || ends_path(s[n])) ? n : 0;
}

void diff_norm(struct sbuf *b, const char *s)
{
	size_t i = 0;

	while (s[i]) {
		bool start = i == 0 || !path_char(s[i - 1]);
		size_t n;

		if (start && s[i] == '/') {
			const char *root = NULL;

			for (size_t r = 0; r < sizeof(temp_roots) / sizeof(temp_roots[0]); r++)
				if (strncmp(s + i, temp_roots[r], strlen(temp_roots[r])) == 0)
					root = temp_roots[r];
			if (root) {
				sb_add(b, root);
				i += strlen(root);
				i += temp_path(b, s + i);
				continue;
			}
			if (strncmp(s + i, "/proc/", 6) == 0 && (n = proc_pid(s + i + 6)) > 0) {
				sb_add(b, "/proc/PID");
				i += 6 + n;
				if (strncmp(s + i, "/task/", 6) == 0 && (n = proc_pid(s + i + 6)) > 0) {
					sb_add(b, "/task/TID");
					i += 6 + n;
				}
				continue;
			}
		}
		if ((i == 0 || !isalnum((unsigned char)s[i - 1])) && strncmp(s + i, "memfd:", 6) == 0) {
			sb_add(b, "memfd:");
			i += 6;
			i += memfd_name(b, s + i);
			continue;
		}
		sb_addn(b, s + i, 1);
		i++;
	}
}
