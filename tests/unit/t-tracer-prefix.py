#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A tracer/ function's prefix is its file's name (docs/architecture.md):
every function a tracer/X.c exports (a T symbol of build/tracer/X.o, read
with nm) is X() or X_...(), so that a reader knows from a call where it is
defined.  The one exception is tracer.c's two helpers that every file
calls, now_ns() and debug().  tracer/stack/'s files, a room of their own
behind tracer/stack.h, are not checked."""

import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
EXCEPT = {"tracer": {"now_ns", "debug"}}


def result(ok, name, diags=()):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    for d in diags:
        print("# " + d)
    return ok


# objects of sources since moved or removed may linger in an old build/
objs = sorted(o for o in glob.glob("build/tracer/*.o")
              if os.path.exists("tracer/%s.c" % os.path.basename(o)[:-2]))
if not objs:
    print("# SKIP tracer/ is not built (make clonetrace)")
    sys.exit(77)
try:
    subprocess.run(["nm", "--version"], stdout=subprocess.DEVNULL, check=True)
except (OSError, subprocess.CalledProcessError):
    print("# SKIP no nm(1) here (binutils)")
    sys.exit(77)

bad, n_funcs = [], 0
for o in objs:
    name = os.path.basename(o)[:-2]
    out = subprocess.run(["nm", o], stdout=subprocess.PIPE, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) != 3 or f[1] != "T":
            continue
        n_funcs += 1
        sym = f[2]
        if sym != name and not sym.startswith(name + "_") and sym not in EXCEPT.get(name, ()):
            bad.append("%s() of tracer/%s.c" % (sym, name))
failed = not result(n_funcs > 0, "tracer/'s %d objects export %d functions" % (len(objs), n_funcs))
failed |= not result(not bad, "each tracer/X.c's functions are named X_...()", bad)
sys.exit(1 if failed else 0)
