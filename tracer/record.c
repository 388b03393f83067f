/* clonetrace record: the front end of the tracer. */
#include <err.h>
#include <malloc.h>
#include <sys/mman.h>
#include <stdint.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/model.h"
#include "tracer/stack.h"
#include "tracer/sink.h"
#include "tracer/tracer.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: clonetrace record [-dv] [--no-seccomp] [--stack[=DEPTH]] [-o FILE] [--] COMMAND [ARG...]\n"
		"       clonetrace record [-dv] [--stack[=DEPTH]] [-o FILE] -p PID [-p PID...]\n"
		"  -o, --output FILE   write the trace to FILE (default clonetrace.json; - is stdout)\n"
		"  -p, --pid PID       attach to the running process PID and all its threads\n"
		"  -v, --verbose       print each decoded call and execve on stderr\n"
		"  -d, --debug         print the tracer's own debugging output\n"
		"      --no-seccomp    stop on every syscall instead of using a seccomp filter\n"
		"      --stack[=DEPTH] record each creating call's user-space stack (default depth 32)\n"
		"  -h, --help          show this help\n");
}

static int parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-seccomp", no_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, 'p' },
		{ "stack", optional_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->output = "clonetrace.json";
	optind = 1;
	/* "+": options end at the command's name */
	while ((c = getopt_long(argc, argv, "+dho:p:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->debug = true; break;
		case 'h': usage(stdout); return 1;
		case 'o': o->output = optarg; break;
		case 'p': {
			char *end;
			long v = strtol(optarg, &end, 10);
			pid_t *p;

			if (*end || v <= 0 || v > 0x3fffffff) {
				warnx("-p: '%s' is not a process id", optarg);
				return -1;
			}
			p = realloc(o->pids, (o->n_pids + 1) * sizeof(*p));
			if (!p)
				return -1;
			o->pids = p;
			o->pids[o->n_pids++] = (pid_t)v;
			break;
		}
		case 'S': o->no_seccomp = true; break;
		case 'K':
			o->stack_depth = optarg ? atoi(optarg) : 32;
			if (o->stack_depth <= 0 || o->stack_depth > 1024) {
				warnx("--stack: depth must be 1..1024");
				return -1;
			}
			break;
		case 'v': o->verbose = true; break;
		default: usage(stderr); return -1;
		}
	}
	if (o->n_pids && optind < argc) {
		warnx("record: give a command or -p, not both");
		return -1;
	}
	if (!o->n_pids && optind >= argc) {
		warnx("record: no command given");
		usage(stderr);
		return -1;
	}
	o->argv = argv + optind;
	o->argc = argc - optind;
	return 0;
}

/* End the traced program: it must not outlive an interrupted trace. */
static void kill_tracees(struct tracer *tr)
{
	for (size_t i = 0; i < tr->n_tasks; i++) {
		struct task *t = tr->tasks[i];

		if (!t->ended && !t->escaped && t->tid > 0 && task_by_tid(tr, t->tid) == t)
			kill(t->tid, SIGKILL);
	}
}

static int exit_status(int status)
{
	if (status < 0)
		return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static int start_command(struct tracer *tr, const struct options *opt)
{
	struct task *root;
	int serr = 0;
	pid_t pid;

	pid = launch(tr, opt->argv, &serr);
	if (pid < 0) {
		warn("%s", opt->argv[0]);
		return -1;
	}
	tr->seccomp = serr == 0;
	if (serr > 0) {
		char note[256];

		snprintf(note, sizeof(note),
			 "the kernel refused the seccomp filter (%s): stopping on every syscall",
			 strerror(serr));
		warnx("%s", note);
		json_array_append_new(tr->notes, json_string(note));
	}
	tr->root_pid = pid;
	root = task_new(tr, pid);
	if (!root) {
		kill(pid, SIGKILL);
		errno = ECHILD;
		return -1;
	}
	root->linked = true;
	root->seen_stop = true;
	tr->root = root;
	model_root(tr, root);
	return 0;
}

/*
 * The records grow the heap by a few KB per call, and the first touch of
 * each page is a fault that a stopped tracee may be waiting behind (costly
 * in a VM).  Reserve 64 MB of heap at once and ask for transparent huge
 * pages on it (THP in "madvise" mode only backs regions that ask): on the
 * clone benchmark the tracer's page faults go from 5,100 to 400.  The
 * reservation is address space; memory comes as it is used.
 */
static void heap_prepare(void)
{
	char *lo, *hi;
	void *p;

	mallopt(M_TOP_PAD, 64 << 20);
	p = malloc(1);
	if (!p)
		return;
	hi = sbrk(0);
	lo = (char *)(((uintptr_t)p + 4095) & ~(uintptr_t)4095);
	if (hi != (char *)-1 && hi > lo)
		madvise(lo, (size_t)(hi - lo), MADV_HUGEPAGE);
	free(p);
}

int record_main(int argc, char **argv)
{
	struct sigstate sig;
	struct options opt;
	struct tracer tr;
	struct sink out;
	const char *what;
	int rc, ended_by;
	uint64_t t_loop;

	/*
	 * Signals first: one that comes while clonetrace starts waits in the
	 * signalfd instead of killing clonetrace half-way.
	 */
	if (sig_take(&sig) < 0) {
		warn("signalfd");
		return 1;
	}
	heap_prepare();
	rc = parse(argc, argv, &opt);
	if (rc) {
		rc = rc > 0 ? 0 : 2;
		goto out_sig;
	}
	if (sink_open(&out, opt.output, &what) < 0) {
		warn("%s", what);
		rc = 1;
		goto out_opt;
	}
	if (tracer_init(&tr, &opt) < 0) {
		warnx("out of memory");
		rc = 1;
		goto out_sink;
	}
	tr.sig = &sig;
	if (opt.stack_depth && !(tr.stacks = stacks_new(tr.pid_max))) {
		warnx("--stack: %s", "this clonetrace was built without libunwind");
		rc = 2;
		goto out_tracer;
	}
	/* a signal before anything was started: nothing to trace, nothing written */
	if (sig_pending(&sig)) {
		rc = 128 + sig.last;
		goto out_tracer;
	}
	if (opt.n_pids) {
		if (attach_all(&tr, opt.pids, opt.n_pids) < 0) {
			warnx("%s", tr.err[0] ? tr.err : "attach failed");
			detach_all(&tr);
			rc = 1;
			goto out_tracer;
		}
		json_array_append_new(tr.notes, json_string("attached to running processes: "
			"calls are decoded from registers at their clone events, failed calls "
			"and unshare/setns are not seen"));
	} else if (start_command(&tr, &opt) < 0) {
		rc = errno == ENOENT ? 127 : errno == ECHILD ? 1 : 126;
		goto out_tracer;
	}

	ended_by = tracer_loop(&tr);
	if (ended_by != 0) {
		tr.complete = false;
		if (ended_by < 0)
			warn("waitpid");
		/* attached: let go of the program before anything else */
		if (tr.attach)
			detach_all(&tr);
	}
	model_finish(&tr);
	orphans_note(&tr);
	t_loop = now_ns(&tr);
	rc = trace_write(&tr, out.fd) < 0 ? -1 : sink_commit(&out);
	if (rc < 0) {
		warn("writing %s", strcmp(opt.output, "-") == 0 ? "the trace" : opt.output);
		sink_abort(&out);
	}
	if (ended_by != 0 && tr.attach) {
		rc = ended_by < 0;
	} else if (ended_by != 0) {
		kill_tracees(&tr);
		rc = ended_by > 0 ? 128 + sig.last : 1;
	} else if (tr.attach) {
		rc = 0;
	} else {
		rc = exit_status(tr.root_status);
	}
	debug(&opt, "%lu stops, %zu tasks, %zu calls; traced for %.3f s, trace written in %.3f s",
	      tr.stops, tr.n_tasks, tr.n_calls, t_loop / 1e9, (now_ns(&tr) - t_loop) / 1e9);
	tracer_free(&tr);
	goto out_opt;

out_tracer:
	tracer_free(&tr);
out_sink:
	sink_abort(&out);
out_opt:
	free(opt.pids);
out_sig:
	sig_release(&sig);
	return rc;
}
