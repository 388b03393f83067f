/* SPDX-License-Identifier: MIT */
/* Everything clonetrace reads from /proc, kept in one place so its cost is visible. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "format/json.h"
#include "names/compat.h"
#include "names/ns.h"
#include "tracer/procfs.h"

/*
 * The kernel's id of the namespace fd refers to: NS_GET_ID (every kind,
 * Linux 6.18), else for a mount namespace NS_GET_MNTNS_ID (6.8); 0 when
 * the kernel has neither.  CLONETRACE_TEST_NO_NS_ID set in the environment
 * makes it answer 0 as an older kernel would: the tests run the lifetime
 * rule (model/nsinst.h) on a kernel that has the ids.
 */
static uint64_t ns_kernel_id(int fd, enum ns_kind k)
{
	static int no_ids = -1;
	uint64_t id = 0;

	if (no_ids < 0)
		no_ids = getenv("CLONETRACE_TEST_NO_NS_ID") != NULL;
	if (no_ids)
		return 0;

	if (ioctl(fd, CT_NS_GET_ID, &id) == 0)
		return id;
	if (k == NS_MNT && ioctl(fd, CT_NS_GET_MNTNS_ID, &id) == 0)
		return id;
	return 0;
}

/*
 * The inode and kernel id of each /proc/TID/ns/ link; a kind the kernel
 * lacks stays 0.  An open, fstat and ioctl cost about what the stat of the
 * link alone did (some 30 us a kind here, the path's walk).
 */
int procfs_read_ns(pid_t tid, uint64_t ns[NS_COUNT], uint64_t kid[NS_COUNT])
{
	char path[64];
	struct stat st;
	int n = 0;

	for (int k = 0; k < NS_COUNT; k++) {
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)tid, ct_ns[k].name);
		ns[k] = kid[k] = 0;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0) {
			ns[k] = st.st_ino;
			kid[k] = ns_kernel_id(fd, k);
			n++;
		}
		close(fd);
	}
	return n ? 0 : -1;
}

static ssize_t read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	return r;
}

/* NSpid of /proc/TID/status, outermost first. */
int procfs_read_nspid(pid_t tid, int *nspid, int max)
{
	char path[64], buf[4096], *p, *end;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\nNSpid:");
	if (!p)
		return -1;
	p += 7;
	while (n < max) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		nspid[n++] = (int)v;
		p = end;
	}
	return n;
}

int procfs_read_cgroup(pid_t tid, char *buf, size_t n)
{
	char path[64];
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)tid);
	r = read_small(path, buf, n);
	/* a full buffer may be a cut one: not read, rather than half */
	return r <= 0 || (size_t)r >= n - 1 ? -1 : (int)r;
}

int procfs_read_comm(pid_t tid, char comm[16])
{
	char path[64], buf[64];
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	r = read_small(path, buf, sizeof(buf));
	if (r <= 0)
		return -1;
	if (buf[r - 1] == '\n')
		buf[r - 1] = '\0';
	snprintf(comm, 16, "%.15s", buf);
	return 0;
}

static char *read_link(const char *path)
{
	char buf[PATH_MAX];
	ssize_t r = readlink(path, buf, sizeof(buf) - 1);

	if (r < 0)
		return NULL;
	buf[r] = '\0';
	return xstrdup(buf);
}

char *procfs_read_exe(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	return read_link(path);
}

char *procfs_fd_path(pid_t tid, int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tid, fd);
	return read_link(path);
}

/*
 * The namespace kind an fd refers to: its link reads "net:[4026531840]".
 * A pidfd reads "anon_inode:[pidfd]" and gives -2.  -1 if unknown.
 */
int procfs_ns_kind_of_fd(pid_t tid, int fd, uint64_t *inode)
{
	char *l = procfs_fd_path(tid, fd), *b;
	int k = -1;

	if (inode)
		*inode = 0;
	if (!l)
		return -1;
	if (strstr(l, "pidfd"))
		k = -2;
	for (int i = 0; i < NS_COUNT && k == -1; i++) {
		size_t n = strlen(ct_ns[i].name);

		if (strncmp(l, ct_ns[i].name, n) == 0 && l[n] == ':')
			k = i;
	}
	/* a namespace fd's link reads "uts:[4026531838]" */
	if (k >= 0 && inode && (b = strchr(l, '[')))
		*inode = strtoull(b + 1, NULL, 10);
	free(l);
	return k;
}

