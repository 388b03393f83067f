#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Namespace instances, not inodes (#25, item 1).  The kernel gives a freed
namespace's inode to the next one it makes, so each of these runs makes
namespaces that share inodes, and the trace must still count and list them
apart:

- `sh -c 'for i in 1..6; do unshare -m -p -f true; done'` makes six mount
  and six PID namespaces: stats says mnt `created 6 ... seen 7` (text and
  JSON), namespaces[] has 7 mount instances, each unshare made its own and
  its `true` ended in it;
- `runc run` of two bundles one after the other: each container's init and
  child report their namespaces; the two containers' mount, IPC and UTS
  namespaces are two instances each, and `show --ns-audit` lists under each
  only that container's reporting tasks;
- samples/userns_twice (Chromium's sandbox): clone(CLONE_NEWUSER), then the
  child's unshare(CLONE_NEWUSER); the clone's `made.user` is the first user
  namespace the child saw, and --ns-audit names it ("new user ?" before);
- `record --light` of `unshare -m -p -f true`: light mode sees no unshare,
  but --ns-audit shows the unshare process's namespaces changing by a call
  not seen, the new mount and PID namespaces, and `true` in them.
"""

import json
import os
import re
import shutil
import subprocess

import ctlib
import rtlib

LOOP = "for i in 1 2 3 4 5 6; do unshare -m -p -f true; done"


def clonetrace(*args):
    p = subprocess.run([ctlib.CLONETRACE] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def record(tap, name, cmd, tmp):
    run = rtlib.run_traced(cmd, tmp)
    if not ctlib.check_run(tap, run, name, want_rc=0):
        return None, None
    return ctlib.check_format(tap, run, name), os.path.join(tmp, "trace.json")


class Below:
    """tr's tasks that top made, or what they made, and so on (for rtlib.find_task)."""

    def __init__(self, tr, top):
        self.tasks = [t for t in tr.tasks if self.descends(tr, t, top)]

    @staticmethod
    def descends(tr, t, top):
        while t is not None:
            if t is top:
                return True
            t = tr.task_by_id.get(t.get("creator"))
        return False


def audit_blocks(text):
    """show --ns-audit's namespace blocks: {(kind, label): [task lines]}."""
    blocks, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"(\w+) namespace (\S+), ", line)
        if m:
            cur = blocks.setdefault((m.group(1), m.group(2)), [])
        elif line.startswith("    ") and cur is not None:
            cur.append(line.strip())
        elif not line.strip():
            cur = None
    return blocks


def unshare_loop(tap):
    name = "unshare loop"
    tmp = ctlib.tmpdir("ns-loop")
    tr, path = record(tap, name, ["sh", "-c", LOOP], tmp)
    if tr is None:
        ctlib.rmtree(tmp)
        return
    with tap.group(name + ": six mount namespaces made, seven seen") as g:
        mnt = [n for n in tr.namespaces if n["kind"] == "mnt"]
        g.eq(len(mnt), 7, "mount namespaces in namespaces[]")
        inodes = [n["inode"] for n in mnt]
        g.note("their inodes: %s (the kernel %s)" % (inodes, "reused some" if len(set(inodes)) < 7
                                                       else "reused none this time"))
        unshares = [c for c in tr.calls if c["syscall"] == "unshare"]
        g.eq(len(unshares), 6, "unshare calls")
        made = [(c.get("made") or {}).get("mnt") for c in unshares]
        g.eq(len(set(made)), 6, "each unshare made its own mount namespace: %s" % made)
        for c in unshares:
            caller = tr.task_by_id[c["task"]]
            kids = [t for t in tr.children(caller) if t.get("comm") == "true"]
            if g.true(len(kids) == 1, "unshare task %s made one true" % caller["id"]):
                g.eq(kids[0]["ns_inst"].get("mnt"), c["made"]["mnt"], "true's mount namespace")
                g.eq(kids[0]["ns_inst"].get("pid"), c["made"].get("pid"), "true's PID namespace")
        rc, out, err = clonetrace("stats", path)
        row = re.search(r"^mnt +(\d+) +(\d+) +(\d+) +(\d+)$", out, re.M)
        if g.true(rc == 0 and row, "stats has a mnt row (%s)" % err.strip()):
            g.eq(row.group(1), "6", "stats: mnt created")
            g.eq(row.group(4), "7", "stats: mnt seen")
        rc, out, err = clonetrace("stats", "--json", path)
        if g.true(rc == 0, "stats --json (%s)" % err.strip()):
            rows = [r for r in json.loads(out).get("namespaces", []) if r.get("kind") == "mnt"]
            g.eq([(r.get("created"), r.get("seen")) for r in rows], [(6, 7)],
                 "stats --json: mnt created, seen")
    ctlib.rmtree(tmp)


