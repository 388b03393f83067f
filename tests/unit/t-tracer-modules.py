#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tracer/'s module faces, read from the built objects (nm): every function
a tracer/X.c defines and another file calls is declared in tracer/X.h, which
X.c includes; tracer/tracer.h declares no other file's functions; and no
two tracer/*.c files call each other, directly or round a circle
(docs/architecture.md)."""

import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)


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

defs, uses = {}, {}
for o in objs:
    name = os.path.basename(o)[:-2]
    out = subprocess.run(["nm", o], stdout=subprocess.PIPE, text=True, check=True).stdout
    defs[name] = {l.split()[2] for l in out.splitlines() if len(l.split()) == 3 and l.split()[1] == "T"}
    uses[name] = {l.split()[1] for l in out.splitlines() if len(l.split()) == 2 and l.split()[0] == "U"}
owner = {s: n for n, d in defs.items() for s in d}
calls = {n: {owner[s] for s in uses[n] if s in owner and owner[s] != n} for n in defs}
failed = False


def declares(header, fn):
    try:
        text = open(header).read()
    except OSError:
        return False
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # not what a comment names
    return re.search(r"\b%s\s*\(" % re.escape(fn), text) is not None


missing, not_included = [], []
for n in sorted(defs):
    called = sorted(s for s in defs[n] if any(s in uses[m] for m in defs if m != n))
    header = "tracer/%s.h" % n
    for fn in called:
        if not declares(header, fn):
            missing.append("%s() of tracer/%s.c is not in %s" % (fn, n, header))
    if called and '#include "%s"' % header not in open("tracer/%s.c" % n).read():
        not_included.append("tracer/%s.c does not include %s" % (n, header))
failed |= not result(not missing, "each tracer file's functions called elsewhere are in its own header",
                     missing[:20])
failed |= not result(not not_included, "each tracer file includes its own header", not_included)

foreign = [fn for n in defs if n != "tracer" for fn in sorted(defs[n]) if declares("tracer/tracer.h", fn)]
failed |= not result(not foreign, "tracer/tracer.h declares only tracer.c's functions",
                     ["%s() is declared in tracer/tracer.h" % f for f in foreign])

# circles: strongly connected components of the call graph between files
index, low, stack, on, circles = {}, {}, [], set(), []


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in sorted(calls[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            circles.append(sorted(comp))


for v in sorted(defs):
    if v not in index:
        visit(v)
diags = []
for comp in circles:
    diags.append("a circle: " + ", ".join("tracer/%s.c" % c for c in comp))
    for a in comp:
        for b in comp:
            if b in calls[a]:
                diags.append("  tracer/%s.c calls tracer/%s.c: %s" % (
                    a, b, ", ".join(sorted(s for s in uses[a] if owner.get(s) == b))))
failed |= not result(not circles, "no tracer files call each other round a circle", diags)
sys.exit(1 if failed else 0)
