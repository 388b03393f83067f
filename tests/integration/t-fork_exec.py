#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/fork_exec traced: the fork+exec chain and the shell pipeline, with
parents, creators, exec paths, argv, comm, exe and exit codes from the
sample's own ground truth."""

import os

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "fork_exec")
if tr:
    pid_of = {"root": truth["pid"]}
    pid_of.update({c["role"]: c["pid"] for c in truth["children"]})

    with tap.group("fork_exec: the sample saw its pipeline work") as g:
        g.eq(truth.get("pipeline"), "HELLO FROM LEFT", "what came through sh | tr | sh")
        g.eq(sorted(c["role"] for c in truth["children"]),
             ["exit42", "left", "level1", "right", "sh"], "roles in the truth")

    with tap.group("fork_exec: root exe, comm and argv") as g:
        g.eq(root.get("exe"), ctlib.sample_exe("fork_exec"), "root exe")
        g.eq(root.get("comm"), "fork_exec", "root comm")
        g.eq(root.get("argv"), run.cmd[run.cmd.index("--") + 1:], "root argv")

    with tap.group("fork_exec: each child's parent, creator, kind and call") as g:
        for c in truth["children"]:
            t = tr.task(c["pid"])
            what = "%s (pid %d)" % (c["role"], c["pid"])
            if not g.true(t is not None, what + ": one task with that tid"):
                continue
            g.eq(t["kind"], "process", what + " kind")
            g.eq(t["tgid"], c["pid"], what + " tgid")
            par = tr.task_by_id.get(t["parent"])
            g.eq(par and par["tid"], pid_of[c["parent_role"]], what + " parent's tid")
            g.eq(par and par["tid"], c["ppid"], what + " parent's tid (getppid in the child)")
            g.eq(t["creator"], t["parent"], what + " creator (== parent for a fork)")
            call = tr.call_of(t)
            if g.true(call is not None, what + ": has its creating call"):
                g.eq(ctlib.result_of(call), {"value": c["pid"]}, what + " call result")
                bad = ctlib.flags_set(call) & {"CLONE_VM", "CLONE_THREAD", "CLONE_FILES", "CLONE_SIGHAND"}
                g.true(not bad, "%s: a fork shares nothing, but flags have %s" % (what, sorted(bad)))
                g.eq(call["violates"], [], what + " call violates")

    with tap.group("fork_exec: exec paths, argv, comm and exe after each exec") as g:
        for c in truth["children"]:
            t = tr.task(c["pid"])
            if t is None:
                g.fail("no task for %s" % c["role"])
                continue
            what = c["role"]
            g.eq([e.get("path") for e in t["execs"]], [ctlib.exec_path(x) for x in c["execs"]],
                 what + " execs paths")
            for e in t["execs"]:
                g.eq(e.get("old_tid"), c["pid"], what + " execs old_tid (no thread exec)")
                g.true(isinstance(e.get("time_ns"), int), what + " execs time_ns is an integer")
            if c["execs"]:
                last = c["execs"][-1]
                g.eq(t["exe"], os.path.realpath(last), what + " exe")
                g.eq(t["comm"], os.path.basename(last)[:15], what + " comm")
                g.eq(t["execs"][-1].get("argv") if t["execs"] else None, t["argv"],
                     what + " argv == last exec's argv")
            else:
                g.eq(t["exe"], root.get("exe"), what + " exe (inherited)")
                g.eq(t["comm"], root.get("comm"), what + " comm (inherited)")
        l1 = tr.task(pid_of["level1"])
        if l1:
            g.eq(l1["argv"], ["true"], "level1 argv after its last exec")
            if len(l1["execs"]) == 2:
                g.eq((l1["execs"][0].get("argv") or [])[:4],
                     [truth["self"], run.cmd[-1], "--level", "1"], "level1 first exec argv")
        sh = tr.task(pid_of["sh"])
        if sh:
            g.eq((sh["argv"] or [None])[:2], ["sh", "-c"], "sh argv")

    with tap.group("fork_exec: exit codes") as g:
        for c in truth["children"]:
            t = tr.task(c["pid"])
            g.eq(ctlib.exit_of(t), c["exit"], "%s exit" % c["role"])
            g.true(t is not None and t["end_ns"] is not None, "%s has end_ns" % c["role"])

    with tap.group("fork_exec: tr, the pipeline's middle, is a child of sh") as g:
        sh = tr.task(pid_of["sh"])
        trs = [t for t in tr.tasks if t["execs"] and t["execs"][-1].get("path") == truth["tr_path"]]
        if g.eq(len(trs), 1, "tasks that exec'd tr"):
            t = trs[0]
            g.eq(t["parent"], sh and sh["id"], "tr parent")
            g.eq(t["creator"], sh and sh["id"], "tr creator")
            g.eq(t["argv"], [truth["tr_path"], "a-z", "A-Z"], "tr argv")
            g.eq(t["comm"], "tr", "tr comm")
            g.eq(ctlib.exit_of(t), {"code": 0}, "tr exit")
        g.eq(len(tr.tasks), 7, "number of tasks (root, exit42, level1, sh, left, tr, right)")

    with tap.group("fork_exec: separate processes share no vm, files or sighand") as g:
        for k in ("vm", "files", "sighand"):
            seen = {}
            for t in tr.tasks:
                v = t["shares"].get(k)
                g.true(v not in seen, "%s %s is also %s's" % (tr.name(t), v, seen.get(v)))
                seen[v] = tr.name(t)
ctlib.cleanup(run)
tap.done()
