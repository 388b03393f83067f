#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/argv_long traced: an execve with 2000 arguments keeps all of them
(not the first 256); one with 300 KB of arguments keeps them up to the
documented limit (128 KiB of strings, NULs counted), cut there, with
`argv_truncated` written; what is kept is exactly what was passed."""

import ctlib

LIMIT = 128 * 1024  # docs/trace-format.md, decode/decode.h CT_ARGV_BYTES

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, _ = ctlib.record_checked(tap, "argv_long")
if tr:
    x = {e["role"]: e for e in truth["execs"]}
    with tap.group("argv_long: 2000 arguments, all kept, not marked truncated") as g:
        m = x.get("many")
        t = m and tr.task(m["tid"])
        if g.true(t is not None and len(t["execs"]) == 1, "one task with one exec for 'many'"):
            e = t["execs"][0]
            g.eq(m["argc_received"], 2000, "argc the new image received")
            g.eq(len(e["argv"]), 2000, "argv entries in the trace")
            g.true(e["argv"] == m["argv"], "argv as passed")
            g.true(not e.get("argv_truncated"), "no argv_truncated")
            g.eq(t["argv"], m["argv"], "the task's argv")
    with tap.group("argv_long: 300 KB of arguments, kept up to 128 KiB, marked truncated") as g:
        h = x.get("huge")
        t = h and tr.task(h["tid"])
        if g.true(t is not None and len(t["execs"]) == 1, "one task with one exec for 'huge'"):
            e = t["execs"][0]
            got, want = e["argv"], h["argv"]
            g.eq(h["argc_received"], 300, "argc the new image received")
            g.eq(e.get("argv_truncated"), True, "argv_truncated")
            size = sum(len(a.encode()) + 1 for a in got)
            g.eq(size, LIMIT, "bytes kept (strings and NULs): the limit exactly")
            g.true(0 < len(got) < len(want), "fewer entries kept (%d) than passed (%d)" % (len(got), len(want)))
            g.true(got[:-1] == want[:len(got) - 1], "every entry but the last as passed")
            g.true(got and want[len(got) - 1].startswith(got[-1]), "the last kept is a prefix of the one passed")
ctlib.cleanup(run)
tap.done()
