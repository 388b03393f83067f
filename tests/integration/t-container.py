#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Container context per task: two runc containers run one after the other
under one trace (`sh -c 'runc run ctA-N; runc run ctB-N'`).  Each
container's processes report what they see of themselves (rtlib.py's
/report.sh: namespaces, NSpid, /proc/PID/cgroup) and its first process
then waits, so that the test can ask runc and the kernel while it runs:
`runc state` (its pid), runc's state.json (the cgroup paths runc made) and
the cgroup's own list of tasks.  The trace must agree:

  - each reporting process is one task, with the container's id (named by
    the runc command line: runc's default cgroupfs path, /ID, names
    nothing by itself) and the cgroups it read;
  - runc state's pid is a task of the container, in the cgroups runc says;
  - every task in the container's cgroup while it ran is a task of it;
  - only tasks that `runc run ID` made carry its id;
  - `-e container=ID` keeps exactly the tasks that carry ID, and `show`
    names the container.

Needs root, runc and a static busybox; skipped with the reason otherwise."""

import json
import os
import re
import shutil
import subprocess
import time

import ctlib
import rtlib

# the container's first process: reports (with a child that reports), then waits for the test
CT_SH = "#!/bin/sh\n/bin/sh /report.sh init /out child\nread x < /out/go\n"


def bundle(tmp, name):
    """An OCI bundle in tmp/name running /ct.sh, with the FIFO /out/go; its path, or None."""
    b = os.path.join(tmp, name)
    os.makedirs(b)
    r = rtlib.make_rootfs(os.path.join(b, "rootfs"))
    if r is None:
        return None
    with open(os.path.join(r, "ct.sh"), "w") as f:
        f.write(CT_SH)
    os.chmod(os.path.join(r, "ct.sh"), 0o755)
    os.mkfifo(os.path.join(r, "out", "go"))
    subprocess.run(["runc", "spec"], cwd=b, check=True)
    with open(os.path.join(b, "config.json")) as f:
        s = json.load(f)
    s["process"]["terminal"] = False
    s["process"]["args"] = ["/bin/sh", "/ct.sh"]
    s["root"]["readonly"] = False
    with open(os.path.join(b, "config.json"), "w") as f:
        json.dump(s, f)
    return b


def cgroup_mounts():
    """{controller or "name=X": mount point} of the v1 hierarchies, and "" for cgroup2."""
    m = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            fs = post.split()
            if fs and fs[0] == "cgroup2":
                m.setdefault("", pre.split()[4])
            elif fs and fs[0] == "cgroup":
                for o in fs[2].split(","):
                    m.setdefault(o, pre.split()[4])
    return m


def trace_path(cg, ctrl):
    """The path of task cgroups cg in the hierarchy of ctrl ("" for v2), or None."""
    if ctrl == "":
        return cg.get("v2")
    for k, v in cg.get("v1", {}).items():
        if ctrl in k.split(","):
            return v
    return None


def wait_for(path, proc, timeout=60):
    """Waits until path exists; False if proc ended or time ran out first."""
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return True
        if proc.poll() is not None:
            return os.path.exists(path)
        time.sleep(0.05)
    return False


def members(paths):
    """The tids in a container's cgroup now: cgroup.threads of its v2 one, else v1 pids' tasks."""
    for ctrl, f in (("", "cgroup.threads"), ("pids", "tasks"), ("memory", "tasks")):
        if paths.get(ctrl) and os.path.exists(os.path.join(paths[ctrl], f)):
            with open(os.path.join(paths[ctrl], f)) as fp:
                return [int(x) for x in fp.read().split()]
    return None


def ancestors(tr, t):
    """Ids of the tasks above t, by creator."""
    seen = []
    while t is not None and t.get("creator") is not None and len(seen) < 10000:
        seen.append(t["creator"])
        t = tr.task_by_id.get(t["creator"])
    return seen


def descends(tr, t, top):
    return t is not None and (t["id"] == top["id"] or top["id"] in ancestors(tr, t))


def ask_runc(state, cid, proc):
    """While the container waits: runc state's pid, state.json's cgroup paths, the cgroup's tids."""
    p = subprocess.run(["runc", "--root", state, "state", cid], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        return {"error": "runc state %s: %s" % (cid, p.stderr.decode(errors="replace").strip())}
    st = json.loads(p.stdout)
    with open(os.path.join(state, cid, "state.json")) as f:
        paths = json.load(f).get("cgroup_paths") or {}
    return {"pid": st.get("pid"), "paths": paths, "members": members(paths)}


def run_two(tmp, ids):
    """Traces runc run of both containers, asking runc about each while it waits."""
    state = os.path.join(tmp, "state")
    tpath = os.path.join(tmp, "trace.json")
    script = "; ".join("cd %s && runc --root %s run %s" % (os.path.join(tmp, c), state, c) for c in ids)
    cmd = [ctlib.CLONETRACE, "record", "-q"] + ctlib.MODE_OPTS + ["-o", tpath, "--", "sh", "-c", script]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    asked = {}
    try:
        for c in ids:
            out = os.path.join(tmp, c, "rootfs", "out")
            if not wait_for(os.path.join(out, "child.txt"), proc):
                asked[c] = {"error": "container %s wrote no child.txt" % c}
                break
            asked[c] = ask_runc(state, c, proc)
            with open(os.path.join(out, "go"), "w") as f:
                f.write("go\n")
        out, err, rc = ctlib.finish(proc, 120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    run = ctlib.Run()
    run.cmd, run.rc, run.stdout, run.stderr, run.tmp = cmd, rc, out, err, tmp
    try:
        run.trace = ctlib.load_json(tpath)
    except (OSError, ValueError) as e:
        run.error = "trace: %s" % e
    return run, asked


def reader(args):
    """clonetrace ARGS: (exit status, standard output as text)."""
    p = subprocess.run([ctlib.CLONETRACE] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")


def check_readers(tap, tr, path, cid):
    """-e container=ID (and a beginning of ID) keeps exactly the tasks that carry ID; show names it."""
    mine = [t for t in tr.tasks if (t.get("container") or {}).get("id") == cid]
    for value in (cid, cid.split("-")[0] + "-"):
        with tap.group("%s: -e container=%s keeps exactly its tasks" % (cid, value)) as g:
            rc, out = reader(["stats", "--json", "-e", "container=" + value, path])
            if not g.eq(rc, 0, "stats --json exit status: %s" % out[-300:]):
                continue
            st = json.loads(out)
            g.eq(st["tasks"]["total"], len(mine), "tasks kept")
            g.eq([(c["id"], c["tasks"], c["threads"]) for c in st["containers"]],
                 [(cid, len(mine), len([t for t in mine if t["kind"] == "thread"]))],
                 "the containers of the tasks kept (so every one kept is of %s)" % cid)
            rc, out = reader(["show", "-t", "--no-collapse", "-e", "container=" + value, path])
            g.true(rc == 0 and "; %d of %d tasks kept)" % (len(mine), len(tr.tasks)) in out,
                   "show -e container=%s keeps %d of %d: %s" % (value, len(mine), len(tr.tasks), out[-300:]))
            shown = set(int(x) for x in re.findall(r"\((\d+)[,)]", out))
            g.eq(sorted(t["tid"] for t in mine if t["tid"] not in shown), [], "its tasks not shown")
    with tap.group("%s: show names the container where its tasks enter it" % cid) as g:
        rc, out = reader(["show", path])
        lines = [l for l in out.splitlines() if " container:%s " % cid in l]
        if g.eq(len(lines), 1, "lines of show with container:%s" % cid):
            tid = int(re.search(r"\((\d+)[,)]", lines[0]).group(1))
            g.true(any(t["tid"] == tid for t in mine), "the line's task (tid %d) is one of its tasks" % tid)
        rc, out = reader(["show", "--ns-audit", path])
        g.true(re.search(r"^container %s \(runc, named by the command line of runc\(\d+\); cgroup "
                         % re.escape(cid), out, re.M), "show --ns-audit has a part for it: %s" % out[-400:])


def check_container(tap, tr, tmp, cid, asked, mounts):
    out = os.path.join(tmp, cid, "rootfs", "out")
    runs = [t for t in tr.tasks if t["kind"] == "process" and (t.get("argv") or [])[-2:] == ["run", cid] and
            os.path.basename((t.get("argv") or ["?"])[0]) == "runc"]
    with tap.group("%s: one runc run process" % cid) as g:
        g.eq(len(runs), 1, "processes whose argv is runc ... run %s" % cid)
    if len(runs) != 1:
        return
    top = runs[0]
    want = {"runtime": "runc", "id": cid, "via": "command", "runtime_task": top["id"]}
    for role in ("init", "child"):
        with tap.group("%s: the container's %s carries its id and the cgroups it read" % (cid, role)) as g:
            rep = rtlib.parse_report(os.path.join(out, role + ".txt"))
            # below runc run: the kernel gives the second container the first one's freed inodes
            ts = [t for t in tr.tasks if descends(tr, t, top) and (t.get("nspid") or [None])[-1:] ==
                  rep["nspid"][-1:] and (t.get("ns") or {}).get("pid") == rep["ns"].get("pid")]
            if not g.true(len(ts) == 1, "one task below runc run %s with %s's innermost pid %s and "
                          "PID namespace: %s" % (cid, role, rep["nspid"][-1:], [t["id"] for t in ts])):
                continue
            t = ts[0]
            g.true(rep["cgroup"], "%s read its /proc/PID/cgroup" % role)
            g.eq(t.get("cgroup"), ctlib.cgroup_of(rep["cgroup"]), "%s's cgroup" % tr.name(t))
            g.eq(t.get("container"), want, "%s's container" % tr.name(t))
    a = asked.get(cid, {})
    with tap.group("%s: runc state's pid is a task of it, in the cgroups runc made" % cid) as g:
        if not g.true("error" not in a, a.get("error", "")):
            pass
        else:
            ts = [t for t in tr.with_tid(a["pid"]) if descends(tr, t, top)]
            if g.true(len(ts) == 1, "one task with tid %s below runc run %s" % (a["pid"], cid)):
                t = ts[0]
                g.eq((t.get("container") or {}).get("id"), cid, "%s's container id" % tr.name(t))
                g.true(a["paths"], "runc's state.json names the cgroups it made")
                for ctrl, path in sorted(a["paths"].items()):
                    mine = trace_path(t.get("cgroup") or {}, ctrl)
                    mnt = mounts.get(ctrl)
                    if not g.true(mine is not None and mnt is not None,
                                  "%s's cgroup has the hierarchy of %r (mounted at %s)"
                                  % (tr.name(t), ctrl, mnt)):
                        continue
                    g.eq(os.path.normpath(mnt + "/" + mine), os.path.normpath(path),
                         "hierarchy %r: the trace's path under its mount is runc's" % ctrl)
    with tap.group("%s: every task in its cgroup while it ran is a task of it" % cid) as g:
        if "error" in a or a.get("members") is None:
            g.fail(a.get("error") or "no cgroup.threads or tasks file among %s" % a.get("paths"))
        else:
            g.true(a["members"], "the cgroup had tasks")
            for tid in a["members"]:
                ts = [t for t in tr.with_tid(tid) if descends(tr, t, top)]
                if g.true(len(ts) == 1, "one task with tid %d below runc run %s" % (tid, cid)):
                    g.eq((ts[0].get("container") or {}).get("id"), cid,
                         "%s's container id" % tr.name(ts[0]))
    with tap.group("%s: only tasks runc run %s made carry its id" % (cid, cid)) as g:
        mine = [t for t in tr.tasks if (t.get("container") or {}).get("id") == cid]
        g.true(len(mine) >= 4, "the runc init stages, the first process and the reports: %d tasks"
               % len(mine))
        g.eq([t["id"] for t in mine if not descends(tr, t, top)], [], "tasks not below runc run")
        g.eq([t["id"] for t in mine if t.get("container") != want], [], "tasks named otherwise")


ctlib.need_clonetrace()
if os.geteuid() != 0:
    ctlib.skip_all("runc makes cgroups and namespaces as root here")
if shutil.which("runc") is None:
    ctlib.skip_all("runc is not installed (tools/deps installs it)")
if rtlib.static_busybox() is None:
    ctlib.skip_all("no static busybox for the containers' root (busybox-static)")
tap = ctlib.Tap()
tmp = ctlib.tmpdir("container")
ids = ["ctA-%d" % os.getpid(), "ctB-%d" % os.getpid()]
try:
    if None in [bundle(tmp, c) for c in ids]:
        ctlib.skip_all("cannot make the containers' root file system")
    run, asked = run_two(tmp, ids)
    if ctlib.check_run(tap, run, "runc twice", want_rc=0):
        tr = ctlib.check_format(tap, run, "runc twice")
        mounts = cgroup_mounts()
        for c in ids:
            check_container(tap, tr, tmp, c, asked, mounts)
            check_readers(tap, tr, os.path.join(tmp, "trace.json"), c)
finally:
    subprocess.run(["runc", "--root", os.path.join(tmp, "state"), "delete", "-f"] + ids,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctlib.rmtree(tmp)
tap.done()
