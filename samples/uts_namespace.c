/* SPDX-License-Identifier: MIT */
/*
 * uts_namespace: the clone(2) manual page's example (EXAMPLES), a child in
 * a new UTS namespace that sets its own hostname.  Changes from the page:
 * the child waits on a pipe instead of sleep(200), the parent waits for
 * the child's hostname instead of sleep(1), and both write ground truth.
 *
 * Usage: uts_namespace [TRUTH [CHILD-HOSTNAME]]   (truth convention:
 * samples/sample.h; the hostname defaults to "ct-uts-child")
 *
 * Truth: "child" {"pid" (clone's return), "pid_seen", "hostname" (uname
 * in the child after sethostname), "uts_ns" (inode of /proc/self/ns/uts in
 * the child), "ns" (all of the child's namespaces), "exit"},
 * "parent" {"hostname", "uts_ns"}, "flags", "flags_value".  Without
 * CAP_SYS_ADMIN the clone fails with EPERM: "skips"."newuts" says so.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <err.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "samples/sample.h"

static int rep_w, go_r;

static int /* Start function for cloned child */
childFunc(void *arg)
{
	struct utsname uts;
	char c;

	/* Change hostname in UTS namespace of child. */

	if (sethostname(arg, strlen(arg)) == -1)
		err(EXIT_FAILURE, "sethostname");

	/* Retrieve and display hostname. */

	if (uname(&uts) == -1)
		err(EXIT_FAILURE, "uname");
	printf("uts.nodename in child:  %s\n", uts.nodename);
	fflush(stdout);

	json_t *o = json_pack("{s:i,s:s,s:I,s:o}", "pid_seen", getpid(), "hostname", uts.nodename,
			      "uts_ns", (json_int_t)ns_inode(0, "uts"), "ns", ns_json_new(0));
	char *s = json_dumps(o, JSON_COMPACT);
	report(rep_w, "%s", s);
	free(s);
	json_decref(o);

	/* Keep the namespace open until the parent has looked (was: sleep(200)). */

	if (read(go_r, &c, 1) < 0)
		return 1;

	return 0; /* Child terminates now */
}

#define STACK_SIZE (1024 * 1024) /* Stack size for cloned child */

int
main(int argc, char *argv[])
{
	char *stack; /* Start of stack buffer */
	char *stackTop; /* End of stack buffer */
	pid_t pid;
	struct utsname uts;
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	char *hostname = argc > 2 ? argv[2] : "ct-uts-child";
	json_t *t = truth_new("uts_namespace");
	int rep[2], go[2];

	if (pipe2(rep, O_CLOEXEC) == -1 || pipe2(go, O_CLOEXEC) == -1)
		err(EXIT_FAILURE, "pipe2");
	rep_w = rep[1];
	go_r = go[0];

	/* Allocate memory to be used for the stack of the child. */

	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		err(EXIT_FAILURE, "mmap");

	stackTop = stack + STACK_SIZE; /* Assume stack grows downward */

	/* Create child that has its own UTS namespace;
	   child commences execution in childFunc(). */

	json_object_set_new(t, "flags", flags_names_new(CLONE_NEWUTS));
	json_object_set_new(t, "flags_value", hex_new(CLONE_NEWUTS));
	fflush(stdout);
	pid = clone(childFunc, stackTop, CLONE_NEWUTS | SIGCHLD, hostname);
	if (pid == -1) {
		truth_skip(t, "newuts", "clone(CLONE_NEWUTS): %s", strerror(errno));
		json_object_set_new(t, "result", json_pack("{s:s}", "errno", strerrorname_np(errno)));
		truth_save(t, truth_path);
		return 0;
	}
	printf("clone() returned %jd\n", (intmax_t) pid);

	/* Parent falls through to here */

	/* Wait for the child's hostname (was: sleep(1)). */

	close(rep[1]);
	char line[4096];
	ssize_t n = read(rep[0], line, sizeof line - 1);
	json_t *child = NULL;
	if (n > 0) {
		line[n] = 0;
		child = json_loads(line, 0, NULL);
	}
	if (!child)
		child = json_object();

	/* Display hostname in parent's UTS namespace. This will be
	   different from hostname in child's UTS namespace. */

	if (uname(&uts) == -1)
		err(EXIT_FAILURE, "uname");
	printf("uts.nodename in parent: %s\n", uts.nodename);
	json_object_set_new(t, "parent", json_pack("{s:s,s:I}", "hostname", uts.nodename,
						   "uts_ns", (json_int_t)ns_inode(0, "uts")));

	if (write(go[1], "g", 1) != 1)
		err(EXIT_FAILURE, "write");
	int st;
	if (waitpid(pid, &st, 0) == -1) /* Wait for child */
		err(EXIT_FAILURE, "waitpid");
	printf("child has terminated\n");

	json_object_set_new(child, "pid", json_integer(pid));
	json_object_set_new(child, "exit", status_json_new(st));
	json_object_set_new(t, "child", child);
	json_object_set_new(t, "result", json_pack("{s:i}", "value", pid));
	exit(truth_save(t, truth_path) ? EXIT_FAILURE : EXIT_SUCCESS);
}
