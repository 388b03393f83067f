#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""strace run under clonetrace: a task can have one tracer, so strace's
ptrace(PTRACE_SEIZE/TRACEME) fails with EPERM.  clonetrace stops on those
ptrace requests only (its filter matches ptrace's first argument) and says
why, once: one line on stderr and one meta.notes entry naming strace and
its pid; strace's own exit status passes through."""

import re
import shutil
import subprocess

import ctlib

ctlib.need_clonetrace()
if shutil.which("strace") is None:
    ctlib.skip_all("strace is not installed (tools/deps installs it)")
tap = ctlib.Tap()
untraced = subprocess.run(["strace", "-f", "-o", "/dev/null", "true"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
run = ctlib.record(None, cmd=["strace", "-f", "-o", "/dev/null", "true"], truth=False)
if ctlib.check_run(tap, run, "ptrace_under", want_rc=None):
    tr = ctlib.Trace(run.trace)
    with tap.group("ptrace_under: strace's failed ptrace is said once, on stderr and in meta.notes") as g:
        g.eq(untraced.returncode, 0, "strace works untraced")
        g.true(run.rc != 0, "strace fails under clonetrace (exit %s)" % run.rc)
        err = run.stderr.decode(errors="replace").splitlines()
        ours = [l for l in err if "can't use ptrace under clonetrace" in l]
        g.eq(len(ours), 1, "lines on stderr saying so")
        notes = [n for n in tr.meta.get("notes", []) if "can't use ptrace under clonetrace" in n]
        g.eq(len(notes), 1, "meta.notes entries saying so")
        root = tr.root()
        if notes and root:
            m = re.match(r"strace \(pid (\d+)\) can't use ptrace under clonetrace: "
                         r"(PTRACE_SEIZE|PTRACE_ATTACH|PTRACE_TRACEME)( of \d+)? failed with EPERM", notes[0])
            g.true(m is not None, "the note names strace, the request and EPERM: %r" % notes[0])
            if m:
                g.eq(int(m.group(1)), root["tid"], "the pid in the note (strace's)")
            g.true(ours and ours[0].endswith(notes[0]), "stderr's line is the note")
ctlib.cleanup(run)
tap.done()
