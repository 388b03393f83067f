#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/threads traced: 8 pthread workers are threads of the root, made by
it, and the recorded sharing agrees with kcmp(2) for every pair and kind."""

import ctlib

THREAD_FLAGS = {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_SYSVSEM"}

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "threads")
if tr:
    with tap.group("threads: root exe is the sample") as g:
        g.eq(root.get("exe"), ctlib.sample_exe("threads"), "root exe")

    with tap.group("threads: each worker is a thread of the root, made by it") as g:
        workers = truth["workers"]
        g.eq(len(workers), 8, "workers in the truth")
        for w in workers:
            t = tr.task(w["tid"])
            what = "worker %d (tid %d)" % (w["index"], w["tid"])
            if not g.true(t is not None, "%s: one task with that tid" % what):
                continue
            g.eq(t["kind"], "thread", what + " kind")
            g.eq(t["tgid"], w["tgid_seen"], what + " tgid")
            g.eq(t["tgid"], truth["pid"], what + " tgid (the root's pid)")
            g.eq(t["creator"], root["id"], what + " creator")
            # CLONE_THREAD: the real parent is the caller's parent (none for the root)
            g.eq(t["parent"], root["parent"], what + " parent")
            c = tr.call_of(t)
            if g.true(c is not None, what + ": has its creating call"):
                g.eq(c["task"], root["id"], what + " call made by the root")
                missing = THREAD_FLAGS - ctlib.flags_set(c)
                g.true(not missing, "%s: call flags %s lack %s" % (what, c["flags"], sorted(missing)))
                g.eq(ctlib.result_of(c), {"value": w["tid"]}, what + " call result")
                g.true(c["exit_signal"] in (None, 0), "%s: exit_signal of a thread is null or 0, got %r"
                       % (what, c["exit_signal"]))
                g.eq(c["violates"], [], what + " call violates")
            g.true(t["end_ns"] is not None, what + ": has ended (end_ns)")
        threads = [t for t in tr.tasks if t["tgid"] == truth["pid"] and t["kind"] == "thread"]
        g.eq(len(threads), 8, "number of threads in the root's thread group")
        g.eq(len(tr.tasks), 9, "number of tasks")

    label = {truth["main_tid"]: "main"}
    label.update({w["tid"]: "worker%d" % w["index"] for w in truth["workers"]})
    if "kcmp" in ctlib.skips(truth):
        tap.skip("threads: sharing agrees with kcmp", ctlib.skips(truth)["kcmp"])
    else:
        ctlib.check_kcmp(tap, tr, truth.get("kcmp"), label,
                         "threads: sharing agrees with kcmp for every pair and kind")
    with tap.group("threads: workers share vm/files/fs/sighand/sysvsem with main, not io") as g:
        for w in truth["workers"]:
            t = tr.task(w["tid"])
            if t is None:
                g.fail("no task for worker tid %d" % w["tid"])
                continue
            for k in ("vm", "files", "fs", "sighand", "sysvsem"):
                g.eq(t["shares"].get(k), root["shares"].get(k), "worker %d shares.%s" % (w["index"], k))
            g.true(t["shares"].get("io") != root["shares"].get("io"),
                   "worker %d: io differs from main's (no CLONE_IO)" % w["index"])
            g.eq(t["shares"].get("thread_group"), root["shares"].get("thread_group"),
                 "worker %d shares.thread_group" % w["index"])
ctlib.cleanup(run)
tap.done()
