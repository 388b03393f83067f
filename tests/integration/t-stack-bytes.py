#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record --stack of samples/stack_chain copied to a path that is not UTF-8
(st\\xff\\xfe\\xe2\\x82ack: two bytes that never start UTF-8 and a
three-byte sequence cut short): a path is the program's bytes, not text,
and every frame must survive it.  Each creating call's stack has as many
frames as the same binary's run from its own path, frame for frame the
same (function, offset, module_offset, build_id, file:line), its module
the path as the serializer writes tracee bytes (format/json.c: each byte
that is not part of valid UTF-8 becomes U+FFFD), and no stack_error the
other run has not.  The task's exe and meta.argv carry the same string.
A clonetrace built without libunwind (STACK=0) skips."""

import os
import shutil
import subprocess
import sys

import ctlib

# a failure's diagnostics hold the path: print it, never die of it
sys.stdout.reconfigure(errors="backslashreplace")

NAME = b"st\xff\xfe\xe2\x82ack"
# frames are compared without pc: the two runs load the binary at different addresses
FRAME_KEYS = ("function", "offset", "module_offset", "build_id", "file", "line", "inlined", "jit")


def as_traced(b):
    """Bytes as format/json.c's json_bytes_new() writes them: a valid UTF-8
    sequence as it is, every other byte U+FFFD on its own (Python's
    errors="replace" would make one U+FFFD of the cut-short sequence)."""
    out, i = [], 0
    while i < len(b):
        for n in (1, 2, 3, 4):
            try:
                out.append(b[i:i + n].decode("utf-8"))
                i += n
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def without_libunwind(run):
    for l in run.stderr.decode(errors="replace").splitlines():
        if "built without libunwind" in l:
            return l.strip()
    return None


def stacks_by_role(tr, truth):
    """{role: call} for the three workers' and the fork's creating calls."""
    roles = {}
    for i, tid in enumerate((truth or {}).get("workers") or []):
        roles["worker %d" % i] = tr.call_of(tr.task(tid))
    child = (truth or {}).get("fork_child")
    if child is not None:
        roles["fork"] = tr.call_of(tr.task(child))
    return roles


def same_frame(f, module):
    return dict({k: f[k] for k in FRAME_KEYS if k in f}, module=module)


ctlib.need_clonetrace()
sample = ctlib.sample_path("stack_chain")
tap = ctlib.Tap()
base = ctlib.record("stack_chain", opts=["--stack"])
if base.rc != 0 and without_libunwind(base):
    ctlib.cleanup(base)
    ctlib.skip_all(without_libunwind(base))

tmp = ctlib.tmpdir("stack-bytes")
odd = os.path.join(os.fsencode(tmp), NAME)
try:
    shutil.copy2(sample, odd)
except OSError as e:
    ctlib.cleanup(base)
    ctlib.rmtree(tmp)
    ctlib.skip_all("%s takes no file named %r: %s" % (tmp, NAME, e))
truth_path = os.path.join(tmp, "truth.json")
# a str with the bytes as surrogates (os.fsdecode): subprocess passes the bytes back
odd_run = ctlib.record(None, opts=["--stack"], cmd=[os.fsdecode(odd), truth_path])
odd_truth = None
try:
    odd_truth = ctlib.load_json(truth_path)
except (OSError, ValueError) as e:
    odd_run.error = (odd_run.error + "; " if odd_run.error else "") + "truth: %s" % e

base_ok = ctlib.check_run(tap, base, "stack_chain", want_rc=0)
if ctlib.check_run(tap, odd_run, "stack_chain at %r" % NAME, want_rc=0) and base_ok:
    tr = ctlib.check_format(tap, base, "stack_chain")
    otr = ctlib.check_format(tap, odd_run, "stack_chain at %r" % NAME)
    exe = ctlib.sample_exe("stack_chain")
    odd_str = as_traced(os.path.realpath(odd))
    argv0 = as_traced(odd)

    with tap.group("the path's bytes as the serializer writes them: exe and meta.argv") as g:
        g.eq(odd_str.count("\ufffd"), 4, "U+FFFD in %r (one a byte not in valid UTF-8)" % odd_str)
        g.eq(otr.root().get("exe"), odd_str, "root task's exe")
        g.eq((otr.meta.get("argv") or [None])[0], argv0, "meta.argv[0]")

    roles = stacks_by_role(tr, base.truth)
    oroles = stacks_by_role(otr, odd_truth)
    with tap.group("every frame is kept at a path that is not UTF-8: each stack frame for frame "
                   "the same as from the sample's own path") as g:
        have = [r for r, c in sorted(roles.items()) if c and c.get("stack")]
        if not have:
            errors = sorted({(c or {}).get("stack_error") or "?" for c in roles.values()})
            if all("built without libunwind" in e for e in errors):
                g.skip("clonetrace was built without libunwind (STACK=0)")
            else:
                g.fail("the run from the sample's own path has no stacks to compare (%s)"
                       % "; ".join(errors))
        g.eq(sorted(oroles), sorted(roles), "the creating calls (3 workers and the fork)")
        for role in have:
            want, got = roles[role], oroles.get(role)
            if not g.true(got is not None, "%s: its creating call in the trace" % role):
                continue
            st, ost = want["stack"], got.get("stack") or []
            g.eq(len(ost), len(st), "%s: number of frames (stack_error %r)" % (role, got.get("stack_error")))
            g.true(any(f.get("module") == exe for f in st),
                   "%s: a frame in the sample's own binary from its own path" % role)
            for i, (f, of) in enumerate(zip(st, ost)):
                if not g.eq(same_frame(of, of.get("module")),
                            same_frame(f, odd_str if f.get("module") == exe else f.get("module")),
                            "%s: frame %d (the sample's module named by the odd path)" % (role, i)):
                    break
            why = want.get("stack_error")
            g.eq(got.get("stack_error"), why.replace(exe, odd_str) if why else None,
                 "%s: stack_error" % role)
ctlib.cleanup(base)
ctlib.cleanup(odd_run)
ctlib.rmtree(tmp)
tap.done()
