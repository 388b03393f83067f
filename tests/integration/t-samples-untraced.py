#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every sample also runs without clonetrace, exits as it does traced, and
writes ground truth of the same shape (the same names at every level, lists
of the same length)."""

import ctlib

SAMPLES = {"threads": 0, "fork_exec": 0, "vfork": 0, "clone_flags": 0, "clone3": 0,
           "uts_namespace": 0, "clone_errors": 0, "thread_exec": 5, "signals": 8,
           "untraced": 0, "tid_reuse": 0, "many_tasks": 0, "unshare_setns": 0}
# lists whose length depends on the run, not on the sample
VARIABLE = {"reports", "records", "nspid"}


def shape_diff(a, b, path="truth"):
    """Differences of names and list lengths between two JSON values."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s.%s only %s" % (path, k, "traced" if k in a else "untraced"))
            else:
                out += shape_diff(a[k], b[k], path + "." + k)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if path.rsplit(".", 1)[-1] in VARIABLE:
            return []
        if len(a) != len(b):
            return ["%s: %d items traced, %d untraced" % (path, len(a), len(b))]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += shape_diff(x, y, "%s[%d]" % (path, i))
        return out
    return []


ctlib.need_clonetrace()
tap = ctlib.Tap()
for name, rc in SAMPLES.items():
    urc, _, uerr, utruth = ctlib.run_untraced(name)
    run = ctlib.record(name)
    with tap.group("samples: %s runs untraced and writes truth of the traced run's shape" % name) as g:
        g.eq(urc, rc, "exit status untraced (stderr: %r)" % uerr[-300:])
        g.eq(run.rc, rc, "exit status traced (%s; stderr: %r)" % (run.error, (run.stderr or b"")[-300:]))
        if g.true(utruth is not None, "untraced truth written (stderr: %r)" % uerr[-300:]) and \
                g.true(run.truth is not None, "traced truth written (%s)" % run.error):
            g.eq(utruth.get("sample"), name, "sample name")
            g.eq(utruth.get("skips"), {}, "parts skipped untraced")
            g.eq(run.truth.get("skips"), {}, "parts skipped traced")
            for d in shape_diff(run.truth, utruth)[:20]:
                g.fail(d)
    ctlib.cleanup(run)
tap.done()
