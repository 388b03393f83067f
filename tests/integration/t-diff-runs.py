#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""clonetrace diff of real runs: two traces of the same `make -j2` build
(gcc compiling several files, each build in its own temporary directory
with the same layout) are the same, though every run of gcc names its
temporary files afresh (/tmp/ccXXXXXX.s); a build with one more file is
not.  Two `runc run`s of one bundle are the same, though Go starts its
threads as it likes; runc against crun is a short list that pairs the two
containers' first processes and says where their namespaces were made.  A
filter that keeps nothing of a trace is trouble (exit 2, one line)."""

import json
import os
import shutil
import subprocess

import ctlib
import rtlib

SOURCES = ("alpha", "beta", "gamma", "delta", "main")
MAKEFILE = """OBJS = %s
prog: $(OBJS)
\tgcc -o $@ $(OBJS)
%%.o: %%.c
\tgcc -c -o $@ $<
"""


def diff(*args):
    """clonetrace diff ARGS: (exit status, stdout, stderr)."""
    p = subprocess.run([ctlib.CLONETRACE, "diff"] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def make_build(tag, sources):
    """A build directory (its own temporary one) with sources and the Makefile: its path."""
    d = ctlib.tmpdir(tag)
    os.makedirs(os.path.join(d, "src"))
    for s in sources:
        with open(os.path.join(d, "src", s + ".c"), "w") as f:
            f.write("int main(void) { return 0; }\n" if s == "main" else
                    "int %s(void) { return 1; }\n" % s)
    with open(os.path.join(d, "src", "Makefile"), "w") as f:
        f.write(MAKEFILE % " ".join(s + ".o" for s in sources))
    return d


def record_make(tap, tag, sources):
    """`make -j2` traced in a new build directory: the trace's path, or None (a failed check)."""
    d = make_build(tag, sources)
    run = rtlib.run_traced(["make", "-s", "-j2"], d, cwd=os.path.join(d, "src"))
    if not ctlib.check_run(tap, run, "make -j2 " + tag, want_rc=0):
        return None
    return os.path.join(d, "trace.json")


def argvs(path):
    return sorted(" ".join(t.get("argv") or []) for t in ctlib.load_json(path)["tasks"])


def make_twice(tap):
    if shutil.which("make") is None or shutil.which("gcc") is None:
        tap.skip("make -j2 twice", "make or gcc is not installed (tools/deps installs them)")
        return
    a = record_make(tap, "make-a", SOURCES)
    b = record_make(tap, "make-b", SOURCES)
    c = record_make(tap, "make-c", SOURCES + ("epsilon",))
    if not (a and b and c):
        return
    with tap.group("make -j2 twice: the runs differ in gcc's temporary names") as g:
        tmp = [x for x in argvs(a) if "/tmp/cc" in x]
        g.true(len(tmp) >= len(SOURCES), "cc1, as and ld name /tmp/ccXXXXXX files: %s" % tmp[:3])
        g.true(argvs(a) != argvs(b), "the two runs' argv differ (else this proves nothing)")
    with tap.group("make -j2 twice: the same (exit 0, nothing printed)") as g:
        rc, out, err = diff(a, b)
        g.eq(rc, 0, "exit status")
        g.eq(out + err, "", "output")
        rc, out, err = diff("--json", a, b)
        g.true(rc == 0 and json.loads(out) == {"same": True, "count": 0, "differences": []},
               "--json: same: %s" % out[:400])
    with tap.group("make -j2 with one file more: the new file's compilation only in B") as g:
        rc, out, err = diff("--json", a, c)
        d = json.loads(out)
        g.eq(rc, 1, "exit status")
        only = [x for x in d["differences"] if x["what"] == "only_in_b"]
        g.true(len(only) == 1 and only[0]["path"].startswith("make > gcc"),
               "one subtree only in B, make's gcc: %s" % out[:1500])
        g.true(all(x["what"] in ("only_in_b", "task") for x in d["differences"]),
               "nothing else but the link's argv (one .o more): %s" % out[:1500])
    for x in (a, b, c):
        ctlib.rmtree(os.path.dirname(x))


def bundle(tmp):
    """runc's default spec with the report script of rtlib as its process: the bundle's path."""
    b = os.path.join(tmp, "bundle")
    os.makedirs(b)
    if rtlib.make_rootfs(os.path.join(b, "rootfs")) is None:
        return None
    subprocess.run(["runc", "spec"], cwd=b, check=True)
    with open(os.path.join(b, "config.json")) as f:
        s = json.load(f)
    s["process"]["terminal"] = False
    s["process"]["args"] = ["/bin/sh", "/report.sh", "init", "/out", "child"]
    s["root"]["readonly"] = False
    with open(os.path.join(b, "config.json"), "w") as f:
        json.dump(s, f)
    return b


