#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each task's cgroups (tasks[].cgroup) against what the task itself read
from /proc/self/cgroup, in cgroups of the test's own making (cgroup v2):

  moved   a process that moves itself (writes its pid to cgroup.procs) and
          then execs: the exec shows where it went;
  placed  a process its parent moves while it waits (as a container
          runtime moves its child), which then makes a process: that
          clone shows it; the process it makes was born there;
  root    the traced command, in the test's own cgroups.

A cgroup path alone names no container here, so no task has "container".
Needs root (to make cgroups) and a cgroup2 file system."""

import os
import time

import ctlib

# The traced command: $1 the test's cgroup directory, $2 where the tasks write what they saw.
SCRIPT = r"""
cg=$1 out=$2
sh -c 'echo $$ > "$1/moved/cgroup.procs" && echo $$ > "$2/moved.pid" && exec cat /proc/self/cgroup > "$2/moved.txt"' sh "$cg" "$out"
sh -c 'read x < "$2/go"; echo $$ > "$2/placed.pid"; cat /proc/$$/cgroup > "$2/placed.txt"; :' sh "$cg" "$out" &
echo $! > "$cg/placed/cgroup.procs"
echo go > "$out/go"
wait
"""


def cgroup2_mount():
    """Where a cgroup2 file system is mounted, or None."""
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            if post.split(" ", 1)[0] == "cgroup2":
                return pre.split()[4]
    return None


def rmdir_retry(d):
    """A cgroup is removable once its last task is reaped, which may lag a moment."""
    for _ in range(50):
        try:
            os.rmdir(d)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.1)


ctlib.need_clonetrace()
if os.geteuid() != 0:
    ctlib.skip_all("making cgroups needs root")
mnt = cgroup2_mount()
if mnt is None:
    ctlib.skip_all("no cgroup2 file system mounted")
tap = ctlib.Tap()
cg = os.path.join(mnt, "clonetrace-test-%d" % os.getpid())
out = ctlib.tmpdir("cgroup")
run = None
try:
    os.makedirs(os.path.join(cg, "moved"))
    os.makedirs(os.path.join(cg, "placed"))
    os.mkfifo(os.path.join(out, "go"))
    run = ctlib.record(None, cmd=["sh", "-c", SCRIPT, "sh", cg, out], truth=False)
    if ctlib.check_run(tap, run, "cgroup", want_rc=0):
        tr = ctlib.check_format(tap, run, "cgroup")
        root = tr.root()
        with open("/proc/self/cgroup") as f:
            mine = ctlib.cgroup_of(f.read().splitlines())
        with tap.group("cgroup: the traced command is in the test's cgroups") as g:
            g.eq(root.get("cgroup"), mine, "root task's cgroup")
        for name, says in (("moved", "moves itself, then execs"),
                           ("placed", "is moved by its parent, then makes a process")):
            with tap.group("cgroup: a process that %s is where it saw itself" % says) as g:
                with open(os.path.join(out, name + ".pid")) as f:
                    pid = int(f.read())
                with open(os.path.join(out, name + ".txt")) as f:
                    saw = ctlib.cgroup_of(f.read().splitlines())
                t = tr.task(pid)
                if not g.true(t is not None, "one task with tid %d" % pid):
                    continue
                g.eq(saw.get("v2"), cg[len(mnt.rstrip("/")):] + "/" + name,
                     "the process saw itself in the test's cgroup")
                g.eq(t.get("cgroup"), saw, "%s's cgroup" % tr.name(t))
                g.true(t.get("cgroup") != root.get("cgroup"), "which is not the root's")
                if name == "placed":
                    kids = [k for k in tr.children(t) if k.get("comm") == "cat"]
                    if g.true(len(kids) == 1, "one cat made by it: %s" % [k["comm"] for k in tr.children(t)]):
                        g.eq(kids[0].get("cgroup"), saw, "the cat it made afterwards is there too")
        with tap.group("cgroup: no path here names a container") as g:
            g.eq([t["id"] for t in tr.tasks if "container" in t], [], "tasks with a container")
finally:
    ctlib.cleanup(run)
    ctlib.rmtree(out)
    for d in ("moved", "placed", ""):
        rmdir_retry(os.path.join(cg, d))
tap.done()
