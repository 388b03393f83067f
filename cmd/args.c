/* SPDX-License-Identifier: MIT */
/* What the reading subcommands share: their common options, loading the trace, stdout. */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/args.h"

/* A decimal number in [min, max], all of s. */
int args_num(const char *s, long long min, long long max, long long *out)
{
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || *end || *out < min || *out > max ? -1 : 0;
}

/* --focus and --depth, as render reads them; -1 when bad (with a message). */
int args_select(int c, const char *cmd, struct select *sel)
{
	long long n;

	if (c == 'f') {
		if (args_num(optarg, 1, INT_MAX, &n) < 0) {
			warnx("%s: --focus %s: expected a tid", cmd, optarg);
			return -1;
		}
		sel->focus = n;
		return 0;
	}
	if (args_num(optarg, 0, INT_MAX, &n) < 0) {
		warnx("%s: --depth %s: expected a number, 0 or more", cmd, optarg);
		return -1;
	}
	sel->depth = (int)n;
	return 0;
}

/* -e FILTER: adds its terms to f; -1 when bad (with a message). */
int args_filter(const char *cmd, struct filter *f)
{
	char err[256];

	if (filter_parse(f, optarg, err, sizeof(err)) == 0)
		return 0;
	warnx("%s: -e: %s", cmd, err);
	return -1;
}

/* What the filters keep of a loaded trace, and their text, into sel; free m and text after. */
void args_filter_select(struct select *sel, const struct filter *f, const struct trace *t,
			struct filter_match *m, struct sbuf *text)
{
	filter_apply(f, t, m);
	if (filter_empty(f))
		return;
	filter_describe(text, f);
	sel->keep_task = m->task;
	sel->keep_call = m->call;
	sel->filter = sb_str(text);
}

/* render and show name no command in the message; stats and diff do. */
int args_load(struct trace *t, const char *cmd, const char *path)
{
	struct trace_error e = { 0 };
	const char *name = strcmp(path, "-") ? path : "<stdin>";

	if (trace_load(t, path, &e) == 0)
		return 0;
	if (!cmd && e.line > 0)
		warnx("%s:%d:%d: %s", name, e.line, e.column, e.text);
	else if (!cmd)
		warnx("%s: %s", name, e.text);
	else if (e.line > 0)
		warnx("%s: %s:%d:%d: %s", cmd, name, e.line, e.column, e.text);
	else
		warnx("%s: %s: %s", cmd, name, e.text);
	return -1;
}

/* Options both commands take.  0, 1 for --help (done), -1 bad usage. */
int args_answer(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		struct args_answer *a, bool counts_ok)
{
	enum { O_JSON = 256, O_COUNTS };
	static const struct option opts[] = {
		{ "counts", no_argument, NULL, O_COUNTS },
		{ "filter", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, O_JSON },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	int c;

	memset(a, 0, sizeof(*a));
	filter_init(&a->filter);
	optind = 0;
	/* stats has no --counts: getopt_long() is given the table without it */
	while ((c = getopt_long(argc, argv, "+e:h", opts + !counts_ok, NULL)) != -1) {
		switch (c) {
		case O_COUNTS:
			a->counts = true;
			break;
		case 'e':
			if (filter_parse(&a->filter, optarg, err, sizeof(err)) < 0) {
				warnx("%s: -e: %s", cmd, err);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			return 1;
		case O_JSON:
			a->json = true;
			break;
		default:
			return -1;
		}
	}
	a->first = optind;
	return 0;
}

int args_written(FILE *out, const char *cmd)
{
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	warn("%s: standard output", cmd);
	return -1;
}
