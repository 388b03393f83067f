/* SPDX-License-Identifier: MIT */
/* clonetrace record's command line. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "tracer/options.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: clonetrace record [-dqv] [--no-seccomp|--light] [--stack[=DEPTH]] [--detach-on-exit]\n"
		"                         [--log FILE] [--timestamps[=time|us|rel]] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record [-dqv] [--stack[=DEPTH]] [--tree] [-o FILE] -p PID [-p PID...]\n"
		"       clonetrace record --ebpf [-dq] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record --ebpf [-dq] [--tree] [-o FILE] -p PID [-p PID...]\n"
		"       clonetrace record --system [-dq] [--duration SECONDS] [-o FILE]\n"
		"  -o, --output FILE   write the trace to FILE (default clonetrace.json; - is stdout,\n"
		"                      shared with the program's own output: to pipe a trace, use\n"
		"                      -o >(clonetrace show -) or -o /dev/fd/N)\n"
		"  -p, --pid PID       attach to the running process PID and all its threads\n"
		"      --tree          with -p: also every process descended from PID, as it is now\n"
		"      --detach-on-exit  when the command exits, let go of the tasks it leaves running\n"
		"                      (daemons) instead of following them until they end\n"
		"  -v, --verbose       print each decoded call, execve and exit on stderr\n"
		"      --log FILE      print that stream to FILE instead (implies -v)\n"
		"      --timestamps[=F]  stamp each -v line: time (hh:mm:ss, default), us (with\n"
		"                      microseconds) or rel (seconds since the trace began)\n"
		"  -q, --quiet         no summary line at the end, no notice about tasks left running\n"
		"  -d, --debug         print the tracer's own debugging output\n"
		"      --no-seccomp    stop on every syscall instead of using a seccomp filter\n"
		"      --light         stop only where tasks are created, exec'd or end (no filter):\n"
		"                      cheapest, but failed calls, unshare, setns, failed execs and\n"
		"                      CLONE_UNTRACED children are not seen, and namespaces follow\n"
		"                      the clone flags only\n"
		"      --ebpf          follow the command with BPF probes instead of ptrace: nothing\n"
		"                      stops, a program under ptrace (strace, gdb) can be recorded;\n"
		"                      failed calls, unshare and setns are not seen (root)\n"
		"      --system        every task the host creates, with the BPF probes, until a\n"
		"                      signal (^C) or the end of --duration (root)\n"
		"      --duration SECONDS  with --system: stop after SECONDS\n"
		"      --stack[=DEPTH] record each creating call's user-space stack (default depth 32)\n"
		"  -h, --help          show this help\n"
		"Signals: ^C (or SIGINT, SIGTERM, SIGHUP, SIGQUIT) reaches the program, which decides;\n"
		"clonetrace records until it ends.  Sent to clonetrace alone, a signal is relayed to the\n"
		"program.  A second one ends the program and writes the trace marked incomplete.\n");
}

static int bad(const char *fmt, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, what);
	fprintf(stderr, "clonetrace record: %s; see 'clonetrace record --help'\n", msg);
	return -1;
}

static bool all_digits(const char *s)
{
	return s && *s && strspn(s, "0123456789") == strlen(s);
}

/* arg, all decimal digits, into *v (LONG_MAX if larger): 0, or -1 when it is no such number. */
static int number(const char *arg, long *v)
{
	if (!all_digits(arg))
		return -1;
	*v = strtol(arg, NULL, 10);
	return 0;
}

static int add_pid(struct options *o, const char *arg)
{
	long v;

	if (number(arg, &v) < 0 || v <= 0 || v > 0x3fffffff)
		return bad("-p: '%s' is not a process id", arg);
	for (int i = 0; i < o->n_pids; i++)
		if (o->pids[i] == (pid_t)v)
			return 0;	/* the same process twice is the same process */
	o->pids = xreallocarray(o->pids, (size_t)o->n_pids + 1, sizeof(*o->pids));
	o->pids[o->n_pids++] = (pid_t)v;
	return 0;
}

static int stack_depth(struct options *o, const char *arg)
{
	long v = 32;

	if (arg && number(arg, &v) < 0)
		return bad("--stack: '%s' is not a number of frames", arg);
	if (v <= 0 || v > 1024)
		return bad("--stack: the depth must be 1 to 1024, not %s", arg);
	o->stack_depth = (int)v;
	return 0;
}

