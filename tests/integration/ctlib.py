# SPDX-License-Identifier: MIT
"""Shared by the integration tests (stdlib only).

A test runs a sample under `./clonetrace record`, loads the trace and the
sample's own ground truth (samples/README.md) and checks facts of one
against the other.  Output is TAP-like, as tests/run expects:

    ok - NAME
    not ok - NAME
    # file:line: what was expected, what was found
    ok - NAME # SKIP reason

Facts are checked in groups: `with tap.group("NAME") as g:` then g.eq(),
g.true(), ...; the group prints one line.  A group that checked nothing
fails ("never pass by asserting nothing").  Tests are run with the
repository root as the working directory; `--no-seccomp` on a test's
command line is passed on to clonetrace (tests/integration/t-no-seccomp.py
runs the sample tests that way).
"""

import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# $CLONETRACE: another clonetrace to test (e.g. an installed one)
CLONETRACE = os.environ.get("CLONETRACE") or os.path.join(ROOT, "clonetrace")
SAMPLES = os.path.join(ROOT, "build", "samples")
SHARE_KINDS = ("vm", "files", "fs", "sighand", "sysvsem", "io")

# Options given to the test itself and passed on to every `clonetrace record`.
MODE_OPTS = [a for a in sys.argv[1:] if a in ("--no-seccomp", "--light", "--ebpf")]
EXPECT_MODE = {"--no-seccomp": "syscall", "--light": "light", "--ebpf": "ebpf"}.get(MODE_OPTS[0] if MODE_OPTS else "",
                                                                "seccomp")


def exec_path(path):
    """An exec entry's path as the mode records it: light mode sees no execve
    entering, only the program /proc names at the exec event."""
    return os.path.realpath(path) if EXPECT_MODE == "light" and path else path


def where():
    """file:line of the innermost caller outside this module."""
    for fr in inspect.stack()[1:]:
        if os.path.abspath(fr.filename) != os.path.abspath(__file__):
            return "%s:%d" % (os.path.relpath(fr.filename, ROOT), fr.lineno)
    return "?"


def short(v, n=300):
    if isinstance(v, (str, bytes)):
        s = repr(v)
    else:
        try:
            s = json.dumps(v, sort_keys=True)
        except (TypeError, ValueError):
            s = repr(v)
    return s if len(s) <= n else s[:n] + "..."


class Group:
    """Collects the checks of one TAP line."""

    def __init__(self, tap, name):
        self.tap, self.name = tap, name
        self.checked = 0
        self.diags = []
        self.skipped = None

    def fail(self, msg):
        self.checked += 1
        self.diags.append("%s: %s" % (where(), msg))
        return False

    def true(self, cond, msg):
        """msg says what should hold; printed only when it does not."""
        self.checked += 1
        if not cond:
            self.diags.append("%s: %s" % (where(), msg))
        return bool(cond)

    def eq(self, got, want, what):
        self.checked += 1
        if got != want:
            self.diags.append("%s: %s: expected %s, got %s" % (where(), what, short(want), short(got)))
            return False
        return True

    def skip(self, reason):
        self.skipped = reason

    def note(self, msg):
        """A diagnostic printed with the result even when it passes."""
        self.diags.append("%s: note: %s" % (where(), msg))

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is not None:
            import traceback
            self.checked += 1
            for line in traceback.format_exception(et, ev, tb)[-4:]:
                for l in line.rstrip().splitlines():
                    self.diags.append("exception: " + l)
            self.diags.insert(0, "%s: the check raised %s" % (where(), et.__name__))
            failed = True
        else:
            failed = any(": note: " not in d for d in self.diags)
        if self.skipped is not None and not failed:
            self.tap.skip_full(self.name, self.skipped)
        elif self.checked == 0:
            self.tap.result(False, self.name, ["%s: nothing was checked" % where()])
        else:
            self.tap.result(not failed, self.name, self.diags)
        return True  # an exception fails the group, not the test program


class Tap:
    def __init__(self, prefix=""):
        self.prefix = prefix
        self.failed = 0
        self.passed = 0
        self.skipped = 0

    def group(self, name):
        return Group(self, self.prefix + name)

    def result(self, ok, name, diags=()):
        print("%s - %s" % ("ok" if ok else "not ok", name))
        for d in diags:
            for line in str(d).splitlines():
                print("# " + line)
        sys.stdout.flush()
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def skip(self, name, reason):
        self.skip_full(self.prefix + name, reason)

    def skip_full(self, name, reason):
        print("ok - %s # SKIP %s" % (name, reason))
        sys.stdout.flush()
        self.skipped += 1

    def done(self):
        sys.exit(1 if self.failed else 0)


