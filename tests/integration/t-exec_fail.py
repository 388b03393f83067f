#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/exec_fail traced: a child's execve calls that fail are in its
exec_failures, with the errno the child itself saw, in order and with their
path and argv; the execve that works is in its execs only; the root, whose
only execve is the launch, has no exec_failures."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "exec_fail")
if tr:

    with tap.group("exec_fail: the failed execve calls, with the errno the program saw") as g:
        t = tr.task(truth["child"])
        if g.true(t is not None, "the child (pid %d) is a task" % truth["child"]):
            got = t.get("exec_failures") or []
            g.eq([(f.get("path"), f.get("errno")) for f in got],
                 [(f["path"], f["errno"]) for f in truth["failures"]], "exec_failures (path, errno)")
            for f in got:
                g.eq(f.get("argv"), ["nosuch"], "argv of the failed execve of %s" % f.get("path"))
                g.true(isinstance(f.get("time_ns"), int), "time_ns of %s" % f.get("path"))
            times = [f.get("time_ns") for f in got] + [e.get("time_ns") for e in t["execs"]]
            g.true(times == sorted(times), "failures come before the execve that works: %s" % times)

    with tap.group("exec_fail: the execve that works is the child's only exec") as g:
        t = tr.task(truth["child"])
        if g.true(t is not None, "child task"):
            g.eq([e.get("path") for e in t["execs"]], [truth["self"]], "execs paths")
            g.eq(ctlib.exit_of(t), truth["exit"], "child exit")
        if root:
            g.true("exec_failures" not in root, "the root has no exec_failures (got %s)"
                   % root.get("exec_failures"))
ctlib.cleanup(run)
tap.done()
