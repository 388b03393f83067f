#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The command line: `-o -` writes the JSON to stdout, the default output is
clonetrace.json, a missing program gives one line on stderr and a non-zero
exit, --help and --version work, and the output file is written atomically
(no temporary file left behind)."""

import json
import os
import subprocess

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()


def ct(args, cwd=None, timeout=60, stdin=subprocess.DEVNULL):
    return subprocess.run([ctlib.CLONETRACE] + args, cwd=cwd or ctlib.ROOT, stdin=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


# -o - : the trace on stdout (the program writes nothing there)
p = ct(["record"] + ctlib.MODE_OPTS + ["-o", "-", "--", "/bin/true"])
with tap.group("cli: -o - writes the JSON trace to stdout") as g:
    g.eq(p.returncode, 0, "exit status")
    try:
        doc = json.loads(p.stdout.decode())
        g.eq(doc.get("format"), "clonetrace", "format")
        g.eq(doc.get("meta", {}).get("argv"), ["/bin/true"], "meta.argv")
        g.true(doc.get("tasks") and doc["tasks"][0].get("exe") == os.path.realpath("/bin/true"),
               "root task exe is /bin/true's: %r" % (doc.get("tasks") or [{}])[0].get("exe"))
    except ValueError as e:
        g.fail("stdout is not one JSON document: %s; stdout: %r" % (e, p.stdout[:300]))

# default output file: clonetrace.json in the working directory
d = ctlib.tmpdir("cli")
p = ct(["record"] + ctlib.MODE_OPTS + ["--", "/bin/true"], cwd=d)
with tap.group("cli: without -o the trace goes to ./clonetrace.json") as g:
    g.eq(p.returncode, 0, "exit status")
    path = os.path.join(d, "clonetrace.json")
    if g.true(os.path.exists(path), "%s exists" % path):
        with open(path) as f:
            g.eq(json.load(f).get("format"), "clonetrace", "format")
    g.eq(sorted(os.listdir(d)), ["clonetrace.json"], "files left in the directory (no temporary file)")

# -o FILE in another directory: nothing else left there
out = os.path.join(d, "sub")
os.mkdir(out)
p = ct(["record"] + ctlib.MODE_OPTS + ["-o", os.path.join(out, "t.json"), "--", "/bin/sh", "-c", "true"])
with tap.group("cli: -o FILE leaves only FILE") as g:
    g.eq(p.returncode, 0, "exit status")
    g.eq(sorted(os.listdir(out)), ["t.json"], "files in the output directory")

# no such program
p = ct(["record"] + ctlib.MODE_OPTS + ["-o", os.path.join(d, "x.json"), "--", "/nonexistent/no-such-program"])
with tap.group("cli: a program that does not exist: one line on stderr, non-zero exit") as g:
    g.true(p.returncode != 0, "exit status is non-zero (got %d)" % p.returncode)
    lines = p.stderr.decode(errors="replace").splitlines()
    g.eq(len(lines), 1, "lines on stderr (%r)" % lines)
    g.true(lines and "no-such-program" in lines[0], "the line names the program: %r" % lines)
    g.eq(p.stdout, b"", "stdout")

# a program found through PATH
p = ct(["record"] + ctlib.MODE_OPTS + ["-o", "-", "--", "true"])
with tap.group("cli: the command is looked up in PATH") as g:
    g.eq(p.returncode, 0, "exit status of `record -- true`")

# no command at all
p = ct(["record", "-o", os.path.join(d, "y.json")])
with tap.group("cli: no command is a usage error") as g:
    g.true(p.returncode != 0, "exit status is non-zero (got %d)" % p.returncode)
    g.true(p.stderr.strip(), "something on stderr")

# --help and --version
p = ct(["--help"])
with tap.group("cli: --help") as g:
    g.eq(p.returncode, 0, "exit status")
    text = (p.stdout + p.stderr).decode(errors="replace")
    g.true("record" in text and "-o" in text, "help mentions record and -o: %r" % text[:300])
p = ct(["--version"])
with tap.group("cli: --version") as g:
    g.eq(p.returncode, 0, "exit status")
    g.true(b"0.1.0" in p.stdout, "version 0.1.0 on stdout: %r" % p.stdout[:200])

# meta of a plain run
run = ctlib.record(None, cmd=["/bin/true"], truth=False)
with tap.group("cli: meta describes the run") as g:
    m = (run.trace or {}).get("meta", {})
    g.eq(m.get("tool"), "clonetrace 0.1.0", "meta.tool")
    g.eq(m.get("host_arch"), os.uname().machine, "meta.host_arch")
    g.eq(m.get("kernel"), os.uname().release, "meta.kernel")
    g.eq(m.get("argv"), ["/bin/true"], "meta.argv")
    g.eq(m.get("complete"), True, "meta.complete")
    g.true(isinstance(m.get("duration_ns"), int) and m["duration_ns"] > 0, "meta.duration_ns > 0")
    st = m.get("start_time", "")
    g.true(len(st) >= 20 and st.endswith("Z") and "T" in st, "meta.start_time RFC 3339 UTC: %r" % st)
ctlib.cleanup(run)
ctlib.rmtree(d)
tap.done()
