#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/thread_names traced: threads renamed after they start, by
prctl(PR_SET_NAME) (twice), by writing /proc/self/task/TID/comm, and by
another thread (pthread_setname_np); each task's `comm` is its last name
and `names` the names it had, in order (docs/trace-format.md).  As root
the renames come from the kernel's process-events connector; as nobody
(no CAP_NET_ADMIN) from a stop at each task's exit: both are checked.
In light mode (t-light.py) without the connector (not root, or in a
container's PID namespace: ctlib.proc_connector_missing()) a name is read
at the task's exit only: the names checked are the first and the last,
the trace and stderr must say what is missed, and the names a thread had
only in between (ct-prctl-1) are a skip that says why."""

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


def check(run, label, unnamed=None):
    """unnamed: why renames can't come from the kernel's process-events
    connector in light mode (each task's name is then read at its stops:
    its start and its exit), None when they can or in another mode."""
    if not ctlib.check_run(tap, run, label, want_rc=0):
        return
    tr = ctlib.check_format(tap, run, label)
    truth = run.truth
    root = ctlib.check_root(tap, run, tr, label)
    if ctlib.EXPECT_MODE == "light":
        with tap.group("%s: meta.notes and one line on stderr say whether renames between "
                       "two stops are missed" % label) as g:
            notes = [n for n in run.trace["meta"]["notes"] if "process-events connector" in n]
            err = [l for l in run.stderr.decode(errors="replace").splitlines()
                   if "process-events connector" in l]
            n = 1 if unnamed else 0
            g.eq(len(notes), n, "notes naming the connector (%s)" % (unnamed or "it is there"))
            g.eq(len(err), n, "lines on stderr naming it")
            if unnamed:
                g.true(notes and "not seen" in notes[0], "the note says what is not seen: %r" % notes)
    for th in truth["threads"]:
        want = dedup(th["names"])
        # without the connector, light mode reads a name at the task's exit only
        seen = dedup([want[0], want[-1]]) if unnamed else want
        with tap.group("%s: the %s thread's comm and names" % (label, th["role"])) as g:
            t = tr.task(th["tid"])
            if not g.true(t is not None, "one task with tid %d" % th["tid"]):
                continue
            g.eq(t["comm"], th["comm"], "comm (its last name)")
            got = dedup([n.get("comm") for n in t.get("names", [{"comm": t["comm"]}])])
            g.eq(got, seen, "names, in order" + (": its first, and its last read at its exit"
                                                 if unnamed else ""))
            for n in t.get("names", []):
                g.true(isinstance(n.get("time_ns"), int) and isinstance(n.get("via"), str),
                       "each names[] entry has time_ns and via: %s" % n)
        if seen != want:
            tap.skip("%s: the %s thread's names between two of its stops (%s)"
                     % (label, th["role"], ", ".join(x for x in want if x not in seen)),
                     "light mode sees them only from the process-events connector: " + unnamed)
    with tap.group("%s: the main thread's last name" % label) as g:
        g.eq(root["comm"], truth["main_names"][-1], "root comm")
        got = dedup([n.get("comm") for n in root.get("names", [{"comm": root["comm"]}])])
        g.eq(got[-2:], dedup(truth["main_names"]), "root names, the last two")


ctlib.need_clonetrace()
tap = ctlib.Tap()
run = ctlib.record("thread_names")
check(run, "thread_names", ctlib.proc_connector_missing() if ctlib.EXPECT_MODE == "light" else None)
ctlib.cleanup(run)

# The same as nobody: no proc connector, so each task stops at its exit.
setpriv = shutil.which("setpriv")
NOBODY = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
why = None
if os.geteuid() != 0 or not setpriv:
    why = "needs root and setpriv to run clonetrace as nobody"
elif subprocess.run(NOBODY + [ctlib.CLONETRACE, "--version"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL).returncode != 0 or \
        subprocess.run(NOBODY + ["test", "-x", ctlib.sample_path("thread_names")]).returncode != 0:
    why = "nobody may not run %s or the sample here" % ctlib.CLONETRACE
if ctlib.MODE_OPTS:
    pass  # run once, in the default mode: not a check of the other modes
elif why:
    with tap.group("thread_names as nobody (renames seen at each task's exit)") as g:
        g.skip(why)
else:
    run = ctlib.Run()
    run.tmp = ctlib.tmpdir("thread_names-nobody")
    os.chmod(run.tmp, 0o777)
    tpath, truth_path = os.path.join(run.tmp, "trace.json"), os.path.join(run.tmp, "truth.json")
    run.cmd = NOBODY + [ctlib.CLONETRACE, "record", "-q", "-o", tpath, "--",
                        ctlib.sample_path("thread_names"), truth_path]
    p = subprocess.run(run.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    run.rc, run.stdout, run.stderr = p.returncode, p.stdout, p.stderr
    try:
        run.trace, run.truth = ctlib.load_json(tpath), ctlib.load_json(truth_path)
    except (OSError, ValueError) as e:
        run.error = "as nobody: %s" % e
    check(run, "thread_names as nobody")
    ctlib.cleanup(run)
tap.done()
