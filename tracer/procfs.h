#ifndef CLONETRACE_TRACER_PROCFS_H
#define CLONETRACE_TRACER_PROCFS_H

/* The /proc readers of procfs.c (the rest are still declared in tracer/tracer.h). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One line of /proc/PID/maps. */
struct proc_map {
	uint64_t start, end;
	uint64_t offset;	/* of start in the file */
	char *path;		/* NULL for an anonymous mapping; "[vdso]" etc. as the kernel names it */
	bool exec;
};

/* pid's mappings in address order, a new array of *n: 0, or -1 (the process is gone). */
int proc_read_maps(pid_t pid, struct proc_map **maps, size_t *n);
void proc_maps_free(struct proc_map *maps, size_t n);

/* A /proc/TID/status field as text (its first word), into buf: 0, or -1. */
int proc_status_string(pid_t tid, const char *name, char *buf, size_t n);

/* A process and its parent, as /proc/PID/stat says. */
struct proc_ppid {
	pid_t pid, ppid;
};
/* Every process on the system with its parent, a new array of *n: 0, or -1. */
int proc_read_ppids(struct proc_ppid **out, size_t *n);

#endif
