#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A value that wasn't read is never a guess (#25, item 4): a Go program
whose raw clone threads are born and gone while their creator's clone event
is being handled (tests/integration/go/race.go), traced 100 times, as
nobody when run as root (the race was seen most as non-root).  No task has
an empty name (`comm` or a `names` entry: a name never read is null), and
each task's `nspid` is null (never read) or the one level the program lives
in, `[tid]`: never a pid it didn't have."""

import os
import shutil
import subprocess

import ctlib

ROUNDS = 100

ctlib.need_clonetrace()
if not shutil.which("go"):
    ctlib.skip_all("no go (golang-go)")
tap = ctlib.Tap()
tmp = ctlib.tmpdir("go-race")
os.chmod(tmp, 0o755)
exe = os.path.join(tmp, "race")
src = os.path.join(ctlib.ROOT, "tests", "integration", "go", "race.go")
p = subprocess.run(["go", "build", "-o", exe, src], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   env=dict(os.environ, GOCACHE=os.path.join(tmp, "gocache"), GO111MODULE="off",
                            GOFLAGS="", HOME=tmp))
if p.returncode != 0:
    tap.result(False, "go-race: go build race.go", [p.stderr.decode(errors="replace")])
    tap.done()
# as nobody, from a copy it can run (the checkout may not be open to it)
ct = os.path.join(tmp, "clonetrace")
shutil.copy(ctlib.CLONETRACE, ct)
as_user = []
if os.geteuid() == 0 and shutil.which("setpriv"):
    as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    os.chmod(tmp, 0o777)

tasks = rounds = 0
with tap.group("go-race: %d runs, no name or nspid guessed" % ROUNDS) as g:
    for i in range(ROUNDS):
        out = os.path.join(tmp, "trace-%d.json" % i)
        r = subprocess.run(as_user + [ct, "record", "-q", "-o", out, "--", exe],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if not g.true(r.returncode == 0 and os.path.exists(out),
                      "run %d: exit %d, %s" % (i, r.returncode, r.stderr.decode(errors="replace"))):
            continue
        doc = ctlib.load_json(out)
        os.unlink(out)
        rounds += 1
        for t in doc["tasks"]:
            tasks += 1
            what = "run %d task %d (tid %d)" % (i, t["id"], t["tid"])
            if t["comm"] == "":
                g.fail(what + ": comm \"\" (a name never read is null)")
            for n in t.get("names") or []:
                if n["comm"] == "":
                    g.fail(what + ": names has \"\" (via %s)" % n["via"])
            if t["nspid"] is not None and t["nspid"] != [t["tid"]]:
                g.fail(what + ": nspid %r, not null or [tid]" % t["nspid"])
    g.true(rounds == ROUNDS and tasks >= ROUNDS * 40,
           "%d runs traced, %d tasks (the program makes 40 or more threads)" % (rounds, tasks))
shutil.rmtree(tmp, ignore_errors=True)
tap.done()
