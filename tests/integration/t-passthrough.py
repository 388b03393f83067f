#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The traced command's exit status, stdin, stdout, stderr, environment and
inherited file descriptors pass through clonetrace untouched."""

import os
import signal
import subprocess

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()


# exit status N -> N
run = ctlib.record(None, cmd=["/bin/sh", "-c", "exit 3"], truth=False)
with tap.group("passthrough: exit status 3 comes back as 3") as g:
    g.eq(run.rc, 3, "clonetrace's exit status")
    g.true(run.trace is not None, "trace written (%s)" % run.error)
    if run.trace:
        g.eq(run.trace["meta"].get("exit"), {"code": 3}, "meta.exit")
        g.eq(ctlib.exit_of(run.trace["tasks"][0]), {"code": 3}, "root task exit")
ctlib.cleanup(run)

# killed by signal N -> 128+N
run = ctlib.record(None, cmd=["/bin/sh", "-c", "kill -TERM $$"], truth=False)
with tap.group("passthrough: killed by SIGTERM comes back as 143") as g:
    g.eq(run.rc, 143, "clonetrace's exit status")
    g.true(run.trace is not None, "trace written (%s)" % run.error)
    if run.trace:
        g.eq(ctlib.exit_of(run.trace["tasks"][0]), {"signal": "SIGTERM", "core": False}, "root task exit")
        g.eq(run.trace["meta"].get("exit"), {"signal": "SIGTERM", "core": False}, "meta.exit")
ctlib.cleanup(run)

# a child's exit status does not leak into clonetrace's
run = ctlib.record(None, cmd=["/bin/sh", "-c", "/bin/sh -c 'exit 9'; exit 0"], truth=False)
with tap.group("passthrough: a child's exit status is not the command's") as g:
    g.eq(run.rc, 0, "clonetrace's exit status")
ctlib.cleanup(run)

# stdin -> program -> stdout, binary and large (more than a pipe holds)
data = bytes((i * 7 + (i >> 8)) & 0xff for i in range(300000))
d = ctlib.tmpdir("stdin")
inp = os.path.join(d, "in")
with open(inp, "wb") as f:
    f.write(data)
with open(inp, "rb") as f:
    run = ctlib.record(None, cmd=["/bin/cat"], truth=False, stdin=f)
with tap.group("passthrough: stdin and stdout (300000 bytes through cat)") as g:
    g.eq(run.rc, 0, "exit status")
    g.true(run.stdout == data, "stdout is stdin (%d bytes in, %d out)" % (len(data), len(run.stdout)))
ctlib.cleanup(run)

# stdin from a pipe, interactively written
p = subprocess.Popen([ctlib.CLONETRACE, "record"] + ctlib.MODE_OPTS + ["-o", os.path.join(d, "t.json"), "--",
                      "/bin/sh", "-c", "read a; echo got:$a"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ctlib.ROOT)
out, err = p.communicate(b"hello\n", timeout=60)
with tap.group("passthrough: stdin from a pipe") as g:
    g.eq(out, b"got:hello\n", "stdout")
    g.eq(p.returncode, 0, "exit status")

# stderr
run = ctlib.record(None, cmd=["/bin/sh", "-c", "echo to-stderr >&2"], truth=False)
with tap.group("passthrough: stderr") as g:
    g.true(b"to-stderr\n" in run.stderr, "stderr has the program's line: %r" % run.stderr[-200:])
    g.eq(run.stdout, b"", "stdout")
ctlib.cleanup(run)

# environment
os.environ["CT_PASSTHROUGH_TEST"] = "value with spaces"
run = ctlib.record(None, cmd=["/bin/sh", "-c", 'printf "%s" "$CT_PASSTHROUGH_TEST"'], truth=False)
with tap.group("passthrough: environment") as g:
    g.eq(run.stdout, b"value with spaces", "stdout")
ctlib.cleanup(run)

# an inherited file descriptor stays open and usable.  The shell takes one
# digit after >&, so it is one of 5-9, whatever the environment has open
# there (this process does not use those), but never the pipe's read end:
# that is itself 5 when 3 and 4 were open, and dup2 onto it would close it.
r, w = os.pipe()
fd = next(n for n in range(5, 10) if n != r)
if w != fd:
    os.dup2(w, fd)
    os.close(w)
os.set_inheritable(fd, True)
run = ctlib.record(None, cmd=["/bin/sh", "-c", "echo via-fd%d >&%d" % (fd, fd)], truth=False, pass_fds=(fd,))
os.close(fd)
got = os.read(r, 100)
os.close(r)
with tap.group("passthrough: inherited fd %d is usable by the program" % fd) as g:
    g.eq(got, b"via-fd%d\n" % fd, "read from the other end of fd %d" % fd)
    g.eq(run.rc, 0, "exit status")
ctlib.cleanup(run)

# the program's own open fds: clonetrace leaks none into it
run = ctlib.record(None, cmd=["/bin/sh", "-c", "ls /proc/self/fd"], truth=False)
with tap.group("passthrough: clonetrace leaks no file descriptor into the program") as g:
    fds = sorted(int(x) for x in run.stdout.split() if x.isdigit())
    # 0, 1, 2, and the one ls uses to read the directory
    g.true(len(fds) <= 4 and fds[:3] == [0, 1, 2], "open fds in the program: %s" % fds)
ctlib.cleanup(run)
ctlib.rmtree(d)

# the signal mask and ignored signals clonetrace was started with are the
# program's, as /proc/self/status shows them to the program itself, in each
# mode (clonetrace blocks every signal while it starts the program)
def sig_lines(argv):
    def setup():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGWINCH})
        signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, preexec_fn=setup,
                       cwd=ctlib.ROOT, timeout=60)
    return p.returncode, p.stdout


show = ["/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"]
want = sig_lines(show)
sd = ctlib.tmpdir("sig")
for mode in ([], ["--light"], ["--no-seccomp"]):
    got = sig_lines([ctlib.CLONETRACE, "record", "-q"] + mode + ["-o", os.path.join(sd, "sig.json"), "--"] + show)
    with tap.group("passthrough: signal mask and ignored signals (%s)" % (" ".join(mode) or "seccomp")) as g:
        g.eq(want[0], 0, "untraced grep's exit status")
        g.true(b"SigBlk" in want[1] and b"SigIgn" in want[1], "untraced lines: %r" % want[1])
        g.eq(got, want, "exit status and /proc/self/status lines as untraced")
ctlib.rmtree(sd)

tap.done()
