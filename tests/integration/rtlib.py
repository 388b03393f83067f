# SPDX-License-Identifier: MIT
"""Real container runtimes and sandboxes under clonetrace (stdlib only).

A runtime runs /report.sh inside what it makes: a busybox shell script with
which each process writes what it sees of itself (every /proc/PID/ns link,
NSpid and PPid of /proc/PID/status, comm, uid_map) to OUT/ROLE.txt, a
directory the test reads afterwards.  The container's first process
reports as "init" and starts a child shell that reports as "child".

The root filesystem is made here from Debian's static busybox
(busybox-static): /bin/busybox, a few applet links, /report.sh and an
os-release (systemd-nspawn wants one).  Nothing is downloaded.
"""

import json
import os
import re
import shutil
import struct
import subprocess

import ctlib

NOBODY = 65534
BUSYBOX = "/bin/busybox"
APPLETS = ("sh", "cat", "readlink", "grep", "mv", "sleep", "true", "unshare")
NS_KINDS = ("cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
            "time_for_children", "user", "uts")

# /report.sh ROLE DIR [child]: written as "ns KIND:[INODE]" lines etc., and
# "cgroup ID:CONTROLLERS:PATH" for each line of its /proc/PID/cgroup
REPORT_SH = r"""#!/bin/sh
r=$1; d=$2
{
echo "pid $$"
for n in %s; do
  l=$(readlink /proc/$$/ns/$n 2>/dev/null) && echo "ns $l"
done
grep -E '^(NSpid|PPid):' /proc/$$/status
echo "comm $(cat /proc/$$/comm)"
while read a b c; do echo "uid_map $a $b $c"; done < /proc/$$/uid_map
while read l; do echo "cgroup $l"; done < /proc/$$/cgroup
} > $d/$r.tmp && mv $d/$r.tmp $d/$r.txt
if [ "$3" = child ]; then /bin/sh "$0" child "$d"; fi
""" % " ".join(NS_KINDS)


def oci_bundle(tmp, rootless=False, name="bundle"):
    """An OCI bundle in tmp/NAME whose process runs /report.sh (runc spec's,
    rootless: as nobody); None without a static busybox."""
    b = os.path.join(tmp, name)
    os.makedirs(b)
    if make_rootfs(os.path.join(b, "rootfs"), owner=NOBODY if rootless else None) is None:
        return None
    subprocess.run(["runc", "spec"] + (["--rootless"] if rootless else []), cwd=b, check=True)
    with open(os.path.join(b, "config.json")) as f:
        s = json.load(f)
    s["process"]["terminal"] = False
    s["process"]["args"] = ["/bin/sh", "/report.sh", "init", "/out", "child"]
    s["root"]["readonly"] = False
    if rootless:
        for m in s["linux"]["uidMappings"] + s["linux"]["gidMappings"]:
            m["hostID"] = NOBODY
        s["process"]["user"] = {"uid": 0, "gid": 0}
    with open(os.path.join(b, "config.json"), "w") as f:
        json.dump(s, f)
    if rootless:
        for p in (b, os.path.join(b, "config.json")):
            os.chown(p, NOBODY, NOBODY)
    return b


def has_interp(path):
    """True when the ELF file at path names a program interpreter (is dynamic)."""
    with open(path, "rb") as f:
        h = f.read(64)
        if h[:4] != b"\x7fELF":
            return True
        bits64, end = h[4] == 2, "<" if h[5] == 1 else ">"
        if bits64:
            phoff, = struct.unpack(end + "Q", h[32:40])
            phentsize, phnum = struct.unpack(end + "HH", h[54:58])
        else:
            phoff, = struct.unpack(end + "I", h[28:32])
            phentsize, phnum = struct.unpack(end + "HH", h[42:46])
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            if struct.unpack(end + "I", f.read(4))[0] == 3:  # PT_INTERP
                return True
    return False


def static_busybox():
    """Path of a static busybox (busybox-static), or None (the busybox package's is dynamic)."""
    if not os.access(BUSYBOX, os.X_OK) or has_interp(BUSYBOX):
        return None
    return BUSYBOX


