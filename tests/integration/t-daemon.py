#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A command that leaves a daemon behind (setsid sh, then exit 3).  The
daemon, once left, must still work: it forks and execs (/bin/true) and
says so in a file.

- By default clonetrace keeps following it and says so in one line when
  the command exits.  Then SIGTERM to clonetrace (a daemon started with &
  by sh ignores SIGINT, so ^C would mean nothing to it): without the filter (--no-seccomp)
  it lets the daemon go, unharmed and untraced; under the filter a task let
  go could not fork (SECCOMP_RET_TRACE without a tracer is ENOSYS), so the
  signal passes on to the daemon as to any program, which decides (the
  test's daemon traps SIGTERM and exits 5).  clonetrace exits with the
  command's status.
- A child left running that ends within half a second (bwrap's, Chromium's
  and Python multiprocessing's leftovers end milliseconds after the
  command) is followed to its end without that line.
- With --detach-on-exit clonetrace exits with the command's status as soon
  as it exits, the trace complete, with a note; the daemon runs on and
  still forks and execs.  Under the filter a clonetrace stays attached to
  it (its forks need one), and one line on stderr says so, naming that
  clonetrace and --no-seccomp, which really detaches (TracerPid 0)."""

import os
import select
import signal
import subprocess
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()


def status_of(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for l in f:
                k, _, v = l.partition(":")
                out[k] = v.strip()
    except OSError:
        return None
    return out


def start(d, extra, mode):
    daemon = ("trap 'echo term > %s/term; exit 5' TERM; echo $$ > %s/d.tmp; mv %s/d.tmp %s/daemon; "
              "while [ ! -e %s/go ]; do sleep 0.05; done; /bin/true && echo ok > %s/worked; sleep 30"
              % ((d,) * 6))
    script = "setsid sh -c \"$0\" </dev/null >/dev/null 2>&1 & exit 3"
    return subprocess.Popen([ctlib.CLONETRACE, "record"] + list(extra) + mode +
                            ["-o", os.path.join(d, "t.json"), "--", "/bin/sh", "-c", script, daemon],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def wait_path(path, secs=20):
    for _ in range(int(secs / 0.02)):
        if os.path.exists(path):
            return True
        time.sleep(0.02)
    return False


def daemon_pid(d):
    if wait_path(os.path.join(d, "daemon")):
        with open(os.path.join(d, "daemon")) as f:
            return int(f.read())
    return None


def check_works(g, d, pid):
    """The daemon, left running, forks and execs."""
    open(os.path.join(d, "go"), "w").close()
    g.true(wait_path(os.path.join(d, "worked"), 10), "the daemon forked and exec'd /bin/true")
    st = status_of(pid)
    # a followed daemon stops for a moment at each of its traced calls (its
    # `sleep`'s fork): a stop that lasts is what would be wrong
    for _ in range(100):
        if st is None or st.get("State", "")[:1] not in ("T", "t"):
            break
        time.sleep(0.02)
        st = status_of(pid)
    if g.true(st is not None, "the daemon %s still runs" % pid):
        g.true(st.get("State", "")[:1] not in ("T", "t", "Z", ""),
               "it runs, not stopped for 2 s (%s)" % st.get("State"))
        os.kill(pid, signal.SIGKILL)


# under the filter, and without it (--no-seccomp); only the mode asked for, if one is
for mode in ([list(ctlib.MODE_OPTS)] if ctlib.MODE_OPTS else ([], ["--no-seccomp"])):
    FILTER = not mode
    prefix = "" if FILTER or ctlib.MODE_OPTS else "no-seccomp: "
    d = ctlib.tmpdir("daemon")
    p = start(d, [], mode)
    pid = daemon_pid(d)
    line = b""
    r, _, _ = select.select([p.stderr], [], [], 20)
    if r:
        line = p.stderr.readline()
    still = p.poll() is None
    p.send_signal(signal.SIGTERM)
    _, err, rc = ctlib.finish(p, 20)
    with tap.group(prefix + "daemon: clonetrace follows it and says so; a signal %s" %
                   ("passes on to it" if FILTER else "lets it go unharmed")) as g:
        g.true(still, "clonetrace was still following after the command exited")
        g.true(b"still following" in line, "one line said so: %r" % line)
        g.eq(rc, 3, "clonetrace's exit status (the command's)")
        try:
            doc = ctlib.load_json(os.path.join(d, "t.json"))
            g.true(any(t.get("tid") == pid for t in doc["tasks"]), "the daemon is a task")
            if FILTER:
                g.true(os.path.exists(os.path.join(d, "term")), "the daemon's trap ran")
                g.eq(doc["meta"]["complete"], True, "meta.complete (the daemon ended on its own)")
                dt = [t for t in doc["tasks"] if t.get("tid") == pid]
                g.eq(dt and dt[0].get("exit"), {"code": 5}, "the daemon's exit in the trace")
            else:
                g.eq(doc["meta"]["complete"], False, "meta.complete")
                g.eq((status_of(pid) or {}).get("TracerPid"), "0", "the daemon's TracerPid")
                check_works(g, d, pid)
        except (OSError, ValueError, KeyError) as e:
            g.fail("no valid trace: %s" % e)
    ctlib.rmtree(d)

    d = ctlib.tmpdir("daemon")
    p = subprocess.Popen([ctlib.CLONETRACE, "record"] + mode + ["-o", os.path.join(d, "t.json"), "--",
                          "/bin/sh", "-c", "sleep 0.1 & exit 3"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err, rc = ctlib.finish(p, 20)
    with tap.group(prefix + "daemon: a child left that ends 0.1 s later: no line about it") as g:
        g.eq(rc, 3, "clonetrace's exit status (the command's)")
        g.true(b"still following" not in err, "no \"still following\" line: %r" % err)
        try:
            tasks = ctlib.load_json(os.path.join(d, "t.json"))["tasks"]
            sl = [t for t in tasks if t.get("comm") == "sleep"]
            if g.eq(len(sl), 1, "the sleep is a task"):
                g.true(sl[0]["end_ns"] is not None and sl[0]["end_ns"] > tasks[0]["end_ns"],
                       "it ended, after the command (%s > %s)" % (sl[0]["end_ns"], tasks[0]["end_ns"]))
        except (OSError, ValueError, KeyError) as e:
            g.fail("no valid trace: %s" % e)
    ctlib.rmtree(d)

    d = ctlib.tmpdir("daemon")
    p = start(d, ["--detach-on-exit"], mode)
    _, err, rc = ctlib.finish(p, 20)
    pid = daemon_pid(d)
    with tap.group(prefix + "daemon: --detach-on-exit: clonetrace exits with the command, the daemon works on") as g:
        g.eq(rc, 3, "clonetrace's exit status (the command's)")
        try:
            doc = ctlib.load_json(os.path.join(d, "t.json"))
            g.eq(doc["meta"]["complete"], True, "meta.complete")
            g.true(any("--detach-on-exit" in n for n in doc["meta"]["notes"]), "a note says so")
        except (OSError, ValueError, KeyError) as e:
            g.fail("no valid trace: %s" % e)
        # under the filter a clonetrace stays attached (else the daemon's forks
        # would fail): one line on stderr names it and what really detaches
        lines = [l for l in err.decode(errors="replace").splitlines() if "stays attached" in l]
        tracer = (status_of(pid) or {}).get("TracerPid") if pid else None
        if FILTER:
            if g.eq(len(lines), 1, "one line says a tracer stays attached: %r" % lines):
                g.true("--no-seccomp" in lines[0], "and names --no-seccomp")
                g.true(tracer not in (None, "0") and "(pid %s)" % tracer in lines[0],
                       "the daemon's TracerPid %s is the pid it names" % tracer)
        else:
            g.eq(lines, [], "no line about a tracer staying")
            g.eq(tracer, "0", "the daemon's TracerPid")
        check_works(g, d, pid)
    ctlib.rmtree(d)
tap.done()
