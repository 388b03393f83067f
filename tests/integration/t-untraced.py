#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/untraced traced: a CLONE_UNTRACED child behaves as it would
untraced (its fork and execve work).  Without the seccomp filter it escapes:
recorded, marked escaped, nothing after, its own child not in the trace.
Under the filter an escaped child would inherit it and fail its fork and
execve with ENOSYS, so clonetrace clears CLONE_UNTRACED and follows the
child, saying so in the call and in meta.notes.  A later plain fork is
traced either way."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run = ctlib.record("untraced")
seccomp = ctlib.EXPECT_MODE == "seccomp"
if ctlib.check_run(tap, run, "untraced", want_rc=0):
    tr = ctlib.check_format(tap, run, "untraced")
    truth = run.truth
    root = ctlib.check_root(tap, run, tr, "untraced")
    esc, gc, after = truth["escaped"], truth["grandchild"], truth["after"]

    with tap.group("untraced: the CLONE_UNTRACED child and its call") as g:
        t = tr.task(esc["pid"])
        if g.true(t is not None, "one task with tid %d" % esc["pid"]):
            g.eq(t["escaped"], not seccomp, "escaped (only without the filter)")
            g.eq(t["creator"], root["id"], "creator")
            g.eq(t["parent"], root["id"], "parent")
            g.eq(t["kind"], "process", "kind")
            if seccomp:
                g.eq([e["path"] for e in t["execs"]], ["/bin/sh"], "execs (followed)")
            else:
                g.eq(t["execs"], [], "execs (nothing seen after creation)")
            c = tr.call_of(t)
            if g.true(c is not None, "its creating call"):
                g.eq(c["syscall"], "clone", "syscall (a raw clone)")
                g.eq(sorted(c["flags"]), sorted(esc["flags"]), "flags as the program gave them")
                g.true("CLONE_UNTRACED" in c["flags"], "CLONE_UNTRACED among the flags")
                g.eq(c["result"], {"value": esc["pid"]}, "result")
                g.eq(c.get("untraced_overridden", False), seccomp, "untraced_overridden")
        if seccomp:
            g.true(any("CLONE_UNTRACED" in n for n in tr.meta.get("notes", [])),
                   "meta.notes says CLONE_UNTRACED was cleared")

    with tap.group("untraced: the CLONE_UNTRACED child's fork and execve work as untraced") as g:
        g.eq(gc.get("fork_errno"), None, "errno of the child's fork")
        g.true(gc["pid"] > 0, "the child made a child (fork returned %d)" % gc["pid"])
        g.eq(gc["exit"], {"code": 6}, "grandchild exit, as the child saw it")
        g.eq(esc.get("exec_errno"), None, "errno of the child's execve")
        g.eq(esc["exit"], {"code": 4}, "the child's exit (4 from the exec'd sh), as its parent saw it")

    with tap.group("untraced: the grandchild is in the trace only when its parent was followed") as g:
        gt = tr.task(gc["pid"]) if gc["pid"] > 0 else None
        if seccomp:
            if g.true(gt is not None, "grandchild %d traced" % gc["pid"]):
                g.eq(gt["creator"], tr.task(esc["pid"])["id"], "grandchild creator")
                g.eq(ctlib.exit_of(gt), {"code": 6}, "grandchild exit")
        else:
            if gc["pid"] > 0:
                g.eq(tr.with_tid(gc["pid"]), [], "tasks with the grandchild's tid %d" % gc["pid"])
            g.eq([c["id"] for c in tr.calls if c["task"] == (tr.task(esc["pid"]) or {}).get("id")], [],
                 "calls by the escaped child")

    with tap.group("untraced: a later fork is traced") as g:
        t = tr.task(after["pid"])
        if g.true(t is not None, "one task with tid %d" % after["pid"]):
            g.eq(t["escaped"], False, "escaped")
            g.eq(t["creator"], root["id"], "creator")
            g.eq(ctlib.exit_of(t), {"code": 3}, "exit")
        g.eq(len(tr.tasks), 4 if seccomp else 3, "number of tasks")
        want = [] if seccomp else ([tr.task(esc["pid"])["id"]] if tr.task(esc["pid"]) else [])
        g.eq([t["id"] for t in tr.tasks if t["escaped"]], want, "escaped tasks")
ctlib.cleanup(run)
tap.done()
