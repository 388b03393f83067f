#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Real container runtimes and sandboxes traced: runc (root and rootless),
crun, bwrap, `unshare -Ufpmu --map-root-user`, systemd-nspawn, podman and
firejail.  Inside each, the container's first process and a child report
what they see of themselves (rtlib.py); the trace must agree: each is one
task with those namespaces (PID namespace included, whichever call made
it), those inner pids and that comm, and, for runc, crun and podman, in
the container with the id given to runc and crun or written by podman's
--cidfile, in the cgroups it read.  Every trace also has no `exe` of "/"
and clone arguments only where the flags use them.  firejail's
--seccomp.drop=unshare must show the refused unshare(CLONE_NEWUSER) = EPERM.
A runtime missing here, or failing untraced, is skipped with the reason."""

import os
import shutil
import subprocess

import ctlib
import rtlib

NOBODY = rtlib.NOBODY


def cid(name):
    return "ct-%s-%d" % (name, os.getpid())


def container_of(name, tmp):
    """(runtime, id) of the container a runtime made, as the trace names it; None: none to check
    (sandboxes that make no cgroup; rootless runc makes none here)."""
    if name in ("runc", "crun"):
        return name, cid(name)
    if name == "podman":
        with open(os.path.join(tmp, "cid")) as f:
            return "podman", f.read().strip()
    return None


def setup_runc(tmp):
    b = rtlib.oci_bundle(tmp)
    return b and (["runc", "--root", os.path.join(tmp, "state"), "run", cid("runc")], b,
                  os.path.join(b, "rootfs", "out"), None)


def setup_runc_rootless(tmp):
    os.chmod(tmp, 0o755)
    b = rtlib.oci_bundle(tmp, rootless=True)
    if b is None:
        return None
    state = os.path.join(tmp, "state")
    os.makedirs(state)
    os.chown(state, NOBODY, NOBODY)
    env = dict(os.environ, XDG_RUNTIME_DIR=state, HOME=tmp)
    return (["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups",
             "runc", "--root", state, "run", cid("rl")], b, os.path.join(b, "rootfs", "out"), env)


def setup_crun(tmp):
    b = rtlib.oci_bundle(tmp)
    if b is None:
        return None
    cmd = ["crun", "--root", os.path.join(tmp, "state"), "run", cid("crun")]
    # crun refuses hybrid cgroups (v1 controllers beside a cgroup2 mount): hide the v2 one
    if os.path.ismount("/sys/fs/cgroup/unified"):
        cmd = ["unshare", "-m", "sh", "-c", "umount /sys/fs/cgroup/unified && exec " + " ".join(cmd)]
    return cmd, b, os.path.join(b, "rootfs", "out"), None


def setup_bwrap(tmp):
    r = rtlib.make_rootfs(os.path.join(tmp, "rootfs"))
    return r and (["bwrap", "--unshare-all", "--bind", r, "/", "--proc", "/proc", "--dev", "/dev",
                   "/bin/sh", "/report.sh", "init", "/out", "child"], tmp, os.path.join(r, "out"), None)


def setup_unshare(tmp):
    r = rtlib.make_rootfs(os.path.join(tmp, "rootfs"))
    return r and (["unshare", "-Ufpmu", "--map-root-user", "--root=" + r, "--mount-proc",
                   "/bin/sh", "/report.sh", "init", "/out", "child"], tmp, os.path.join(r, "out"), None)


def setup_nspawn(tmp):
    r = rtlib.make_rootfs(os.path.join(tmp, "rootfs"))
    return r and (["systemd-nspawn", "-q", "-D", r, "--register=no", "--keep-unit", "--as-pid2",
                   "/bin/sh", "/report.sh", "init", "/out", "child"], tmp, os.path.join(r, "out"), None)


# podman's own storage: overlay, or vfs where the root is itself an overlay
# (a CI container's), where podman refuses overlay
PODMAN = ["podman"]


def podman_import(r, image):
    """podman import of the directory r as image; (returncode, stderr)."""
    tar = subprocess.Popen(["tar", "-C", r, "-c", "."], stdout=subprocess.PIPE)
    try:
        p = subprocess.run(PODMAN + ["import", "-", image], stdin=tar.stdout, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    finally:
        # podman may exit unread: tar must see the pipe close, not block for ever
        tar.stdout.close()
        try:
            tar.wait(timeout=60)
        except subprocess.TimeoutExpired:
            tar.kill()
            tar.wait()
    return p.returncode, p.stderr.decode(errors="replace").strip()


def setup_podman(tmp):
    r = rtlib.make_rootfs(os.path.join(tmp, "rootfs"))
    if r is None:
        return None
    image = "localhost/clonetrace-test:%d" % os.getpid()
    rc, err = podman_import(r, image)
    if rc != 0 and "not supported over overlayfs" in err and PODMAN == ["podman"]:
        PODMAN.append("--storage-driver=vfs")
        rc, err = podman_import(r, image)
    if rc != 0:
        return "podman import: " + err
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    # the host's hybrid cgroups and low RLIMIT_NOFILE need these; runc, since crun refuses hybrid
    return (PODMAN + ["run", "--rm", "--cidfile", os.path.join(tmp, "cid"), "--network=none",
                      "--runtime", "runc", "--cgroup-manager=cgroupfs",
                      "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "-v", out + ":/out",
                      image, "/bin/sh", "/report.sh", "init", "/out", "child"], tmp, out, None)


def podman_cleanup():
    subprocess.run(PODMAN + ["rmi", "-f", "localhost/clonetrace-test:%d" % os.getpid()],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


RUNTIMES = [
    ("runc", "runc", setup_runc),
    ("runc-rootless", "runc", setup_runc_rootless),
    ("crun", "crun", setup_crun),
    ("bwrap", "bwrap", setup_bwrap),
    ("unshare", "unshare", setup_unshare),
    ("systemd-nspawn", "systemd-nspawn", setup_nspawn),
    ("podman", "podman", setup_podman),
]


def one_runtime(tap, name, tool, setup):
    if shutil.which(tool) is None:
        tap.skip(name, "%s is not installed (tools/deps installs it)" % tool)
        return
    if rtlib.static_busybox() is None:
        tap.skip(name, "no static busybox for the container's root (busybox-static)")
        return
    # untraced first: a runtime that can't run here is skipped, with its reason
    tmp = ctlib.tmpdir(name + "-untraced")
    try:
        s = setup(tmp)
        if not isinstance(s, tuple):
            tap.skip(name, s or "cannot make its root filesystem")
            return
        cmd, cwd, out, env = s
        why = rtlib.untraced_ok(cmd, cwd=cwd, env=env)
        if why is None and not os.path.exists(os.path.join(out, "child.txt")):
            why = "%s ran but its processes wrote no report" % tool
        if why:
            tap.skip(name, why)
            return
    finally:
        ctlib.rmtree(tmp)
    tmp = ctlib.tmpdir(name)
    s = setup(tmp)
    cmd, cwd, out, env = s
    run = rtlib.run_traced(cmd, tmp, cwd=cwd, env=env)
    if ctlib.check_run(tap, run, name, want_rc=0):
        tr = ctlib.check_format(tap, run, name)
        rtlib.check_reports(tap, tr, out, name)
        ctr = container_of(name, tmp)
        if ctr:
            rtlib.check_container(tap, tr, out, name, *ctr)
        rtlib.check_no_root_exe(tap, tr, name)
        rtlib.check_args_meaning(tap, tr, name)
    ctlib.rmtree(tmp)


def firejail(tap):
    name = "firejail"
    if shutil.which("firejail") is None:
        tap.skip(name, "firejail is not installed (tools/deps installs it)")
        return
    cmd = ["firejail", "--quiet", "--noprofile", "--seccomp.drop=unshare", "unshare", "-U", "true"]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    err = p.stderr.decode(errors="replace")
    if "Operation not permitted" not in err:
        # firejail's own word (--quiet hides it): inside a PID namespace or a
        # container (no kernel threads in /proc) it runs the program unsandboxed
        loud = subprocess.run([a for a in cmd if a != "--quiet"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        said = loud.stderr.decode(errors="replace").strip()
        if "existing sandbox was detected" in said:
            why = ("firejail installs no filter inside a PID namespace or container, where "
                   "it sees another sandbox (it says: %s)" % said.splitlines()[0][:200])
        else:
            why = ("firejail --seccomp.drop=unshare does not refuse unshare here (exit %d: %s)"
                   % (p.returncode, (said or err).strip()[-200:]))
        tap.skip(name, why)
        return
    tmp = ctlib.tmpdir(name)
    run = rtlib.run_traced(cmd, tmp)
    if ctlib.check_run(tap, run, name, want_rc=p.returncode):
        tr = ctlib.check_format(tap, run, name)
        with tap.group("firejail: unshare(CLONE_NEWUSER) refused by firejail's filter = EPERM") as g:
            g.true("Operation not permitted" in run.stderr.decode(errors="replace"),
                   "unshare(1) said EPERM traced too")
            got = [c for c in tr.calls if c["syscall"] == "unshare" and "CLONE_NEWUSER" in c["flags"]]
            g.true(any(c["result"] == {"errno": "EPERM"} for c in got),
                   "an unshare(CLONE_NEWUSER) = EPERM in the trace: %s" % [c["result"] for c in got])
            t = [tr.task_by_id.get(c["task"]) for c in got]
            g.true(all(x and x.get("syscall_stops") for x in t),
                   "its task says it was followed with syscall stops (syscall_stops)")
        rtlib.check_no_root_exe(tap, tr, name)
    ctlib.rmtree(tmp)


ctlib.need_clonetrace()
if os.geteuid() != 0:
    ctlib.skip_all("container runtimes need root here")
tap = ctlib.Tap()
for name, tool, setup in RUNTIMES:
    try:
        one_runtime(tap, name, tool, setup)
    finally:
        if name == "podman":
            podman_cleanup()
firejail(tap)
tap.done()