static int timestamps(struct options *o, const char *arg)
{
	if (!arg || strcmp(arg, "time") == 0)
		o->ts = TS_TIME;
	else if (strcmp(arg, "us") == 0)
		o->ts = TS_US;
	else if (strcmp(arg, "rel") == 0)
		o->ts = TS_REL;
	else
		return bad("--timestamps: '%s' is not time, us or rel", arg);
	return 0;
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "debug", no_argument, NULL, 'd' },
		{ "detach-on-exit", no_argument, NULL, 'X' },
		{ "duration", required_argument, NULL, 'D' },
		{ "ebpf", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ "light", no_argument, NULL, 'l' },
		{ "log", required_argument, NULL, 'L' },
		{ "no-seccomp", no_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stack", optional_argument, NULL, 'K' },
		{ "system", no_argument, NULL, 'Y' },
		{ "timestamps", optional_argument, NULL, 'Z' },
		{ "tree", no_argument, NULL, 'R' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->output = "clonetrace.json";
	optind = 1;
	opterr = 0;
	/* "+": options end at the command's name; ":": missing arguments reported as ':' */
	while (rc == 0 && (c = getopt_long(argc, argv, "+:dho:p:qv", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->debug = true; break;
		case 'D':
			if (number(optarg, &o->duration_s) < 0 || o->duration_s <= 0 ||
			    o->duration_s > 100L * 365 * 86400)
				rc = bad("--duration: '%s' is not a number of seconds", optarg);
			break;
		case 'E': o->ebpf = true; break;
		case 'h': usage(stdout); return 1;
		case 'l': o->light = true; break;
		case 'L': o->log = optarg; o->verbose = true; break;
		case 'o': o->output = optarg; break;
		case 'p': rc = add_pid(o, optarg); break;
		case 'q': o->quiet = true; break;
		case 'R': o->tree = true; break;
		case 'S': o->no_seccomp = true; break;
		case 'K':
			/* "--stack 5": a depth given apart, where a command can't start with a digit */
			if (!optarg && optind < argc && all_digits(argv[optind]))
				optarg = argv[optind++];
			rc = stack_depth(o, optarg);
			break;
		case 'v': o->verbose = true; break;
		case 'X': o->detach_on_exit = true; break;
		case 'Y': o->system = true; break;
		case 'Z': rc = timestamps(o, optarg); break;
		case ':': rc = bad("%s needs an argument", argv[optind - 1]); break;
		default:
			if (optopt) {
				char s[3] = { '-', (char)optopt, 0 };

				rc = bad("unknown option '%s'", s);
			} else {
				rc = bad("unknown option '%s'", argv[optind - 1]);
			}
		}
	}
	if (rc)
		return rc;
	if (o->duration_s && !o->system)
		return bad("%s", "--duration goes with --system");
	if (o->system) {
		if (optind < argc || o->n_pids || o->ebpf || o->light || o->no_seccomp ||
		    o->detach_on_exit || o->stack_depth || o->verbose || o->tree)
			return bad("%s", "--system goes alone (with -o, -q, -d and --duration)");
		o->argv = argv + optind;
		return 0;
	}
	if (o->n_pids && optind < argc)
		return bad("%s", "give a command or -p, not both");
	if (!o->n_pids && optind >= argc)
		return bad("%s", "no command given");
	if (o->tree && !o->n_pids)
		return bad("%s", "--tree goes with -p");
	if (o->light && (o->n_pids || o->no_seccomp))
		return bad("%s", "--light goes with a command, without --no-seccomp");
	if (o->detach_on_exit && o->n_pids)
		return bad("%s", "--detach-on-exit goes with a command, not -p");
	if (o->ebpf && (o->light || o->no_seccomp || o->detach_on_exit || o->stack_depth || o->verbose))
		return bad("%s", "--ebpf goes with a command or -p alone (not --light, --no-seccomp, "
			   "--detach-on-exit, --stack or -v)");
	o->argv = argv + optind;
	o->argc = argc - optind;
	return 0;
}

void options_free(struct options *o)
{
	free(o->pids);
	o->pids = NULL;
}
