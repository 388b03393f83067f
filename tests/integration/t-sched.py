#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The traced program keeps its own scheduling: its policy and nice value,
its threads' and its children's are those of the same program untraced,
however clonetrace's own tracing thread runs.  As root, that thread runs at
SCHED_FIFO 1 while it follows a few tasks that stop often, and at normal
priority while they stop rarely (seen by the program, through TracerPid);
started niced or under chrt, clonetrace keeps what it was given."""

import json
import os
import subprocess
import sys

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()

RESET_ON_FORK = 0x40000000

# What the program sees of itself, a thread, a forked child, and its tracer.
PROG = r"""
import json, os, threading, time
def me():
    p = os.sched_getscheduler(0)
    return {"policy": p, "prio": os.sched_getparam(0).sched_priority, "nice": os.nice(0)}
def tracer_sched():
    for line in open("/proc/self/status"):
        if line.startswith("TracerPid:") and int(line.split()[1]):
            pid = int(line.split()[1])
            return {"policy": os.sched_getscheduler(pid), "prio": os.sched_getparam(pid).sched_priority}
seen = {"main": me()}
def th():
    seen["thread"] = me()
# rare stops: 100 ms without any, then a thread's
time.sleep(0.1)
t = threading.Thread(target=th)
t.start()
t.join()
if tracer_sched():
    seen["tracer_rare"] = tracer_sched()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.write(w, json.dumps(me()).encode())
    os._exit(0)
os.close(w)
seen["child"] = json.loads(os.read(r, 4096))
os.waitpid(pid, 0)
# stops often: threads started one after another for 200 ms, and on for
# up to a second while the tracer is not (yet) seen at real-time priority:
# on a loaded machine they may start too slowly at first
first = tracer_sched()
end, last = time.monotonic() + 0.2, time.monotonic() + 1.0
while first and time.monotonic() < last:
    t = threading.Thread(target=len, args=("",))
    t.start()
    t.join()
    if time.monotonic() >= end:
        seen["tracer"] = tracer_sched()
        if seen["tracer"]["prio"] > 0:
            break
print(json.dumps(seen))
"""


def run(prefix, traced):
    """The program's report, run under prefix (nice, chrt), traced or not."""
    d = ctlib.tmpdir("sched")
    cmd = list(prefix)
    if traced:
        cmd += [ctlib.CLONETRACE, "record", "-q"] + ctlib.MODE_OPTS + ["-o", os.path.join(d, "t.json"), "--"]
    cmd += [sys.executable, "-c", PROG]
    p = subprocess.run(cmd, cwd=ctlib.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    ctlib.rmtree(d)
    if p.returncode != 0:
        return None, "%s exited %d: %s" % (" ".join(cmd[:3]), p.returncode, p.stderr.decode(errors="replace")[-300:])
    return json.loads(p.stdout), ""


def program_part(seen):
    return {k: seen[k] for k in ("main", "thread", "child")} if seen else None


root = os.geteuid() == 0
cases = [("as started", []), ("under nice -n 5", ["nice", "-n", "5"])]
if root:
    cases.append(("under chrt -f 3", ["chrt", "-f", "3"]))

for name, prefix in cases:
    untraced, err_u = run(prefix, False)
    traced, err_t = run(prefix, True)
    with tap.group("sched: %s, the program's own scheduling is as untraced" % name) as g:
        g.true(untraced is not None, "untraced run (%s)" % err_u)
        g.true(traced is not None, "traced run (%s)" % err_t)
        if untraced and traced:
            g.eq(program_part(traced), program_part(untraced), "main thread, a thread, a forked child")
            g.true("tracer" in traced, "the program sees a tracer in /proc/self/status")
    if not traced or "tracer" not in traced:
        continue
    tracer = traced["tracer"]
    if name == "as started":
        if not root:
            tap.skip("sched: clonetrace's tracing thread at SCHED_FIFO 1",
                     "real-time priority needs root or CAP_SYS_NICE")
            continue
        with tap.group("sched: as root, clonetrace's tracing thread runs at SCHED_FIFO 1 "
                       "while tasks stop often") as g:
            g.eq(tracer["policy"], os.SCHED_FIFO | RESET_ON_FORK, "policy (SCHED_FIFO | SCHED_RESET_ON_FORK)")
            g.eq(tracer["prio"], 1, "priority")
        if "--no-seccomp" in ctlib.MODE_OPTS:
            continue  # syscall mode: every syscall is a stop, so stops are never rare: no check
        with tap.group("sched: as root, clonetrace's tracing thread runs at normal priority "
                       "while tasks stop rarely") as g:
            g.eq(traced.get("tracer_rare"), {"policy": os.SCHED_OTHER | RESET_ON_FORK, "prio": 0},
                 "policy (SCHED_OTHER | SCHED_RESET_ON_FORK) and priority")
    else:
        want = {"policy": untraced["main"]["policy"], "prio": untraced["main"]["prio"]}
        with tap.group("sched: %s, clonetrace keeps the scheduling it was given" % name) as g:
            g.eq(tracer, want, "the tracing thread's policy and priority")

tap.done()
