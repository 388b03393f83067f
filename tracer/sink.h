/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_SINK_H
#define CLONETRACE_TRACER_SINK_H

/*
 * Where the trace goes (-o).  A regular file, or a path that does not exist
 * yet, is written invisibly and appears whole or not at all: an unnamed
 * O_TMPFILE in its directory, given the name only once the trace is
 * complete (a SIGKILL leaves nothing behind).  A symlink is followed: its
 * target gets the trace, the link stays.  Anything else (a terminal, a
 * device, a FIFO, a pipe or socket behind /dev/fd/N, stdout with -) is
 * opened and written in place, never replaced.
 */

#include <stdbool.h>
#include <sys/types.h>

struct sink {
	int fd;			/* where the trace is written */
	bool atomic;		/* a regular file: fd is unnamed (or tmp), named at commit */
	char *path;		/* the file to create or replace (a symlink's target) */
	char *tmp;		/* fallback without O_TMPFILE: the visible temporary name */
	bool keep_mode;		/* an existing file: its mode is kept */
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

/*
 * Opens the trace's destination before the program runs, so that a path
 * that can't be written fails first.  Returns 0, or -1 with errno set and
 * *what pointing at the path the error is about.
 */
int sink_open(struct sink *s, const char *output, const char **what);
/* After everything was written to s->fd: fsync, name the file; 0 or -1 (errno). */
int sink_commit(struct sink *s);
/* Drops whatever was written (nothing becomes visible) and frees s. */
void sink_abort(struct sink *s);

#endif