def crun_cmd(tmp, cid):
    cmd = ["crun", "--root", os.path.join(tmp, "crun-state"), "run", cid]
    # crun refuses hybrid cgroups (v1 controllers beside a cgroup2 mount): hide the v2 one
    if os.path.ismount("/sys/fs/cgroup/unified"):
        cmd = ["unshare", "-m", "sh", "-c", "umount /sys/fs/cgroup/unified && exec " + " ".join(cmd)]
    return cmd


def runtimes(tap):
    if os.geteuid() != 0:
        tap.skip("runc run twice", "runc needs root here")
        return
    if shutil.which("runc") is None:
        tap.skip("runc run twice", "runc is not installed (tools/deps installs it)")
        return
    if rtlib.static_busybox() is None:
        tap.skip("runc run twice", "no static busybox for the container's root (busybox-static)")
        return
    tmp = ctlib.tmpdir("diff-runc")
    b = bundle(tmp)
    cid = "ct-diff-%d" % os.getpid()
    runc = ["runc", "--root", os.path.join(tmp, "state"), "run", cid]
    why = rtlib.untraced_ok(runc, cwd=b)
    if why:
        tap.skip("runc run twice", why)
        ctlib.rmtree(tmp)
        return
    traces = []
    for i in range(2):
        os.makedirs(os.path.join(tmp, "r%d" % i))
        run = rtlib.run_traced(runc, os.path.join(tmp, "r%d" % i), cwd=b)
        if not ctlib.check_run(tap, run, "runc run %d" % (i + 1), want_rc=0):
            ctlib.rmtree(tmp)
            return
        traces.append(os.path.join(tmp, "r%d" % i, "trace.json"))
    with tap.group("runc run twice: the same (exit 0, nothing printed)") as g:
        rc, out, err = diff(*traces)
        g.eq(rc, 0, "exit status")
        g.eq(out + err, "", "output")
        rc, out, err = diff("--counts", *traces)
        g.note("--counts: exit %d\n%s" % (rc, out))
    with tap.group("a filter that keeps nothing of A: exit 2, one line naming it") as g:
        rc, out, err = diff("-e", "comm=crun", traces[0], traces[0])
        g.eq(rc, 2, "exit status")
        g.eq(out, "", "standard output")
        g.true(len(err.splitlines()) == 1 and "keeps nothing of %s (A)" % traces[0] in err,
               "one line naming A: %r" % err)
    runc_crun(tap, tmp, b, cid, traces[0])
    ctlib.rmtree(tmp)


def runc_crun(tap, tmp, b, cid, runc_trace):
    name = "runc vs crun"
    if shutil.which("crun") is None:
        tap.skip(name, "crun is not installed (tools/deps installs it)")
        return
    cmd = crun_cmd(tmp, cid)
    why = rtlib.untraced_ok(cmd, cwd=b)
    if why:
        tap.skip(name, why)
        return
    os.makedirs(os.path.join(tmp, "crun"))
    run = rtlib.run_traced(cmd, os.path.join(tmp, "crun"), cwd=b)
    if not ctlib.check_run(tap, run, "crun run", want_rc=0):
        return
    crun_trace = os.path.join(tmp, "crun", "trace.json")
    with tap.group(name + ": a short list pairing the containers' first processes") as g:
        rc, text, err = diff(runc_trace, crun_trace)
        g.note("clonetrace diff runc.json crun.json:\n" + text)
        rc, out, err = diff("--json", runc_trace, crun_trace)
        d = json.loads(out)
        g.eq(rc, 1, "exit status")
        g.true(d["count"] <= 12, "at most 12 differences: %d" % d["count"])
        init = [x for x in d["differences"] if x["what"] == "namespaces"
                and x["path"].endswith("> sh [clone PARENT]")]
        g.true(len(init) == 1, "one namespace difference of runc's container process: %s" % init)
        if init:
            x = init[0]
            g.true(x.get("b_path", "").endswith("> sh [clone NEWNS|NEWUTS|NEWIPC|NEWPID|NEWNET]"),
                   "paired with crun's container process: %s" % x.get("b_path"))
            g.eq(x["a"], "new, made by its creator runc:[1:CHILD]'s unshare", "runc's namespaces")
            g.eq(x["b"], "new, made by its creating call", "crun's namespaces")
            g.true({"ipc", "mnt", "net", "pid", "uts"} <= set(x["field"][3:].split(",")),
                   "ipc, mnt, net, pid, uts: %s" % x["field"])
        g.true(not [x for x in d["differences"] if x["what"].startswith("only_in")
                    and x["path"].rsplit(" > ", 1)[-1].startswith("sh ")],
               "no container shell only on one side")
        g.eq(len([l for l in text.splitlines() if l[:2] in ("- ", "+ ", "! ")]), d["count"],
             "the text has a line per difference of the JSON")


ctlib.need_clonetrace()
tap = ctlib.Tap()
make_twice(tap)
runtimes(tap)
tap.done()
