#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/seccomp_sandbox traced: processes that install their own seccomp
filter (seccomp(2), prctl(PR_SET_SECCOMP)) refusing clone3 with ENOSYS and
unshare with EPERM.  Every refused call is in the trace, by the task that
made it, with the errno it got (the filter runs after the syscall-entry
stop, not after clonetrace's own filter); the tasks followed with syscall
stops say so (`syscall_stops`: since when, whose filter, installed how);
the unfiltered main process is not followed that way."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, _ = ctlib.record_checked(tap, "seccomp_sandbox")
if tr:
    sk = ctlib.skips(truth)
    role_tid = {x["role"]: x["tid"] for x in truth["tasks"]}
    if "filter" in sk:
        tap.skip("seccomp_sandbox: refused calls are in the trace", sk["filter"])
    else:
        with tap.group("seccomp_sandbox: every call, refused or not, is in the trace with its result") as g:
            for role in ("sandbox", "sandbox_thread", "sandbox_child", "prctl_sandbox", "main"):
                want = [c for c in truth["calls"] if c["role"] == role]
                t = tr.task(role_tid.get(role))
                if not g.true(t is not None, "one task for %s (tid %s)" % (role, role_tid.get(role))):
                    continue
                got = [c for c in tr.calls_by(t) if c["syscall"] in ("unshare", "setns", "clone3")]
                # glibc's pthread_create tries clone3 first (ENOSYS here): the
                # sample's own calls are a subsequence of the task's
                i = 0
                for w in want:
                    while i < len(got) and not (got[i]["syscall"] == w["syscall"] and
                                                sorted(got[i]["flags"]) == sorted(w["flags"]) and
                                                got[i]["result"] == w["result"]):
                        i += 1
                    g.true(i < len(got), "%s: %s(%s) = %s in the trace, in order (the task's calls: %s)"
                           % (role, w["syscall"], "|".join(w["flags"]) or "0", w["result"],
                              ctlib.short([(c["syscall"], c["flags"], c["result"]) for c in got])))
                    i += 1
            sb = tr.task(role_tid.get("sandbox"))
            if sb is not None:
                c3 = [c for c in tr.calls_by(sb) if c["syscall"] == "clone3"]
                # pthread_create tries clone3 first only where glibc has it (x86 here;
                # not bookworm's static builds for the other architectures)
                g.true(len(c3) >= 1, "sandbox: its own clone3 (and pthread_create's where glibc "
                       "tries clone3), ENOSYS (got %d)" % len(c3))
                g.true(all(c["result"] == {"errno": "ENOSYS"} and c["child"] is None for c in c3),
                       "every clone3 of the sandbox failed with ENOSYS: %s" % [c["result"] for c in c3])

    # (in syscall mode every task stops at every syscall anyway: nothing to say, no check)
    if "filter" not in sk and ctlib.EXPECT_MODE == "seccomp":
        with tap.group("seccomp_sandbox: tasks followed with syscall stops say so and why") as g:
            ids = {role: (tr.task(tid) or {}).get("id") for role, tid in role_tid.items()}
            by = {"sandbox": ("sandbox", "seccomp"), "sandbox_thread": ("sandbox", "seccomp"),
                  "sandbox_child": ("sandbox", "seccomp"), "prctl_sandbox": ("prctl_sandbox", "prctl")}
            for role, (owner, how) in by.items():
                t = tr.task(role_tid.get(role))
                if not g.true(t is not None, "one task for " + role):
                    continue
                s = t.get("syscall_stops")
                if not g.true(isinstance(s, dict), "%s has syscall_stops, got %r" % (role, s)):
                    continue
                g.eq(s.get("filter_task"), ids[owner], role + " syscall_stops.filter_task")
                g.eq(s.get("via"), how, role + " syscall_stops.via")
                g.true(isinstance(s.get("since_ns"), int), role + " syscall_stops.since_ns is an integer")
            m = tr.task(role_tid.get("main"))
            g.true(m is not None and "syscall_stops" not in m, "main (no filter of its own) has no syscall_stops")
            g.true(any("seccomp filter" in n for n in tr.meta.get("notes", [])),
                   "meta.notes says tasks were followed with syscall stops: %s" % tr.meta.get("notes"))
ctlib.cleanup(run)
tap.done()
