#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record -p in a VM: checks what tests/arch/attach.sh left in
RESULTS/GUEST/attach with the checks of tests/integration/t-attach.py.

t-attach.py drives processes while they run, so it cannot be replayed; its
helper functions (check_common, ...) are taken from its source, so both
check the same facts.  Prints TAP.

    check_attach.py RESULTS GUEST
"""

import ast
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ITEST = os.path.join(os.path.dirname(HERE), "integration")
sys.path.insert(0, ITEST)
import ctlib  # noqa: E402

ROUNDS1 = 200  # attach.sh's first busy run


def t_attach_functions():
    """The function definitions of t-attach.py, without running the test."""
    path = os.path.join(ITEST, "t-attach.py")
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    tree.body = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.Import, ast.ImportFrom))]
    ns = {"__name__": "t_attach_functions"}
    exec(compile(tree, path, "exec"), ns)
    return ns


def main(results, guest):
    d = os.path.join(results, guest, "attach")
    tap = ctlib.Tap()

    def read(name, default=None):
        try:
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return default

    def rc(name):
        v = (read(name) or "").strip()
        return int(v) if v.lstrip("-").isdigit() else None

    def load(name):
        try:
            return json.loads(read(name) or "")
        except ValueError as e:
            return {"_error": "%s: %s" % (name, e)}

    if not os.path.isdir(d):
        ctlib.skip_all("no attach results for %s (samples/busy not built?)" % guest)
    check_common = t_attach_functions()["check_common"]

    # 1. attach, detach early with SIGINT
    with tap.group("attach: busy started") as g:
        g.true((read("busy1.out") or "").startswith("ready"), "busy says ready (got %r)" % read("busy1.out"))
    busy_pid = int((read("busy1.pid") or "0").strip() or 0)
    with tap.group("attach: after detaching, no task of the program is left stopped") as g:
        states = [l.split() for l in (read("states1") or "").splitlines() if l.strip()]
        g.true(states, "the program is still running after the detach")
        for s in states:
            g.true(len(s) == 2 and s[1] not in ("t", "T"), "task %s state %s" % (s[0], s[1:]))
    with tap.group("attach: clonetrace detached cleanly on SIGINT") as g:
        g.eq(rc("ct1.rc"), 0, "clonetrace exit status (stderr: %s)" % (read("ct1.err") or "").strip())
        hang = read("hang1.txt")
        if hang:
            g.fail("clonetrace was still there 30 s after SIGINT; its tasks then:")
            for line in hang.splitlines():
                g.note(line)
    truth = load("busy1.truth.json")
    with tap.group("attach: the program finished as if untraced") as g:
        g.eq(rc("busy1.rc"), 3, "busy exit status")
        out = (read("busy1.out") or "").strip().splitlines()
        g.eq(out[-1] if out else None, "sum=%s" % truth.get("sum"), "busy output")
        g.eq(truth.get("sum"), sum(i + i % 7 for i in range(ROUNDS1)), "busy's sum (every child's status arrived)")
    with tap.group("attach: the trace has the pre-existing and the new tasks") as g:
        doc = load("trace1.json")
        g.true("_error" not in doc, "trace written (%s)" % doc.get("_error"))
        tr = ctlib.Trace(doc)
        g.eq(tr.meta.get("complete"), False, "meta.complete after an early detach")
        check_common(g, tr, busy_pid, truth)

    # 2. attached until the program exits
    busy_pid = int((read("busy2.pid") or "0").strip() or 0)
    with tap.group("attach: attached until the end, the trace is complete") as g:
        g.eq(rc("busy2.rc"), 3, "busy exit status")
        g.eq(rc("ct2.rc"), 0, "clonetrace exit status (stderr: %s)" % (read("ct2.err") or "").strip())
        doc = load("trace2.json")
        g.true("_error" not in doc, "trace written (%s)" % doc.get("_error"))
        tr = ctlib.Trace(doc)
        truth = load("busy2.truth.json")
        g.eq(tr.meta.get("complete"), True, "meta.complete")
        check_common(g, tr, busy_pid, truth)
        root = tr.task(busy_pid)
        g.eq(root and root.get("exit"), {"code": 3}, "root exit")

    # 3. errors
    for name, what, want in (("nosuch", "no such process", "no such process"),
                             ("thread", "a thread's id", "not a process id"),
                             ("traced", "already traced", "already traced"),
                             ("nan", "not a number", "not a process id")):
        lines = (read("err-%s.err" % name) or "").strip().splitlines()
        with tap.group("attach error: " + what) as g:
            r = rc("err-%s.rc" % name)
            g.true(r is not None and r != 0, "non-zero exit (got %s)" % r)
            g.eq(len(lines), 1, "one line on stderr: %s" % lines)
            g.true(lines and want in lines[0], "says %r: %s" % (want, lines))
            g.true(read("err-%s.file" % name) is None, "no trace file left")
    tap.done()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