def make_rootfs(d, owner=None):
    """A busybox root filesystem in d (made); returns d, or None without a static busybox."""
    bb = static_busybox()
    if bb is None:
        return None
    for sub in ("bin", "proc", "sys", "dev", "tmp", "out", "etc", "usr/lib"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    shutil.copy(bb, os.path.join(d, "bin", "busybox"))
    for a in APPLETS:
        os.symlink("busybox", os.path.join(d, "bin", a))
    with open(os.path.join(d, "report.sh"), "w") as f:
        f.write(REPORT_SH)
    os.chmod(os.path.join(d, "report.sh"), 0o755)
    with open(os.path.join(d, "usr/lib/os-release"), "w") as f:
        f.write("ID=busybox\nNAME=busybox\n")
    open(os.path.join(d, "etc/os-release"), "w").close()
    os.chmod(os.path.join(d, "out"), 0o777)
    if owner is not None:
        for root, dirs, files in os.walk(d):
            for n in dirs + files:
                os.lchown(os.path.join(root, n), owner, owner)
        os.lchown(d, owner, owner)
    return d


def parse_report(path):
    """{"pid": N, "ns": {kind: inode}, "nspid": [...], "ppid": N, "comm": s, "uid_map": [[a,b,c]],
    "cgroup": [LINE of /proc/PID/cgroup, ...]}"""
    rep = {"ns": {}, "uid_map": [], "nspid": [], "cgroup": []}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split(None, 1)
            key, rest = parts[0] if parts else "", parts[1] if len(parts) > 1 else ""
            if key == "pid":
                rep["pid"] = int(rest)
            elif key == "NSpid:":
                rep["nspid"] = [int(x) for x in rest.split()]
            elif key == "PPid:":
                rep["ppid"] = int(rest.strip())
            elif key == "comm":
                rep["comm"] = rest
            elif key == "uid_map":
                rep["uid_map"].append([int(x) for x in rest.split()])
            elif key == "cgroup":
                rep["cgroup"].append(rest)
    rep["ns"] = report_ns(path)
    return rep


def read_reports(out):
    reps = {}
    for role in ("init", "child"):
        p = os.path.join(out, role + ".txt")
        if os.path.exists(p):
            reps[role] = parse_report(p)
    return reps


def report_ns(path):
    """{kind: inode} from OUT/ROLE.txt, by the script's order of kinds (a
    kind the kernel lacks prints nothing, so match names: pid_for_children
    reads as "pid:[...]")."""
    got = {}
    names = list(NS_KINDS)
    lines = [l.split(" ", 1)[1].strip() for l in open(path) if l.startswith("ns ")]
    i = 0
    for l in lines:
        m = re.match(r"(\w+):\[(\d+)\]", l)
        if not m:
            continue
        base = m.group(1)
        while i < len(names) and names[i].split("_for_children")[0] != base:
            i += 1
        if i < len(names):
            got[names[i]] = int(m.group(2))
            i += 1
    return got


def find_task(tr, rep):
    """The trace task that wrote rep: the same pid in its innermost PID
    namespace and the same PID namespace.  Returns (task, why-not)."""
    inner = rep["nspid"][-1] if rep["nspid"] else rep.get("pid")
    same_pid = [t for t in tr.tasks if t.get("nspid") and t["nspid"][-1] == inner and len(t["nspid"]) > 1]
    if not same_pid:
        same_pid = [t for t in tr.tasks if t.get("nspid") and t["nspid"][-1] == inner]
    hit = [t for t in same_pid if (t.get("ns") or {}).get("pid") == rep["ns"].get("pid")]
    if len(hit) == 1:
        return hit[0], None
    return None, "tasks with pid %s in their innermost PID namespace: %s; wanted ns.pid %s" % (
        inner, ctlib.short([(t["id"], t["tid"], t.get("nspid"), (t.get("ns") or {}).get("pid"))
                            for t in same_pid]), rep["ns"].get("pid"))


def reported(g, tr, out, role):
    """(what role reported, its task), or None when either is missing (g says which)."""
    path = os.path.join(out, role + ".txt")
    if not g.true(os.path.exists(path), "%s wrote %s" % (role, path)):
        return None
    rep = parse_report(path)
    t, why = find_task(tr, rep)
    if not g.true(t is not None, "one task for %s: %s" % (role, why)):
        return None
    return rep, t


def check_reports(tap, tr, out, name, roles=("init", "child")):
    """Each reporting process is one task whose namespaces, nspid (inner
    levels), comm and parent agree with what it saw."""
    for role in roles:
        with tap.group("%s: %s's namespaces, nspid and comm are what it saw" % (name, role)) as g:
            got = reported(g, tr, out, role)
            if got is None:
                continue
            rep, t = got
            ctlib.check_ns(g, t, rep["ns"], role)
            n = len(rep["nspid"])
            g.eq(t["nspid"][-n:], rep["nspid"], role + " nspid (the levels it could see)")
            g.eq(t["comm"], rep.get("comm"), role + " comm")


def check_container(tap, tr, out, name, runtime, cid, roles=("init", "child")):
    """Each reporting process is in the container the runtime says (its id),
    with the cgroups it read of itself."""
    for role in roles:
        with tap.group("%s: %s is in container %s, in the cgroups it read" % (name, role, cid)) as g:
            got = reported(g, tr, out, role)
            if got is None:
                continue
            rep, t = got
            g.eq((t.get("container") or {}).get("runtime"), runtime, role + " container.runtime")
            g.eq((t.get("container") or {}).get("id"), cid, role + " container.id")
            g.eq(t.get("cgroup"), ctlib.cgroup_of(rep["cgroup"]), role + " cgroup")


def check_args_meaning(tap, tr, name):
    """Point 6: a clone argument appears only where the flags give it meaning."""
    need = (("tls", {"CLONE_SETTLS"}), ("parent_tid", {"CLONE_PARENT_SETTID", "CLONE_PIDFD"}),
            ("child_tid", {"CLONE_CHILD_SETTID", "CLONE_CHILD_CLEARTID"}))
    with tap.group(name + ": clone arguments only where the flags use them") as g:
        for arg, flags in need:
            bad = [c["id"] for c in tr.calls if c["syscall"] in ("clone", "clone3") and
                   arg in (c.get("args") or {}) and not ctlib.flags_set(c) & flags]
            g.eq(bad[:10], [], "calls (first 10 of %d) with args.%s but none of %s"
                 % (len(bad), arg, "|".join(sorted(flags))))


def check_no_root_exe(tap, tr, name):
    """Point 4: no task's exe is "/" (an fexecve of a detached bind mount or memfd)."""
    with tap.group(name + ": no task's exe is \"/\"") as g:
        bad = [(t["id"], t["comm"]) for t in tr.tasks if t.get("exe") == "/"]
        g.eq(bad, [], "tasks whose exe is \"/\"")


def run_traced(cmd, tmp, timeout=120, opts=(), cwd=None, env=None):
    """clonetrace record of cmd; returns a ctlib.Run."""
    r = ctlib.Run()
    r.tmp = tmp
    tpath = os.path.join(tmp, "trace.json")
    r.cmd = [ctlib.CLONETRACE, "record"] + ctlib.MODE_OPTS + list(opts) + ["-o", tpath, "--"] + list(cmd)
    try:
        p = subprocess.run(r.cmd, cwd=cwd or tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env)
        r.rc, r.stdout, r.stderr = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        r.error = "timed out after %ds" % timeout
        r.stdout, r.stderr = e.stdout or b"", e.stderr or b""
        return r
    try:
        r.trace = ctlib.load_json(tpath)
    except (OSError, ValueError) as e:
        r.error = "trace: %s" % e
    return r


def untraced_ok(cmd, timeout=60, cwd=None, env=None):
    """Runs cmd untraced: None if it worked, else one line saying why not."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "%s timed out untraced" % cmd[0]
    except OSError as e:
        return "cannot run %s: %s" % (cmd[0], e)
    if p.returncode != 0:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        return "%s fails here untraced (exit %d: %s)" % (os.path.basename(cmd[0]), p.returncode,
                                                        err[-1] if err else "no message")
    return None
