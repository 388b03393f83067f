/* Writing a picture or an export: atomically beside its name, or in place for a device. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/outfile.h"
#include "render/text.h"

int outfile_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A file that is not a regular one (a terminal, a pipe, /dev/null) is written in place. */
static int write_in_place(const char *path, const char *data, size_t len, char *err,
			  size_t errlen)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int outfile_write(const char *path, const char *data, size_t len, char *err,
			size_t errlen)
{
	struct stat st;
	struct sbuf tmp;
	mode_t mask;
	int fd, rc = -1;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_in_place(path, data, len, err, errlen);
	sb_init(&tmp);
	sb_printf(&tmp, "%s.XXXXXX", path);
	fd = mkstemp(tmp.s);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* mkstemp makes 0600; the picture gets what a new file would. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || outfile_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", tmp.s, strerror(errno));
		close(fd);
		unlink(tmp.s);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.s, path) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	rc = 0;
out:
	sb_free(&tmp);
	return rc;
}

