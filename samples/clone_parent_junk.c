/* SPDX-License-Identifier: MIT */
/*
 * clone_parent_junk: clone(CLONE_PARENT|SIGCHLD) with whatever happens to
 * be in the other argument registers, as runc's nsexec makes it (its
 * "tls" register holds 0x1): the kernel ignores tls, parent_tid and
 * child_tid without CLONE_SETTLS, CLONE_PARENT_SETTID and
 * CLONE_CHILD_SETTID/CLEARTID.
 *
 * Usage: clone_parent_junk [TRUTH]   (truth convention: samples/sample.h)
 *
 * "middle" (forked) makes the raw clone with parent_tid 0xdead0000,
 * child_tid 0xbeef0000 and tls 0x1; the new "sibling" is a child of the
 * sample (CLONE_PARENT), which reaps it.
 *
 * Truth: "middle", "sibling" (tids), "flags" (names), "result".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <sched.h>

#include "samples/sample.h"

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("clone_parent_junk");
	int fds[2], st;

	if (pipe(fds) < 0)
		return 2;
	pid_t m = fork();
	if (m == 0) {
		long r = ct_raw_clone(CLONE_PARENT | SIGCHLD, 0, (void *)0xdead0000UL,
				      (void *)0xbeef0000UL, 0x1);
		if (r == 0)
			_exit(0);	/* the sibling: touches nothing */
		pid_t v = r < 0 ? -errno : (pid_t)r;
		if (write(fds[1], &v, sizeof v) != sizeof v)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	pid_t sib = 0;
	if (read(fds[0], &sib, sizeof sib) != sizeof sib)
		sib = 0;
	waitpid(m, &st, 0);
	if (sib > 0)
		waitpid(sib, &st, 0);	/* ours: CLONE_PARENT */
	json_object_set_new(t, "middle", json_integer(m));
	json_object_set_new(t, "sibling", json_integer(sib));
	json_object_set_new(t, "flags", flags_names_new(CLONE_PARENT));
	json_object_set_new(t, "result", sib > 0 ? json_pack("{s:i}", "value", sib)
						 : json_pack("{s:s}", "errno", strerrorname_np(-sib)));
	return truth_save(t, truth_path) ? 1 : 0;
}
