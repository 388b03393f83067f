#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record --ebpf: the same trace without a single ptrace stop.

(a) Cross-backend: every sample recorded with --ebpf and with the default
    mode gives the same tree, calls (syscall, flags, exit signal, success),
    names, execs, exits, namespaces (which kinds differ from the creator's)
    and sharing (which resources are the creator's), and the same exit
    status.  The differences are only the ones docs/trace-format.md names
    for "ebpf": failed calls, unshare and setns are not there (so the
    default mode's are left out of the comparison), execveat with a
    directory fd has the kernel's /dev/fd/N path, and a thread reaped after
    its process began to exit has the status the kernel set for it where
    ptrace reports the process's.
(b) The sample tests that check a trace against the sample's own ground
    truth run again with --ebpf (lines prefixed "ebpf: ").
(c) A program under ptrace is recorded: strace -f running fork_exec.
(d) What it can't do is said in one line, exit 1, nothing written: not
    root; the options it does not go with.
(f) -p on a running multithreaded program: it is never stopped (its
    TracerPid stays 0), its threads are pre_existing and share one vm, and
    what it makes from then on is recorded with the exits it had.
(g) Nothing silently lost: with a one-page ring buffer, many_tasks' events
    are dropped, and meta.lost_events, meta.notes and the summary line say
    how many.
(e) --system, while runc, bwrap and unshare start containers outside
    clonetrace: what the containers' processes saw of themselves (rtlib's
    reports: namespaces, inner pids, comm) are tasks of the trace.
Skipped only where BPF can't be loaded here (not root, no BTF, BPF
refused) or clonetrace was built without it, each saying why."""

import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys

import ctlib
import rtlib

# what makes --ebpf impossible on a machine, as its one line says (tracer/ebpf/)
CANT_LOAD = ("needs root", "has no BTF", "has no BPF", "refused the BPF", "built without eBPF")
# a race: how many forks beat the execve differs from run to run (checked against its truth in (b))
RACES = {"exec_race"}
# run bare (no truth file): with one it waits for signals from a test
BARE = {"sigcount"}
# exit codes made of tids, different in every run (t-many_tasks.py checks them against the truth)
VARYING_EXITS = {"many_tasks"}
TRUTH_TESTS = ("t-fork_exec.py", "t-threads.py", "t-clone_flags.py", "t-vfork.py",
               "t-thread_exec.py", "t-signals.py", "t-uts_namespace.py", "t-tid_reuse.py",
               "t-many_tasks.py", "t-exec_race.py", "t-thread_names.py")
AT_FDCWD = -100


def cant_load():
    """Why --ebpf can't run here, or None (a failure of clonetrace's own is no reason)."""
    p = subprocess.run([ctlib.CLONETRACE, "record", "--ebpf", "-q", "-o", "/dev/null", "--", "true"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode(errors="replace").strip()
    if p.returncode != 0 and any(r in err for r in CANT_LOAD):
        return err
    return None


def kernel_exec_path(e):
    """The path the kernel names (bprm->filename) for an exec the default mode recorded."""
    path, fd = e.get("path") or "", e.get("dirfd", AT_FDCWD)
    if fd == AT_FDCWD or path.startswith("/"):
        return path
    return "/dev/fd/%d" % fd + ("/" + path if path else "")


def canon(trace, tmp=None, any_code=False):
    """Each root's subtree as nested tuples, children sorted: what both backends must agree on
    (the run's own temporary directory, in argv, as TMP; any_code: an exit code as "code")."""
    tasks = {t["id"]: t for t in trace["tasks"]}
    calls = {c["id"]: c for c in trace["calls"]}
    kids = {}
    for t in trace["tasks"]:
        kids.setdefault(t["creator"], []).append(t["id"])
    # tasks whose namespaces or resources an unshare or setns changed after they were made
    # (ebpf mode sees neither): theirs, and their children's against theirs, are not compared
    changed = {c["task"] for c in trace["calls"]
               if c["syscall"] in ("unshare", "setns") and "value" in (c.get("result") or {})}

    def leader_exit(t):
        """The exit of a thread's process: the process its creators' chain of threads began in."""
        while t and t["kind"] == "thread":
            t = tasks.get(t["creator"])
        return t and t["exit"]

    def sig(i):
        t = tasks[i]
        c = calls.get(t["call"]) if t["call"] else None
        creator = tasks.get(t["creator"])
        call = None
        if c:
            call = (c["syscall"], tuple(c.get("flags") or ()), c.get("exit_signal"),
                    "errno" in (c.get("result") or {}))
        exit = json.dumps(t["exit"], sort_keys=True)
        # a thread reaped while its process exits: ptrace says the process's code
        if t["kind"] == "thread" and (t["exit"] == {"code": 0} or t["exit"] == leader_exit(t)):
            exit = "0 or its process's"
        elif any_code and "code" in (t["exit"] or {}):
            exit = "code"
        ns = tuple(sorted(k for k, v in (t.get("ns") or {}).items()
                          if creator and v != (creator.get("ns") or {}).get(k)))
        shares = tuple(sorted(k for k, v in (t.get("shares") or {}).items()
                              if creator and v == (creator.get("shares") or {}).get(k)))
        if i in changed or t["creator"] in changed:
            ns = shares = "*"
        names = tuple(n["comm"] for n in (t.get("names") or [])[1:])
        execs = tuple((kernel_exec_path(e), tuple(x.replace(tmp, "TMP") if tmp else x
                                                  for x in e.get("argv") or ()))
                      for e in t.get("execs") or [])
        return (t["kind"], t["comm"], exit, names, execs, call, ns, shares, len(t.get("nspid") or []),
                tuple(sorted((sig(k) for k in kids.get(i, [])), key=order)))
    return sorted((sig(r) for r in kids.get(None, [])), key=order)


def order(s):
    """How canon() sorts siblings: by all but the namespaces and shares, which may be "*"."""
    return repr(s[:6] + s[8:9] + tuple(order(k) for k in s[9]))


def masked(a, b):
    """b with a's "*" (not compared) where a has them, sibling by sibling."""
    kids = tuple(masked(x, y) for x, y in zip(a[9], b[9])) + b[9][len(a[9]):]
    return b[:6] + (a[6] if a[6] == "*" else b[6], a[7] if a[7] == "*" else b[7]) + b[8:9] + (kids,)


def lines(s, depth=0, out=None):
    """A canon() subtree as indented lines, for a readable difference."""
    out = [] if out is None else out
    kind, comm, exit, names, execs, call, ns, shares, nspid, children = s
    out.append("%s%s %s exit=%s names=%s execs=%s call=%s new-ns=%s shares=%s nspid=%d" % (
        "  " * depth, kind, comm, exit, list(names), [e[0] for e in execs], call, list(ns),
        list(shares), nspid))
    for k in children:
        lines(k, depth + 1, out)
    return out


def differences(a, b, any_code=False):
    """What the default mode's run a and the ebpf run b disagree on, as diff lines."""
    import difflib
    ca, cb = canon(a.trace, a.tmp, any_code), canon(b.trace, b.tmp, any_code)
    cb = [masked(x, y) for x, y in zip(ca, cb)] + cb[len(ca):]
    la = [l for r in ca for l in lines(r)]
    lb = [l for r in cb for l in lines(r)]
    return [l for l in difflib.unified_diff(la, lb, "ptrace", "ebpf", lineterm="", n=0)
            if not l.startswith(("---", "+++", "@@"))]


def stderr_at_end(p, timeout=120):
    """The stderr of the Popen p once it has ended (killed after timeout seconds)."""
    try:
        return p.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        return p.communicate()[1]


def record_both(name):
    truth = name not in BARE
    a = ctlib.record(name, truth=truth)
    b = ctlib.record(name, opts=("--ebpf",), truth=truth)
    return a, b


def check_ebpf_trace(g, run):
    tr = run.trace
    g.eq(tr["meta"]["mode"], "ebpf", "meta.mode")
    g.eq(tr["meta"].get("lost_events"), 0, "meta.lost_events")
    g.true(b", 0 events lost;" in run.stderr, "the summary line counts the events lost (%r)"
           % run.stderr[-200:])
    g.true(any(n.startswith("ebpf mode:") for n in tr["meta"]["notes"]),
           "meta.notes says what ebpf mode can't see")
    for c in tr["calls"]:
        if not (c.get("child") and c.get("decoded_from") == "registers" and "value" in c["result"]):
            g.fail("call %s: a creating call that worked, decoded from registers: %s"
                   % (c["id"], ctlib.short(c)))
            break


ctlib.need_clonetrace()
why = cant_load()
if why:
    ctlib.skip_all("BPF can't be loaded here: " + why)
tap = ctlib.Tap()

# (a) every sample, both backends
samples = sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(ctlib.ROOT, "samples", "*.c")))
tap.result(len(samples) >= 20, "samples found (%d)" % len(samples))
for name in samples:
    if name in RACES:
        continue
    a, b = record_both(name)
    with tap.group("ebpf: %s records as the default mode does" % name) as g:
        if g.true(a.trace is not None, "default trace written (%s)" % a.error) and \
                g.true(b.trace is not None, "ebpf trace written (%s; %s)" % (b.error, b.stderr[-300:])):
            g.eq(b.rc, a.rc, "exit status")
            check_ebpf_trace(g, b)
            worked = [c for c in a.trace["calls"] if c.get("child")]
            g.eq(len(b.trace["calls"]), len(worked), "calls: the default mode's that made a task")
            for d in differences(a, b, name in VARYING_EXITS)[:12]:
                g.fail(d)
    ctlib.cleanup(a)
    ctlib.cleanup(b)

