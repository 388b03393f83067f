#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Namespace instances without the kernel's ids (Linux before 6.18, as in
check-arch's VMs): the namespace tests again with CLONETRACE_TEST_NO_NS_ID
set, which makes clonetrace read no NS_GET_ID, so the lifetime rule of
model/nsinst.h decides alone.  An unshare(CLONE_NEWPID) once made the
caller's own, unchanged pid namespace a new instance there, and a later
setns "joined" it (t-setns_join failed in every VM)."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, CLONETRACE_TEST_NO_NS_ID="1")
failed = False
for test in ("t-setns_join.py", "t-unshare_pid.py", "t-unshare_setns.py", "t-uts_namespace.py"):
    p = subprocess.run([sys.executable, os.path.join(HERE, test)] + sys.argv[1:], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    out = p.stdout.decode(errors="replace")
    for line in out.splitlines():
        if line.startswith("ok - ") or line.startswith("not ok - "):
            ok, _, name = line.partition(" - ")
            print("%s - no kernel ids: %s" % (ok, name))
            failed |= ok == "not ok"
        elif line.startswith("#"):
            print(line)
    if p.returncode not in (0, 1):
        print("not ok - no kernel ids: %s exited %d" % (test, p.returncode))
        failed = True
sys.exit(1 if failed else 0)