def two_containers(tap):
    name = "runc twice"
    if shutil.which("runc") is None:
        tap.skip(name, "runc is not installed (tools/deps installs it)")
        return
    if rtlib.static_busybox() is None:
        tap.skip(name, "no static busybox for the containers' root (busybox-static)")
        return
    tmp = ctlib.tmpdir("ns-runc")
    state = os.path.join(tmp, "state")
    bundles = [rtlib.oci_bundle(tmp, name=n) for n in ("A", "B")]
    ids = ["ct-ns%s-%d" % (n, os.getpid()) for n in ("a", "b")]
    script = "; ".join("runc --root %s run -b %s %s" % (state, b, i) for b, i in zip(bundles, ids))
    why = rtlib.untraced_ok(["sh", "-c", script + " && test -e %s/rootfs/out/child.txt"
                             % bundles[1]], cwd=tmp)
    if why:
        tap.skip(name, why)
        ctlib.rmtree(tmp)
        return
    for b in bundles:
        for f in ("init.txt", "child.txt"):
            os.unlink(os.path.join(b, "rootfs", "out", f))
    tr, path = record(tap, name, ["sh", "-c", script], tmp)
    if tr is None:
        ctlib.rmtree(tmp)
        return
    rc, audit, err = clonetrace("show", "--ns-audit", path)
    blocks = audit_blocks(audit)
    with tap.group(name + ": each container's mount, IPC and UTS namespaces are its own") as g:
        g.eq(rc, 0, "show --ns-audit (%s)" % err.strip())
        tasks = {}
        # both containers may have the same inner pids and PID namespace inode: each
        # reporting task is looked for among what its own runc made
        runcs = [t for t in tr.children(tr.root()) if (t.get("argv") or [""])[0] == "runc"]
        if not g.eq(len(runcs), 2, "the shell ran runc twice"):
            ctlib.rmtree(tmp)
            return
        for b, label, top in zip(bundles, "AB", runcs):
            for role in ("init", "child"):
                rep = rtlib.parse_report(os.path.join(b, "rootfs", "out", role + ".txt"))
                t, why = rtlib.find_task(Below(tr, top), rep)
                if g.true(t is not None, "container %s's %s is a task: %s" % (label, role, why)):
                    ctlib.check_ns(g, t, rep["ns"], "container %s's %s" % (label, role))
                    tasks[(label, role)] = t
        if len(tasks) < 4:
            ctlib.rmtree(tmp)
            return
        for kind in ("mnt", "ipc", "uts"):
            a = {ctlib.ns_inst(tr, tasks[("A", r)], kind)["id"] for r in ("init", "child")}
            b = {ctlib.ns_inst(tr, tasks[("B", r)], kind)["id"] for r in ("init", "child")}
            g.true(len(a) == 1 and len(b) == 1 and a != b,
                   "%s: A's tasks in one instance, B's in another (%s, %s)" % (kind, a, b))
            inodes = {tasks[(c, "init")]["ns"][kind] for c in "AB"}
            g.note("%s inodes of A and B: %s" % (kind, sorted(inodes)))
            # the audit's blocks of this kind: none lists both containers' tasks
            for (k, label), lines in blocks.items():
                if k != kind:
                    continue
                has = {c for c in "AB" for r in ("init", "child")
                       if any("(%d" % tasks[(c, r)]["tid"] in l for l in lines)}
                g.true(len(has) <= 1, "--ns-audit's %s namespace %s lists tasks of one container "
                       "only: %s" % (kind, label, lines))
            made = [lbl for (k, lbl), lines in blocks.items() if k == kind and
                    any("(%d" % tasks[(c, "init")]["tid"] in l for c in "AB" for l in lines)]
            g.eq(len(made), 2, "--ns-audit has two %s namespaces holding a container's init" % kind)
    ctlib.rmtree(tmp)


