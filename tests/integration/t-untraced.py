#!/usr/bin/env python3
"""samples/untraced traced: a CLONE_UNTRACED child escapes (recorded, marked
escaped, nothing after), behaves as it would untraced (its fork and execve
work), its own child is not in the trace, and a later plain fork is traced
again."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run = ctlib.record("untraced")
if ctlib.check_run(tap, run, "untraced", want_rc=0):
    tr = ctlib.check_format(tap, run, "untraced")
    truth = run.truth
    root = ctlib.check_root(tap, run, tr, "untraced")
    esc, gc, after = truth["escaped"], truth["grandchild"], truth["after"]

    with tap.group("untraced: the CLONE_UNTRACED child is recorded as escaped") as g:
        t = tr.task(esc["pid"])
        if g.true(t is not None, "one task with tid %d" % esc["pid"]):
            g.eq(t["escaped"], True, "escaped")
            g.eq(t["creator"], root["id"], "creator")
            g.eq(t["parent"], root["id"], "parent")
            g.eq(t["kind"], "process", "kind")
            g.eq(t["execs"], [], "execs (nothing seen after creation)")
            c = tr.call_of(t)
            if g.true(c is not None, "its creating call"):
                g.eq(c["syscall"], "clone", "syscall (a raw clone)")
                g.eq(sorted(c["flags"]), sorted(esc["flags"]), "flags")
                g.eq(c["result"], {"value": esc["pid"]}, "result")

    with tap.group("untraced: the escaped child's fork and execve work as untraced") as g:
        g.eq(gc.get("fork_errno"), None, "errno of the escaped child's fork")
        g.true(gc["pid"] > 0, "the escaped child made a child (fork returned %d)" % gc["pid"])
        g.eq(gc["exit"], {"code": 6}, "grandchild exit, as the escaped child saw it")
        g.eq(esc.get("exec_errno"), None, "errno of the escaped child's execve")
        g.eq(esc["exit"], {"code": 4}, "the escaped child's exit (4 from the exec'd sh), as its parent saw it")

    with tap.group("untraced: the escaped child's own child is not in the trace") as g:
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
        g.eq(len(tr.tasks), 3, "number of tasks (root, escaped, after)")
        g.eq([t["id"] for t in tr.tasks if t["escaped"]], [tr.task(esc["pid"])["id"]] if tr.task(esc["pid"]) else [],
             "only the CLONE_UNTRACED child is escaped")
ctlib.cleanup(run)
tap.done()
