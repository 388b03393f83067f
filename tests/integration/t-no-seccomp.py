#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""--no-seccomp (the fallback that stops on every syscall) records the same
facts: the sample tests run again in that mode (their lines prefixed
"no-seccomp: "; each checks meta.mode == "syscall"), and fork_exec's task tree
is the same shape in both modes."""

import os

import ctlib

TESTS = ("t-fork_exec.py", "t-threads.py", "t-clone_flags.py", "t-vfork.py", "t-thread_exec.py",
         "t-signals.py", "t-clone_errors.py", "t-untraced.py", "t-clone3.py", "t-uts_namespace.py",
         "t-unshare_setns.py", "t-tid_reuse.py", "t-many_tasks.py", "t-exec_fail.py",
         "t-unshare_pid.py", "t-seccomp_sandbox.py", "t-thread_names.py", "t-fexecve.py",
         "t-setns_join.py")

ctlib.need_clonetrace()
tap = ctlib.Tap()
ctlib.rerun_in_mode(tap, TESTS, "--no-seccomp", "no-seccomp", timeout=600)


def shape(doc):
    """The tree without tids and times: one tuple per task, sorted."""
    tasks = {t["id"]: t for t in doc["tasks"]}

    def path(t):
        p = []
        while t is not None:
            p.append((t["kind"], os.path.basename(t["execs"][-1]["path"]) if t["execs"] else t["comm"]))
            t = tasks.get(t["parent"])
        return tuple(reversed(p))

    return sorted((path(t), tuple(os.path.basename(e["path"]) for e in t["execs"]),
                   tuple(sorted((t["exit"] or {}).items())), t["escaped"]) for t in doc["tasks"])


seccomp = ctlib.record("fork_exec")
ctlib.MODE_OPTS[:] = ["--no-seccomp"]
fallback = ctlib.record("fork_exec")
with tap.group("no-seccomp: fork_exec's tree is the same shape in both modes") as g:
    if g.true(seccomp.trace and fallback.trace, "both traces written (%s / %s)" % (seccomp.error, fallback.error)):
        g.eq(seccomp.trace["meta"].get("mode"), "seccomp", "default meta.mode")
        g.eq(fallback.trace["meta"].get("mode"), "syscall", "--no-seccomp meta.mode")
        g.eq(shape(fallback.trace), shape(seccomp.trace), "tree shape (kind/exec path of each ancestor, execs, exit)")
        g.eq(len(fallback.trace["calls"]), len(seccomp.trace["calls"]), "number of calls")
        g.eq([(c["syscall"], sorted(c["flags"]), c["result"] and sorted(c["result"])) for c in fallback.trace["calls"]],
             [(c["syscall"], sorted(c["flags"]), c["result"] and sorted(c["result"])) for c in seccomp.trace["calls"]],
             "calls: syscall, flags, result kind")
ctlib.cleanup(seccomp)
ctlib.cleanup(fallback)
tap.done()
