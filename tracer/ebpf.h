/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EBPF_H
#define CLONETRACE_TRACER_EBPF_H

/*
 * record --ebpf (tracer/ebpf/): the command and its descendants followed
 * by BPF probes instead of ptrace (probe.bpf.c, loaded with libbpf from
 * the skeleton bpftool made of it: probes.c), nothing ever stopped.  The
 * probes send raw facts through a ring buffer; events.c decodes them with
 * decode/ and fills the same records the ptrace modes fill (task.c,
 * model/), which output.c writes through format/.  run.c starts the
 * command once the probes are live and follows it.  Built without libbpf,
 * bpftool or clang (EBPF=0), none.c says so.
 */

struct tracer;

/* How following the command with the probes ended. */
enum ebpf_end {
	EBPF_DONE,		/* the command and every task it left ended */
	EBPF_FORCED,		/* a second signal: the trace is incomplete, the program is ended */
	EBPF_LET_GO,		/* a signal after the command's end: what it left runs on */
};

/*
 * Loads the probes, starts tr->opt's command once they are live, and
 * follows it (tr->sig's signals relayed as the ptrace modes do).  Returns
 * an enum ebpf_end; when nothing was started, after one line on stderr,
 * -1 if the command can't be run (errno ENOENT: no such program, EACCES:
 * not executable) or -2 if the probes can't.
 */
int ebpf_follow(struct tracer *tr);

#endif
