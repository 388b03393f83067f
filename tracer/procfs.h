/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_PROCFS_H
#define CLONETRACE_TRACER_PROCFS_H

/* Everything clonetrace reads from /proc (procfs.c). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "base/check.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

/*
 * The inode of each /proc/TID/ns/ link, and the kernel's id of its namespace
 * (0 where the kernel gives none); a kind the kernel lacks stays 0.  0, or -1.
 */
int procfs_read_ns(pid_t tid, uint64_t ns[NS_COUNT], uint64_t kid[NS_COUNT]) CT_MUST_CHECK;
/* NSpid of /proc/TID/status, outermost first: how many (at most max), or -1. */
int procfs_read_nspid(pid_t tid, int *nspid, int max) CT_MUST_CHECK;
/* /proc/TID/cgroup's text into buf[n]: its length, or -1 (unreadable, or longer than n - 1). */
int procfs_read_cgroup(pid_t tid, char *buf, size_t n) CT_MUST_CHECK;
/* /proc/TID/comm: 0, or -1. */
int procfs_read_comm(pid_t tid, char comm[16]) CT_MUST_CHECK;
/* Where /proc/TID/exe and /proc/TID/fd/FD point, as new strings; NULL if unreadable. */
char *procfs_read_exe(pid_t tid) CT_MUST_CHECK;
char *procfs_fd_path(pid_t tid, int fd) CT_MUST_CHECK;
/*
 * The namespace kind (an index of ct_ns[]) an fd of tid refers to, and its
 * inode; -2 for a pidfd, -1 if neither.
 */
int procfs_ns_kind_of_fd(pid_t tid, int fd, uint64_t *inode) CT_MUST_CHECK;
/* argv from /proc/PID/cmdline, as a new JSON array; NULL if unreadable. */
json_t *procfs_read_cmdline(pid_t pid);
/* Reads what an exec event will (exe; with names comm, cmdline) ahead of it: first reads cost most. */
void procfs_warm_exec(pid_t pid, bool names);
/* A field of /proc/TID/status as a number ("PPid", "Tgid"); -1 if absent. */
long procfs_status_field(pid_t tid, const char *name);
/* /proc/TID/syscall of a stopped task in a syscall: its number and arguments; 0, or -1. */
int procfs_read_syscall(pid_t tid, long *nr, uint64_t args[6]) CT_MUST_CHECK;

/* One line of /proc/PID/maps. */
struct proc_map {
	uint64_t start, end;
	uint64_t offset;	/* of start in the file */
	char *path;		/* NULL for an anonymous mapping; "[vdso]" etc. as the kernel names it */
	bool exec;
};

/* pid's mappings in address order, a new array of *n: 0, or -1 (the process is gone). */
int procfs_read_maps(pid_t pid, struct proc_map **maps, size_t *n) CT_MUST_CHECK;
void procfs_maps_free(struct proc_map *maps, size_t n);

/* A /proc/TID/status field as text (its first word), into buf: 0, or -1. */
int procfs_status_string(pid_t tid, const char *name, char *buf, size_t n) CT_MUST_CHECK;

/* A process and its parent, as /proc/PID/stat says. */
struct proc_ppid {
	pid_t pid, ppid;
};
/* Every process on the system with its parent, a new array of *n: 0, or -1. */
int procfs_read_ppids(struct proc_ppid **out, size_t *n) CT_MUST_CHECK;

#endif
