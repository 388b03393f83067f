#!/usr/bin/env python3
"""samples/thread_names traced: threads renamed after they start, by
prctl(PR_SET_NAME) (twice), by writing /proc/self/task/TID/comm, and by
another thread (pthread_setname_np); each task's `comm` is its last name
and `names` the names it had, in order (docs/trace-format.md).  As root
the renames come from the kernel's process-events connector; as nobody
(no CAP_NET_ADMIN) from a stop at each task's exit: both are checked."""

import os
import shutil
import subprocess

import ctlib


def dedup(xs):
    out = []
    for x in xs:
        if not out or out[-1] != x:
            out.append(x)
    return out


def check(run, label):
    if not ctlib.check_run(tap, run, label, want_rc=0):
        return
    tr = ctlib.check_format(tap, run, label)
    truth = run.truth
    root = ctlib.check_root(tap, run, tr, label)
    for th in truth["threads"]:
        with tap.group("%s: the %s thread's comm and names" % (label, th["role"])) as g:
            t = tr.task(th["tid"])
            if not g.true(t is not None, "one task with tid %d" % th["tid"]):
                continue
            g.eq(t["comm"], th["comm"], "comm (its last name)")
            want = dedup(th["names"])
            got = dedup([n.get("comm") for n in t.get("names", [{"comm": t["comm"]}])])
            g.eq(got, want, "names, in order")
            for n in t.get("names", []):
                g.true(isinstance(n.get("time_ns"), int) and isinstance(n.get("via"), str),
                       "each names[] entry has time_ns and via: %s" % n)
    with tap.group("%s: the main thread's last name" % label) as g:
        g.eq(root["comm"], truth["main_names"][-1], "root comm")
        got = dedup([n.get("comm") for n in root.get("names", [{"comm": root["comm"]}])])
        g.eq(got[-2:], dedup(truth["main_names"]), "root names, the last two")


ctlib.need_clonetrace()
tap = ctlib.Tap()
run = ctlib.record("thread_names")
check(run, "thread_names")
ctlib.cleanup(run)

# The same as nobody: no proc connector, so each task stops at its exit.
setpriv = shutil.which("setpriv")
if os.geteuid() != 0 or not setpriv or ctlib.MODE_OPTS:
    with tap.group("thread_names as nobody (renames seen at each task's exit)") as g:
        g.skip("needs root and setpriv to run clonetrace as nobody" if not ctlib.MODE_OPTS
               else "run once, in the default mode")
else:
    run = ctlib.Run()
    run.tmp = ctlib.tmpdir("thread_names-nobody")
    os.chmod(run.tmp, 0o777)
    tpath, truth_path = os.path.join(run.tmp, "trace.json"), os.path.join(run.tmp, "truth.json")
    run.cmd = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", ctlib.CLONETRACE,
               "record", "-q", "-o", tpath, "--", ctlib.sample_path("thread_names"), truth_path]
    p = subprocess.run(run.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    run.rc, run.stdout, run.stderr = p.returncode, p.stdout, p.stderr
    try:
        run.trace, run.truth = ctlib.load_json(tpath), ctlib.load_json(truth_path)
    except (OSError, ValueError) as e:
        run.error = "as nobody: %s" % e
    check(run, "thread_names as nobody")
    ctlib.cleanup(run)
tap.done()