def userns_twice(tap):
    name = "userns_twice"
    run = ctlib.record(name)
    if not ctlib.check_run(tap, run, name, want_rc=0):
        return
    tr = ctlib.check_format(tap, run, name)
    sk = ctlib.skips(run.truth)
    if "newuser" in sk:
        tap.skip(name + ": the clone's user namespace", sk["newuser"])
        ctlib.cleanup(run)
        return
    ch = run.truth["child"]
    with tap.group(name + ": clone(CLONE_NEWUSER)'s namespace, left by the child's unshare") as g:
        t = tr.task(ch["pid"])
        if not g.true(t is not None, "one task for the child %s" % ch["pid"]):
            ctlib.cleanup(run)
            return
        g.eq(ch["unshare"], 0, "the child's unshare(CLONE_NEWUSER) worked")
        clone = tr.call_of(t)
        made = tr.ns_by_id.get((clone.get("made") or {}).get("user"))
        g.true(made is not None, "the clone's made.user names an instance: %s" % clone.get("made"))
        if made:
            g.eq(made["inode"], ch["user_cloned"], "made.user's inode (the child's first)")
        un = [c for c in tr.calls_by(t) if c["syscall"] == "unshare"]
        if g.true(len(un) == 1, "the child's unshare is in the trace"):
            n = tr.ns_by_id.get((un[0].get("made") or {}).get("user"))
            g.eq(n and n["inode"], ch["user_unshared"], "the unshare's made.user inode")
        g.eq(ctlib.ns_inst(tr, t, "user")["inode"], ch["user_unshared"], "the child ended there")
        rc, out, err = clonetrace("show", "--ns-audit", os.path.join(run.tmp, "trace.json"))
        g.true("new user %d" % ch["user_cloned"] in out,
               "--ns-audit names the clone's user namespace: %s" % ctlib.short(out))
    ctlib.cleanup(run)


def light_unshare(tap):
    name = "light unshare"
    tmp = ctlib.tmpdir("ns-light")
    ctlib.MODE_OPTS[:] = ["--light"]
    ctlib.EXPECT_MODE = "light"
    tr, path = record(tap, name, ["unshare", "-m", "-p", "-f", "true"], tmp)
    if tr is None:
        ctlib.rmtree(tmp)
        return
    with tap.group(name + ": --ns-audit shows the namespaces an unseen unshare made") as g:
        un = [t for t in tr.tasks if t.get("comm") == "unshare"]
        tru = [t for t in tr.tasks if t.get("comm") == "true"]
        if g.true(len(un) == 1 and len(tru) == 1, "one unshare task and one true"):
            rc, out, err = clonetrace("show", "--ns-audit", path)
            g.eq(rc, 0, "show --ns-audit (%s)" % err.strip())
            g.true("no call created or joined" not in out, "--ns-audit lists something")
            for kind in ("mnt", "pid"):
                n = ctlib.ns_inst(tr, tru[0], kind)
                g.true(n is not None and n.get("unseen") and n.get("task") == un[0]["id"],
                       "true's %s namespace: new to unshare by a call not seen: %s" % (kind, n))
                label = str(n and n["inode"])
                lines = audit_blocks(out).get((kind, label), [])
                g.true(any("(%d" % tru[0]["tid"] in l for l in lines),
                       "--ns-audit's %s namespace %s lists true: %s" % (kind, label, lines))
    ctlib.rmtree(tmp)


ctlib.need_clonetrace()
if os.geteuid() != 0:
    ctlib.skip_all("unshare -m -p and runc need root here")
tap = ctlib.Tap()
unshare_loop(tap)
two_containers(tap)
userns_twice(tap)
light_unshare(tap)    # last: it leaves ctlib in light mode
tap.done()
