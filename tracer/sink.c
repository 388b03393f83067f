/* SPDX-License-Identifier: MIT */
/*
 * The trace's destination.  clonetrace once replaced /dev/null with a
 * regular file by renaming a temporary file over whatever -o named; now
 * only a regular file (or a new path) is ever replaced, and only by a file
 * that is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "tracer/sink.h"

#define MAX_LINKS 40		/* the kernel's own limit on a path's symlinks */

/* A new string: the directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * If path names one of our own file descriptors (/dev/fd/N, /dev/stdout,
 * /proc/self/fd/N: a directory that is our /proc/PID/fd), its number, else
 * -1.  Such a name is a magic link whose target may be no path at all
 * ("pipe:[1234]"): the descriptor itself is written.
 */
static int own_fd(const char *path)
{
	const char *base = strrchr(path, '/');
	char *dir, *real, self[64], thread[96];
	int n = -1;

	if (!base || !base[1] || strspn(base + 1, "0123456789") != strlen(base + 1))
		return -1;
	dir = dir_of(path);
	real = realpath(dir, NULL);
	snprintf(self, sizeof(self), "/proc/%d/fd", (int)getpid());
	snprintf(thread, sizeof(thread), "/proc/%d/task/%d/fd", (int)getpid(), (int)gettid());
	if (real && (strcmp(real, self) == 0 || strcmp(real, thread) == 0))
		n = atoi(base + 1);
	free(real);
	free(dir);
	return n;
}

/* The path a symlink at path points to, relative ones taken from path's directory. */
static char *link_target(const char *path)
{
	char buf[PATH_MAX], *dir, *out;
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = 0;
	if (buf[0] == '/')
		return xstrdup(buf);
	dir = dir_of(path);
	out = xasprintf("%s/%s", dir, buf);
	free(dir);
	return out;
}

/* An unnamed file in path's directory, or failing that a visible temporary beside it. */
static int open_atomic(struct sink *s)
{
	char *dir = dir_of(s->path);
	mode_t mode = s->keep_mode ? s->mode & 07777 : 0666;

	s->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	free(dir);
	if (s->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* a filesystem without O_TMPFILE: the old way, a name of our own beside it */
		s->tmp = xasprintf("%s.XXXXXX", s->path);
		s->fd = mkostemp(s->tmp, O_CLOEXEC);
		if (s->fd < 0) {
			free(s->tmp);
			s->tmp = NULL;
			return -1;
		}
		if (!s->keep_mode) {
			mode_t um = umask(0);

			umask(um);
			mode = 0666 & ~um;
		}
		fchmod(s->fd, mode);
	}
	if (s->fd < 0)
		return -1;
	if (s->keep_mode) {
		fchmod(s->fd, s->mode & 07777);
		/* best effort: the trace matters more than its owner */
		if (geteuid() == 0)
			(void)!fchown(s->fd, s->uid, s->gid);
	}
	s->atomic = true;
	return 0;
}

static int open_in_place(struct sink *s, const char *path)
{
	s->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	return s->fd < 0 ? -1 : 0;
}

int sink_open(struct sink *s, const char *output, const char **what)
{
	struct stat st;
	char *path, *next;
	int n;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	*what = output;
	if (strcmp(output, "-") == 0) {
		s->fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
		return s->fd < 0 ? -1 : 0;
	}
	path = xstrdup(output);
	for (int i = 0; path; i++) {
		if (i == MAX_LINKS) {
			errno = ELOOP;
			break;
		}
		if ((n = own_fd(path)) >= 0) {
			free(path);
			s->fd = fcntl(n, F_DUPFD_CLOEXEC, 3);
			return s->fd < 0 ? -1 : 0;
		}
		if (lstat(path, &st) < 0) {
			if (errno != ENOENT)
				break;
			s->path = path;		/* a new file */
			return open_atomic(s);
		}
		if (S_ISLNK(st.st_mode)) {
			next = link_target(path);
			free(path);
			path = next;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			break;
		}
		if (!S_ISREG(st.st_mode)) {
			int r = open_in_place(s, path);

			free(path);
			return r;
		}
		if (access(path, W_OK) < 0)
			break;
		s->path = path;
		s->keep_mode = true;
		s->mode = st.st_mode;
		s->uid = st.st_uid;
		s->gid = st.st_gid;
		return open_atomic(s);
	}
	free(path);
	return -1;
}

/* Gives the unnamed file s->fd the name s->path, replacing what is there. */
static int name_tmpfile(struct sink *s)
{
	char proc[64], *tmp = NULL;
	int rc = -1;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", s->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, s->path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	/* replacing a file: a name of our own for an instant, then rename over it */
	for (int i = 0; i < 100; i++) {
		free(tmp);
		tmp = xasprintf("%s.%d.%d", s->path, (int)getpid(), i);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) {
			rc = rename(tmp, s->path);
			if (rc < 0) {
				int e = errno;

				unlink(tmp);
				errno = e;
			}
			break;
		}
		if (errno != EEXIST)
			break;
	}
	free(tmp);
	return rc;
}

int sink_commit(struct sink *s)
{
	int rc = 0, e = 0;

	if (s->atomic && fsync(s->fd) < 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && s->atomic) {
		if (s->tmp)
			rc = rename(s->tmp, s->path);
		else
			rc = name_tmpfile(s);
		e = errno;
	}
	if (close(s->fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	s->fd = -1;
	if (rc < 0 && s->tmp)
		unlink(s->tmp);
	free(s->tmp);
	free(s->path);
	s->tmp = s->path = NULL;
	errno = e;
	return rc;
}

void sink_abort(struct sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmp)
		unlink(s->tmp);
	free(s->tmp);
	free(s->path);
	s->fd = -1;
	s->tmp = s->path = NULL;
}
