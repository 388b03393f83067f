#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/unshare_setns traced: a thread's unshare(2) and setns(2) calls
(unshare(0), failures, setns with nstype 0 resolved from the fd), the
instances it left (against kcmp) and its final namespaces."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "unshare_setns")
if tr:
    sk = ctlib.skips(truth)
    w = tr.task(truth["worker_tid"])
    want = truth["calls"]

    with tap.group("unshare_setns: the worker's unshare and setns calls, in order") as g:
        if g.true(w is not None, "one task with the worker's tid %d" % truth["worker_tid"]):
            got = [c for c in tr.calls_by(w) if c["syscall"] in ("unshare", "setns")]
            g.eq([c["syscall"] for c in got], [x["syscall"] for x in want], "syscalls")
            for i, (x, c) in enumerate(zip(want, got)):
                what = "call %d (%s %s)" % (i, x["syscall"], "|".join(x["flags"]) or "0")
                g.eq(sorted(c["flags"]), sorted(x["flags"]), what + " flags")
                g.eq(int(c["flags_value"], 16), int(x["flags_value"], 16), what + " flags_value")
                g.eq(c["result"], x["result"], what + " result")
                g.eq(c["child"], None, what + " child")
                if x["syscall"] == "setns":
                    g.eq(c["args"].get("fd"), x["fd"], what + " args.fd")
                    g.eq(c["args"].get("ns_type"), x["ns_type"], what + " args.ns_type")
                if x["syscall"] == "unshare" and "errno" not in x["result"]:
                    g.eq(c["violates"], [], what + " violates")
            g.eq(len([c for c in tr.calls if c["syscall"] in ("unshare", "setns")]), len(want),
                 "unshare/setns calls in the whole trace")

    with tap.group("unshare_setns: the worker's namespaces at its end") as g:
        if w is None:
            g.fail("no worker task")
        else:
            g.eq(w["ns"].get("uts"), want[-1]["uts_after"], "worker ns.uts after the last setns")
            g.eq(w["ns"].get("uts"), truth["main_uts"], "worker ns.uts (the main thread's again)")
            g.eq(root["ns"].get("uts"), truth["main_uts"], "main ns.uts")
            for k, v in truth["ns"].items():
                if k != "uts":
                    g.eq(w["ns"].get(k), v, "worker ns.%s (never changed)" % k)

    with tap.group("unshare_setns: the worker left files, fs and sysvsem, kept vm and sighand") as g:
        if w is not None:
            for k in ("files", "fs", "sysvsem"):
                g.true(w["shares"].get(k) != root["shares"].get(k),
                       "%s: worker %s differs from main's %s" % (k, w["shares"].get(k), root["shares"].get(k)))
            for k in ("vm", "sighand", "thread_group"):
                g.eq(w["shares"].get(k), root["shares"].get(k), "worker shares.%s" % k)
            g.eq(w["kind"], "thread", "worker kind")
        else:
            g.fail("no worker task")

    label = {truth["main_tid"]: "main", truth["worker_tid"]: "worker"}
    if "kcmp" in sk:
        tap.skip("unshare_setns: sharing agrees with kcmp", sk["kcmp"])
    else:
        ctlib.check_kcmp(tap, tr, truth.get("kcmp"), label,
                         "unshare_setns: sharing agrees with kcmp after unshare")
ctlib.cleanup(run)
tap.done()