/*
 * The first reads of a new process's files cost the kernel several times
 * what the next ones do (tens of microseconds here): read them once, for
 * nothing, while it runs towards its execve, so that its exec event, at
 * which the program waits, reads them at the cost of the next ones.  The
 * exe link alone, or with names its comm and cmdline too.
 */
void procfs_warm_exec(pid_t pid, bool names)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	if (readlink(path, buf, sizeof(buf)) < 0)
		return;
	if (!names)
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	read_small(path, buf, sizeof(buf));
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	read_small(path, buf, sizeof(buf));
}

/* argv from /proc/PID/cmdline, as a new JSON array; NULL if unreadable. */
json_t *procfs_read_cmdline(pid_t pid)
{
	char path[64], buf[65536];
	json_t *argv;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	argv = json_array();
	for (char *p = buf; p < buf + n; p += strlen(p) + 1)
		json_array_append_new(argv, json_bytes_new(p));
	return argv;
}

/* A field of /proc/TID/status as text (its first word), into out: 0, or -1. */
int procfs_status_string(pid_t tid, const char *name, char *out, size_t n)
{
	char path[64], buf[4096], key[64], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (n == 0 || read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(buf, key);
	if (!p)
		return -1;
	p += strlen(key);
	p += strspn(p, " \t");
	snprintf(out, n, "%.*s", (int)strcspn(p, " \t\n"), p);
	return 0;
}

int procfs_read_ppids(struct proc_ppid **out, size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t k = 0, cap = 256;
	struct proc_ppid *v;

	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	v = xreallocarray(NULL, cap, sizeof(*v));
	while ((e = readdir(d))) {
		char path[300], buf[1024], *p;
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		/* "PID (comm) S PPID ...": comm may hold spaces and parentheses */
		if (read_small(path, buf, sizeof(buf)) < 0 || !(p = strrchr(buf, ')')))
			continue;
		if (k == cap) {
			cap *= 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[k].pid = pid;
		v[k].ppid = (pid_t)strtol(p + 4, NULL, 10);
		k++;
	}
	closedir(d);
	*out = v;
	*n = k;
	return 0;
}

/* A field of /proc/TID/status as a number ("PPid", "Tgid"); -1 if absent. */
long procfs_status_field(pid_t tid, const char *name)
{
	char path[64], buf[4096], key[64], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	snprintf(key, sizeof(key), "\n%s:", name);
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/*
 * /proc/TID/syscall of a stopped task: the kernel's own syscall_get_nr()
 * and syscall_get_arguments(), "NR ARG0 .. ARG5 SP PC".  They read what
 * the register set may lack at a clone event stop: riscv64's orig_a0 (a0
 * is -ENOSYS by then), s390x's int_code (the number).  0, or -1 when
 * unreadable or the task is not in a syscall ("-1 SP PC", "running").
 */
int procfs_read_syscall(pid_t tid, long *nr, uint64_t args[6])
{
	char path[64], buf[512], *p, *end;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)tid);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	n = strtol(buf, &end, 10);
	if (end == buf || n < 0)
		return -1;
	p = end;
	for (int i = 0; i < 6; i++) {
		args[i] = strtoull(p, &end, 16);
		if (end == p)
			return -1;
		p = end;
	}
	*nr = n;
	return 0;
}

void procfs_maps_free(struct proc_map *maps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(maps[i].path);
	free(maps);
}

int procfs_read_maps(pid_t pid, struct proc_map **maps, size_t *n)
{
	char path[64], line[4096];
	struct proc_map *v = NULL;
	size_t k = 0;
	FILE *f;

	*maps = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, off;
		char perms[8] = "";
		int pos = 0;
		char *file, *nl;

		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &lo, &hi, perms, &off, &pos) < 4 || !pos)
			continue;
		file = line + pos;
		nl = strchr(file, '\n');
		if (nl)
			*nl = '\0';
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = (struct proc_map){ .start = lo, .end = hi, .offset = off,
					    .path = *file ? xstrdup(file) : NULL, .exec = perms[2] == 'x' };
	}
	fclose(f);
	*maps = v;
	*n = k;
	return 0;
}
