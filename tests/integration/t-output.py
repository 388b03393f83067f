#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Where -o points, nothing is ever destroyed: a regular file is replaced
whole (keeping its mode), a symlink is written through, a device node, a
FIFO or a pipe behind /dev/fd/N is written in place and stays what it was;
a path that can't be written is refused before the command runs; a trace
lost at the end is said in one line with a non-zero exit, and a closed
`-o -` reader doesn't take the program's exit status.  Device nodes are the
test's own (mknod in its directory), never the system's."""

import json
import os
import stat
import subprocess
import threading

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()


def run(out, script="exit 0", extra=(), **kw):
    cmd = [ctlib.CLONETRACE, "record", "-q"] + list(extra) + ["-o", out, "--", "/bin/sh", "-c", script]
    kw.setdefault("stdout", subprocess.PIPE)
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60, **kw)
    return p.returncode, p.stderr.decode(errors="replace")


def is_trace(data):
    try:
        doc = json.loads(data)
        return doc.get("format") == "clonetrace" and bool(doc.get("tasks"))
    except ValueError:
        return False


d = ctlib.tmpdir("output")


def own_device(name, minor):
    """A character device node of the test's own in d, (1, minor) of mem(4):
    its path, and why mknod failed (None when it didn't)."""
    path = os.path.join(d, name)
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except OSError as e:
        return path, "mknod: %s (needs CAP_MKNOD)" % e
    # a file system mounted nodev (Debian 13's /tmp, docker --tmpfs) lets
    # mknod make the node and refuses to open it
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError as e:
        return path, "%s is on a file system mounted nodev: its device nodes can't be opened (%s)" % (
            d, e.strerror)
    return path, None


# a device node of the test's own: a null device
null, why = own_device("null", 3)
with tap.group("output: -o to a character device writes through it, the node stays") as g:
    if why:
        g.skip(why)
    else:
        rc, err = run(null)
        g.eq(rc, 0, "exit status")
        g.true(stat.S_ISCHR(os.stat(null).st_mode), "%s is still a character device" % null)
        g.eq(os.listdir(d), ["null"], "nothing else created")

# a full device: the trace is lost, and says so
full, why = own_device("full", 7)
with tap.group("output: a trace lost at the end (ENOSPC) is one line and a non-zero exit") as g:
    if why:
        g.skip(why)
    else:
        rc, err = run(full)
        g.eq(rc, 1, "exit status when the program exited 0")
        lines = [l for l in err.splitlines() if l.strip()]
        g.eq(len(lines), 1, "one line on stderr (%r)" % err)
        g.true("lost" in err and "No space" in err, "it says the trace was lost, and why: %r" % err)
        rc, err = run(full, "exit 7")
        g.eq(rc, 7, "exit status when the program exited 7 (its own)")
        g.true(stat.S_ISCHR(os.stat(full).st_mode), "still a character device")

# a FIFO with a reader
fifo = os.path.join(d, "fifo")
os.mkfifo(fifo)
got = {}


def reader():
    with open(fifo, "rb") as f:
        got["data"] = f.read()


th = threading.Thread(target=reader)
th.start()
rc, err = run(fifo)
th.join(30)
with tap.group("output: -o to a FIFO: its reader gets the trace, the FIFO stays") as g:
    g.eq(rc, 0, "exit status")
    g.true(is_trace(got.get("data", b"")), "the reader got a whole trace")
    g.true(stat.S_ISFIFO(os.stat(fifo).st_mode), "still a FIFO")

# a pipe behind /dev/fd/N
r, w = os.pipe()
chunks = []
th = threading.Thread(target=lambda: chunks.append(os.read(r, 1 << 24)) or
                      [chunks.append(c) for c in iter(lambda: os.read(r, 1 << 20), b"")])
th.start()
rc, err = run("/dev/fd/%d" % w, pass_fds=(w,))
os.close(w)
th.join(30)
os.close(r)
with tap.group("output: -o /dev/fd/N writes into the pipe it names") as g:
    g.eq(rc, 0, "exit status (%s)" % err.strip())
    g.true(is_trace(b"".join(chunks)), "the pipe carried a whole trace")

# a symlink to an existing file with its own mode
target = os.path.join(d, "target.json")
with open(target, "w") as f:
    f.write("old")
os.chmod(target, 0o640)
link = os.path.join(d, "link.json")
os.symlink("target.json", link)
rc, err = run(link)
with tap.group("output: a symlink is followed: the target gets the trace, keeps its mode") as g:
    g.eq(rc, 0, "exit status")
    g.true(os.path.islink(link), "the link is still a link")
    g.true(is_trace(open(target, "rb").read()), "the target holds the trace")
    g.eq(oct(stat.S_IMODE(os.stat(target).st_mode)), oct(0o640), "the target's mode")
dangling = os.path.join(d, "dangling.json")
os.symlink("new.json", dangling)
rc, err = run(dangling)
with tap.group("output: a dangling symlink: the file it names is created") as g:
    g.eq(rc, 0, "exit status")
    g.true(os.path.islink(dangling), "the link is still a link")
    g.true(is_trace(open(os.path.join(d, "new.json"), "rb").read()), "new.json holds the trace")

# paths that can't be written: refused before the command runs
marker = os.path.join(d, "ran")
for what, path in (("a directory", d), ("a missing directory", os.path.join(d, "no", "t.json"))):
    rc, err = run(path, "touch %s" % marker)
    with tap.group("output: %s is refused before the command runs" % what) as g:
        g.eq(rc, 1, "exit status")
        g.eq(len(err.strip().splitlines()), 1, "one line (%r)" % err)
        g.true(not os.path.exists(marker), "the command did not run")

# -o - with the reader gone: the program's status stands
p = subprocess.Popen([ctlib.CLONETRACE, "record", "-q", "-o", "-", "--", "/bin/sh", "-c",
                      "sleep 0.2; exit 7"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
p.stdout.close()
err = p.stderr.read().decode(errors="replace")
rc = p.wait(60)
with tap.group("output: -o - to a closed reader: the program's exit status, one line") as g:
    g.eq(rc, 7, "exit status (not 141 from SIGPIPE)")
    g.true("lost" in err, "it says the trace was lost: %r" % err)

ctlib.rmtree(d)
tap.done()
