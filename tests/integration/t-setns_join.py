#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/setns_join traced: setns into another process's namespaces, by a
namespace fd and by a pidfd: each setns call records the namespace the fd
names (`args.ns_type`, `args.ns_inode`) and, when it worked, `joined`: the
kind and inode of each namespace it moved the caller to; the failed call
has no `joined`."""

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
            if j:
                g.eq(j["ns"].get("uts"), want[-1]["joined"].get("uts", want[-2]["joined"].get("uts")),
                     "joiner ns.uts at its end")
ctlib.cleanup(run)
tap.done()
