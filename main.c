/* SPDX-License-Identifier: MIT */
/* clonetrace: record the tasks a program creates, and render what was recorded. */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "cmd/diff_main.h"
#include "cmd/render_main.h"
#include "cmd/show_main.h"
#include "cmd/stats_main.h"
#include "tracer/recorder.h"

#ifdef CT_NO_RENDER
int render_main(int argc, char **argv)
{
	warnx("%s: this clonetrace was built without the renderer (RENDER=0)", argv[0]);
	return 2;
}

int show_main(int argc, char **argv)
{
	return render_main(argc, argv);
}

int stats_main(int argc, char **argv)
{
	return render_main(argc, argv);
}

int diff_main(int argc, char **argv)
{
	return render_main(argc, argv);
}
#endif

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command's name */
} commands[] = {
	{ .name = "diff", .run = diff_main },
	{ .name = "record", .run = recorder_main },
	{ .name = "render", .run = render_main },
	{ .name = "show", .run = show_main },
	{ .name = "stats", .run = stats_main },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: clonetrace record [-dqv] [--no-seccomp|--light] [--stack[=DEPTH]] [--detach-on-exit]\n"
		"                         [--log FILE] [--timestamps[=time|us|rel]] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record [-dqv] [--stack[=DEPTH]] [--tree] [-o FILE] -p PID [-p PID...]\n"
		"       clonetrace record --ebpf [-dq] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record --ebpf [-dq] [--tree] [-o FILE] -p PID [-p PID...]\n"
		"       clonetrace record --system [-dq] [--duration SECONDS] [-o FILE]\n"
		"       clonetrace render [--view tree|sharing|namespaces] [--ns KIND] [--collapse|--no-collapse]\n"
		"                         [--focus TID] [--depth N] [-e FILTER]... [-o FILE]\n"
		"                         [-T svg|png|pdf|dot|perfetto|html] TRACE.json\n"
		"       clonetrace show [-atx] [--stack] [--times] [--collapse|--no-collapse] [--focus TID] [--depth N]\n"
		"                       [-e FILTER]... [TRACE.json]\n"
		"       clonetrace show --ns-audit [-e FILTER]... [TRACE.json]\n"
		"       clonetrace stats [--json] [-e FILTER]... [TRACE.json]\n"
		"       clonetrace diff [--counts] [--json] [-e FILTER]... A.json B.json\n"
		"       clonetrace --help | --version\n"
		"Run 'clonetrace COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	alloc_init();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("clonetrace %s\n", CT_VERSION);
		return 0;
	}
	warnx("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
