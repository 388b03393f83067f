/* SPDX-License-Identifier: MIT */
/*
 * A task's execve calls as the trace keeps them (tasks[].execs and
 * exec_failures): the path and argv the call was given, execveat's dirfd
 * and what it named, and, at the exec event, the program /proc shows, the
 * name execve gives and a new memory, files and signal handlers (model/).
 */
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "decode/decode.h"
#include "format/json.h"
#include "format/record.h"
#include "model/model.h"
#include "names/compat.h"
#include "tracer/execs.h"
#include "tracer/procfs.h"
#include "tracer/stack.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/watch.h"

static json_t *exec_argv_new(const struct ct_call *x)
{
	json_t *argv = json_array();

	for (int i = 0; i < x->argc && x->argv[i]; i++)
		json_array_append_new(argv, json_bytes_new(x->argv[i]));
	return argv;
}

/*
 * At the execveat's entry, while its fds are still there (a close-on-exec
 * one is gone after it): what its dirfd names (fexecve's program, or the
 * directory a relative path starts from).
 */
void execs_entry(struct task *t)
{
	const struct ct_call *x = t->pending_exec;

	if (x && x->sysc == CT_SYS_EXECVEAT && x->dirfd != CT_AT_FDCWD)
		t->pending_exec_fd = procfs_fd_path(t->tid, x->dirfd);
}

/*
 * An exec record of now: path copied, argv a new reference (or NULL), and
 * execveat's dirfd, flags and what the fd named.
 */
static struct exec_record exec_entry(struct tracer *tr, const struct task *t,
				     const struct ct_call *x, const char *path, json_t *argv)
{
	struct exec_record e = { .time_ns = now_ns(tr), .path = path ? xstrdup(path) : NULL,
				 .argv = argv, .argv_truncated = x && x->argv_truncated };

	if (x && x->sysc == CT_SYS_EXECVEAT) {
		e.at = true;
		e.dirfd = x->dirfd;
		e.at_flags = (uint32_t)x->at_flags;
		e.fd_path = t->pending_exec_fd ? xstrdup(t->pending_exec_fd) : NULL;
	}
	return e;
}

/*
 * /proc/TID/exe of a program on a bind mount since detached (runc 1.1's
 * and crun's copy of themselves) reads "/": name it by the candidate that
 * is the same file (device and inode): what the fd named, or the exe the
 * task had before.  NULL when none is.
 */
static char *exe_by_inode(pid_t tid, const char *const *cand, int n)
{
	char path[64];
	struct stat st, c;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	for (int i = 0; i < n; i++)
		if (cand[i] && cand[i][0] == '/' && cand[i][1] && stat(cand[i], &c) == 0 &&
		    c.st_dev == st.st_dev && c.st_ino == st.st_ino)
			return xstrdup(cand[i]);
	return NULL;
}

/* The execve seen at t's seccomp or entry stop failed with err. */
void execs_failed(struct tracer *tr, struct task *t, int err)
{
	struct ct_call *x = t->pending_exec;
	struct exec_record e;

	if (!x)
		return;
	e = exec_entry(tr, t, x, x->path, x->argv ? exec_argv_new(x) : NULL);
	e.err = err;
	exec_record_add(&t->exec_failures, &t->n_exec_failures, e);
	task_pending_exec_drop(t);
}

/*
 * The name execve gives: the last part of the path it was called with
 * (the kernel's kbasename(bprm->filename)), 15 bytes of it.  execveat
 * names otherwise when given an fd alone: /proc tells then.
 */
static int exec_comm(const struct ct_call *x, char comm[16])
{
	const char *base;

	if (!x || x->sysc != CT_SYS_EXECVE || !x->path || !x->path[0])
		return -1;
	base = strrchr(x->path, '/');
	snprintf(comm, 16, "%s", base ? base + 1 : x->path);
	return comm[0] ? 0 : -1;
}

void execs_event(struct tracer *tr, struct task *t, pid_t old_tid)
{
	struct ct_call *x = t->pending_exec;
	struct exec_record e;
	json_t *argv = NULL;
	char comm[16];

	char *old_exe = t->exe, *exe = procfs_read_exe(t->tid);

	if (exe && !strcmp(exe, "/")) {
		const char *cand[] = { t->pending_exec_fd, old_exe };

		free(exe);
		exe = exe_by_inode(t->tid, cand, 2);
	}
	t->exe = task_exe_new(exe);
	free(exe);
	task_exe_unref(old_exe);
	if (exec_comm(x, comm) == 0 || procfs_read_comm(t->tid, comm) == 0)
		watch_rename(tr, t, comm, "execve");
	if (x && x->argv) {
		argv = exec_argv_new(x);
	} else if (!x) {
		/* attached: the execve was not seen, but its result is in /proc */
		argv = procfs_read_cmdline(t->tid);
	}
	e = exec_entry(tr, t, x, x && x->path ? x->path : t->exe, json_incref(argv));
	e.old_tid = old_tid;
	exec_record_add(&t->execs, &t->n_execs, e);
	json_decref(t->argv);
	t->argv = argv;
	task_pending_exec_drop(t);
	stacks_forget(tr->stacks, t->tgid);
	/* execve: a new mm; files and signal handlers no longer shared */
	model_execve(&tr->model, t->id, t->res);
	t->thread = false;
}
