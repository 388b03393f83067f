#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Signals while recording a command: the program owns them.

- ^C at a terminal (a real pty: the kernel sends SIGINT to the foreground
  process group, clonetrace and the program alike): the program's trap runs,
  clonetrace records its cleanup (an rm it forks) and exits with the
  program's status; the trace is complete.
- kill -TERM, -INT or -HUP of clonetrace alone: relayed to the program, same
  outcome.
- A program that ignores the signal: a second signal ends it, the trace is
  written with "complete": false, nothing is left running or stopped.
- A thread's name as /proc showed it, kept when the trace ends on a forced
  signal while the thread lives."""

import fcntl
import json
import os
import pty
import signal
import subprocess
import termios
import time

import ctlib

ctlib.need_clonetrace()
# Started with a signal ignored (a background job of a non-interactive
# shell ignores SIGINT), the programs here would inherit that and a shell
# could not trap it: they get the default, as from a terminal.
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
    if signal.getsignal(s) == signal.SIG_IGN:
        signal.signal(s, signal.SIG_DFL)
tap = ctlib.Tap()


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
        return s[s.rindex(")") + 2] not in "ZX"
    except OSError:
        return False


def wait_file(path, secs=20):
    for _ in range(int(secs / 0.02)):
        if os.path.exists(path):
            with open(path) as f:
                return f.read().split()
        time.sleep(0.02)
    return []


def wait_line(f, text, secs):
    """Reads f's fd (raw, so that communicate() later gets the rest) until a
    line holding text has come; whether it came within secs."""
    import select
    buf, end = b"", time.monotonic() + secs
    while time.monotonic() < end:
        r, _, _ = select.select([f.fileno()], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        chunk = os.read(f.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        if any(text in line for line in buf.decode(errors="replace").splitlines()):
            return True
    return False


def trap_script(d):
    """sh: a trap that forks an rm, then exits 7; a child sleep it kills."""
    return ('sleep 60 & s=$!; trap \'kill $s; /bin/rm -f %s/victim; echo done > %s/cleanup; exit 7\' '
            'INT TERM HUP; touch %s/victim; echo $$ $s > %s/pids.tmp; mv %s/pids.tmp %s/pids; wait'
            % ((d,) * 6))


def check_cleanup(g, d, tpath, rc, want_rc=7):
    g.eq(rc, want_rc, "clonetrace's exit status (the program's)")
    g.true(os.path.exists(os.path.join(d, "cleanup")), "the program's trap ran")
    g.true(not os.path.exists(os.path.join(d, "victim")), "the trap's rm removed its file")
    try:
        doc = ctlib.load_json(tpath)
    except (OSError, ValueError) as e:
        return g.fail("no valid trace: %s" % e)
    g.eq(doc["meta"].get("complete"), True, "meta.complete")
    rms = [t for t in doc["tasks"] if (t.get("exe") or "").endswith("/rm")]
    g.eq(len(rms), 1, "the cleanup's rm is a task in the trace")
    if rms:
        g.eq(rms[0].get("exit"), {"code": 0}, "rm's exit")


# ^C at a terminal
d = ctlib.tmpdir("intr")
tpath = os.path.join(d, "trace.json")
master, slave = pty.openpty()


def as_terminal():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


p = subprocess.Popen([ctlib.CLONETRACE, "record", "-q"] + ctlib.MODE_OPTS +
                     ["-o", tpath, "--", "/bin/sh", "-c", trap_script(d)],
                     stdin=slave, stdout=slave, stderr=slave, preexec_fn=as_terminal)
os.close(slave)
pids = wait_file(os.path.join(d, "pids"))
os.write(master, b"\x03")
_, _, rc = ctlib.finish(p, 30)
with tap.group("interrupt: ^C at a terminal: the program's trap runs, traced, its status kept") as g:
    g.eq(len(pids), 2, "the program started (pids %s)" % pids)
    check_cleanup(g, d, tpath, rc)
os.close(master)
ctlib.rmtree(d)

# kill of clonetrace alone
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    name = signal.Signals(sig).name
    d = ctlib.tmpdir("intr")
    tpath = os.path.join(d, "trace.json")
    p = subprocess.Popen([ctlib.CLONETRACE, "record", "-q"] + ctlib.MODE_OPTS +
                         ["-o", tpath, "--", "/bin/sh", "-c", trap_script(d)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    pids = wait_file(os.path.join(d, "pids"))
    p.send_signal(sig)
    _, err, rc = ctlib.finish(p, 30)
    with tap.group("interrupt: kill -%s of clonetrace alone is relayed to the program" % name[3:]) as g:
        g.eq(len(pids), 2, "the program started (pids %s)" % pids)
        check_cleanup(g, d, tpath, rc)
    ctlib.rmtree(d)

# a program that ignores it: the second signal ends it
for sig in (signal.SIGINT, signal.SIGTERM):
    name = signal.Signals(sig).name
    d = ctlib.tmpdir("intr")
    tpath = os.path.join(d, "trace.json")
    script = ("trap '' INT TERM; sleep 60 & echo $$ $! > %s/pids.tmp; mv %s/pids.tmp %s/pids; wait"
              % (d, d, d))
    # -d: its "relayed" line says the first signal was taken.  Two sent
    # before clonetrace takes the first would be one (a pending signal is
    # not queued twice), and a loaded machine can delay it that long.
    p = subprocess.Popen([ctlib.CLONETRACE, "record", "-q", "-d"] + ctlib.MODE_OPTS +
                         ["-o", tpath, "--", "/bin/sh", "-c", script],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    pids = [int(x) for x in wait_file(os.path.join(d, "pids"))]
    p.send_signal(sig)
    taken = wait_line(p.stderr, "relayed to the program", 30)
    time.sleep(0.3)
    first_ignored = p.poll() is None and all(alive(x) for x in pids)
    p.send_signal(sig)
    _, err, rc = ctlib.finish(p, 30)
    time.sleep(0.1)
    with tap.group("interrupt: a second %s ends a program that ignores the first" % name) as g:
        g.eq(len(pids), 2, "the program started (pids %s)" % pids)
        g.true(taken, "clonetrace took the first signal and relayed it")
        g.true(first_ignored, "after the first signal clonetrace and the program still ran")
        g.eq(rc, 128 + sig, "clonetrace's exit status")
        try:
            doc = ctlib.load_json(tpath)
            g.eq(doc["meta"].get("complete"), False, "meta.complete")
            tids = [t.get("tid") for t in doc["tasks"]]
            for pid in pids:
                g.true(pid in tids, "task %d recorded" % pid)
        except (OSError, ValueError) as e:
            g.fail("no valid trace: %s" % e)
        for pid in pids:
            g.true(not alive(pid), "pid %d is gone" % pid)
        g.eq(sorted(os.listdir(d)), ["pids", "trace.json"], "files left (no temporary file)")
    ctlib.rmtree(d)

# A thread that names itself after it starts (busy's background thread):
# the trace, ended by force while it lives, has the name /proc shows.
d = ctlib.tmpdir("intr")
tpath = os.path.join(d, "trace.json")
# busy ignores SIGTERM (set by sh before the exec): the second one forces the end
cmd = [ctlib.CLONETRACE, "record", "-q"] + ctlib.MODE_OPTS + ["-o", tpath, "--", "/bin/sh", "-c",
       "trap '' TERM; exec \"$0\" \"$@\"", ctlib.sample_path("busy"),
       os.path.join(d, "truth.json"), "100000", "20"]
p = subprocess.Popen(cmd, cwd=ctlib.ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, start_new_session=True)
ready = p.stdout.readline().decode(errors="replace").split()
names = {}
if len(ready) == 2 and ready[0] == "ready":
    for tid in os.listdir("/proc/%s/task" % ready[1]):
        try:
            with open("/proc/%s/task/%s/comm" % (ready[1], tid)) as f:
                names[int(tid)] = f.read().strip()
        except OSError:
            pass
p.send_signal(signal.SIGTERM)
time.sleep(0.2)
p.send_signal(signal.SIGTERM)
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
            g.eq((doc or {}).get("meta", {}).get("complete"), False, "meta.complete (forced)")
            g.eq(t[0].get("comm"), "busy-bg", "its comm")
            g.eq(t[0].get("kind"), "thread", "its kind")
ctlib.rmtree(d)
tap.done()
