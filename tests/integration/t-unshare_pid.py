#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/unshare_pid traced: unshare(CLONE_NEWTIME) and unshare(CLONE_NEWPID)
change only the caller's *_for_children, and the PID namespace can't be read
until its first process exists: every task born after them has the
namespaces it saw itself (ns.pid, ns.time, nspid), and the caller's
pid_for_children and time_for_children are the new ones."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, _ = ctlib.record_checked(tap, "unshare_pid")
if tr:
    sk = ctlib.skips(truth)
    keeper = truth["keeper"]
    kt = tr.task(keeper["tid"])

    with tap.group("unshare_pid: the keeper's unshare calls") as g:
        if g.true(kt is not None, "one task with the keeper's tid %d" % keeper["tid"]):
            got = {c["flags"][0]: c for c in tr.calls_by(kt) if c["syscall"] == "unshare"}
            for flag, key in (("CLONE_NEWTIME", "unshare_time"), ("CLONE_NEWPID", "unshare_pid")):
                c = got.get(flag)
                if g.true(c is not None, "an unshare(%s) call by the keeper" % flag):
                    want = {"value": 0} if keeper[key] == 0 else {"errno": None}
                    if keeper[key] == 0:
                        g.eq(c["result"], want, flag + " result")
                    else:
                        g.true("errno" in (c["result"] or {}), flag + " failed in the trace too")

    with tap.group("unshare_pid: the keeper's namespaces, *_for_children included") as g:
        if kt is None:
            g.fail("no keeper task")
        else:
            ctlib.check_ns(g, kt, keeper["ns"], "keeper")
            g.eq(kt["nspid"], keeper["nspid"], "keeper nspid")

    roles = {"timechild": "newtime", "init": "newpid", "grandchild": "newpid"}
    by_role = {x["role"]: x for x in truth["tasks"]}
    for role, part in roles.items():
        name = "unshare_pid: %s has the namespaces it saw (ns.*, nspid)" % role
        if part in sk:
            tap.skip(name, sk[part])
            continue
        with tap.group(name) as g:
            x = by_role.get(role)
            if not g.true(x is not None, "the sample reported %s" % role):
                continue
            t = tr.task(x["nspid"][0])
            if not g.true(t is not None, "one task with %s's tid %d" % (role, x["nspid"][0])):
                continue
            ctlib.check_ns(g, t, x["ns"], role)
            g.eq(t["nspid"], x["nspid"], role + " nspid")
            c = tr.call_of(t)
            if g.true(c is not None, role + ": its creating call"):
                g.eq(ctlib.result_of(c), {"value": x["tid"]}, role + " call result (as its creator saw it)")
ctlib.cleanup(run)
tap.done()
