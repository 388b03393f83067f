#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/many_threads killed with SIGKILL while it creates its 3,000
threads, at a different moment each round.  With many tasks, clonetrace
waits for a creator's clone event by its tid alone (docs/architecture.md);
a creator killed in its clone never reports that event, and as the group
leader it is not reported dead before its threads are reaped, so the wait
must give up (the watchdog) for clonetrace to reap them.  Each round:
clonetrace ends (a hang is caught by a generous timeout, not a time
limit), exits 137 as the program did, and writes a complete trace in
which the root died of SIGKILL, every thread /proc listed just before the
kill is a thread of the root's, and every task has ended."""

import os
import signal
import subprocess
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
DELAYS = (0.05, 0.15, 0.3, 0.5, 0.8)


def children(pid):
    """The pids of pid's children, as /proc lists them."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def tids(pid):
    try:
        return {int(t) for t in os.listdir("/proc/%d/task" % pid)}
    except OSError:
        return set()


for i, delay in enumerate(DELAYS):
    label = "killed after %.2f s" % delay
    run = ctlib.Run()
    run.tmp = ctlib.tmpdir("killed_creating")
    tpath = os.path.join(run.tmp, "trace.json")
    run.cmd = [ctlib.CLONETRACE, "record"] + ctlib.MODE_OPTS + [
        "-q", "-o", tpath, "--", ctlib.sample_path("many_threads"),
        os.path.join(run.tmp, "truth.json"), "3000", "4"]
    p = subprocess.Popen(run.cmd, cwd=ctlib.ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    # killed once it runs the sample: before its execve it is clonetrace's
    sample, end = None, time.monotonic() + 60
    while sample is None and time.monotonic() < end:
        for kid in children(p.pid):
            try:
                if os.readlink("/proc/%d/exe" % kid) == ctlib.sample_path("many_threads"):
                    sample = kid
            except OSError:
                pass
        time.sleep(0.01)
    seen = tids(sample) if sample else set()
    if sample:
        # the sample and its forked child (which would wait on stdin for ever)
        for pid in [sample] + children(sample):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    _, err, run.rc = ctlib.finish(p, 300)
    run.stderr = err or b""
    with tap.group(label + ": clonetrace ends and exits as the program did") as g:
        if not g.true(sample is not None, "the sample runs under clonetrace"):
            ctlib.cleanup(run)
            continue
        if not g.true(run.rc is not None, "clonetrace ended (it had to be killed after 300 s)"):
            ctlib.cleanup(run)
            continue
        g.eq(run.rc, 128 + signal.SIGKILL, "exit status (the program's SIGKILL)")
    try:
        run.trace = ctlib.load_json(tpath)
    except (OSError, ValueError) as e:
        run.error = "trace: %s" % e
        tap.result(False, label + ": the trace is written", run.describe())
        ctlib.cleanup(run)
        continue
    tr = ctlib.check_format(tap, run, label)
    with tap.group(label + ": the trace against /proc") as g:
        root = tr.root()
        g.eq(root.get("tid"), sample, "root tid")
        g.eq(ctlib.exit_of(root), {"signal": "SIGKILL", "core": False}, "root exit")
        by_tid = {t["tid"]: t for t in tr.tasks}
        missing = sorted(seen - set(by_tid))
        g.true(not missing, "the %d threads /proc listed are in the trace (missing: %s)"
               % (len(seen), missing[:10]))
        # a thread killed before its first stop, whose creator was killed
        # before its clone event, is known by its death alone: no creator
        known = [by_tid[x] for x in seen if x in by_tid and by_tid[x].get("creator")]
        wrong = [t["tid"] for t in known if t.get("tgid") != sample]
        g.true(not wrong, "each of them with a creator is a thread of the root's (not: %s)"
               % wrong[:10])
        # such a thread's process is known from the kernel's process-events
        # connector (root); without it, from nothing (its own tid)
        unknown = [by_tid[x] for x in seen if x in by_tid and x != sample
                   and not by_tid[x].get("creator")]
        odd = [t["tid"] for t in unknown if t.get("tgid") not in (sample, t["tid"])
               or (t.get("tgid") == sample) != (t.get("kind") == "thread")]
        g.true(not odd, "each without a creator is the root's thread or unknown "
               "(not: %s)" % odd[:10])
        # such a thread of the root's shares what CLONE_THREAD implies with
        # it, and says that the rest is not known; one of unknown process,
        # that nothing is
        for t in unknown:
            if t.get("tgid") == sample:
                same = {k: t["shares"].get(k) == root["shares"].get(k) for k in ("vm", "sighand", "thread_group")}
                g.true(all(same.values()), "thread %s shares vm, sighand and thread_group with the root "
                       "(%s)" % (t["tid"], same))
                g.eq(t.get("shares_unknown"), ["files", "fs", "sysvsem", "io"],
                     "thread %s shares_unknown" % t["tid"])
                g.eq(t.get("exe"), root.get("exe"), "thread %s exe (its process's)" % t["tid"])
            else:
                g.eq(sorted(t.get("shares_unknown") or []), sorted(root["shares"]),
                     "task %s of unknown process: shares_unknown" % t["tid"])
        if unknown:
            g.note("%d killed before their creator's event and their own first stop: "
                   "no creator; %d known as the root's threads" %
                   (len(unknown), len([t for t in unknown if t.get("tgid") == sample])))
        left = [t["tid"] for t in tr.tasks if not t.get("exit")]
        g.true(not left, "every task has ended (not: %s)" % left[:10])
        g.note("%d threads listed at the kill, %d tasks in the trace" % (len(seen), len(tr.tasks)))
    ctlib.cleanup(run)
tap.done()
