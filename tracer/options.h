#ifndef CLONETRACE_TRACER_OPTIONS_H
#define CLONETRACE_TRACER_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

struct options {
	const char *output;	/* -o: "-" for stdout */
	bool verbose;		/* -v: each call on stderr */
	bool debug;		/* -d */
	bool no_seccomp;	/* --no-seccomp: syscall stops only */
	int stack_depth;	/* --stack[=DEPTH]: frames per creation stack, 0 off */
	pid_t *pids;		/* -p: processes to attach to */
	int n_pids;
	char **argv;		/* the command */
	int argc;
};

int record_main(int argc, char **argv);

#endif