# (b) the tests that check against the samples' truth, with --ebpf
ctlib.rerun_in_mode(tap, TRUTH_TESTS, "--ebpf", "ebpf", timeout=900)

# (c) a program under ptrace: strace -f runs fork_exec, recorded as without strace
strace = subprocess.run(["sh", "-c", "command -v strace"], stdout=subprocess.PIPE).stdout.strip()
if not strace:
    tap.skip("ebpf: a program under strace -f is recorded", "no strace here (tools/deps installs it)")
else:
    plain = ctlib.record("fork_exec", truth=False)
    r = ctlib.record("fork_exec", opts=("--ebpf",), truth=False,
                     cmd=[strace.decode(), "-f", "-o", "/dev/null", ctlib.sample_path("fork_exec")])
    with tap.group("ebpf: a program under strace -f is recorded") as g:
        if g.true(r.trace is not None and plain.trace is not None, "traces written (%s %s; %s)"
                  % (r.error, plain.error, r.stderr[-300:])):
            g.eq(r.rc, plain.rc, "exit status")
            root = r.trace["tasks"][0]
            g.eq(root["comm"], "strace", "the command's task")
            # strace's own probing children, and the one that runs the program
            under = [t for t in r.trace["tasks"] if t["creator"] == root["id"] and t["execs"]]
            g.eq([t["execs"][0]["path"] for t in under], [ctlib.sample_path("fork_exec")],
                 "strace's child exec'd fork_exec")
            if under:
                # fork_exec's subtree as the default mode records it without strace
                sub = dict(r.trace, tasks=[dict(t, creator=None) if t is under[0] else t
                                           for t in r.trace["tasks"] if t is not root])
                want = canon(plain.trace)[0]
                got = [s for s in canon(sub) if s[4] and s[4][0][0] == ctlib.sample_path("fork_exec")]
                g.eq(len(got), 1, "one fork_exec subtree under strace")
                if got:
                    # made by strace's fork there, by clonetrace's here: no call to compare
                    g.eq(lines(got[0][:5] + (None,) + got[0][6:]), lines(want),
                         "fork_exec's tasks under strace")
    ctlib.cleanup(r)
    ctlib.cleanup(plain)

