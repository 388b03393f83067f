/* SPDX-License-Identifier: MIT */
/*
 * Writing a picture or an export: complete in place of its name, or in
 * place for a device.  The temporary file is unnamed (O_TMPFILE) where the
 * file system allows, so that a render killed half-way leaves nothing
 * behind; it gets a name beside path only to be renamed over it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw/outfile.h"
#include "answers/esc.h"

/* An unnamed file in path's directory; -1 where there is none (or no /proc to link it by). */
static int unnamed(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct sbuf dir;
	int fd = -1;

	if (access("/proc/self/fd", X_OK) < 0)
		return -1;
	sb_init(&dir);
	if (!slash)
		sb_add(&dir, ".");
	else if (slash == path)
		sb_add(&dir, "/");
	else
		sb_addn(&dir, path, (size_t)(slash - path));
	/* the mode is what a new file would get (the umask applies) */
	fd = open(sb_str(&dir), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	sb_free(&dir);
	return fd;
}

/* mkstemp's 0600 made what a new file would get. */
static int named(struct outfile *o)
{
	struct sbuf tmp;
	mode_t mask;
	int fd;

	sb_init(&tmp);
	sb_printf(&tmp, "%s.XXXXXX", o->path);
	fd = mkstemp(tmp.s);
	if (fd < 0) {
		sb_free(&tmp);
		return -1;
	}
	o->tmp = sb_steal(&tmp);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->f = fopen(path, "w");
	} else {
		fd = unnamed(path);
		o->unnamed = fd >= 0;
		if (fd < 0)
			fd = named(o);
		if (fd >= 0 && !(o->f = fdopen(fd, "w")))
			close(fd);
	}
	if (o->f)
		return 0;
	snprintf(err, errlen, "%s: %s", o->tmp ? o->tmp : path, strerror(errno));
	outfile_abort(o);
	return -1;
}

/* The unnamed file under a new name beside path (a name nobody has: linkat does not replace). */
static int link_in(struct outfile *o)
{
	char proc[64];
	struct sbuf name;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fileno(o->f));
	sb_init(&name);
	for (unsigned i = 0; i < 100; i++) {
		sb_reset(&name);
		sb_printf(&name, "%s.%ld.%u", o->path, (long)getpid(), i);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, sb_str(&name), AT_SYMLINK_FOLLOW) == 0) {
			o->tmp = sb_steal(&name);
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	sb_free(&name);
	return -1;
}

int outfile_close(struct outfile *o, char *err, size_t errlen)
{
	const char *name = o->f == stdout ? "standard output" : o->path;
	bool temporary = o->unnamed || o->tmp;

	errno = 0;
	if (fflush(o->f) != 0 || ferror(o->f) || (temporary && fsync(fileno(o->f)) < 0) ||
	    (o->unnamed && link_in(o) < 0))
		goto fail;
	if (o->f != stdout && fclose(o->f) != 0) {
		o->f = NULL;
		goto fail;
	}
	o->f = NULL;
	if (o->tmp && rename(o->tmp, o->path) < 0)
		goto fail;
	free(o->tmp);
	o->tmp = NULL;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", name, errno ? strerror(errno) : "write error");
	outfile_abort(o);
	return -1;
}

void outfile_abort(struct outfile *o)
{
	int saved = errno;

	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	errno = saved;
}

int outfile_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	struct outfile o;

	if (outfile_open(&o, path, err, errlen) < 0)
		return -1;
	if (fwrite(data, 1, len, o.f) != len) {
		snprintf(err, errlen, "%s: %s", strcmp(path, "-") ? path : "standard output",
			 strerror(errno));
		outfile_abort(&o);
		return -1;
	}
	return outfile_close(&o, err, errlen);
}
