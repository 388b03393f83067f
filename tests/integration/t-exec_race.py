#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A thread forks while the leader calls execve (samples/exec_race): the
forking thread can die between making its child and reporting the fork, so
the child's first stop comes with no creator's event ever to follow.  Each
round must end as it does untraced (exit 0, the new image's truth) with a
valid trace (every task with a real tid and tgid), never hang; a child whose
creator's event never came is a task with no creator, its parent from
/proc, and meta.notes says so.

Rounds: $CT_RACE_ROUNDS (default 60; `make stress` runs 1,000)."""

import os

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
rounds = int(os.environ.get("CT_RACE_ROUNDS", "60"))

hung, failed, orphans, problems = 0, 0, 0, []
for i in range(rounds):
    r = ctlib.record("exec_race", timeout=30)
    if r.error and "timed out" in r.error:
        hung += 1
        problems.append("round %d: %s" % (i, r.error))
        ctlib.cleanup(r)
        continue
    if r.rc != 0 or r.trace is None or r.truth is None:
        failed += 1
        problems.append("round %d: exit %s, %s" % (i, r.rc, r.error))
        ctlib.cleanup(r)
        continue
    # every task has a real tid (one read from a creator killed at its
    # event was 0 once, and clonetrace's own loader refused the trace)
    zero = [t.get("id") for t in r.trace.get("tasks", []) if not ctlib.has_pids(t)]
    if zero:
        failed += 1
        problems.append("round %d: tasks %s have no real tid or tgid" % (i, zero))
    tr = ctlib.Trace(r.trace)
    root = tr.root()
    notes = r.trace["meta"].get("notes", [])
    lost = [t for t in tr.tasks if t is not root and t.get("creator") is None]
    if lost:
        orphans += 1
        said = any("without a creator's clone event" in n for n in notes)
        for t in lost:
            ok = (t.get("parent") == root.get("id") and t.get("kind") == "process" and
                  t.get("call") is None and t.get("end_ns") is not None)
            if not ok or not said:
                failed += 1
                problems.append("round %d: orphan %s (parent %s, kind %s), note %s" %
                                (i, t.get("tid"), t.get("parent"), t.get("kind"), said))
    if root is None or root.get("tid") != r.truth["after"]["getpid"] or \
            root.get("exit") != {"code": 0} or len(root.get("execs", [])) != 2:
        failed += 1
        problems.append("round %d: root %s" % (i, ctlib.short(root)))
    ctlib.cleanup(r)

with tap.group("exec_race: %d rounds of fork against execve, none hangs" % rounds) as g:
    g.eq(hung, 0, "rounds that hung")
    for p in problems[:10]:
        g.note(p)
with tap.group("exec_race: every round ends as untraced, creatorless children from /proc") as g:
    g.eq(failed, 0, "rounds with a wrong exit status or trace")
    g.note("%d of %d rounds had a child whose creator's event never came" % (orphans, rounds))
tap.done()
