#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A JVM traced (tests/integration/java/Names.java): its threads name
themselves after they start ("VM Thread", "GC Thread#0", "C2 CompilerThre",
the program's own "ct-worker"); the JVM writes each thread's tid and
/proc/self/task/TID/comm while they all run, and each such task in the
trace has that name (its `comm`, or one of its `names` if it was renamed
later), not its creator's "java"."""

import os
import shutil
import subprocess

import ctlib

ctlib.need_clonetrace()
if not shutil.which("java") or not shutil.which("javac"):
    ctlib.skip_all("no java/javac (default-jdk-headless)")
tap = ctlib.Tap()
tmp = ctlib.tmpdir("java")
src = os.path.join(ctlib.ROOT, "tests", "integration", "java", "Names.java")
p = subprocess.run(["javac", "-d", tmp, src], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if p.returncode != 0:
    tap.result(False, "java-names: javac Names.java", [p.stderr.decode(errors="replace")])
    tap.done()
truth = os.path.join(tmp, "threads.txt")
run = ctlib.record(None, cmd=["java", "-Xshare:auto", "-cp", tmp, "Names", truth], truth=False,
                   timeout=300)
if ctlib.check_run(tap, run, "java-names", want_rc=0):
    tr = ctlib.Trace(run.trace)
    with tap.group("java-names: each JVM thread has the name it gave itself") as g:
        seen = {}
        with open(truth) as f:
            for line in f:
                tid, _, comm = line.rstrip("\n").partition(" ")
                seen[int(tid)] = comm
        g.true(len(set(seen.values())) >= 5, "the JVM had at least 5 differently named threads: %s"
               % sorted(set(seen.values())))
        g.true("ct-worker" in seen.values(), "the program's own thread was named ct-worker")
        for tid, comm in sorted(seen.items()):
            t = tr.task(tid)
            if not g.true(t is not None, "one task with tid %d (%s)" % (tid, comm)):
                continue
            names = [n["comm"] for n in t.get("names", [])] + [t["comm"]]
            g.true(comm in names, "tid %d: named %r, the trace says %r (names %s)"
                   % (tid, comm, t["comm"], names))
        anon = [t["tid"] for t in tr.tasks if t["kind"] == "thread" and t["tid"] in seen
                and t["comm"] == "java" and seen[t["tid"]] != "java"]
        g.eq(anon, [], "threads left with their creator's name")
ctlib.cleanup(run)
ctlib.rmtree(tmp)
tap.done()
