#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record -p on samples/many_threads, a process with 3,000 threads
($CT_ATTACH_THREADS) all blocked in read(2), and a child with 4 of its own.
Attached three times, by `-p PID`, `--tree -p PID` (the child too) and
`--no-seccomp -p PID` (every thread interrupted, to be resumed under
syscall stops), and each time let go with SIGINT: the "attached to N tasks
of M processes" line counts what /proc lists, every task /proc lists is
traced by clonetrace and is a pre-existing task of its process in the
trace, and after the detach every thread is still there, untraced, not
stopped.  Released at the end, every blocked read gets its byte and the
program exits with its own status.  The attach time is printed, not
checked (speed is bench/'s)."""

import os
import select
import signal
import subprocess
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
N = int(os.environ.get("CT_ATTACH_THREADS", "3000"))
K = 4  # the child's threads


def readline_within(f, seconds):
    """The first line of the pipe f (bytes read from its fd, nothing
    buffered), or what came before seconds ran out or the pipe closed."""
    fd, buf, end = f.fileno(), b"", time.monotonic() + seconds
    while not buf.endswith(b"\n"):
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        b = os.read(fd, 1)
        if not b:
            break
        buf += b
    return buf.decode(errors="replace")


def tids_of(pid):
    try:
        return set(int(t) for t in os.listdir("/proc/%d/task" % pid))
    except OSError:
        return set()


def plural(n, word, many):
    return "%d %s" % (n, word if n == 1 else many)


def attach_round(opts, pids, traced_tids, procs):
    """Attaches with opts to pids[0], checks the attached state against
    /proc, detaches with SIGINT and checks what is left."""
    name = "attach %s -p to %s threads" % (" ".join(opts), N) if opts else "attach -p to %d threads" % N
    trace = os.path.join(tmp, "trace%s.json" % "".join(opts))
    t0 = time.monotonic()
    ct = subprocess.Popen([ctlib.CLONETRACE, "record", "-o", trace] + opts + ["-p", str(pids[0])],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    line = readline_within(ct.stderr, 120)
    took = time.monotonic() - t0
    with tap.group(name + ": the attached line counts every task /proc lists") as g:
        want = "clonetrace: attached to %s of %s\n" % (plural(len(traced_tids), "task", "tasks"),
                                                       plural(procs, "process", "processes"))
        g.eq(line, want, "stderr's first line")
        g.note("attached in %.2f s (to the line on stderr, %s)" % (took, " ".join(opts) or "-p"))
    with tap.group(name + ": every task is traced by clonetrace while attached") as g:
        now = set().union(*(tids_of(p) for p in pids))
        g.eq(now, traced_tids, "tasks /proc lists")
        untraced = [t for t in sorted(now) if ctlib.tracer_pid(t) != ct.pid]
        g.eq(untraced[:10], [], "tasks whose TracerPid is not clonetrace's (%d)" % len(untraced))
    ct.send_signal(signal.SIGINT)
    _, err, rc = ctlib.finish(ct, 120)
    err = line + err.decode(errors="replace")
    with tap.group(name + ": SIGINT detaches, every task goes on") as g:
        g.eq(rc, 0, "clonetrace exit status (stderr: %s)" % err.strip())
        g.true("detached from %s of %s, which go on" % (
            plural(len(traced_tids), "task", "tasks"), plural(procs, "process", "processes")) in err,
            "the detached line: %s" % err.strip())
        now = set().union(*(tids_of(p) for p in pids))
        g.eq(now, traced_tids, "tasks /proc lists after the detach")
        stopped = [t for t in sorted(now) if ctlib.task_state(t) in ("t", "T")]
        g.eq(stopped[:10], [], "tasks left stopped (%d)" % len(stopped))
        traced = [t for t in sorted(now) if ctlib.tracer_pid(t) != 0]
        g.eq(traced[:10], [], "tasks still traced (%d)" % len(traced))
    with tap.group(name + ": the trace has each of them as a pre-existing task of its process") as g:
        tr = ctlib.Trace(ctlib.load_json(trace))
        g.eq(tr.meta.get("complete"), False, "meta.complete after a detach")
        g.eq(sorted(t["tid"] for t in tr.tasks), sorted(traced_tids), "the trace's tids")
        leaders = {p: tr.task(p) for p in pids}
        tgid_of = {t: p for p in pids for t in tids_of(p)}
        wrong = []
        for t in tr.tasks:
            tgid = tgid_of.get(t["tid"])
            kind = "process" if t["tid"] == tgid else "thread"
            leader = leaders.get(tgid)
            if (t.get("tgid") != tgid or t.get("kind") != kind or t.get("pre_existing") is not True
                    or t.get("creator") is not None or t.get("call") is not None
                    or (kind == "thread" and leader and
                        t["shares"]["thread_group"] != leader["shares"]["thread_group"])):
                wrong.append(t)
        g.eq([tr.name(t) for t in wrong[:5]], [], "tasks not pre-existing tasks of their process "
             "(%d)" % len(wrong))
        if len(pids) > 1 and leaders[pids[0]] and leaders[pids[1]]:
            g.eq(leaders[pids[1]]["parent"], leaders[pids[0]]["id"], "the child's parent")


tmp = ctlib.tmpdir("attach_threads")
truth_path = os.path.join(tmp, "truth.json")
target = subprocess.Popen([ctlib.sample_path("many_threads"), truth_path, str(N), str(K)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
ready = readline_within(target.stdout, 120).split()
if len(ready) != 3 or ready[0] != "ready":
    _, err, rc = ctlib.finish(target, 10)
    ctlib.rmtree(tmp)
    ctlib.skip_all("many_threads could not start %d threads here (exit %s: %s)"
                   % (N, rc, err.decode(errors="replace").strip()))
pid, child = int(ready[1]), int(ready[2])
before, child_before = tids_of(pid), tids_of(child)
with tap.group("many_threads runs its threads") as g:
    g.eq((len(before), len(child_before)), (N + 1, K + 1), "tasks of the process and of its child")
try:
    attach_round([], [pid], before, 1)
    attach_round(["--tree"], [pid, child], before | child_before, 2)
    attach_round(["--no-seccomp"], [pid], before, 1)
finally:
    try:
        target.stdin.write(b"go\n")
        target.stdin.flush()
    except OSError:
        pass
    _, err, rc = ctlib.finish(target, 120)
with tap.group("many_threads, released, exits with its own status and every read got its byte") as g:
    g.eq(rc, 5, "exit status (stderr: %s)" % err.decode(errors="replace").strip())
    truth = ctlib.load_json(truth_path)
    g.eq(set(truth["threads"]), before - {pid}, "its threads")
    g.eq(truth["released"], N, "threads whose read returned its byte")
    g.eq(set(truth["child"]["threads"]), child_before - {child}, "the child's threads")
    g.eq(truth["child"]["exit"], {"code": K}, "the child's exit (its threads released)")
ctlib.rmtree(tmp)
tap.done()
