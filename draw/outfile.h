/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DRAW_OUTFILE_H
#define CLONETRACE_DRAW_OUTFILE_H

/* Output files of render: a picture or a timeline is never left half-written. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * An output being written.  A regular file (or a new name) is written to an
 * unnamed temporary file in its directory (O_TMPFILE; else a named one,
 * path.XXXXXX) that takes path's place only once complete; standard output
 * ("-"), a terminal, a pipe or a device is written in place, as it goes.
 */
struct outfile {
	FILE *f;			/* write here */
	const char *path;
	char *tmp;			/* the named temporary file, or NULL */
	bool unnamed;			/* O_TMPFILE: linked in at the end */
};

/* 0, or -1 with a message in err. */
int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);
/* Written to the end: the file takes path's place.  0, or -1 with a message in err. */
int outfile_close(struct outfile *o, char *err, size_t errlen);
/* Writing failed: path is left as it was (in place: as far as it got). */
void outfile_abort(struct outfile *o);

/* data to path, as outfile_open() and outfile_close() do.  0, or -1 with a message in err. */
int outfile_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
