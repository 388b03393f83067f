#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/signals: signals and group-stops pass through the tracer.  The
program's output, exit status and what it saw (SIGUSR1 deliveries, a real
stop under SIGSTOP, SIGCONT, a child's stop seen by waitpid(WUNTRACED)) are
the same traced and untraced."""

import ctlib

SAME = ("usr1", "cont", "stopped_ok", "resumed_ok", "waited", "line", "exit")
WANT = {"usr1": 8, "cont": 1, "stopped_ok": True, "resumed_ok": True,
        "waited": {"stopped": "SIGSTOP", "continued": True, "killed": "SIGTERM"}}

ctlib.need_clonetrace()
tap = ctlib.Tap()
urc, uout, uerr, utruth = ctlib.run_untraced("signals")
with tap.group("signals: untraced, the sample behaves as designed") as g:
    g.eq(urc, 8, "exit status untraced")
    for k, v in WANT.items():
        g.eq((utruth or {}).get(k), v, "untraced " + k)

run, tr, truth, _ = ctlib.record_checked(tap, "signals", want_rc=urc, exit_code=8, timeout=120)
if tr:
    with tap.group("signals: output and exit status are the same traced and untraced") as g:
        g.eq(run.stdout, uout, "stdout")
        g.eq(run.rc, urc, "exit status")
    with tap.group("signals: what the program saw is the same traced and untraced") as g:
        for k in SAME:
            g.eq(truth.get(k), (utruth or {}).get(k), k)
        for k, v in WANT.items():
            g.eq(truth.get(k), v, "traced " + k)
    with tap.group("signals: the children's exits") as g:
        t = tr.task(truth["stopper_pid"])
        g.eq(ctlib.exit_of(t), {"code": 0}, "the stopper's exit")
        t = tr.task(truth["stopped_child_pid"])
        g.eq(ctlib.exit_of(t), {"signal": "SIGTERM", "core": False}, "the stopped child's exit")
        g.eq(len(tr.tasks), 3, "number of tasks")
ctlib.cleanup(run)
tap.done()
