#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Attach to samples/sigcount while another process queues 3,000 SIGRTMIN
to it, and detach (SIGINT to clonetrace) in the middle: every signal sent
must still arrive, in each of 50 rounds ($CT_DETACH_ROUNDS).  Detaching a
task from its signal-delivery stop without the signal discards it."""

import os
import signal
import subprocess
import threading
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
rounds = int(os.environ.get("CT_DETACH_ROUNDS", "50"))
SENT = 3000




lost, hung, unattached, diags = 0, 0, 0, []
for i in range(rounds):
    d = ctlib.tmpdir("detach")
    truth = os.path.join(d, "truth.json")
    target = subprocess.Popen([ctlib.sample_path("sigcount"), truth], stdout=subprocess.PIPE)
    pid = int(target.stdout.readline().split()[1])
    ct = subprocess.Popen([ctlib.CLONETRACE, "record", "-o", os.path.join(d, "t.json"),
                           "-p", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(400):
        if ctlib.tracer_pid(pid) == ct.pid:
            break
        time.sleep(0.005)
    else:
        unattached += 1

    def send():
        for _ in range(SENT):
            os.kill(pid, signal.SIGRTMIN)

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.002 * (i % 10))
    ct.send_signal(signal.SIGINT)
    sender.join()
    _, err, rc = ctlib.finish(ct, 30)
    if rc is None:
        hung += 1
        diags.append("round %d: clonetrace did not detach within 30 s" % i)
    os.kill(pid, signal.SIGUSR1)
    out, _, trc = ctlib.finish(target, 30)
    try:
        got = ctlib.load_json(truth)["received"]
    except (OSError, ValueError, KeyError) as e:
        got = None
        diags.append("round %d: no truth (%s, exit %s)" % (i, e, trc))
    if got != SENT:
        lost += 1
        diags.append("round %d: received %s of %d SIGRTMIN" % (i, got, SENT))
    ctlib.rmtree(d)

with tap.group("detach: every queued SIGRTMIN arrives, %d rounds of attach and SIGINT" % rounds) as g:
    g.eq(lost, 0, "rounds where a signal was lost")
    g.eq(hung, 0, "rounds where clonetrace did not end")
    for x in diags[:10]:
        g.note(x)
    if unattached:
        g.note("%d rounds detached before the attach was seen in /proc" % unattached)
tap.done()
