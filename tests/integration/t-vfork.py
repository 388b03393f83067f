#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/vfork traced: vfork+execve and vfork+_exit children, their calls
(CLONE_VM|CLONE_VFORK whatever syscall the C library used), exits, and the
vm the _exit child still shared with its parent (kcmp taken by the child)."""

import os

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "vfork")
if tr:
    ex, qu = truth["exec_child"], truth["exit_child"]

    with tap.group("vfork: both children are processes made by the root") as g:
        for what, c in (("exec child", ex), ("_exit child", qu)):
            t = tr.task(c["pid"])
            if not g.true(t is not None, "%s (pid %d): one task with that tid" % (what, c["pid"])):
                continue
            g.eq(t["kind"], "process", what + " kind")
            g.eq(t["parent"], root["id"], what + " parent")
            g.eq(t["creator"], root["id"], what + " creator")
            call = tr.call_of(t)
            if g.true(call is not None, what + ": has its creating call"):
                f = ctlib.flags_set(call)
                g.true(call["syscall"] == "vfork" or {"CLONE_VM", "CLONE_VFORK"} <= f,
                       "%s: call is vfork or has CLONE_VM|CLONE_VFORK (got %s %s)"
                       % (what, call["syscall"], call["flags"]))
                if call["syscall"] == "vfork":
                    g.eq(f & {"CLONE_VM", "CLONE_VFORK"}, {"CLONE_VM", "CLONE_VFORK"},
                         what + ": vfork's implied flags (decode/clone.c lists them)")
                g.eq(ctlib.result_of(call), {"value": c["pid"]}, what + " call result")
                g.eq(call["exit_signal"], "SIGCHLD", what + " exit_signal")
            g.eq(ctlib.exit_of(t), c["exit"], what + " exit")
        g.eq(len(tr.tasks), 3, "number of tasks")

    with tap.group("vfork: the exec child exec'd /bin/true and got its own vm") as g:
        t = tr.task(ex["pid"])
        if g.true(t is not None, "exec child task"):
            g.eq([e.get("path") for e in t["execs"]], [ctlib.exec_path(ex["exec"])], "execs paths")
            g.eq(t["exe"], os.path.realpath(ex["exec"]), "exe")
            g.eq(t["comm"], "true", "comm")
            g.true(t["shares"].get("vm") != root["shares"].get("vm"),
                   "after execve the vm is new: %s vs root %s" % (t["shares"].get("vm"), root["shares"].get("vm")))

    with tap.group("vfork: the _exit child's sharing agrees with its kcmp against the parent") as g:
        t = tr.task(qu["pid"])
        g.eq(qu["pid_seen"], qu["pid"], "getpid in the child == vfork's return")
        if g.true(t is not None, "_exit child task"):
            g.eq(t["execs"], [], "_exit child execs")
            for k, r in sorted(qu["kcmp_parent"].items()):
                if r < 0:
                    continue
                same = t["shares"].get(k) is not None and t["shares"].get(k) == root["shares"].get(k)
                g.true(same == (r == 0), "%s: kcmp says %s, trace says %s / root %s"
                       % (k, "same" if r == 0 else "different", t["shares"].get(k), root["shares"].get(k)))
ctlib.cleanup(run)
tap.done()
