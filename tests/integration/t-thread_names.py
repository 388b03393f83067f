#!/usr/bin/env python3
"""samples/thread_names traced: threads renamed after they start, by
prctl(PR_SET_NAME) (twice), by writing /proc/self/task/TID/comm, and by
another thread (pthread_setname_np); each task's `comm` is its last name
and `names` the names it had, in order (docs/trace-format.md)."""

import ctlib


def dedup(xs):
    out = []
    for x in xs:
        if not out or out[-1] != x:
            out.append(x)
    return out


ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "thread_names")
if tr:
    for th in truth["threads"]:
        with tap.group("thread_names: the %s thread's comm and names" % th["role"]) as g:
            t = tr.task(th["tid"])
            if not g.true(t is not None, "one task with tid %d" % th["tid"]):
                continue
            g.eq(t["comm"], th["comm"], "comm (its last name)")
            want = dedup(th["names"])
            got = dedup([n.get("comm") for n in t.get("names", [{"comm": t["comm"]}])])
            g.eq(got, want, "names, in order")
            for n in t.get("names", []):
                g.true(isinstance(n.get("time_ns"), int) and isinstance(n.get("via"), str),
                       "each names[] entry has time_ns and via: %s" % n)
    with tap.group("thread_names: the main thread's last name") as g:
        g.eq(root["comm"], truth["main_names"][-1], "root comm")
        got = dedup([n.get("comm") for n in root.get("names", [{"comm": root["comm"]}])])
        g.eq(got[-2:], dedup(truth["main_names"]), "root names, the last two")
ctlib.cleanup(run)
tap.done()
