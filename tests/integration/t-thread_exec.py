#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/thread_exec traced: a non-leader thread calls execve.  It takes
over the leader's tid (old_tid in its execs), the leader ends with
{"exec": true}, the other thread ends, and the new image's exit status (5)
passes through."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, _ = ctlib.record_checked(tap, "thread_exec", want_rc=5, root=False)
if tr:
    leader, old, idle = truth["leader_pid"], truth["old_tid"], truth["idle_tid"]
    root = tr.root()

    with tap.group("thread_exec: the new image has the leader's pid and tid") as g:
        g.eq(truth["after"]["getpid"], leader, "getpid after the exec")
        g.eq(truth["after"]["gettid"], leader, "gettid after the exec")
        g.true(old != leader, "the exec'ing thread was not the leader (%d vs %d)" % (old, leader))

    with tap.group("thread_exec: the leader task") as g:
        g.eq(root["tid"], leader, "root tid")
        g.eq(root["tgid"], leader, "root tgid")
        g.eq(root["kind"], "process", "root kind")
        g.eq(ctlib.exit_of(root), {"exec": True}, "root exit (replaced by a thread's execve)")
        g.true(root["end_ns"] is not None, "root has end_ns")
        g.eq(tr.meta.get("argv"), run.cmd[run.cmd.index("--") + 1:], "meta.argv")

    with tap.group("thread_exec: the exec'ing thread took over the leader's tid") as g:
        ex = [t for t in tr.tasks if any(e.get("old_tid") == old for e in t["execs"])]
        if g.eq(len(ex), 1, "tasks with an exec whose old_tid is %d" % old):
            t = ex[0]
            g.true(t["id"] != root["id"], "it is not the leader's task")
            g.eq(t["tid"], leader, "its tid now (the leader's)")
            g.eq(t["tgid"], leader, "its tgid")
            g.eq(t["kind"], "process", "its kind (the thread group leader now, like its tid)")
            g.eq(t["creator"], root["id"], "its creator")
            g.eq(t["parent"], root["parent"], "its real parent (the leader's parent)")
            call = tr.call_of(t)
            if g.true(call is not None, "it has its creating call"):
                g.true("CLONE_THREAD" in ctlib.flags_set(call), "made with CLONE_THREAD: %s" % call["flags"])
                g.eq(ctlib.result_of(call), {"value": old}, "the call returned its old tid")
            e = t["execs"][-1]
            g.eq(e.get("path"), truth["exec_path"], "exec path")
            g.eq((e.get("argv") or [])[2:], ["--after-exec", str(old), str(leader), str(idle)], "exec argv[2:]")
            g.eq(t["exe"], truth["exec_path"], "exe")
            g.eq(ctlib.exit_of(t), {"code": 5}, "exit of the new image")
            g.eq(sorted(x["id"] for x in tr.with_tid(leader)), sorted([root["id"], t["id"]]),
                 "tasks with tid %d: the leader and the thread, with distinct ids" % leader)
            g.true(e.get("time_ns", 0) <= (t["end_ns"] or 0), "exec time before end")

    with tap.group("thread_exec: the idle thread was ended by the exec") as g:
        t = tr.task(idle)
        if g.true(t is not None, "one task with tid %d" % idle):
            g.eq(t["kind"], "thread", "kind")
            g.eq(t["tgid"], leader, "tgid")
            g.eq(t["creator"], root["id"], "creator")
            g.true(t["end_ns"] is not None, "has end_ns")
            g.eq(t["execs"], [], "execs")
        g.eq(len(tr.tasks), 3, "number of tasks (leader, idle, exec'ing thread)")
ctlib.cleanup(run)
tap.done()
