#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The house's rooms and the files in them (docs/architecture.md).

(a) Each folder includes and calls only the folders its row of the include
    rules table in docs/architecture.md names (plus itself, libc and
    third-party libraries): the rules are read from that table, so the
    document and this test can't disagree.  Includes come from the sources'
    #include "..." lines, calls (and data a file uses) from the built
    objects (nm).
(b) No two files depend on each other, directly or round a circle: a file
    depends on another when it includes its header or calls (uses) what its
    object defines; a .c and its .h are one file here.  The only circles
    allowed are the ones the table of circles in docs/architecture.md lists,
    with their reason, and a listed circle that no longer exists fails too.
(c) tracer/'s module faces: every function a tracer/X.c defines and another
    file calls is declared in tracer/X.h, which X.c includes; tracer/tracer.h
    declares no other file's functions.

CT_MODULES_ROOT=DIR checks the tree at DIR instead (the test's own checks of
itself plant an include and a circle in a copy)."""

import glob
import os
import re
import subprocess
import sys

ROOT = os.environ.get("CT_MODULES_ROOT") or \
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
DOC = "docs/architecture.md"
# not rooms of the house: they may include anything
OUTSIDE = ("tests/", "samples/", "fuzz/", "bench/", "build/", "tools/", "debian/", ".")


def result(ok, name, diags=()):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    for d in diags:
        print("# " + d)
    return ok


def section_table(text, heading):
    """The rows (lists of cells) of the first table under the ## heading."""
    m = re.search(r"^## %s\s*$(.*?)(?=^## |\Z)" % re.escape(heading), text, re.M | re.S)
    if not m:
        return None
    rows = []
    for line in m.group(1).splitlines():
        line = line.strip()
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows[1:] if rows else []	# without the header row


def ticked(cell):
    return re.findall(r"`([^`]+)`", cell)


def room(path):
    """The room a file is in: its top-level folder ("decode"), or the file at the top ("main.c")."""
    return path.split("/")[0] if "/" in path else path


def module(path):
    """A .c and its .h are one file: the path without its extension."""
    return path.rsplit(".", 1)[0]


