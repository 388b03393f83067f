#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""samples/fexecve traced: execveat(fd, "", AT_EMPTY_PATH) of a file and of
a memfd (glibc's fexecve; runc's way), and execveat(dirfd, NAME, 0): each
exec entry records `dirfd`, `flags` and `fd_path` (what the fd named at the
call) beside the `path` as passed, and the task's `exe` is what
/proc/self/exe named in the new image; for a program on a detached bind
mount (runc 1.1's cloned binary), where that reads "/", the file it is
(the creator's exe, same device and inode)."""

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
run, tr, truth, _ = ctlib.record_checked(tap, "fexecve")
if tr:
    with tap.group("fexecve: the sample ran each exec") as g:
        want = ["dirfd", "fd", "memfd"] + ([] if "detached" in ctlib.skips(truth) else ["detached"])
        g.eq(sorted(e["role"] for e in truth["execs"]), sorted(want), "roles")
    if "detached" in ctlib.skips(truth):
        tap.skip("fexecve: detached: the exec entry and the exe", ctlib.skips(truth)["detached"])
    for x in truth["execs"]:
        with tap.group("fexecve: %s: the exec entry and the exe" % x["role"]) as g:
            t = tr.task(x["tid"])
            if not g.true(t is not None, "one task with tid %d" % x["tid"]):
                continue
            if not g.eq(len(t["execs"]), 1, "execs of the child"):
                continue
            e = t["execs"][0]
            g.eq(e.get("path"), x["path"], "path (as passed)")
            g.eq(e.get("dirfd"), x["dirfd"], "dirfd")
            g.eq(e.get("flags"), x["flags"], "flags")
            g.eq(e.get("fd_path"), x["fd_path"], "fd_path (what the fd named)")
            if "file" in x:
                # /proc/self/exe reads "/" on a detached mount: the trace names the file
                g.eq(t["exe"], x["file"], "exe (the file behind the detached mount, by inode)")
            else:
                g.eq(t["exe"], x.get("exe"), "exe (readlink /proc/self/exe in the new image)")
ctlib.cleanup(run)
tap.done()
