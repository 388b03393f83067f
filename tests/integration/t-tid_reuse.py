#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/tid_reuse traced: when the kernel gives a tid again, the trace has
two tasks with that tid and distinct ids, each with its own creating call,
kind, lifetime and exit."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "tid_reuse")
if tr:
    sk = ctlib.skips(truth)
    for part, r in (("process", "a process's pid"), ("thread", "a thread's tid")):
        reuse = [x for x in truth["reuses"] if x["first"]["kind"] == part]
        with tap.group("tid_reuse: %s given again to a new process" % r) as g:
            if part in sk:
                g.skip(sk[part])
                continue
            if not g.eq(len(reuse), 1, "reuses of %s in the truth" % r):
                continue
            x = reuse[0]
            ts = tr.with_tid(x["tid"])
            if not g.eq(len(ts), 2, "tasks with tid %d" % x["tid"]):
                continue
            a, b = ts
            g.true(a["id"] < b["id"], "distinct ids in order of appearance: %d, %d" % (a["id"], b["id"]))
            g.eq(a["kind"], x["first"]["kind"], "the first's kind")
            g.eq(b["kind"], x["second"]["kind"], "the second's kind")
            if x["first"]["exit"] is not None:
                g.eq(ctlib.exit_of(a), x["first"]["exit"], "the first's exit")
            g.eq(ctlib.exit_of(b), x["second"]["exit"], "the second's exit")
            g.true(a["end_ns"] is not None and a["end_ns"] <= b["start_ns"],
                   "the first ended (%s) before the second started (%s)" % (a["end_ns"], b["start_ns"]))
            for t, n in ((a, "first"), (b, "second")):
                g.eq(t["creator"], root["id"], "the %s's creator" % n)
                c = tr.call_of(t)
                if g.true(c is not None, "the %s's creating call" % n):
                    g.eq(c["result"], {"value": x["tid"]}, "the %s's call result" % n)
            cb = tr.call_of(b)
            if cb and x["method"] == "set_tid":
                g.eq(cb["syscall"], "clone3", "the second was made by clone3")
                g.eq(cb["args"].get("set_tid"), [x["tid"]], "the second call's args.set_tid")
            g.true(tr.call_of(a) is not tr.call_of(b), "two different calls")
ctlib.cleanup(run)
tap.done()
