#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The integration tests (tests/integration/t-*.py), run against traces made
inside a VM.

The tests call ctlib.record() and ctlib.run_untraced() to run samples.  Here
those two are replaced (pyhook/sitecustomize.py patches ctlib as it is
imported, also in tests that a test starts itself):

  plan    each test runs on the host with every record() answered "planned";
          the calls are collected, one line of JSON each, and turned into a
          shell script that makes the same runs in the VM (tests/arch/initramfs).
  replay  each test runs again; record() returns the VM's run (its command,
          exit status, stdout, stderr, trace and truth) and the test checks
          it as it would a local one.

    replay.py plan OUT.sh
    replay.py check RESULTS_DIR GUEST TEST.py...   (prints TAP, as tests/run reads it)

A run is known by what the test asked for (sample, arguments, options,
command), so two tests asking for the same run share the VM's one.
"""

import hashlib
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
ITEST = os.path.join(TOP, "tests", "integration")

# Tests of the command line itself (not of decoding), or that drive a
# process from outside while it runs: not run in the VMs.  t-attach has its
# own VM scenario (tests/arch/attach.sh, checked by check_attach.py).
# t-stack-names builds its programs with the host's compilers (Go, clang,
# g++), and the cross builds name frames without libdw (DW=0).
NOT_IN_VM = {"t-cli.py", "t-passthrough.py", "t-interrupt.py", "t-attach.py", "t-stack-names.py"}
# record's own behaviour (output files, signals, daemons, attach, options,
# the man page, its own scheduling) is the host's business; t-light reruns
# the sample tests in light mode on the host only.
NOT_IN_VM |= {"t-output.py", "t-daemon.py", "t-detach_signals.py", "t-signal_race.py",
              "t-record-cli.py", "t-light.py", "t-manpage.py", "t-sched.py"}
# t-runtimes, t-ptrace_under and t-java-names run the host's runc, podman,
# strace and java (none in the VMs); t-attach_ns drives its sample from
# outside, as t-attach does, and t-attach_threads (3,000 threads) and
# t-killed_creating (a kill from outside at set moments) too.
NOT_IN_VM |= {"t-runtimes.py", "t-ptrace_under.py", "t-attach_ns.py", "t-java-names.py",
              "t-attach_threads.py", "t-killed_creating.py"}
# t-stack-bytes copies the host's sample to a path of its own making.
NOT_IN_VM |= {"t-stack-bytes.py"}
# t-go-race builds a Go program on the host and runs it 100 times as nobody, live: no trace to replay.
NOT_IN_VM |= {"t-go-race.py"}
# Live on the host, with the host's tools: t-cgroup moves processes between
# the host's cgroups, t-container and t-ns-instances run runc (and unshare)
# as root, t-diff-runs records make and runc twice, t-ebpf loads BPF probes
# (the VMs' kernels and initramfs have none of these).
NOT_IN_VM |= {"t-cgroup.py", "t-container.py", "t-diff-runs.py", "t-ns-instances.py", "t-ebpf.py"}

# Where the VM keeps an architecture's programs, and a run's results.  A
# run ("guest") is named by the samples' architecture, with "@64" when the
# 64-bit clonetrace traces a compat architecture's samples.
VM_CT = "/ct/%s/clonetrace"
VM_SAMPLES = "/ct/%s/samples"
VM_OUT = "/out/%s"


def guest_arches(guest):
    """(the tracer's architecture, the samples' architecture) of a guest."""
    samples, _, by = guest.partition("@")
    return {"": samples, "64": {"i386": "x86_64", "armhf": "aarch64"}.get(samples, samples)}[by], samples

# A run in the VM may take the test's own timeout, at most this: a run
# takes seconds under emulation, and a hung one holds up its whole VM.
VM_TIMEOUT_MAX = int(os.environ.get("CT_ARCH_RUN_TIMEOUT", "150"))


def vm_tests():
    return sorted(t for t in os.listdir(ITEST)
                  if t.startswith("t-") and t.endswith(".py") and t not in NOT_IN_VM)


def key_of(kind, sample, args=(), opts=(), truth=True, cmd=None):
    k = json.dumps([kind, sample, list(args), list(opts), bool(truth), list(cmd) if cmd else None])
    return k, hashlib.sha1(k.encode()).hexdigest()[:10]


# ---------------------------------------------------------------- patching

def host_file(path):
    """A VM's /ct/ARCH/FILE is the cross build's build/arch/ARCH/obj/FILE."""
    if path and path.startswith("/ct/"):
        arch, _, rest = path[4:].partition("/")
        return os.path.join(TOP, "build", "arch", arch, "obj", rest)
    return path


def patch(ctlib):
    mode = os.environ["CT_ARCH_MODE"]
    guest = os.environ.get("CT_ARCH_GUEST", "GUEST")
    results = os.environ.get("CT_ARCH_RESULTS", "")
    planfile = os.environ.get("CT_ARCH_PLANFILE", "")
    tracer_arch, samples_arch = guest_arches(guest)
    samples = VM_SAMPLES % samples_arch
    ctlib.CLONETRACE = VM_CT % tracer_arch
    ctlib.SAMPLES = samples
    ctlib.need_clonetrace = lambda: None
    ctlib.sample_path = lambda name: os.path.join(samples, name)
    ctlib.host_file = host_file
    # the VM's files are no symlinks: the path is its own realpath
    ctlib.sample_exe = lambda name: os.path.join(samples, name)
    ctlib.cleanup = lambda run: None

    def vm_cmd(rid, sample, args, opts, truth, cmd):
        out = os.path.join(VM_OUT % guest, rid)
        if cmd is None:
            cmd = [os.path.join(samples, sample)] + ([os.path.join(out, "truth.json")] if truth else []) + list(args)
        return [ctlib.CLONETRACE, "record"] + list(opts) + ["-o", os.path.join(out, "trace.json"), "--"] + list(cmd)

    def untraced_cmd(rid, sample, args):
        return [os.path.join(samples, sample), os.path.join(VM_OUT % guest, rid, "truth.json")] + list(args)

    def plan(entry):
        with open(planfile, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def load(rid, name, binary=False):
        p = os.path.join(results, guest, rid, name)
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError:
            return None
        return data if binary else data.decode(errors="replace")

    def record(sample, args=(), opts=(), timeout=180, truth=True, stdin=subprocess.DEVNULL,
               pass_fds=(), cmd=None):
        opts = list(ctlib.MODE_OPTS) + list(opts)
        k, rid = key_of("record", sample, args, opts, truth, cmd)
        r = ctlib.Run()
        r.cmd = vm_cmd(rid, sample, args, opts, truth, cmd)
        if mode == "plan":
            plan({"id": rid, "key": k, "kind": "record", "sample": sample, "args": list(args),
                  "opts": opts, "truth": bool(truth), "cmd": cmd, "timeout": timeout,
                  "stdin": stdin is subprocess.DEVNULL and "null" or "other"})
            r.error = "planned"
            return r
        rc = load(rid, "rc")
        if rc is None:
            r.error = "this run was not made in the VM (%s)" % k
            return r
        rc = rc.strip()
        if rc == "137":
            hang = load(rid, "hang.txt")
            r.error = "killed in the VM after %ds%s" % (
                min(timeout, VM_TIMEOUT_MAX),
                "; its tasks then:\n" + hang if hang else "")
        r.rc = int(rc) if rc.lstrip("-").isdigit() else None
        r.stdout = load(rid, "stdout", True) or b""
        r.stderr = load(rid, "stderr", True) or b""
        try:
            r.trace = json.loads(load(rid, "trace.json") or "")
        except ValueError as e:
            r.error = (r.error + "; " if r.error else "") + "trace: %s" % e
        if truth and sample:
            try:
                r.truth = json.loads(load(rid, "truth.json") or "")
            except ValueError as e:
                r.error = (r.error + "; " if r.error else "") + "truth: %s" % e
        return r

    def run_untraced(sample, args=(), timeout=120, stdin=subprocess.DEVNULL):
        k, rid = key_of("untraced", sample, args)
        if mode == "plan":
            plan({"id": rid, "key": k, "kind": "untraced", "sample": sample, "args": list(args),
                  "timeout": timeout})
            return None, b"", b"", None
        rc = load(rid, "rc")
        try:
            truth = json.loads(load(rid, "truth.json") or "")
        except ValueError:
            truth = None
        rc = int(rc.strip()) if rc and rc.strip().lstrip("-").isdigit() else None
        return rc, load(rid, "stdout", True) or b"", load(rid, "stderr", True) or b"", truth

    ctlib.record = record
    ctlib.run_untraced = run_untraced

    if mode == "replay":
        # The tests compare exe with os.path.realpath() of what was exec'd:
        # that must be the VM's realpath (its /bin/true is a link to
        # busybox), which the VM listed; the VM has no other links.
        vm_real = {}
        try:
            with open(os.path.join(results, guest, "realpaths.txt")) as f:
                for line in f:
                    a, _, b = line.strip().partition(" ")
                    vm_real[a] = b or a
        except OSError:
            pass
        os.path.realpath = lambda p, **kw: vm_real.get(os.path.normpath(p), os.path.normpath(p))


# ------------------------------------------------------------ front ends

def env_for(mode, **kw):
    env = dict(os.environ)
    env["CT_ARCH_MODE"] = mode
    env["PYTHONPATH"] = os.path.join(HERE, "pyhook") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update({k: str(v) for k, v in kw.items()})
    return env


def run_test(test, env, timeout=900):
    try:
        p = subprocess.run([sys.executable, os.path.join(ITEST, test)], cwd=TOP, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return -1, (e.stdout or b"").decode(errors="replace") + "\n# timed out"


def vm_quote(arg):
    """arg in double quotes for sh, with $G (the guest), $CT (its clonetrace)
    and $S (its samples' folder) left to expand."""
    q = "".join("\\" + c if c in '\\"`$' else c for c in arg)
    for v in ("$G", "$CT", "$S"):
        q = q.replace("\\" + v, v)
    return '"%s"' % q


def cmd_plan(out_sh):
    """Writes the shell script of every run the VM tests make (per guest $G)."""
    planfile = out_sh + ".jsonl"
    open(planfile, "w").close()
    for t in vm_tests():
        rc, out = run_test(t, env_for("plan", CT_ARCH_PLANFILE=planfile), timeout=120)
        if rc == -1:
            sys.exit("replay: planning %s timed out" % t)
    seen = {}
    with open(planfile) as f:
        for line in f:
            e = json.loads(line)
            seen.setdefault(e["id"], e)
    lines = ["# Made by tests/arch/replay.py plan: every run the integration tests",
             "# make, as they would make it; sourced by /init with G (the guest),",
             "# CT (its clonetrace) and S (its samples' folder) set.", ""]
    for rid, e in seen.items():
        to = min(int(e.get("timeout") or 180), VM_TIMEOUT_MAX)
        out = "/out/$G/" + rid
        if e["kind"] == "untraced":
            argv = ["$S/" + e["sample"], out + "/truth.json"] + e["args"]
        else:
            if e["cmd"]:
                prog = e["cmd"]
            else:
                prog = ["$S/" + e["sample"]] + ([out + "/truth.json"] if e["truth"] else []) + e["args"]
            argv = ["$CT", "record"] + e["opts"] + ["-o", out + "/trace.json", "--"] + prog
        words = " ".join(vm_quote(a) for a in argv)
        lines.append("# %s" % e["key"])
        lines.append("ct_run %s %d %s %s" % (rid, to, shlex.quote(e.get("sample") or "cmd"), words))
    with open(out_sh, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("replay: %d runs planned from %d tests" % (len(seen), len(vm_tests())))


def cmd_check(results, guest, tests):
    """Runs each test against the guest's results; prints its TAP with a header line."""
    for t in tests:
        if t == "t-attach.py":
            p = subprocess.run([sys.executable, os.path.join(HERE, "check_attach.py"), results, guest],
                               cwd=TOP, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            rc, out = p.returncode, p.stdout.decode(errors="replace")
        else:
            rc, out = run_test(t, env_for("replay", CT_ARCH_RESULTS=results, CT_ARCH_GUEST=guest))
        print("### %s (exit %d)" % (t, rc))
        print(out.rstrip())


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "plan":
        cmd_plan(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        cmd_check(sys.argv[2], sys.argv[3], sys.argv[4:] or vm_tests())
    elif len(sys.argv) == 2 and sys.argv[1] == "tests":
        # t-attach.py: tests/arch/attach.sh and check_attach.py
        print("\n".join(sorted(vm_tests() + ["t-attach.py"])))
    else:
        sys.exit(__doc__)