# (e) --system while runc, bwrap and unshare start containers outside clonetrace: the
# reports their processes wrote (what they saw of themselves) are tasks of the trace
def system_runs(tmp):
    """(name, command, cwd, report dir) of each container to start, or (name, why not)."""
    runs = []
    if rtlib.static_busybox() is None:
        return [("containers", "no static busybox for their root (busybox-static)")]
    for name, tool in (("runc", "runc"), ("bwrap", "bwrap"), ("unshare", "unshare")):
        if shutil.which(tool) is None:
            runs.append((name, "%s is not installed (tools/deps installs it)" % tool))
            continue
        d = os.path.join(tmp, name)
        os.makedirs(d)
        if name == "runc":
            b = rtlib.oci_bundle(d)
            runs.append((name, ["runc", "--root", os.path.join(d, "state"), "run",
                                "ct-ebpf-%d" % os.getpid()], b, os.path.join(b, "rootfs", "out")))
            continue
        r = rtlib.make_rootfs(os.path.join(d, "rootfs"))
        inside = ["/bin/sh", "/report.sh", "init", "/out", "child"]
        cmd = (["bwrap", "--unshare-all", "--bind", r, "/", "--proc", "/proc", "--dev", "/dev"]
               if name == "bwrap" else
               ["unshare", "-Ufpmu", "--map-root-user", "--root=" + r, "--mount-proc"])
        runs.append((name, cmd + inside, d, os.path.join(r, "out")))
    return runs