def strip_comments(text):
    """Comments blanked out, their newlines kept (line numbers stay right)."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: "\n" * m.group(0).count("\n") or " ", text,
                  flags=re.S)


try:
    doc = open(DOC).read()
except OSError as e:
    result(False, "%s is readable" % DOC, [str(e)])
    sys.exit(1)
failed = False

# the include rules: | `folder/` | `a/`, `b/` |  or  | `folder/` | nothing |
rules_rows = section_table(doc, "Include rules")
rules = {}
bad_rows = []
for cells in rules_rows or []:
    names = ticked(cells[0])
    if len(cells) < 2 or len(names) != 1:
        bad_rows.append("| " + " | ".join(cells) + " |")
        continue
    allowed = [a.rstrip("/") for a in ticked(cells[1]) if a.endswith("/")]
    if not allowed and cells[1].lower() != "nothing":
        bad_rows.append("| " + " | ".join(cells) + " |")
        continue
    rules[names[0].rstrip("/")] = set(allowed)
failed |= not result(rules_rows is not None and len(rules) >= 5 and not bad_rows,
                     "%s states the include rules as a table under '## Include rules' (%d rooms)"
                     % (DOC, len(rules)), bad_rows)
unknown = sorted({a for r in rules.values() for a in r} - set(rules))
failed |= not result(not unknown, "the include rules name only rooms that have a row",
                     ["%s/ is allowed somewhere but has no row" % u for u in unknown])

# the circles allowed: | `a.c`, `b.c`, ... | reason |
circle_rows = section_table(doc, "Circles") or []
allowed_circles = []
for cells in circle_rows:
    files = sorted(module(f) for f in ticked(cells[0]))
    if len(files) >= 2 and len(cells) >= 2 and cells[1]:
        allowed_circles.append((frozenset(files), cells[1]))

# the product's sources: every .c and .h outside the non-rooms
sources = sorted(p for p in glob.glob("**/*.[ch]", recursive=True)
                 if not p.startswith(OUTSIDE))
failed |= not result(len(sources) >= 50, "the product's sources found (%d)" % len(sources))
homeless = sorted({room(p) for p in sources} - set(rules))
failed |= not result(not homeless, "every source is in a room the include rules name",
                     ["%s has no row in the include rules" % h for h in homeless])

# includes, as the preprocessor finds them: the including file's folder first, then -I.
includes = {}		# source -> [(header, line number)]
unresolved = []
for src in sources:
    text = strip_comments(open(src, errors="replace").read())
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r'\s*#\s*include\s*"([^"]+)"', line)
        if not m:
            continue
        here = os.path.normpath(os.path.join(os.path.dirname(src), m.group(1)))
        if os.path.exists(here):
            found.append((here, n))
        elif os.path.exists(m.group(1)):
            found.append((os.path.normpath(m.group(1)), n))
        else:
            unresolved.append('%s:%d: #include "%s" is no file of the tree' % (src, n, m.group(1)))
    includes[src] = found
failed |= not result(not unresolved, "every #include \"...\" names a file of the tree", unresolved)

# calls and data uses, from the objects of the sources built (a source whose
# object is missing, a variant this build leaves out, has its includes checked only)
try:
    subprocess.run(["nm", "--version"], stdout=subprocess.DEVNULL, check=True)
except (OSError, subprocess.CalledProcessError):
    print("# SKIP no nm(1) here (binutils)")
    sys.exit(77)
objs = {src: "build/%s.o" % src[:-2] for src in sources
        if src.endswith(".c") and os.path.exists("build/%s.o" % src[:-2])}
core = [s for s in sources if re.fullmatch(r"(names|decode|format|model|tracer)/[^/]+\.c", s)]
if not all(s in objs for s in core):
    print("# SKIP the product is not built (make clonetrace): no object for %s"
          % ", ".join(s for s in core if s not in objs)[:300])
    sys.exit(77)
defs, uses = {}, {}
for src, o in sorted(objs.items()):
    out = subprocess.run(["nm", o], stdout=subprocess.PIPE, text=True, check=True).stdout
    defs[src] = {f[2] for f in map(str.split, out.splitlines()) if len(f) == 3 and f[1] in "TDRBC"}
    uses[src] = {f[1] for f in map(str.split, out.splitlines()) if len(f) == 2 and f[0] == "U"}
owner = {}
for src in sorted(defs):
    for s in defs[src]:
        owner.setdefault(s, src)
calls = {src: {owner[s] for s in uses[src] if s in owner and owner[s] != src} for src in uses}

# (a) the folder rules
def may(a, b):
    ra, rb = room(a), room(b)
    return ra == rb or ra not in rules or rb in rules[ra]


bad = []
for src in sources:
    for h, n in includes[src]:
        if not may(src, h):
            bad.append('%s:%d: includes "%s": %s/ may include only %s' % (
                src, n, h, room(src), ", ".join(sorted(x + "/" for x in rules[room(src)])) or "nothing"))
failed |= not result(not bad, "each room includes only the rooms its row names (%d includes)"
                     % sum(len(v) for v in includes.values()), bad)
bad = []
for src in sorted(calls):
    for callee in sorted(calls[src]):
        if not may(src, callee):
            what = sorted(s for s in uses[src] if owner.get(s) == callee)
            bad.append("%s calls %s: %s (%s/ may use only %s)" % (
                src, callee, ", ".join(what[:6]), room(src),
                ", ".join(sorted(x + "/" for x in rules[room(src)])) or "nothing"))
failed |= not result(not bad, "each room calls only the rooms its row names (%d objects)" % len(calls), bad)

# (b) circles: strongly connected components of the graph of files (a .c and its .h one node)
edges = {}
why = {}
for src in sources:
    a = module(src)
    edges.setdefault(a, set())
    for h, n in includes[src]:
        b = module(h)
        if b != a:
            edges[a].add(b)
            why.setdefault((a, b), []).append('%s:%d includes "%s"' % (src, n, h))
for src in calls:
    a = module(src)
    for callee in calls[src]:
        b = module(callee)
        if b != a:
            edges[a].add(b)
            what = sorted(s for s in uses[src] if owner.get(s) == callee)
            why.setdefault((a, b), []).append("%s calls %s" % (src, ", ".join(what[:4])))
for a in list(edges):
    for b in edges[a]:
        edges.setdefault(b, set())

index, low, stack, on, circles = {}, {}, [], set(), []
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in sorted(edges[v]):
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
            circles.append(frozenset(comp))


for v in sorted(edges):
    if v not in index:
        visit(v)
known = {c for c, _ in allowed_circles}
diags = []
for comp in sorted(circles, key=sorted):
    if comp in known:
        continue
    diags.append("a circle: " + ", ".join(sorted(comp)))
    for a in sorted(comp):
        for b in sorted(edges[a] & comp):
            diags.append("  %s -> %s: %s" % (a, b, "; ".join(why[(a, b)][:3])))
failed |= not result(not diags, "no files depend on each other round a circle but the %d %s lists (%d files)"
                     % (len(allowed_circles), DOC, len(edges)), diags)
stale = sorted(", ".join(sorted(c)) for c in known if c not in circles)
failed |= not result(not stale, "every circle %s lists is still there, as listed" % DOC,
                     ["listed but not found: " + s for s in stale])

# (c) tracer/'s module faces
def declares(header, fn):
    try:
        text = strip_comments(open(header).read())
    except OSError:
        return False
    return re.search(r"\b%s\s*\(" % re.escape(fn), text) is not None


tracer_c = sorted(s for s in defs if re.fullmatch(r"tracer/[^/]+\.c", s))
missing, not_included = [], []
for src in tracer_c:
    fns = {s for s in defs[src] if s in owner and owner[s] == src}
    called = sorted(s for s in fns if any(s in uses[o] for o in uses if o != src))
    header = src[:-2] + ".h"
    for fn in called:
        if not declares(header, fn):
            missing.append("%s() of %s is not in %s" % (fn, src, header))
    if called and header not in [h for h, _ in includes[src]]:
        not_included.append("%s does not include %s" % (src, header))
failed |= not result(tracer_c and not missing,
                     "each tracer file's functions called elsewhere are in its own header (%d files)"
                     % len(tracer_c), missing[:20])
failed |= not result(not not_included, "each tracer file includes its own header", not_included)
foreign = ["%s() of %s is declared in tracer/tracer.h" % (fn, src) for src in tracer_c
           if src != "tracer/tracer.c" for fn in sorted(defs[src]) if declares("tracer/tracer.h", fn)]
failed |= not result(not foreign, "tracer/tracer.h declares only tracer.c's functions", foreign)
sys.exit(1 if failed else 0)
