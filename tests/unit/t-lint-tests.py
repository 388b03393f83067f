#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tests' own honesty, read from their sources: every check can fail.

Fails on the patterns that once let tests pass by asserting nothing:
  - a check of a constant: g.true(True, ...), .ok(1), check ... true, and the
    like in tests/**/*.py and the shell tests;
  - a C test that walks a directory (readdir) without asserting, in the same
    function, that it found something (t-render-all's empty fuzz-regress/);
  - a shell test whose loop over a glob skips what isn't there
    (`|| continue`, `nullglob`) without then asserting how many it found
    (t-samples' "not recorded" skip).
  - a skip that hides the program under test: a SKIP whose reason says the
    thing was not recorded, timed out, failed or crashed.
Each rule is also run on a snippet that breaks it, so the lint can fail too."""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)

CONST_PY = re.compile(r"\.(true|ok|check|false)\(\s*(True|False|1|0|None)\s*[,)]")
CONST_SH = re.compile(r"^\s*check\s+(\"[^\"]*\"|'[^']*'|\S+)\s+(true|:)\s*$", re.M)
# a skip reason that names a failure of what is tested, not a missing privilege or feature
HIDING = re.compile(r"SKIP[^\n]*\b(not recorded|timed out|time out|crash|failed to run)", re.I)


def lines_of(text, pos):
    return text.count("\n", 0, pos) + 1


def lint_py(path, text):
    out = []
    for m in CONST_PY.finditer(text):
        out.append("%s:%d: a check of a constant: %s" % (path, lines_of(text, m.start()), m.group(0)))
    return out


def c_functions(text):
    """(start, body) of each top-level function body in C source."""
    out, depth, start = [], 0, None
    for i, ch in enumerate(text):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and start is not None:
                out.append((start, text[start:i + 1]))
                start = None
    return out


def lint_c(path, text):
    out = []
    for start, body in c_functions(text):
        if "readdir(" in body and not re.search(r"found\s*>\s*0|found\s*!=\s*0|\bfound\b\s*\)", body):
            out.append("%s:%d: walks a directory (readdir) without asserting it found something"
                       % (path, lines_of(text, start)))
    return out


def lint_sh(path, text):
    out = []
    for m in CONST_SH.finditer(text):
        out.append("%s:%d: a check of a constant: %s" % (path, lines_of(text, m.start()),
                                                         m.group(0).strip()))
    if re.search(r"shopt\s+-s\s+nullglob", text):
        out.append("%s: nullglob: a loop over a glob that matches nothing asserts nothing" % path)
    for m in re.finditer(r"^\s*for\s+\w+\s+in\s+[^;\n]*\*[^;\n]*;\s*do\n(.*?)^\s*done", text, re.M | re.S):
        body = m.group(1)
        if "|| continue" in body and not re.search(r"-eq 0 \]|\bfound\b|\$\{#\w+\[@\]\}", text):
            out.append("%s:%d: a loop over a glob that skips what isn't there, with no count asserted"
                       % (path, lines_of(text, m.start())))
    for m in HIDING.finditer(text):
        out.append("%s:%d: a skip that hides a failure: %s" % (path, lines_of(text, m.start()),
                                                               m.group(0)))
    return out


def lint(path, text):
    if path.endswith(".py"):
        return lint_py(path, text) + [o for o in lint_sh(path, text) if "skip that hides" in o]
    if path.endswith((".c", ".h")):
        return lint_c(path, text)
    return lint_sh(path, text)


def result(ok, name, diags=()):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    for d in diags if not ok else ():
        print("# " + d)
    return ok


# the rules themselves, on snippets that break them
BAD = {
    "x.py": 'with tap.group("a") as g:\n    g.true(True, "recorded")\n',
    "x.c": "static void f(void)\n{\n\twhile ((e = readdir(d)) != NULL)\n\t\tok_n(e->d_name, 1);\n}\n",
    "x.sh": 'for s in build/samples/*; do\n\t[ -x "$s" ] || continue\n\tok "$s"\ndone\n',
    "y.sh": 'skip "$name" "not recorded: $(tail -n 1 err)"\n',
    "z.sh": 'check "runs" true\n',
}
failed = False
for name, text in BAD.items():
    failed |= not result(bool(lint(name, text)), "the lint finds the pattern in %s" % name,
                         ["no finding for: " + text])
GOOD = {
    "x.c": "static void f(void)\n{\n\tint found = 0;\n\twhile ((e = readdir(d)) != NULL)\n"
           "\t\tfound++;\n\tok_n(\"found\", found > 0);\n}\n",
}
for name, text in GOOD.items():
    found = lint(name, text)
    failed |= not result(not found, "the lint passes the counted walk in %s" % name, found)

files = [f for f in glob.glob("tests/**/*", recursive=True)
         if os.path.isfile(f) and "__pycache__" not in f and not f.startswith(("tests/arch/initramfs", "tests/render/fixtures",
                                                     "tests/render/golden", "tests/render/bad"))
         and (f.endswith((".py", ".c", ".h", ".sh")) or os.path.basename(f).startswith("t-")
              or f in ("tests/run", "tests/render/lib.sh"))
         and f != "tests/unit/t-lint-tests.py"]
failed |= not result(len(files) > 20, "test sources found (%d)" % len(files))
for area in sorted({os.path.dirname(f) for f in files}):
    found = []
    for f in sorted(x for x in files if os.path.dirname(x) == area):
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                found += lint(f, fh.read())
        except OSError as e:
            found.append("%s: %s" % (f, e))
    failed |= not result(not found, "%s: every check can fail" % area, found)
sys.exit(1 if failed else 0)
