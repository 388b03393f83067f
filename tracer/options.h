/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_OPTIONS_H
#define CLONETRACE_TRACER_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

/* --timestamps: how each line of the live stream (-v) is stamped. */
enum ts_format { TS_NONE, TS_TIME, TS_US, TS_REL };

struct options {
	const char *output;	/* -o: "-" for stdout */
	bool verbose;		/* -v: each call on stderr */
	const char *log;	/* --log FILE: the -v stream there instead */
	enum ts_format ts;	/* --timestamps */
	bool quiet;		/* -q: no summary line, no notice about tasks left running */
	bool debug;		/* -d */
	bool no_seccomp;	/* --no-seccomp: syscall stops only */
	bool light;		/* --light: task events only (decoded at the clone events) */
	bool detach_on_exit;	/* --detach-on-exit: let go of what the command leaves running */
	bool ebpf;		/* --ebpf: BPF probes instead of ptrace (tracer/ebpf/) */
	bool system;		/* --system: every task of the host, with the probes */
	long duration_s;	/* --duration: --system's length in seconds, 0 until a signal */
	bool tree;		/* --tree: -p takes each process's descendants too */
	int stack_depth;	/* --stack[=DEPTH]: frames per creation stack, 0 off */
	pid_t *pids;		/* -p: processes to attach to */
	int n_pids;
	char **argv;		/* the command */
	int argc;
};

/*
 * Parses record's command line into *o.  Returns 0, 1 when --help was
 * printed, or -1 after printing one line about what is wrong.
 */
int options_parse(int argc, char **argv, struct options *o);
void options_free(struct options *o);

#endif
