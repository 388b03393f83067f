#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/uts_namespace traced (the clone(2) manual page's example): the
child's new UTS namespace, the hostnames each side saw, and stdout passing
through."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "uts_namespace")
if tr:
    reason = ctlib.skips(truth).get("newuts")
    calls = [c for c in tr.calls_by(root) if c["syscall"] == "clone"]

    with tap.group("uts_namespace: the clone call") as g:
        if g.eq(len(calls), 1, "clone calls by the root"):
            c = calls[0]
            g.eq(sorted(c["flags"]), sorted(truth["flags"]), "flags")
            g.eq(int(c["flags_value"], 16) & ~0xff, int(truth["flags_value"], 16), "flags_value")
            g.eq(c["exit_signal"], "SIGCHLD", "exit_signal")
            g.eq(c["result"], truth["result"], "result")
            g.true(c["args"].get("stack") not in (None, "0x0"), "args.stack is set: %r" % c["args"].get("stack"))

    with tap.group("uts_namespace: the child is in its own UTS namespace") as g:
        if reason:
            g.skip(reason)
        else:
            ch = truth["child"]
            g.eq(ch["hostname"], "ct-uts-child", "hostname the child saw")
            g.true(truth["parent"]["hostname"] != ch["hostname"], "the parent's hostname is not the child's")
            g.true(ch["uts_ns"] != truth["parent"]["uts_ns"], "the sample saw two UTS namespaces")
            t = tr.task(ch["pid"])
            if g.true(t is not None, "one task with the child's tid %s" % ch["pid"]):
                g.eq(ch["pid_seen"], ch["pid"], "getpid in the child")
                g.eq(t["creator"], root["id"], "child creator")
                g.eq(t["parent"], root["id"], "child parent")
                g.eq(t["call"], calls[0]["id"] if calls else None, "child call")
                g.eq(t["ns"].get("uts"), ch["uts_ns"], "child ns.uts")
                g.eq(root["ns"].get("uts"), truth["parent"]["uts_ns"], "root ns.uts")
                ctlib.check_ns(g, t, ch["ns"], "child")
                for k, v in root["ns"].items():
                    if k != "uts":
                        g.eq(t["ns"].get(k), v, "child ns.%s (same as the root's)" % k)
                g.eq(ctlib.exit_of(t), ch["exit"], "child exit")

    with tap.group("uts_namespace: stdout passes through") as g:
        out = run.stdout.decode(errors="replace")
        if not reason:
            g.true("uts.nodename in child:  ct-uts-child" in out, "child's line in stdout: %r" % out)
            g.true("clone() returned %d" % truth["child"]["pid"] in out, "clone() line in stdout: %r" % out)
            g.true("child has terminated" in out, "last line in stdout: %r" % out)
        else:
            g.eq(out, "", "stdout")
ctlib.cleanup(run)
tap.done()
