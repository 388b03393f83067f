#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/many_tasks traced: 556 tasks made quickly from several threads at
once and in a burst, so a new child's first stop often comes before its
creator's PTRACE_EVENT_CLONE/FORK.  Every task must be in the trace, linked to
the task that made it and to its real parent, with its kind and exit."""

import collections

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "many_tasks", timeout=300)
if tr:
    recs = truth["records"]

    def find(rec):
        """The task with the record's tid made by a task with its creator's tid."""
        c = [t for t in tr.with_tid(rec["tid"])
             if tr.tid_of(t["creator"]) == rec["creator_tid"]]
        return c[0] if len(c) == 1 else None

    with tap.group("many_tasks: every task the sample made is in the trace") as g:
        g.eq(len(recs), truth["expected_records"], "records in the truth")
        g.eq(len(tr.tasks), len(recs) + 1, "number of tasks")
        missing = [r for r in recs if find(r) is None]
        g.true(not missing, "%d records without exactly one task of that tid and creator, e.g. %s"
               % (len(missing), ctlib.short(missing[:3])))
        dup = [tid for tid, n in collections.Counter(t["tid"] for t in tr.tasks).items() if n > 1]
        if dup:
            g.note("tids reused during the run: %s" % dup[:10])

    by_role = collections.defaultdict(list)
    for r in recs:
        by_role[r["role"]].append(r)
    for role, rs in sorted(by_role.items()):
        with tap.group("many_tasks: %d %s tasks: kind, creator, parent, call, exit" % (len(rs), role)) as g:
            bad = collections.Counter()
            first = {}
            for r in rs:
                t = find(r)
                if t is None:
                    bad["no task"] += 1
                    continue

                def check(ok, key, detail):
                    g.checked += 1
                    if not ok:
                        bad[key] += 1
                        first.setdefault(key, "tid %d: %s" % (r["tid"], detail))

                creator = tr.task_by_id.get(t["creator"])
                check(t["kind"] == r["kind"], "kind", "kind %s, expected %s" % (t["kind"], r["kind"]))
                check(t["tgid"] == r["tgid_seen"], "tgid", "tgid %s, getpid saw %s" % (t["tgid"], r["tgid_seen"]))
                if r["kind"] == "process":
                    # a fork from a thread: the real parent is that thread
                    check(t["parent"] == t["creator"], "parent",
                          "parent %s, creator %s" % (t["parent"], t["creator"]))
                    par = tr.task_by_id.get(t["parent"])
                    check(par is not None and par["tgid"] == r["ppid_seen"], "ppid",
                          "parent's tgid %s, getppid saw %s" % (par and par["tgid"], r["ppid_seen"]))
                    if "exit" in r:
                        check(t["exit"] == r["exit"], "exit", "exit %s, expected %s" % (t["exit"], r["exit"]))
                else:
                    # CLONE_THREAD: the real parent is the creator's
                    check(creator is not None and t["parent"] == creator["parent"], "parent",
                          "parent %s, creator's parent %s" % (t["parent"], creator and creator["parent"]))
                c = tr.call_of(t)
                check(c is not None and c["result"] == {"value": r["tid"]}, "call",
                      "call %s result %s" % (c and c["id"], c and c["result"]))
                check(t["end_ns"] is not None and t["end_ns"] >= t["start_ns"], "end_ns",
                      "start_ns %s end_ns %s" % (t["start_ns"], t["end_ns"]))
            for k, n in sorted(bad.items()):
                g.fail("%d of %d %s tasks: wrong %s; first: %s" % (n, len(rs), role, k, first.get(k, "")))
ctlib.cleanup(run)
tap.done()
