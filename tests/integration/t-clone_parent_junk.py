#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/clone_parent_junk traced: clone(CLONE_PARENT|SIGCHLD) with junk in
the parent_tid, child_tid and tls registers (runc's nsexec): the call
records none of them (their flags are not set), and the new task is a
child of the caller's parent."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "clone_parent_junk")
if tr:
    with tap.group("clone_parent_junk: the call keeps only the arguments its flags use") as g:
        m, s = tr.task(truth["middle"]), tr.task(truth["sibling"])
        if g.true(m is not None and s is not None, "tasks for the middle and the sibling"):
            c = tr.call_of(s)
            if g.true(c is not None and c["task"] == m["id"], "the sibling's call, made by the middle"):
                g.eq(sorted(c["flags"]), sorted(truth["flags"]), "flags")
                g.eq(c["exit_signal"], "SIGCHLD", "exit_signal")
                g.eq(c["result"], truth["result"], "result")
                for k in ("tls", "parent_tid", "child_tid", "pidfd"):
                    g.true(k not in c["args"], "no args.%s (got %r)" % (k, c["args"].get(k)))
                g.eq(c["args"].get("stack"), "0x0", "args.stack")
            g.eq(s["parent"], root["id"], "the sibling's parent: the sample (CLONE_PARENT)")
            g.eq(s["creator"], m["id"], "the sibling's creator: the middle")
ctlib.cleanup(run)
tap.done()
