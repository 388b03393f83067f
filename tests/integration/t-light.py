#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""--light (task events only: no seccomp filter, each call decoded from the
registers at its clone event) records the same tree, sharing, execs and
exits: the sample tests that don't depend on what light mode can't see run
again in that mode (lines prefixed "light: "; each checks meta.mode ==
"light").  And what it can't see is said: a failed clone is absent, and
meta.notes names what light mode misses.  What it does not see is not
guessed either: after an unshare it missed (runc's container init), each new
task's namespaces and nspid are what the task itself saw, not its creator's
host ones."""


import ctlib

TESTS = ("t-fork_exec.py", "t-threads.py", "t-clone_flags.py", "t-vfork.py", "t-thread_exec.py",
         "t-signals.py", "t-clone3.py", "t-uts_namespace.py", "t-tid_reuse.py", "t-many_tasks.py",
         "t-exec_race.py", "t-daemon.py", "t-interrupt.py", "t-thread_names.py", "t-cgroup.py",
         "t-container.py")

ctlib.need_clonetrace()
tap = ctlib.Tap()
ctlib.rerun_in_mode(tap, TESTS, "--light", "light", timeout=900)

# What light mode can't see: clone_errors' refused calls are absent, and it says so.
ctlib.MODE_OPTS[:] = ["--light"]
r = ctlib.record("clone_errors")
with tap.group("light: failed calls are not seen, and meta.notes says so") as g:
    if g.true(r.trace is not None, "trace written (%s)" % r.error):
        g.eq(r.trace["meta"]["mode"], "light", "meta.mode")
        g.eq([c for c in r.trace["calls"] if (c.get("result") or {}).get("errno")], [],
             "calls with an errno in the trace")
        g.true(any("light mode" in n and "failed calls" in n for n in r.trace["meta"]["notes"]),
               "a note names what light mode misses")
        g.eq(r.rc, ctlib.run_untraced("clone_errors")[0], "exit status as untraced")
ctlib.cleanup(r)

# unshare(CLONE_NEWPID) and (CLONE_NEWTIME) unseen, as runc's: the children's
# namespaces and nspid are read, not derived from the creator's stale ones.
r = ctlib.record("unshare_pid")
truth = r.truth or {}
sk = ctlib.skips(truth)
if "newpid" in sk:
    tap.skip("light: tasks after an unshare unseen have the namespaces they saw", sk["newpid"])
else:
    with tap.group("light: tasks after an unshare unseen have the namespaces they saw") as g:
        if g.true(r.trace is not None and truth, "trace and truth written (%s)" % r.error):
            tr = ctlib.Trace(r.trace)
            keeper = tr.task(truth["keeper"]["tid"])
            if g.true(keeper is not None, "the keeper"):
                ctlib.check_ns(g, keeper, truth["keeper"]["ns"], "keeper")
            for x in truth["tasks"]:
                if x["role"] not in ("init", "grandchild"):
                    continue
                t = tr.task(x["nspid"][0])
                if g.true(t is not None, "one task with %s's tid %d" % (x["role"], x["nspid"][0])):
                    ctlib.check_ns(g, t, x["ns"], x["role"])
                    g.eq(t["nspid"], x["nspid"], x["role"] + " nspid (never its tid alone)")
ctlib.cleanup(r)
tap.done()
