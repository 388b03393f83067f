#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""SIGINT, SIGTERM or SIGHUP sent to `clonetrace record` at any moment,
from its first microsecond on: the result is always either a valid trace
(complete or not) or, when the signal came before the program started, a
clean exit with no file at all; never a half-written trace and never a
temporary file left beside it.  And SIGKILL, which nothing can catch,
leaves no file either (the trace is an unnamed O_TMPFILE until complete),
nor does the traced program see a file of clonetrace's in its directory."""

import json
import os
import signal
import subprocess
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
rounds = int(os.environ.get("CT_SIGNAL_ROUNDS", "40"))

bad, kinds = [], {"trace": 0, "none": 0}
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    for i in range(rounds):
        d = ctlib.tmpdir("sigrace")
        tpath = os.path.join(d, "t.json")
        p = subprocess.Popen([ctlib.CLONETRACE, "record", "-o", tpath, "--", "/bin/sleep", "0.05"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        # 0 to 156 ms: clonetrace's start (its libraries load), the launch, the trace
        delay = (i % 40) * 0.004
        if delay:
            time.sleep(delay)
        p.send_signal(sig)
        _, err, rc = ctlib.finish(p, 20)
        left = sorted(os.listdir(d))
        what = "%s at %.1f ms: exit %s, files %s" % (signal.Signals(sig).name, delay * 1000, rc, left)
        if rc is None:
            bad.append(what + ": did not end")
        elif left == []:
            kinds["none"] += 1
            if rc == 0:
                bad.append(what + ": no trace but exit 0")
        elif left == ["t.json"]:
            kinds["trace"] += 1
            try:
                doc = json.load(open(tpath))
                if doc.get("format") != "clonetrace" or not doc.get("tasks"):
                    bad.append(what + ": not a trace")
            except ValueError as e:
                bad.append(what + ": invalid JSON (%s)" % e)
        else:
            bad.append(what + ": files left")
        ctlib.rmtree(d)

with tap.group("signal race: a signal at any moment gives a valid trace or no file") as g:
    g.eq(bad, [], "rounds with a bad outcome")
    g.note("%d rounds wrote a trace, %d none" % (kinds["trace"], kinds["none"]))
    g.true(kinds["trace"] > 0, "some rounds wrote a trace")

# SIGKILL in the middle of a trace: nothing is left, not even a temporary file.
d = ctlib.tmpdir("sigkill")
tpath = os.path.join(d, "t.json")
p = subprocess.Popen([ctlib.CLONETRACE, "record", "-o", tpath, "--", "/bin/sh", "-c",
                      "ls -a %s; sleep 30" % d], stdin=subprocess.DEVNULL,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
listing = p.stdout.readline().decode().split() + p.stdout.readline().decode().split()
p.kill()
ctlib.finish(p, 20)
with tap.group("SIGKILL: no file is left, and the program never saw one") as g:
    g.eq(sorted(os.listdir(d)), [], "files in the directory after SIGKILL")
    g.eq(sorted(listing), [".", ".."], "what ls -a in that directory showed while traced")
ctlib.rmtree(d)
tap.done()
