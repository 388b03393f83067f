#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record -p on samples/attach_ns, which makes its namespace calls only after
the attach: a failed unshare, unshare(CLONE_NEWUTS|CLONE_NEWPID), a child
in the new PID namespace, setns back.  In both attach modes every task's
namespaces are what it saw (the unsharing task's too, and its child's).
With --no-seccomp (syscall stops on the attached tasks, meta.mode
"attach-syscall") the unshare and setns calls, the failed one included,
are in the trace with their results."""

import os
import subprocess
import time

import ctlib




def attach_run(opts):
    tmp = ctlib.tmpdir("attach_ns")
    truth_path, trace = os.path.join(tmp, "truth.json"), os.path.join(tmp, "trace.json")
    p = subprocess.Popen([ctlib.sample_path("attach_ns"), truth_path], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    ct = subprocess.Popen([ctlib.CLONETRACE, "record", "-o", trace] + opts + ["-p", str(p.pid)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(200):
        if ctlib.tracer_pid(p.pid) == ct.pid:
            break
        time.sleep(0.02)
    time.sleep(0.1)
    p.stdin.write(b"go\n")
    p.stdin.close()
    p.wait(timeout=60)
    out, err, rc = ctlib.finish(ct, 60)
    r = ctlib.Run()
    r.tmp, r.rc, r.stderr = tmp, rc, err
    r.cmd = ct.args
    try:
        r.trace, r.truth = ctlib.load_json(trace), ctlib.load_json(truth_path)
    except (OSError, ValueError) as e:
        r.error = str(e)
    return r


ctlib.need_clonetrace()
tap = ctlib.Tap()
for opts, mode in (([], "attach"), (["--no-seccomp"], "attach-syscall")):
    name = "attach_ns %s" % (" ".join(opts + ["-p"]))
    run = attach_run(opts)
    if not ctlib.check_run(tap, run, name, want_rc=0):
        ctlib.cleanup(run)
        continue
    tr, truth = ctlib.Trace(run.trace), run.truth
    sk = ctlib.skips(truth)
    with tap.group(name + ": meta.mode") as g:
        g.eq(tr.meta.get("mode"), mode, "meta.mode")
    if "ns" in sk:
        tap.skip(name + ": namespaces", sk["ns"])
        ctlib.cleanup(run)
        continue
    with tap.group(name + ": the worker's and its child's namespaces are what they saw") as g:
        for role in ("worker", "inner"):
            x = truth[role]
            t = tr.task(x["nspid"][0])
            if g.true(t is not None, "one task for %s (tid %d)" % (role, x["nspid"][0])):
                ctlib.check_ns(g, t, x["ns"], role)
                g.eq(t["nspid"], x["nspid"], role + " nspid")
    if mode == "attach-syscall":
        with tap.group(name + ": the worker's unshare and setns calls, the failed one too") as g:
            w = tr.task(truth["worker"]["nspid"][0])
            got = [c for c in tr.calls_by(w) if c["syscall"] in ("unshare", "setns")] if w else []
            want = truth["calls"]
            g.eq([(c["syscall"], sorted(c["flags"]), c["result"]) for c in got],
                 [(x["syscall"], sorted(x["flags"]), x["result"]) for x in want], "calls")
    ctlib.cleanup(run)
tap.done()