def skip_all(reason):
    """The whole test cannot run here: exit 77 with the reason."""
    print("# SKIP " + reason)
    sys.exit(77)


def need_clonetrace():
    if not os.access(CLONETRACE, os.X_OK):
        skip_all("./clonetrace is not built (make clonetrace)")


def sample_path(name):
    p = os.path.join(SAMPLES, name)
    if not os.access(p, os.X_OK):
        subprocess.run(["make", "-s", "-C", ROOT, "build/samples/" + name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return p


class Run:
    """One `clonetrace record` of a command: exit status, output, trace, truth."""

    def __init__(self):
        self.cmd = []
        self.rc = None
        self.stdout = b""
        self.stderr = b""
        self.trace = None
        self.truth = None
        self.error = None  # why the trace or the truth could not be loaded
        self.tmp = None

    def describe(self):
        lines = ["command: " + " ".join(self.cmd), "exit status: %s" % self.rc]
        if self.error:
            lines.append("error: " + self.error)
        err = self.stderr.decode(errors="replace").strip().splitlines()
        lines += ["stderr: " + l for l in err[-10:]]
        return lines


def tmpdir(tag):
    d = tempfile.mkdtemp(prefix="ct-%s-" % tag)
    return d


def finish(p, timeout):
    """Waits up to timeout seconds for the Popen p, then kills it.  Returns
    (stdout, stderr, returncode or None when it had to be killed)."""
    try:
        out, err = p.communicate(timeout=timeout)
        return out, err, p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return out, err, None


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def record(sample, args=(), opts=(), timeout=180, truth=True, stdin=subprocess.DEVNULL,
           pass_fds=(), cmd=None):
    """Runs clonetrace record -o TMP/trace.json -- SAMPLE TMP/truth.json ARGS.

    With cmd, runs that command instead of a sample (no truth).  Returns a Run
    whose .trace and .truth are the loaded documents (None if missing).
    """
    r = Run()
    r.tmp = tmpdir(sample or "cmd")
    tpath = os.path.join(r.tmp, "trace.json")
    truth_path = os.path.join(r.tmp, "truth.json")
    if cmd is None:
        cmd = [sample_path(sample)] + ([truth_path] if truth else []) + list(args)
    r.cmd = [CLONETRACE, "record"] + MODE_OPTS + list(opts) + ["-o", tpath, "--"] + list(cmd)
    try:
        p = subprocess.run(r.cmd, cwd=ROOT, stdin=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, pass_fds=pass_fds)
        r.rc, r.stdout, r.stderr = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        r.error = "timed out after %ds" % timeout
        r.stdout, r.stderr = e.stdout or b"", e.stderr or b""
        return r
    except OSError as e:
        r.error = "cannot run %s: %s" % (r.cmd[0], e)
        return r
    try:
        r.trace = load_json(tpath)
    except (OSError, ValueError) as e:
        r.error = "trace: %s" % e
    if truth and sample:
        try:
            r.truth = load_json(truth_path)
        except (OSError, ValueError) as e:
            r.error = (r.error + "; " if r.error else "") + "truth: %s" % e
    return r


def run_untraced(sample, args=(), timeout=120, stdin=subprocess.DEVNULL):
    """Runs the sample without clonetrace; returns (rc, stdout, stderr, truth)."""
    d = tmpdir(sample + "-untraced")
    truth_path = os.path.join(d, "truth.json")
    p = subprocess.run([sample_path(sample), truth_path] + list(args), cwd=ROOT, stdin=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    try:
        truth = load_json(truth_path)
    except (OSError, ValueError):
        truth = None
    shutil.rmtree(d, ignore_errors=True)
    return p.returncode, p.stdout, p.stderr, truth


def rmtree(d):
    """Removes a test's temporary directory, unless $CT_KEEP is set."""
    if d and os.environ.get("CT_KEEP") is None:
        shutil.rmtree(d, ignore_errors=True)


def cleanup(run):
    if run is not None:
        rmtree(run.tmp)


# ---------------------------------------------------------------- the trace

class Trace:
    """Index over a trace document."""

    def __init__(self, doc):
        self.doc = doc
        self.meta = doc.get("meta", {})
        self.tasks = doc.get("tasks", [])
        self.calls = doc.get("calls", [])
        self.resources = doc.get("resources", [])
        self.namespaces = doc.get("namespaces", [])
        self.ns_by_id = {n.get("id"): n for n in self.namespaces}
        self.task_by_id = {t.get("id"): t for t in self.tasks}
        self.call_by_id = {c.get("id"): c for c in self.calls}

    def root(self):
        return self.tasks[0] if self.tasks else None

    def with_tid(self, tid):
        return [t for t in self.tasks if t.get("tid") == tid]

    def task(self, tid):
        """The only task with this tid, else None."""
        ts = self.with_tid(tid)
        return ts[0] if len(ts) == 1 else None

    def tid_of(self, task_id):
        t = self.task_by_id.get(task_id)
        return t.get("tid") if t else None

    def call_of(self, task):
        """The call that created task."""
        return self.call_by_id.get(task.get("call")) if task else None

    def calls_by(self, task):
        return [c for c in self.calls if c.get("task") == task.get("id")]

    def children(self, task, by="creator"):
        return [t for t in self.tasks if t.get(by) == task.get("id")]

    def name(self, task):
        if task is None:
            return "no task"
        return "task %s (tid %s, %s)" % (task.get("id"), task.get("tid"), task.get("comm"))


def result_of(call):
    return call.get("result") if call else None


def flags_set(call):
    """The call's flag names, without hex remainders."""
    return set(f for f in (call.get("flags") or []) if not f.startswith("0x"))


# ----------------------------------------------------------------- checks

def check_run(tap, run, name, want_rc=None):
    """The run finished, wrote a trace (and truth), and exited as expected."""
    with tap.group(name + ": clonetrace ran and wrote the trace and the truth") as g:
        g.true(run.error is None and run.trace is not None,
               "trace and truth loaded (%s)" % (run.error or ""))
        if want_rc is not None:
            g.eq(run.rc, want_rc, "exit status of clonetrace (the command's)")
        if run.error or (want_rc is not None and run.rc != want_rc):
            for l in run.describe():
                g.note(l)
    return run.error is None and run.trace is not None


TASK_KEYS = {
    "id": int, "tid": int, "tgid": int, "kind": str, "parent": (int, type(None)),
    "creator": (int, type(None)), "call": (int, type(None)), "comm": (str, type(None)),
    "exe": (str, type(None)), "argv": (list, type(None)), "start_ns": int,
    "end_ns": (int, type(None)), "exit": (dict, type(None)), "ns": dict, "nspid": (list, type(None)),
    "shares": dict, "execs": list, "escaped": bool, "cgroup": (dict, type(None)),
    "ns_inst": dict,
}
NS_KEYS = {
    "id": str, "kind": str, "inode": int, "ns_id": (int, type(None)), "time_ns": int,
    "call": (int, type(None)), "task": (int, type(None)),
}
NS_OWN = {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}


def own_kind(key):
    """The kind of namespace a tasks[].ns key names: pid_for_children a pid one."""
    return key.replace("_for_children", "")
CALL_KEYS = {
    "id": int, "time_ns": int, "task": int, "syscall": str, "arch": str, "nr": int,
    "flags": list, "flags_value": (str, type(None)), "exit_signal": (str, int, type(None)), "args": dict,
    "result": (dict, type(None)), "violates": list, "child": (int, type(None)),
}
META_KEYS = {
    "tool": str, "host_arch": str, "tracer_arch": str, "kernel": str, "argv": list, "mode": str,
    "start_time": str, "duration_ns": int, "complete": bool, "exit": (dict, type(None)),
    "notes": list,
}


def _typecheck(g, obj, keys, what):
    for k, ty in keys.items():
        if k not in obj:
            g.fail("%s has no %r" % (what, k))
        elif isinstance(obj[k], bool) and ty is int:
            g.fail("%s %r is a bool, not an integer" % (what, k))
        elif not isinstance(obj[k], ty):
            g.fail("%s %r is %s, expected %s" % (what, k, type(obj[k]).__name__, ty))
        else:
            g.checked += 1


def has_pids(task):
    """The task's tid and tgid are real pids (1 or more)."""
    return all(isinstance(task.get(k), int) and task[k] >= 1 for k in ("tid", "tgid"))


def check_format(tap, run, name, complete=True):
    """The document follows docs/trace-format.md; references are consistent."""
    doc = run.trace
    tr = Trace(doc)
    with tap.group(name + ": trace follows docs/trace-format.md") as g:
        g.eq(doc.get("format"), "clonetrace", "format")
        g.eq(doc.get("version"), 2, "version")
        _typecheck(g, tr.meta, META_KEYS, "meta")
        g.eq(tr.meta.get("complete"), complete, "meta.complete")
        if tr.meta.get("mode") != EXPECT_MODE:
            g.fail("meta.mode is %r, expected %r (notes: %s)" % (tr.meta.get("mode"), EXPECT_MODE,
                                                              short(tr.meta.get("notes"))))
        g.true(tr.tasks, "at least one task")
        for i, t in enumerate(tr.tasks):
            _typecheck(g, t, TASK_KEYS, "task %s" % t.get("id"))
            g.eq(t.get("id"), i + 1, "tasks[%d].id (from 1 in order)" % i)
            if not has_pids(t):
                g.fail("task %s: tid %r, tgid %r (a pid is 1 or more)"
                       % (t.get("id"), t.get("tid"), t.get("tgid")))
            if t.get("kind") not in ("process", "thread"):
                g.fail("task %s kind %r" % (t.get("id"), t.get("kind")))
            for ref in ("parent", "creator"):
                if t.get(ref) is not None and t[ref] not in tr.task_by_id:
                    g.fail("task %s %s %s is no task" % (t.get("id"), ref, t[ref]))
            if t.get("call") is not None:
                c = tr.call_by_id.get(t["call"])
                if c is None:
                    g.fail("task %s call %s is no call" % (t.get("id"), t["call"]))
                elif c.get("child") != t.get("id"):
                    g.fail("task %s call %s has child %s" % (t.get("id"), t["call"], c.get("child")))
                elif c.get("task") != t.get("creator"):
                    g.fail("task %s: creator %s but its call %s was made by %s"
                           % (t.get("id"), t.get("creator"), c.get("id"), c.get("task")))
            if t.get("kind") == "process" and not t.get("execs") and t.get("tgid") != t.get("tid"):
                g.fail("process task %s: tgid %s != tid %s" % (t.get("id"), t.get("tgid"), t.get("tid")))
            for k, v in (t.get("shares") or {}).items():
                if not (isinstance(v, str) and v.startswith(k + ":")):
                    g.fail("task %s shares.%s = %r (expected \"%s:N\")" % (t.get("id"), k, v, k))
                elif not v[len(k) + 1:].isdigit() or int(v[len(k) + 1:]) < 1:
                    g.fail("task %s shares.%s = %r: instances are numbered from 1" % (t.get("id"), k, v))
            cg = t.get("cgroup")
            if isinstance(cg, dict) and not (set(cg) <= {"v2", "v1"} and cg and
                                             isinstance(cg.get("v2", ""), str) and
                                             all(isinstance(v, str) for v in cg.get("v1", {}).values())):
                g.fail("task %s cgroup = %s (expected {\"v2\": PATH, \"v1\": {CONTROLLERS: PATH}})"
                       % (t.get("id"), short(cg)))
            ctr = t.get("container")
            if "container" in t and not (isinstance(ctr, dict) and isinstance(ctr.get("id"), str) and
                                         isinstance(ctr.get("runtime"), str) and
                                         ctr.get("via") in ("cgroup", "command") and
                                         (ctr.get("via") == "cgroup") == ("runtime_task" not in ctr)):
                g.fail("task %s container = %s" % (t.get("id"), short(ctr)))
            unknown = t.get("shares_unknown")
            if "shares_unknown" in t and not (isinstance(unknown, list) and unknown and
                                              set(unknown) <= set(t.get("shares") or {})):
                g.fail("task %s shares_unknown = %r (a list of kinds in shares, absent if none)"
                       % (t.get("id"), unknown))
        for i, c in enumerate(tr.calls):
            _typecheck(g, c, CALL_KEYS, "call %s" % c.get("id"))
            g.eq(c.get("id"), i + 1, "calls[%d].id" % i)
            if c.get("task") not in tr.task_by_id:
                g.fail("call %s task %s is no task" % (c.get("id"), c.get("task")))
            if c.get("child") is not None:
                ch = tr.task_by_id.get(c["child"])
                if ch is None or ch.get("call") != c.get("id"):
                    g.fail("call %s child %s does not point back" % (c.get("id"), c["child"]))
            res = c.get("result")
            if res is not None and not (set(res) == {"value"} or set(res) == {"errno"}):
                g.fail("call %s result %s" % (c.get("id"), short(res)))
            if res and "errno" in res and c.get("child") is not None:
                g.fail("call %s failed but has child %s" % (c.get("id"), c.get("child")))
            try:
                if c.get("flags_value") is not None:    # null: the flags were never read
                    int(c.get("flags_value", "x"), 16)
            except ValueError:
                g.fail("call %s flags_value %r is not hex" % (c.get("id"), c.get("flags_value")))
        check_namespaces(g, tr)
        # resources: every instance named by two tasks is listed with both
        res_by_id = {}
        for r in tr.resources:
            res_by_id[r.get("id")] = r
            g.true(len(r.get("tasks", [])) >= 2, "resource %s held by two or more tasks" % r.get("id"))
            g.true(str(r.get("id", "")).startswith(str(r.get("kind")) + ":"),
                   "resource id %r matches kind %r" % (r.get("id"), r.get("kind")))
        holders = {}
        for t in tr.tasks:
            for k, v in (t.get("shares") or {}).items():
                holders.setdefault(v, []).append(t.get("id"))
        for inst, ids in holders.items():
            if len(ids) < 2:
                continue
            r = res_by_id.get(inst)
            if r is None:
                g.fail("tasks %s all have %s but resources[] does not list it" % (ids, inst))
            else:
                missing = [i for i in ids if i not in r.get("tasks", [])]
                g.true(not missing, "resource %s lists tasks %s" % (inst, missing))
    return tr


def cgroup_of(lines):
    """Lines of /proc/PID/cgroup as the trace writes them: {"v2": PATH, "v1": {CONTROLLERS: PATH}}."""
    out, v1 = {}, {}
    for line in lines:
        hier, ctrl, path = line.split(":", 2)
        if hier == "0":
            out["v2"] = path
        else:
            v1[ctrl] = path
    if v1:
        out["v1"] = v1
    return out


def check_namespaces(g, tr):
    """namespaces[] lists each instance once, the tasks' ns_inst and the
    calls' made name them, and ns_inst agrees with the ns inodes."""
    kids = {}
    for n in tr.namespaces:
        _typecheck(g, n, NS_KEYS, "namespace %s" % n.get("id"))
        if n.get("kind") not in NS_OWN or not str(n.get("id")).startswith("%s:" % n.get("kind")):
            g.fail("namespace %r of kind %r" % (n.get("id"), n.get("kind")))
        if n.get("ns_id") is not None:
            kids.setdefault((n.get("kind"), n["ns_id"]), []).append(n.get("id"))
        for ref, table in (("call", tr.call_by_id), ("task", tr.task_by_id)):
            if n.get(ref) is not None and n[ref] not in table:
                g.fail("namespace %s %s %s is none" % (n.get("id"), ref, n[ref]))
    g.eq(len(tr.ns_by_id), len(tr.namespaces), "namespaces[] ids are unique")
    g.eq([v for v in kids.values() if len(v) > 1], [], "instances with the same kernel ns_id")
    for t in tr.tasks:
        inst, ns = t.get("ns_inst") or {}, t.get("ns") or {}
        if set(inst) != set(ns):
            g.fail("task %s: ns_inst has %s, ns %s" % (t.get("id"), sorted(inst), sorted(ns)))
        for k, v in inst.items():
            n = tr.ns_by_id.get(v)
            if n is None or n.get("kind") != own_kind(k) or n.get("inode") != ns.get(k):
                g.fail("task %s ns_inst.%s = %r: %s, its ns.%s %s" % (
                    t.get("id"), k, v, short(n), k, ns.get(k)))
    for c in tr.calls:
        for k, v in (c.get("made") or {}).items():
            n = tr.ns_by_id.get(v) if v is not None else None
            if v is not None and (n is None or n.get("kind") != k or n.get("call") != c.get("id")):
                g.fail("call %s made.%s = %r: %s" % (c.get("id"), k, v, short(n)))


def ns_inst(tr, task, key):
    """The namespaces[] record of task's namespace key ("mnt", "pid_for_children"), or None."""
    return tr.ns_by_id.get((task.get("ns_inst") or {}).get(key))


def check_ns(g, task, want_ns, what):
    """Each namespace inode the sample saw equals the trace's."""
    got = task.get("ns") or {}
    for k, v in want_ns.items():
        g.eq(got.get(k), v, "%s ns.%s" % (what, k))


def check_kcmp(tap, tr, pairs, label, name):
    """For every pair and kind: same `shares` instance exactly when kcmp says 0.

    label: {tid: "name"}, for the messages.
    """
    with tap.group(name) as g:
        if not pairs:
            g.skip("no kcmp results")
        for p in pairs or []:
            ta, tb = tr.task(p["a"]), tr.task(p["b"])
            if ta is None or tb is None:
                g.fail("no single task for tid %s or %s" % (p["a"], p["b"]))
                continue
            for k in SHARE_KINDS:
                r = p.get(k)
                if r is None or r < 0:
                    continue
                sa, sb = (ta.get("shares") or {}).get(k), (tb.get("shares") or {}).get(k)
                same = sa is not None and sa == sb
                g.true(same == (r == 0),
                       "%s: %s and %s: kcmp says %s, trace says %s / %s"
                       % (k, label.get(p["a"], p["a"]), label.get(p["b"], p["b"]),
                          "same" if r == 0 else "different (%d)" % r, sa, sb))


def exit_of(task):
    return task.get("exit") if task else None


def skips(truth):
    return (truth or {}).get("skips") or {}


def check_root(tap, run, tr, name, exit_code=0):
    """The root task is the sample's first process as it saw itself."""
    truth = run.truth or {}
    root = tr.root()
    with tap.group(name + ": the root task is the sample") as g:
        g.eq(root.get("tid"), truth.get("pid"), "root tid (the sample's getpid)")
        g.eq(root.get("tgid"), truth.get("pid"), "root tgid")
        g.eq(root.get("kind"), "process", "root kind")
        g.eq(root.get("parent"), None, "root parent")
        g.eq(root.get("creator"), None, "root creator")
        g.eq(root.get("call"), None, "root call")
        check_ns(g, root, truth.get("ns") or {}, "root")
        g.eq(root.get("nspid"), truth.get("nspid"), "root nspid")
        g.eq(tr.meta.get("argv"), run.cmd[run.cmd.index("--") + 1:], "meta.argv")
        if exit_code is not None:
            g.eq(exit_of(root), {"code": exit_code}, "root exit")
            g.eq(tr.meta.get("exit"), {"code": exit_code}, "meta.exit")
    return root


def record_checked(tap, sample, want_rc=0, exit_code=0, root=True, **kw):
    """record(sample, **kw) and the checks every sample's test begins with:
    check_run (want_rc), check_format, and check_root (exit_code) unless
    root is False.  Returns (run, tr, truth, root task); tr is None when the
    run gave no trace to check."""
    run = record(sample, **kw)
    if not check_run(tap, run, sample, want_rc=want_rc):
        return run, None, run.truth, None
    tr = check_format(tap, run, sample)
    if not MODE_OPTS and not kw.get("args") and not kw.get("opts") and not kw.get("cmd"):
        keep_trace(run, sample)
    return run, tr, run.truth, check_root(tap, run, tr, sample, exit_code=exit_code) if root else None


TRACES = os.path.join(ROOT, "build", "tests", "traces")


def keep_trace(run, sample):
    """Keeps a sample's complete trace as build/tests/traces/SAMPLE.json, for
    tests/render/t-samples to draw without recording it again."""
    src = os.path.join(run.tmp, "trace.json")
    if not (run.trace and run.trace.get("meta", {}).get("complete") is True):
        return
    os.makedirs(TRACES, exist_ok=True)
    tmp = os.path.join(TRACES, ".%s.%d" % (sample, os.getpid()))
    shutil.copyfile(src, tmp)
    os.rename(tmp, os.path.join(TRACES, sample + ".json"))


def host_file(path):
    """The file at path (as a trace names it) where this host can read it:
    itself here; tests/arch/replay.py maps a VM's /ct/ARCH/... to the cross
    build it was copied from."""
    return path


def sample_exe(name):
    return os.path.realpath(os.path.join(SAMPLES, name))


def task_state(tid):
    """/proc/TID/status's State letter (t, T: stopped), or None if it is gone."""
    try:
        with open("/proc/%d/status" % tid) as f:
            for l in f:
                if l.startswith("State:"):
                    return l.split()[1]
    except OSError:
        return None
    return None


def tracer_pid(pid):
    """/proc/PID/status's TracerPid (0: untraced), or None if the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for l in f:
                if l.startswith("TracerPid:"):
                    return int(l.split()[1])
    except OSError:
        return None
    return 0


def proc_connector_missing(timeout=1.0):
    """Why the kernel's process-events connector tells this process nothing
    (None when it does), found as the kernel answers a listener, not as
    clonetrace does: subscribe to every event, rename this thread to its own
    name (prctl PR_SET_NAME) and wait for that PROC_EVENT_COMM.  The kernel
    serves only CAP_NET_ADMIN in the initial user and PID namespaces, and
    ignores any other listener without an error."""
    import ctypes
    import errno
    import select
    import socket
    import struct
    import time
    NETLINK_CONNECTOR, CN_IDX_PROC, CN_VAL_PROC, NLMSG_DONE = 11, 1, 1, 3
    LISTEN, IGNORE, PROC_EVENT_COMM, PR_SET_NAME, PR_GET_NAME = 1, 2, 0x200, 15, 16
    why = ("the kernel's process-events connector tells this process nothing (it serves "
           "only CAP_NET_ADMIN in the initial user and PID namespaces, not a container's)")

    def op(o):
        cn = struct.pack("=IIIIHHI", CN_IDX_PROC, CN_VAL_PROC, 0, 0, 4, 0, o)
        return struct.pack("=IHHII", 16 + len(cn), NLMSG_DONE, 0, 0, 0) + cn

    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_CONNECTOR)
    except OSError as e:
        return "no process-events connector socket (%s)" % e
    try:
        s.bind((0, CN_IDX_PROC))
        s.send(op(LISTEN))
        libc = ctypes.CDLL(None, use_errno=True)
        name = ctypes.create_string_buffer(16)
        if libc.prctl(PR_GET_NAME, name) != 0 or libc.prctl(PR_SET_NAME, name) != 0:
            return "prctl(PR_SET_NAME) failed: %s" % os.strerror(ctypes.get_errno())
        me, end = os.getpid(), time.monotonic() + timeout
        while time.monotonic() < end:
            if not select.select([s], [], [], max(0.0, end - time.monotonic()))[0]:
                break
            try:
                buf = s.recv(65536)
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    continue
                raise
            at = 0
            while at + 16 <= len(buf):
                n, typ = struct.unpack_from("=IH", buf, at)
                ev = at + 16 + 20  # nlmsghdr, cn_msg
                if typ == NLMSG_DONE and ev + 24 <= len(buf):
                    what = struct.unpack_from("=I", buf, ev)[0]
                    pid = struct.unpack_from("=I", buf, ev + 16)[0]
                    if what == PROC_EVENT_COMM and pid == me:
                        return None
                if n < 16:
                    break
                at += (n + 3) & ~3
        return why
    except OSError as e:
        return "%s: %s" % (why, e)
    finally:
        try:
            s.send(op(IGNORE))
        except OSError:
            pass
        s.close()


def rerun_in_mode(tap, tests, opt, prefix, timeout=600):
    """Runs each test script again with opt (e.g. --no-seccomp), its TAP
    lines prefixed "PREFIX: ", counted in tap."""
    import subprocess as sp
    here = os.path.dirname(os.path.abspath(__file__))
    for t in tests:
        try:
            p = sp.run([sys.executable, os.path.join(here, t), opt], cwd=ROOT,
                       stdout=sp.PIPE, stderr=sp.STDOUT, timeout=timeout)
            out, rc = p.stdout.decode(errors="replace"), p.returncode
        except sp.TimeoutExpired:
            out, rc = "", -1
        results = 0
        for line in out.splitlines():
            if line.startswith("ok - ") or line.startswith("not ok - "):
                ok, _, rest = line.partition(" - ")
                print("%s - %s: %s" % (ok, prefix, rest))
                results += 1
                if ok == "ok":
                    tap.passed += 1
                else:
                    tap.failed += 1
            elif line.startswith("#"):
                print(line)
        if results == 0:
            tap.result(rc == 0 or rc == 77, "%s: %s ran" % (prefix, t),
                       ["exit status %s; output: %s" % (rc, out[-500:])])
