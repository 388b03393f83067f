/* clonetrace: record the tasks a program creates, and render what was recorded. */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "tracer/options.h"

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
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: clonetrace record [-dv] [--no-seccomp] [--stack[=DEPTH]] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record [-dv] [--stack[=DEPTH]] [-o FILE] -p PID [-p PID...]\n"
		"       clonetrace render [--view tree|sharing|namespaces] [--ns KIND] [--collapse|--no-collapse]\n"
		"                         [--focus TID] [--depth N] [-o FILE] [-T svg|png|pdf|dot|perfetto] TRACE.json\n"
		"       clonetrace show [-atx] [--stack] [--times] [--collapse|--no-collapse] [--focus TID] [--depth N] [TRACE.json]\n"
		"       clonetrace show --ns-audit [TRACE.json]\n"
		"       clonetrace --help | --version\n"
		"Run 'clonetrace COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "record") == 0)
		return record_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "render") == 0)
		return render_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return show_main(argc - 1, argv + 1);
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
