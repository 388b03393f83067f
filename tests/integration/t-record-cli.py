#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""clonetrace record's command line as strace users expect it:
attach to a whole tree (--tree) checked against the processes' own pids;
-p given twice; a zombie's reason; the attached/detached lines; the summary
line and -q; the -v stream with --timestamps, +++ exit lines, execve
lines while attached, --log FILE; one-line option errors; --stack 5; and,
as a user without CAP_SYS_ADMIN, the note that set-user-ID programs ran
without their privileges."""

import os
import re
import shutil
import signal
import subprocess
import time

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
CT = ctlib.CLONETRACE


def run(args, **kw):
    kw.setdefault("stdin", subprocess.DEVNULL)
    p = subprocess.run([CT, "record"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, **kw)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")




d = ctlib.tmpdir("cli")

# --tree: a shell with two children, one of which has a child; each writes its pid
script = ("sh -c 'echo $$ > %s/c1; sh -c \"echo \\$\\$ > %s/g1; exec sleep 30\" & exec sleep 30' & "
          "sh -c 'echo $$ > %s/c2; exec sleep 30' & echo $$ > %s/root; wait" % (d, d, d, d))
prog = subprocess.Popen(["/bin/sh", "-c", script], start_new_session=True)
names = ["root", "c1", "c2", "g1"]
for _ in range(500):
    if all(os.path.exists(os.path.join(d, n)) for n in names):
        break
    time.sleep(0.02)
time.sleep(0.2)
pids = {}
for n in names:
    try:
        pids[n] = int(open(os.path.join(d, n)).read())
    except (OSError, ValueError):
        pass
tpath = os.path.join(d, "tree.json")
ct = subprocess.Popen([CT, "record", "-o", tpath, "--tree", "-p", str(pids.get("root", 1)),
                       "-p", str(pids.get("root", 1))],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
line = ct.stderr.readline().decode()
traced = {n: ctlib.tracer_pid(p) == ct.pid for n, p in pids.items()}
ct.send_signal(signal.SIGINT)
_, err, rc = ctlib.finish(ct, 30)
err = line + err.decode(errors="replace")
with tap.group("cli: --tree attaches to a process and all its descendants; -p twice is once") as g:
    g.eq(sorted(pids), sorted(names), "the tree started")
    g.eq(rc, 0, "exit status after SIGINT (detached)")
    g.true(all(traced.values()), "each process was traced (%s)" % traced)
    g.true(re.search(r"attached to \d+ tasks? of 4 processes", err), "the attached line: %r" % err)
    g.true("detached from" in err, "the detached line: %r" % err)
    try:
        doc = ctlib.load_json(tpath)
        tids = {t["tid"]: t for t in doc["tasks"]}
        for n, p in pids.items():
            g.true(p in tids, "%s (%d) is a task" % (n, p))
        if pids.get("g1") in tids and pids.get("c1") in tids:
            g.eq(tids[pids["g1"]]["parent"], tids[pids["c1"]]["id"], "g1's parent is c1")
    except (OSError, ValueError, KeyError) as e:
        g.fail("no valid trace: %s" % e)
    for p in pids.values():
        g.eq(ctlib.tracer_pid(p), 0, "pid %d untraced after the detach" % p)
os.killpg(prog.pid, signal.SIGKILL)
prog.wait()

# a zombie
z = os.fork()
if z == 0:
    os._exit(0)
time.sleep(0.2)
rc, out, err = run(["-o", os.path.join(d, "z.json"), "-p", str(z)])
os.waitpid(z, 0)
with tap.group("cli: -p of a zombie says so, exit 1") as g:
    g.eq(rc, 1, "exit status")
    g.true("zombie" in err and len(err.strip().splitlines()) == 1, "one line about a zombie: %r" % err)

# summary, -q, -v with timestamps and exit lines, --log
tpath = os.path.join(d, "v.json")
rc, out, err = run(["-v", "--timestamps=us", "-o", tpath, "--", ctlib.sample_path("fork_exec")])
with tap.group("cli: -v lines stamped, +++ exit lines, and the summary line") as g:
    lines = err.splitlines()
    g.true(any(re.match(r"\[pid \d+\] \d\d:\d\d:\d\d\.\d{6} clone\(", l) for l in lines),
           "a stamped clone line")
    g.true(any(re.match(r"\[pid \d+\] \S+ \+\+\+ exited with 42 \+\+\+$", l) for l in lines),
           "fork_exec's child: +++ exited with 42 +++")
    g.true(re.search(r"^clonetrace: \d+ tasks \(\d+ processes, \d+ threads\), \d+ calls \(\d+ failed\); "
                     r"trace written to %s$" % re.escape(tpath), err, re.M), "the summary line")
rc, out, err = run(["-q", "--log", os.path.join(d, "live.log"), "--timestamps=rel", "-o", tpath,
                    "--", ctlib.sample_path("fork_exec")])
with tap.group("cli: --log takes the stream, -q the summary") as g:
    g.eq(err.strip(), "", "stderr (the program's own is empty)")
    log = open(os.path.join(d, "live.log")).read()
    g.true(re.search(r"^\[pid \d+\] +\d+\.\d{6} clone\(", log, re.M), "stamped lines in the log")
    g.true("+++ exited with 7 +++" in log, "the shell's exit in the log")

# execve lines while attached
prog = subprocess.Popen(["/bin/sh", "-c", "read x; /bin/true; exit 0"], stdin=subprocess.PIPE)
ct = subprocess.Popen([CT, "record", "-v", "-o", os.path.join(d, "a.json"), "-p", str(prog.pid)],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
ct.stderr.readline()
prog.stdin.write(b"go\n")
prog.stdin.close()
_, err, rc = ctlib.finish(ct, 30)
prog.wait()
with tap.group("cli: attached, -v prints the execve calls too") as g:
    g.true(re.search(r'execve\("/(usr/)?bin/true", \["/bin/true"\]\) = 0', err.decode()),
           "an execve line for /bin/true: %r" % err)

# setns's fd shown with the namespace it names (strace -y), as the trace and readlink say
tpath = os.path.join(d, "sj.json")
rc, out, err = run(["-q", "-v", "-o", tpath, "--", ctlib.sample_path("setns_join"),
                    os.path.join(d, "sj-truth.json")])
with tap.group("cli: -v shows setns's fd with the namespace it names") as g:
    try:
        doc = ctlib.load_json(tpath)
        calls = [c for c in doc["calls"] if c["syscall"] == "setns" and c["args"].get("ns_inode")]
        g.true(calls, "setns calls with the namespace they named")
        for c in calls:
            want = "setns(%d<%s:[%d]>" % (c["args"]["fd"], c["args"]["ns_type"], c["args"]["ns_inode"])
            g.true(want in err, "%s in the -v stream" % want)
    except (OSError, ValueError, KeyError) as e:
        g.fail("no valid trace: %s" % e)

# option errors and --stack 5
for args, want in ((["--bogus", "true"], "unknown option '--bogus'"),
                   (["-o"], "-o needs an argument"),
                   (["--stack=x", "true"], "'x' is not a number"),
                   (["--tree", "true"], "--tree goes with -p")):
    rc, out, err = run(args)
    with tap.group("cli: %s is one clonetrace line and exit 2" % " ".join(args)) as g:
        g.eq(rc, 2, "exit status")
        g.eq(len(err.strip().splitlines()), 1, "lines on stderr (%r)" % err)
        g.true(err.startswith("clonetrace record: ") and want in err and "--help" in err,
               "it says %r and points to --help: %r" % (want, err))
rc, out, err = run(["-q", "--stack", "5", "-o", os.path.join(d, "s.json"), "--",
                    ctlib.sample_path("threads")])
with tap.group("cli: --stack 5 takes 5 as the depth") as g:
    g.eq(rc, 0, "exit status (%s)" % err.strip())
    try:
        doc = ctlib.load_json(os.path.join(d, "s.json"))
        stacks = [c.get("stack") for c in doc["calls"] if c.get("stack")]
        g.true(stacks and max(len(s) for s in stacks) <= 5, "stacks of at most 5 frames")
    except (OSError, ValueError, KeyError) as e:
        g.fail("no valid trace: %s" % e)

# set-user-ID under no_new_privs, as nobody
with tap.group("cli: without CAP_SYS_ADMIN, a set-user-ID program's lost privilege is said") as g:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or not setpriv:
        g.skip("needs root (to make a set-user-ID root program) and setpriv")
    else:
        sd = ctlib.tmpdir("suid")
        os.chmod(sd, 0o777)
        shutil.copy("/usr/bin/id", os.path.join(sd, "id"))
        os.chmod(os.path.join(sd, "id"), 0o4755)
        nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        untraced = subprocess.run(nobody + [os.path.join(sd, "id"), "-u"], stdout=subprocess.PIPE)
        p = subprocess.run(nobody + [CT, "record", "-o", os.path.join(sd, "t.json"), "--",
                                     os.path.join(sd, "id"), "-u"], cwd=sd,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if untraced.stdout.strip() != b"0":
            g.skip("the set-user-ID copy did not run as root untraced (nosuid mount?)")
        else:
            g.eq(p.stdout.strip(), b"65534", "id -u under clonetrace (no_new_privs: not root)")
            g.true(b"set-user-ID" in p.stderr, "one line on stderr says so: %r" % p.stderr)
            try:
                notes = ctlib.load_json(os.path.join(sd, "t.json"))["meta"]["notes"]
                g.true(any("set-user-ID" in n for n in notes), "meta.notes says so: %s" % notes)
            except (OSError, ValueError, KeyError) as e:
                g.fail("no valid trace: %s" % e)
        ctlib.rmtree(sd)

ctlib.rmtree(d)
tap.done()
