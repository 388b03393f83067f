#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/setns_join traced: setns into another process's namespaces, by a
namespace fd and by a pidfd: each setns call records the namespace the fd
names (`args.ns_type`, `args.ns_inode`) and, when it worked, `joined`: the
kind and inode of each namespace it moved the caller to; the failed call
has no `joined`.  Joining a PID namespace by fd (runc exec) joins
`pid_for_children` alone: the caller's own `pid` is unchanged."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "setns_join")
if tr:
    sk = ctlib.skips(truth)
    if "ns" in sk:
        tap.skip("setns_join: each setns names the namespace joined", sk["ns"])
    else:
        with tap.group("setns_join: each setns names the namespace joined") as g:
            j = tr.task(truth["joiner_tid"])
            got = [c for c in tr.calls_by(j) if c["syscall"] == "setns"] if j else []
            want = truth["calls"]
            g.eq(len(got), len(want), "setns calls by the joiner thread")
            for i, (c, x) in enumerate(zip(got, want)):
                what = "setns %d (fd %d, %s)" % (i, x["fd"], "|".join(x["nstype"]) or "0")
                g.eq(c["args"].get("fd"), x["fd"], what + " args.fd")
                g.eq(sorted(c["flags"]), sorted(x["nstype"]), what + " flags")
                g.eq(c["result"], x["result"], what + " result")
                g.eq(c["args"].get("ns_type"), x["fd_kind"], what + " args.ns_type")
                if x["fd_kind"] != "pidfd":
                    g.eq(c["args"].get("ns_inode"), x["fd_inode"], what + " args.ns_inode")
                else:
                    g.true("ns_inode" not in c["args"], what + ": no args.ns_inode for a pidfd")
                if "errno" in x["result"]:
                    g.true("joined" not in c, what + ": a failed call joined nothing")
                else:
                    g.eq(c.get("joined"), x["joined"], what + " joined")
                if "after" in x and "joined" in c:
                    # CLONE_NEWPID by fd moves pid_for_children only (runc exec)
                    g.eq(c["joined"].get("pid_for_children"), x["after"]["pid_for_children"],
                         what + " joined.pid_for_children, as the caller read it after")
                    g.true("pid" not in c["joined"],
                           what + ": joined has no pid (the caller's own, %d, is unchanged)"
                           % x["after"]["pid"])
            # (skips.pid: the holder could not make a PID namespace, none to join)
            if "pid" not in sk:
                g.true(any("after" in x for x in want), "the sample joined a PID namespace by fd")
            if j:
                uts = [x["joined"]["uts"] for x in want if "uts" in x.get("joined", {})]
                g.eq(j["ns"].get("uts"), uts[-1] if uts else None, "joiner ns.uts at its end")
ctlib.cleanup(run)
tap.done()
