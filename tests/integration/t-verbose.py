#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""-v prints one strace-like line per recorded call on stderr (and nothing
without -v)."""

import collections
import re

import ctlib

CALL_RE = re.compile(r"\b(clone3|clone|vfork|fork|unshare|setns)\(")

ctlib.need_clonetrace()
tap = ctlib.Tap()
for sample in ("clone_errors", "fork_exec"):
    run = ctlib.record(sample, opts=["-v"])
    if not ctlib.check_run(tap, run, "verbose %s" % sample, want_rc=0):
        continue
    lines = run.stderr.decode(errors="replace").splitlines()
    call_lines = [l for l in lines if CALL_RE.search(l)]
    calls = run.trace["calls"]
    with tap.group("verbose: -v prints one line per call (%s)" % sample) as g:
        g.eq(len(call_lines), len(calls), "lines naming a call")
        got = collections.Counter(CALL_RE.search(l).group(1) for l in call_lines)
        want = collections.Counter(c["syscall"] for c in calls)
        g.eq(dict(got), dict(want), "lines per syscall")
        if len(call_lines) != len(calls):
            for l in lines[:15]:
                g.note("stderr: " + l)
    # an argument the flags don't use (tls without CLONE_SETTLS, pidfd without
    # CLONE_PIDFD, ...) is left out of the JSON, and of -v's line alike
    with tap.group("verbose: -v prints the arguments the JSON has, no others (%s)" % sample) as g:
        names = ("parent_tid", "child_tid", "tls", "pidfd")
        got = collections.Counter(
            (m.group(1), tuple(n for n in names if re.search(r"\b%s=" % n, l)))
            for l in call_lines for m in [CALL_RE.search(l)] if m.group(1) in ("clone", "clone3"))
        want = collections.Counter(
            (c["syscall"], tuple(n for n in names if n in c.get("args", {}) and
                                 # clone() returns the pidfd through parent_tid: one argument
                                 not (c["syscall"] == "clone" and n == "pidfd")))
            for c in calls if c["syscall"] in ("clone", "clone3"))
        g.eq(dict(got), dict(want), "(syscall, arguments shown) per call")
    errs = collections.Counter(c["result"]["errno"] for c in calls if c["result"] and "errno" in c["result"])
    if not errs:
        ctlib.cleanup(run)
        continue
    with tap.group("verbose: failed calls show their errno (%s)" % sample) as g:
        for e, n in errs.items():
            have = sum(1 for l in call_lines if re.search(r"\b%s\b" % e, l))
            g.eq(have, n, "lines with %s" % e)
    ctlib.cleanup(run)

EXEC_RE = re.compile(r'^\[pid (\d+)\] execve\("([^"]*)", .*\) = (0|-1 (\w+))$')
run = ctlib.record("exec_fail", opts=["-v"])
if ctlib.check_run(tap, run, "verbose exec_fail", want_rc=0):
    with tap.group("verbose: each execve and its result, as the program saw it (exec_fail)") as g:
        got = [m.groups() for m in map(EXEC_RE.match, run.stderr.decode(errors="replace").splitlines()) if m]
        child = str(run.truth["child"])
        want = [(child, f["path"], "-1 " + f["errno"], f["errno"]) for f in run.truth["failures"]]
        want.append((child, run.truth["self"], "0", None))
        g.eq([x for x in got if x[0] == child], want, "the child's execve lines")
        g.eq(sum(1 for x in got if x[0] != child), 1, "one execve line for the launch of the command")
ctlib.cleanup(run)

run = ctlib.record("clone_errors")
with tap.group("verbose: without -v no call lines on stderr") as g:
    lines = run.stderr.decode(errors="replace").splitlines()
    g.eq([l for l in lines if CALL_RE.search(l)], [], "call lines without -v")
ctlib.cleanup(run)
tap.done()
