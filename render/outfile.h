#ifndef CLONETRACE_RENDER_OUTFILE_H
#define CLONETRACE_RENDER_OUTFILE_H

/* Output files of render: a picture or a timeline is never left half-written. */

#include <stddef.h>

/* All of data to fd, going on after EINTR and short writes; 0 or -1 (errno). */
int outfile_write_all(int fd, const char *data, size_t len);

/*
 * data to path: a temporary file beside it renamed over it once complete
 * (mode 0666 less the umask), or written in place when path is not a regular
 * file (a terminal, a pipe, /dev/null).  0, or -1 with a message in err.
 */
int outfile_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
