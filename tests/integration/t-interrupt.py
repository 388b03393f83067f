#!/usr/bin/env python3
"""SIGINT, SIGTERM or SIGHUP to clonetrace: it writes a valid JSON with
"complete": false holding what it recorded, ends the traced program, and
leaves no temporary file."""

import json
import os
import signal
import subprocess
import time

import ctlib


def starttime(pid):
    """Field 22 of /proc/PID/stat and the state, or None if gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], rest[19]


ctlib.need_clonetrace()
tap = ctlib.Tap()

for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    name = signal.Signals(sig).name
    d = ctlib.tmpdir("intr")
    tpath = os.path.join(d, "trace.json")
    pidfile = os.path.join(d, "pids")
    script = 'echo $$ > %s.tmp; sleep 60 & echo $! >> %s.tmp; mv %s.tmp %s; wait' % ((pidfile,) * 4)
    cmd = [ctlib.CLONETRACE, "record"] + ctlib.MODE_OPTS + ["-o", tpath, "--", "/bin/sh", "-c", script]
    p = subprocess.Popen(cmd, cwd=ctlib.ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    pids = []
    for _ in range(200):
        if os.path.exists(pidfile):
            with open(pidfile) as f:
                pids = [int(x) for x in f.read().split()]
            break
        time.sleep(0.05)
    before = {pid: starttime(pid) for pid in pids}
    p.send_signal(sig)
    out, err, rc = ctlib.finish(p, 20)
    timed_out = rc is None
    time.sleep(0.2)
    with tap.group("interrupt: %s to clonetrace leaves a valid, incomplete trace" % name) as g:
        g.eq(len(pids), 2, "the traced shell and its sleep started (pids %s)" % pids)
        g.true(not timed_out, "clonetrace ended within 20 s of %s" % name)
        g.true(p.returncode != 0, "clonetrace's exit status is non-zero (got %s)" % p.returncode)
        try:
            with open(tpath) as f:
                doc = json.load(f)
            g.eq(doc.get("format"), "clonetrace", "format")
            g.eq(doc.get("meta", {}).get("complete"), False, "meta.complete")
            tids = [t.get("tid") for t in doc.get("tasks", [])]
            for pid in pids:
                g.true(pid in tids, "task with tid %d recorded so far (tasks: %s)" % (pid, tids))
        except (OSError, ValueError) as e:
            g.fail("no valid JSON at %s: %s" % (tpath, e))
        g.eq(sorted(os.listdir(d)), ["pids", "trace.json"], "files left (no temporary file)")
    with tap.group("interrupt: %s to clonetrace ends the traced program" % name) as g:
        g.true(pids, "pids known")
        for pid in pids:
            now = starttime(pid)
            alive = (now is not None and before.get(pid) is not None and now[1] == before[pid][1]
                     and now[0] not in ("Z", "X"))
            g.true(not alive, "pid %d is gone (state now %s)" % (pid, now and now[0]))
            if alive:
                os.kill(pid, signal.SIGKILL)
    ctlib.rmtree(d)

# A thread that names itself after it starts (busy's background thread):
# the interrupted trace gives it the name /proc shows at the end.
d = ctlib.tmpdir("intr")
tpath = os.path.join(d, "trace.json")
cmd = [ctlib.CLONETRACE, "record"] + ctlib.MODE_OPTS + ["-o", tpath, "--",
       ctlib.sample_path("busy"), os.path.join(d, "truth.json"), "100000", "20"]
p = subprocess.Popen(cmd, cwd=ctlib.ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
ready = p.stdout.readline().decode(errors="replace").split()
names = {}
if len(ready) == 2 and ready[0] == "ready":
    for tid in os.listdir("/proc/%s/task" % ready[1]):
        try:
            with open("/proc/%s/task/%s/comm" % (ready[1], tid)) as f:
                names[int(tid)] = f.read().strip()
        except OSError:
            pass
p.send_signal(signal.SIGINT)
ctlib.finish(p, 20)
with tap.group("interrupt: a live thread has the name it gave itself, as /proc showed it") as g:
    named = {tid: n for tid, n in names.items() if n == "busy-bg"}
    if g.true(len(named) == 1, "/proc showed one thread named busy-bg (names: %s)" % names):
        try:
            doc = ctlib.load_json(tpath)
        except (OSError, ValueError) as e:
            doc = None
            g.fail("no valid JSON at %s: %s" % (tpath, e))
        tid = list(named)[0]
        t = [t for t in (doc or {}).get("tasks", []) if t.get("tid") == tid]
        if g.true(len(t) == 1, "the thread %d is a task" % tid):
            g.eq(t[0].get("comm"), "busy-bg", "its comm")
            g.eq(t[0].get("kind"), "thread", "its kind")
ctlib.rmtree(d)
tap.done()
