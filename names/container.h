/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_CONTAINER_H
#define CLONETRACE_NAMES_CONTAINER_H

/*
 * A task's cgroups and the containers they name (container.c), pure: the
 * lines of /proc/PID/cgroup, the names container runtimes give the
 * cgroups they make (docker-ID.scope, crio-ID.scope, libpod-ID.scope,
 * cri-containerd-ID.scope, runc-ID.scope, /docker/ID, lxc.payload.NAME,
 * Kubernetes' kubepods...podUID), and the container id a runtime's command
 * line names (runc run ID, crun exec ID ...).
 */

#include <stdbool.h>

/* One line of /proc/PID/cgroup, "ID:CONTROLLERS:PATH". */
struct cgroup_line {
	int hierarchy;			/* 0: the unified hierarchy, cgroup v2 */
	const char *controllers;	/* "memory", "cpu,cpuacct", "name=systemd"; "" for v2 */
	const char *path;		/* "/system.slice/docker-ID.scope" */
};

/*
 * The lines of text (a copy of /proc/PID/cgroup, cut in place) into v, up
 * to max: how many.  A line that is not "ID:CONTROLLERS:PATH" is left out.
 */
int cgroup_lines(char *text, struct cgroup_line *v, int max);

/* What names a container: a cgroup path, or a runtime's command line. */
struct container_name {
	char runtime[24];		/* "docker", "podman", "cri-o", "containerd", "runc", "crun", "lxc", "kubernetes" */
	char id[256];			/* the container's id (or LXC's name) */
	char pod[40];			/* a Kubernetes pod's UID; "": none */
};

/*
 * The container a cgroup path names: its innermost component a runtime
 * names (a docker in an LXC container is docker's), with the Kubernetes
 * pod above it.  false when the path names none.
 */
bool container_of_cgroup(const char *path, struct container_name *c);

/*
 * The container a runtime's command line puts processes in: runc's or
 * crun's (argv[0]'s base name) run, create, exec or restore, and its
 * container id, the first word after the command that is not an option.
 * false for anything else.
 */
bool container_of_argv(const char *const *argv, int argc, struct container_name *c);

#endif
