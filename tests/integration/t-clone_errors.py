#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/clone_errors traced: every combination clone(2) ERRORS documents,
made with raw clone/clone3.  Each call is recorded with its flags by name,
its errno (or the child a newer kernel made), and the rules it breaks when
it failed."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "clone_errors")
if tr:
    want = truth["calls"]
    got = [c for c in tr.calls_by(root) if c["syscall"] in ("clone", "clone3")]

    with tap.group("clone_errors: every call is in the trace, in order") as g:
        g.eq(len(got), len(want), "clone/clone3 calls by the root")
        g.eq([c["syscall"] for c in got], [w["syscall"] for w in want], "syscalls in order")

    for w, c in zip(want, got):
        what = w["name"]
        with tap.group("clone_errors: %s: %s" % (what, w["result"].get("errno", "succeeds on this kernel"))) as g:
            g.eq(c["syscall"], w["syscall"], "syscall")
            if w.get("args_status") == "too_small":
                # below 64 bytes nobody reads the struct: its flags are unknown, not 0
                g.eq(c["flags"], [], "flags of a struct never read")
                g.eq(c["flags_value"], None, "flags_value of a struct never read")
                g.eq(c["exit_signal"], None, "exit_signal of a struct never read")
            else:
                # above the page, the 88 bytes the kernel knows, as strace shows them
                g.eq(sorted(c["flags"]), sorted(w["flags"]), "flags")
                mask = ~0xff if w["syscall"] == "clone" else ~0
                g.eq(int(c["flags_value"], 16) & mask, int(w["flags_value"], 16), "flags_value")
            if w.get("args_status") == "too_small":
                pass
            elif w["exit_signal"] is None:
                g.true(c["exit_signal"] in (None, 0), "exit_signal null or 0, got %r" % c["exit_signal"])
            elif w.get("args_status") in (None, "nonzero_tail", "too_big"):
                g.eq(c["exit_signal"], w["exit_signal"], "exit_signal")
            if "size" in w:
                g.eq(c["args"].get("size"), w["size"], "args.size")
                g.eq(c["args"].get("args_status"), w.get("args_status", "ok"), "args.args_status")
            g.eq(c["result"], w["result"], "result")
            if "errno" in w["result"]:
                if w["result"]["errno"] == w["documented"]:
                    g.true(c["violates"], "a failed call lists the rules it breaks (violates is %r)"
                           % c["violates"])
                else:   # e.g. EPERM without privilege: not the arguments' fault
                    g.note("failed with %s, not the documented %s; violates: %s"
                           % (w["result"]["errno"], w["documented"], c["violates"]))
                g.eq(c["child"], None, "child of a failed call")
            else:
                if w["documented"] and c["violates"]:
                    g.note("succeeded on this kernel though clone(2) documents %s; violates: %s"
                           % (w["documented"], c["violates"]))
                t = tr.task(w["result"]["value"])
                if g.true(t is not None, "one task with tid %s" % w["result"]["value"]):
                    g.eq(c["child"], t["id"], "child")
                    g.eq(t["creator"], root["id"], "child's creator")
                    fl = set(w["flags"])
                    g.eq(t["kind"], "thread" if "CLONE_THREAD" in fl else "process", "child's kind")
                    if fl & {"CLONE_PARENT", "CLONE_THREAD"}:
                        g.eq(t["parent"], root["parent"], "child's real parent (the root's parent)")
                    else:
                        g.eq(t["parent"], root["id"], "child's parent")
                    if "CLONE_PIDFD" in fl:
                        g.true(isinstance(c["args"].get("pidfd_value"), int),
                               "args.pidfd_value recorded: %r" % c["args"].get("pidfd_value"))
                    if fl & {"CLONE_NEWUSER", "CLONE_NEWPID"}:
                        for k in ("user", "pid"):
                            if "CLONE_NEW" + k.upper() in fl:
                                g.true(t["ns"].get(k) != root["ns"].get(k),
                                       "child's ns.%s is new (%s vs %s)" % (k, t["ns"].get(k), root["ns"].get(k)))
                    g.eq(ctlib.exit_of(t), {"code": 0}, "child's exit (it calls exit(0) at once)")
ctlib.cleanup(run)
tap.done()
