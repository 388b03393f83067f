#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/clone_flags traced: clone with each sharing flag alone and
combined, CLONE_PARENT and CLONE_THREAD made by a grandchild (real parent is
not the caller); flags by name, results, exits, and sharing against kcmp for
every pair and kind."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "clone_flags")
if tr:
    tid_of = {"root": truth["pid"]}
    tid_of.update({t["name"]: t["tid"] for t in truth["tasks"]})
    task_of = {n: tr.task(tid) for n, tid in tid_of.items()}

    with tap.group("clone_flags: the sample saw what it asked for") as g:
        for t in truth["tasks"]:
            g.eq(t["tid_seen"], t["tid"], "%s: gettid in the child == clone's return" % t["name"])
            g.eq(t["ppid_seen"], truth["pid"], "%s: getppid in the child" % t["name"])
            g.eq(t["io_semundo_error"], 0, "%s: made its io context and undo list" % t["name"])

    with tap.group("clone_flags: kind, creator and real parent of each task") as g:
        for t in truth["tasks"]:
            what = "%s (tid %d)" % (t["name"], t["tid"])
            task = task_of[t["name"]]
            if not g.true(task is not None, what + ": one task with that tid"):
                continue
            g.eq(task["kind"], t["kind"], what + " kind")
            cr = task_of[t["creator"]]
            g.eq(task["creator"], cr and cr["id"], what + " creator (%s)" % t["creator"])
            pa = task_of[t["parent"]]
            g.eq(task["parent"], pa and pa["id"], what + " parent (%s)" % t["parent"])
            if t["kind"] == "thread":
                g.eq(task["tgid"], tid_of[t["creator"]], what + " tgid (the creator's)")
            else:
                g.eq(task["tgid"], t["tid"], what + " tgid")
        g.eq(len(tr.tasks), len(truth["tasks"]) + 1, "number of tasks")

    with tap.group("clone_flags: each clone's syscall, flags, exit signal and result") as g:
        for t in truth["tasks"]:
            what = t["name"]
            call = tr.call_of(task_of[t["name"]])
            if not g.true(call is not None, what + ": has its creating call"):
                continue
            g.eq(ctlib.result_of(call), {"value": t["tid"]}, what + " result")
            if "flags" not in t:     # "mid" is a fork(): the C library's flags
                continue
            g.eq(call["syscall"], "clone", what + " syscall (glibc clone() is the raw clone)")
            g.eq(sorted(call["flags"]), sorted(t["flags"]), what + " flags")
            g.eq(int(call["flags_value"], 16) & ~0xff, int(t["flags_value"], 16),
                 what + " flags_value without the exit-signal byte")
            if t["exit_signal"] is None:
                g.true(call["exit_signal"] in (None, 0), "%s: exit_signal null or 0, got %r"
                       % (what, call["exit_signal"]))
            else:
                g.eq(call["exit_signal"], t["exit_signal"], what + " exit_signal")
            g.eq(call["violates"], [], what + " violates")
            g.eq(call["task"], task_of[t["creator"]]["id"] if task_of[t["creator"]] else None,
                 what + " call's task")
            if "CLONE_PARENT_SETTID" in t["flags"]:
                g.eq(call["args"].get("parent_tid_value"), t["tid"], what + " args.parent_tid_value")
            g.true(call["args"].get("stack") not in (None, "0x0", "0"),
                   "%s: args.stack is the child's stack, got %r" % (what, call["args"].get("stack")))

    with tap.group("clone_flags: exits") as g:
        for t in truth["tasks"]:
            g.eq(ctlib.exit_of(task_of[t["name"]]), t["exit"], t["name"] + " exit")

    label = {tid: n for n, tid in tid_of.items()}
    if "kcmp" in ctlib.skips(truth):
        tap.skip("clone_flags: sharing agrees with kcmp", ctlib.skips(truth)["kcmp"])
    else:
        ctlib.check_kcmp(tap, tr, truth.get("kcmp"), label,
                         "clone_flags: sharing agrees with kcmp for every pair and kind")
ctlib.cleanup(run)
tap.done()
