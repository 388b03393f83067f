#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/clone3 traced: raw clone3 in each size, CLONE_PARENT_SETTID,
CLONE_PIDFD, exit signal SIGUSR1, set_tid in a new PID namespace (and the
namespace-local pids its init gets back), CLONE_INTO_CGROUP: decoded
arguments, results, children, NSpid and namespaces against the truth."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, root = ctlib.record_checked(tap, "clone3")
if tr:
    sk = ctlib.skips(truth)
    calls = truth["calls"]

    # The truth's calls of each caller, in order, against the trace's clone3
    # calls of that task, in order (the sample makes no other clone3 calls).
    nsinit = None
    for c in calls:
        if c["name"] == "newpid" and "child" in c:
            nsinit = tr.task(c["child"]["pid"])
    caller_task = {"root": root, "nsinit": nsinit}
    pairs = []
    with tap.group("clone3: every clone3 call is in the trace, in order") as g:
        for who in ("root", "nsinit"):
            want = [c for c in calls if c["caller"] == who]
            if not want:
                continue
            t = caller_task[who]
            if not g.true(t is not None, "the %s task is in the trace" % who):
                continue
            got = [c for c in tr.calls_by(t) if c["syscall"] == "clone3"]
            g.eq(len(got), len(want), "clone3 calls made by %s" % who)
            pairs += list(zip(want, got))

    for name in ("sizes", "pidfd", "exit_signal", "newpid", "into_cgroup", "nsinit"):
        sel = [(w, c) for w, c in pairs
               if (name == "sizes" and w["name"].startswith("size"))
               or (name == "nsinit" and w["caller"] == "nsinit")
               or w["name"] == name]
        title = {
            "sizes": "clone3: struct sizes 64, 80, 88 and CLONE_PARENT_SETTID",
            "pidfd": "clone3: CLONE_PIDFD and the pidfd value",
            "exit_signal": "clone3: exit signal SIGUSR1 (waited with __WALL)",
            "newpid": "clone3: CLONE_NEWPID with set_tid=[1]",
            "into_cgroup": "clone3: CLONE_INTO_CGROUP",
            "nsinit": "clone3: calls inside the new PID namespace return namespace-local pids",
        }[name]
        reason = sk.get("newpid" if name == "nsinit" else name)
        with tap.group(title) as g:
            if reason:
                g.skip(reason)
            if not sel and not reason:
                g.fail("no such call in the trace")
            for w, c in sel:
                what = w["name"]
                g.eq(c["args"].get("size"), w["size"], what + " args.size")
                g.eq(c["args"].get("args_status"), "ok", what + " args.args_status")
                g.eq(sorted(c["flags"]), sorted(w["flags"]), what + " flags")
                g.eq(int(c["flags_value"], 16), int(w["flags_value"], 16), what + " flags_value")
                g.eq(c["exit_signal"], w["exit_signal"], what + " exit_signal")
                g.eq(c["result"], w["result"], what + " result")
                g.eq(c["violates"], [], what + " violates")
                if "set_tid" in w:
                    g.eq(c["args"].get("set_tid"), w["set_tid"], what + " args.set_tid")
                if "pidfd_value" in w:
                    g.eq(c["args"].get("pidfd_value"), w["pidfd_value"], what + " args.pidfd_value")
                    g.eq(w.get("pidfd_fdinfo_pid"), w["child"]["pid"], what + " pidfd names the child")
                if "parent_tid_value" in w:
                    g.eq(c["args"].get("parent_tid_value"), w["parent_tid_value"],
                         what + " args.parent_tid_value")
                if "cgroup_path" in w:
                    g.eq(c["args"].get("cgroup"), w["cgroup_fd"], what + " args.cgroup")
                    g.eq(c["args"].get("cgroup_path"), w["cgroup_path"], what + " args.cgroup_path")
                    g.eq(w.get("cgroup_seen"), w.get("cgroup_relative"),
                         what + ": the child found itself in the cgroup")
                if "signals_received" in w:
                    g.eq(w["signals_received"], 1, what + ": the parent got SIGUSR1 once")
                ch = w.get("child")
                if not g.true(ch is not None, what + ": the sample saw a child"):
                    continue
                t = tr.task(ch["pid"])
                if not g.true(t is not None, "%s: one task with tid %s" % (what, ch["pid"])):
                    continue
                g.eq(c["child"], t["id"], what + " call's child")
                if "cgroup_seen" in w:
                    g.eq((t.get("cgroup") or {}).get("v2"), w["cgroup_seen"],
                         what + ": the child's cgroup.v2 is where it found itself")
                caller = caller_task[w["caller"]]
                g.eq(t["creator"], caller["id"], what + " child's creator")
                g.eq(t["parent"], caller["id"], what + " child's parent")
                g.eq(t["kind"], "process", what + " child's kind")
                g.eq(ctlib.exit_of(t), ch["exit"], what + " child's exit")
                if "nspid" in ch:
                    g.eq(t["nspid"], ch["nspid"], what + " child's nspid")
                    g.eq(t["nspid"][-1:], [ch["getpid"]], what + " child's innermost pid (getpid)")
                if "pid_ns" in ch:
                    g.eq(t["ns"].get("pid"), ch["pid_ns"], what + " child's ns.pid")
                if w["caller"] == "nsinit":
                    g.true(t["tid"] != w["result"]["value"],
                           "%s: task tid %s is global, the result %s namespace-local"
                           % (what, t["tid"], w["result"]["value"]))

    with tap.group("clone3: the new PID namespace's init") as g:
        if sk.get("newpid"):
            g.skip(sk["newpid"])
        elif g.true(nsinit is not None, "init task in the trace"):
            w = [c for c in calls if c["name"] == "newpid"][0]
            g.true(nsinit["ns"].get("pid") != root["ns"].get("pid"), "init's ns.pid differs from the root's")
            g.eq(nsinit["ns"].get("pid"), w["child"]["pid_ns"], "init ns.pid")
            g.eq(nsinit["nspid"], w["child"]["nspid"], "init nspid")
            g.eq(nsinit["nspid"][-1], 1, "init is pid 1 inside")
            g.eq(root["ns"].get("pid_for_children"), truth["ns"]["pid_for_children"],
                 "root's pid_for_children unchanged")
            for k in ("mnt", "net", "uts", "ipc", "user", "cgroup"):
                g.eq(nsinit["ns"].get(k), root["ns"].get(k), "init ns.%s (not new)" % k)
ctlib.cleanup(run)
tap.done()
