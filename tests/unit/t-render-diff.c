/* SPDX-License-Identifier: MIT */
/*
 * answers/diff_norm.c: the names a program makes up on every run written
 * alike (mkstemp's, mktemp's, Python's, O_TMPFILE's, memfd's, /proc/PID),
 * and names that only look like them left alone.
 */
#include "answers/diff_norm.h"
#include "tests/unit/tap.h"

static const struct {
	const char *in, *out;
} cases[] = {
	/* gcc's temporaries, as cc1, as and ld get them */
	{ "/tmp/ccLIXEjz.s", "/tmp/XXXXXX.s" },
	{ "-plugin-opt=-fresolution=/tmp/ccaKPaJ2.res", "-plugin-opt=-fresolution=/tmp/XXXXXX.res" },
	{ "/tmp/cc7atX7f.ltrans0.ltrans.o", "/tmp/XXXXXX.XXXXXX.XXXXXX.o" },
	/* mktemp(1), mkdtemp's directory and what is below it, Python's tempfile */
	{ "/tmp/tmp.AbCdEf1234", "/tmp/tmp.XXXXXX" },
	{ "/tmp/ct-render.aB3dE9/trace.json", "/tmp/ct-XXXXXX.XXXXXX/trace.json" },
	{ "/var/tmp/tmpk3_x9q2a", "/var/tmp/XXXXXX" },
	{ "/dev/shm/sem.Ab12Cd", "/dev/shm/sem.XXXXXX" },
	/* an O_TMPFILE file, as /proc/PID/fd names it */
	{ "/tmp/#1234567 (deleted)", "/tmp/#N (deleted)" },
	/* short names and the words around them stay */
	{ "/tmp/a.c", "/tmp/a.c" },
	{ "/tmp/x/y.o", "/tmp/x/y.o" },
	{ "cc -o /tmp/ab.o -c a.c", "cc -o /tmp/ab.o -c a.c" },
	/* not a temporary directory: /home/u/tmp/, /usr/lib */
	{ "/home/u/tmp/ccLIXEjz.s", "/home/u/tmp/ccLIXEjz.s" },
	{ "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1" },
	/* memfd names: made-up runs only */
	{ "memfd:runc_cloned:/proc/self/exe", "memfd:runc_cloned:/proc/self/exe" },
	{ "memfd:ct-memfd", "memfd:ct-memfd" },
	{ "memfd:shm-Xa81kQ", "memfd:shm-XXXXXX" },
	{ "/memfd:pulse-Q2aZ0p9 (deleted)", "/memfd:pulse-XXXXXX (deleted)" },
	/* pids in /proc paths */
	{ "/proc/19/status", "/proc/PID/status" },
	{ "/proc/4242/task/4243/comm", "/proc/PID/task/TID/comm" },
	{ "/proc/4242", "/proc/PID" },
	{ "/proc/self/exe", "/proc/self/exe" },
	{ "/proc/sys/kernel/pid_max", "/proc/sys/kernel/pid_max" },
	{ "/proc/12ab/x", "/proc/12ab/x" },
	{ "", "" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf b;

		sb_init(&b);
		diff_norm(&b, cases[i].in);
		is_str(sb_str(&b), cases[i].out, "diff_norm(\"%s\")", cases[i].in);
		sb_free(&b);
	}
	return tap_done();
}