tmp = ctlib.tmpdir("ebpf-system")
trace_path = os.path.join(tmp, "trace.json")
runs = system_runs(tmp)
rec = subprocess.Popen([ctlib.CLONETRACE, "record", "--system", "-o", trace_path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
# its first line says the probes are live
first = rec.stderr.readline().decode(errors="replace")
done = []
for run in runs:
    if len(run) == 2:
        tap.skip("system: %s" % run[0], run[1])
        continue
    name, cmd, cwd, out = run
    why = rtlib.untraced_ok(cmd, cwd=cwd)
    if why:
        tap.skip("system: %s" % name, why)
    else:
        done.append((name, out))
rec.send_signal(signal.SIGINT)
err = stderr_at_end(rec)
with tap.group("system: recorded until ^C, a complete trace") as g:
    g.true("recording every task the host creates" in first, "the first line (%r)" % first)
    g.eq(rec.returncode, 0, "exit status (stderr %r)" % err[-300:])
    trace = ctlib.load_json(trace_path) if os.path.exists(trace_path) else None
    if g.true(trace is not None, "trace written"):
        g.eq(trace["meta"]["mode"], "system", "meta.mode")
        g.eq(trace["meta"]["argv"], [], "meta.argv")
        g.eq(trace["meta"]["complete"], True, "meta.complete")
        g.true(trace["meta"].get("lost_events") == 0 or any("events lost" in n for n in
               trace["meta"]["notes"]), "events lost are said in meta.notes")
        g.eq([t["id"] for t in trace["tasks"] if t["tid"] == rec.pid], [], "clonetrace's own tasks")
        g.true(any(t.get("pre_existing") for t in trace["tasks"]), "tasks there before are pre_existing")
if trace:
    tr = ctlib.Trace(trace)
    for name, out in done:
        rtlib.check_reports(tap, tr, out, "system: " + name)
ctlib.rmtree(tmp)

# (f) -p on a running multithreaded program: never stopped (no tracer, TracerPid 0, while
# recorded), its threads pre_existing, what it makes from then on recorded with its truth
TARGET = r"""
import json, os, sys, threading
stop = threading.Event()
for _ in range(3):
    threading.Thread(target=stop.wait, daemon=True).start()
print(json.dumps({"tids": sorted(int(t) for t in os.listdir("/proc/self/task"))}), flush=True)
sys.stdin.readline()
kids = []
for code in (3, 4):
    pid = os.fork()
    if pid == 0:
        os._exit(code)
    os.waitpid(pid, 0)
    kids.append([pid, code])
new = []
t = threading.Thread(target=lambda: new.append(threading.get_native_id()))
t.start()
t.join()
print(json.dumps({"kids": kids, "thread": new[0]}), flush=True)
sys.stdin.readline()
sys.exit(5)
"""
tmp = ctlib.tmpdir("ebpf-attach")
trace_path = os.path.join(tmp, "trace.json")
prog = subprocess.Popen([sys.executable, "-c", TARGET], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
before = json.loads(prog.stdout.readline())
rec = subprocess.Popen([ctlib.CLONETRACE, "record", "--ebpf", "-o", trace_path, "-p", str(prog.pid)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
first = rec.stderr.readline().decode(errors="replace")
tracer = ctlib.tracer_pid(prog.pid)
prog.stdin.write(b"go\n")
prog.stdin.flush()
after = json.loads(prog.stdout.readline())
prog.stdin.write(b"end\n")
prog.stdin.flush()
prog.wait(timeout=60)
err = stderr_at_end(rec)
with tap.group("ebpf: -p follows a running multithreaded program without stopping it") as g:
    g.true("following %d tasks of 1 process" % len(before["tids"]) in first, "the first line (%r)" % first)
    g.eq(tracer, 0, "the program's TracerPid while recorded")
    g.eq(rec.returncode, 0, "exit status (stderr %r)" % err[-300:])
    trace = ctlib.load_json(trace_path) if os.path.exists(trace_path) else None
    if g.true(trace is not None, "trace written"):
        tasks = {t["tid"]: t for t in trace["tasks"]}
        g.eq(trace["meta"]["mode"], "ebpf", "meta.mode")
        g.eq(trace["meta"].get("attached"), [prog.pid], "meta.attached")
        g.eq(sorted(t["tid"] for t in trace["tasks"] if t.get("pre_existing")), before["tids"],
             "the threads there at attach are pre_existing")
        g.eq(len({t["shares"]["vm"] for t in trace["tasks"] if t.get("pre_existing")}), 1,
             "they share one vm (kcmp)")
        root = tasks.get(prog.pid, {})
        g.eq(root.get("exit"), {"code": 5}, "the program's exit")
        for pid, code in after["kids"]:
            k = tasks.get(pid)
            if g.true(k is not None, "child %d in the trace" % pid):
                g.eq((k["kind"], k["creator"], k["exit"]), ("process", root.get("id"), {"code": code}),
                     "child %d: kind, creator, exit" % pid)
        t = tasks.get(after["thread"])
        if g.true(t is not None, "the new thread %d in the trace" % after["thread"]):
            g.eq((t["kind"], t["shares"]["vm"]), ("thread", root.get("shares", {}).get("vm")),
                 "the new thread: kind, vm")
ctlib.rmtree(tmp)

# (g) nothing silently lost: a ring buffer too small for many_tasks' burst drops events,
# and the trace and the summary line count them
env = dict(os.environ, CLONETRACE_EBPF_RING_KB=str(max(4, os.sysconf("SC_PAGE_SIZE") // 1024)))
tmp = ctlib.tmpdir("ebpf-lost")
trace_path = os.path.join(tmp, "trace.json")
p = subprocess.run([ctlib.CLONETRACE, "record", "--ebpf", "-o", trace_path, "--",
                    ctlib.sample_path("many_tasks")], env=env, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, timeout=300)
err = p.stderr.decode(errors="replace")
with tap.group("ebpf: events the ring buffer drops are counted in meta and the summary line") as g:
    g.eq(p.returncode, 0, "exit status (stderr %r)" % err[-300:])
    trace = ctlib.load_json(trace_path) if os.path.exists(trace_path) else None
    if g.true(trace is not None, "trace written"):
        lost = trace["meta"].get("lost_events") or 0
        g.true(lost > 0, "meta.lost_events > 0 with a one-page ring (%r)" % lost)
        g.true(", %d events lost;" % lost in err, "the summary line says %d (%r)" % (lost, err[-200:]))
        g.true(any(n.startswith("%d events lost" % lost) for n in trace["meta"]["notes"]),
               "meta.notes says what was lost")
ctlib.rmtree(tmp)

# (d) not root: one line, exit 1, nothing written
d = ctlib.tmpdir("ebpf-nobody")
os.chmod(d, 0o777)
out = os.path.join(d, "trace.json")
nobody = pwd.getpwnam("nobody")
p = subprocess.run(["setpriv", "--reuid=%d" % nobody.pw_uid, "--regid=%d" % nobody.pw_gid,
                    "--clear-groups", ctlib.CLONETRACE, "record", "--ebpf", "-o", out, "--", "true"],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
err = p.stderr.decode(errors="replace")
with tap.group("ebpf: without root, one line says what is missing, exit 1, nothing written") as g:
    g.eq(p.returncode, 1, "exit status")
    g.eq(len(err.splitlines()), 1, "lines on stderr (%r)" % err)
    g.true("--ebpf:" in err and "needs root" in err and "ptrace modes" in err,
           "the line names what is missing and the ptrace modes (%r)" % err)
    g.eq(os.listdir(d), [], "files written")
ctlib.rmtree(d)

for opts in (["--light"], ["--stack"], ["-v"], ["--no-seccomp"]):
    p = subprocess.run([ctlib.CLONETRACE, "record", "--ebpf"] + opts + ["--", "true"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode(errors="replace")
    with tap.group("ebpf: --ebpf %s is refused in one line" % " ".join(opts)) as g:
        g.eq(p.returncode, 2, "exit status")
        g.true(len(err.splitlines()) == 1 and "--ebpf goes with a command or -p alone" in err, repr(err))
tap.done()
