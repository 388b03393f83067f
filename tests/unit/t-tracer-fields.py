#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""struct tracer holds what several modules share, and no more
(docs/architecture.md): at most 25 fields, each used by at least two
tracer/ files.  A module's own state is in a struct of its own .c file.

Read from the text, a reasonable approximation: the fields are the
declarators of struct tracer's body in tracer/tracer.h (comments removed,
one field per name, so "size_t n, cap;" is two); a file uses a field when,
with comments removed, it names a variable it declares as a struct tracer
("struct tracer *tr", "const struct tracer *tr", "struct tracer tr")
followed by "->FIELD" or ".FIELD".  Every tracer/**/*.c file counts, once
however often it uses the field.
"""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
MAX_FIELDS = 25
MIN_FILES = 2


def result(ok, name, diags=()):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    for d in diags:
        print("# " + d)
    return ok


def uncomment(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", " ", text, flags=re.S))


def fields_of(header):
    """The field names of struct tracer in header, in order."""
    text = uncomment(open(header).read())
    m = re.search(r"\bstruct\s+tracer\s*\{(.*?)\n\}\s*;", text, re.S)
    if not m:
        return None
    names = []
    for decl in m.group(1).split(";"):
        decl = re.sub(r"\[[^\]]*\]", "", decl).strip()
        if not decl:
            continue
        # "int a, *b" -> "a", "b"; a function pointer "(*f)(...)" -> "f"
        decl = re.sub(r"\(\s*\*\s*(\w+)\s*\)\s*\([^)]*\)", r"\1", decl)
        first, *rest = decl.split(",")
        names.append(re.findall(r"\w+", first)[-1])
        names += [re.findall(r"\w+", r)[-1] for r in rest if re.findall(r"\w+", r)]
    return names


def users(fields, sources):
    """For each field, the files that use it on a struct tracer."""
    use = {f: [] for f in fields}
    for path in sources:
        text = uncomment(open(path).read())
        names = set(re.findall(r"\bstruct\s+tracer\s*\*\s*(?:const\s+)?(\w+)", text))
        names |= set(re.findall(r"\bstruct\s+tracer\s+(\w+)\s*[;=,)]", text))
        if not names:
            continue
        var = "|".join(sorted(names))
        for f in fields:
            if re.search(r"\b(?:%s)\s*(?:->|\.)\s*%s\b" % (var, re.escape(f)), text):
                use[f].append(path)
    return use


fields = fields_of("tracer/tracer.h")
if not result(fields is not None, "tracer/tracer.h defines struct tracer"):
    sys.exit(1)
sources = sorted(glob.glob("tracer/**/*.c", recursive=True))
failed = not result(len(sources) > 0 and len(fields) > 0,
                    "struct tracer's %d fields, and %d tracer/ files to read" % (len(fields), len(sources)))
failed |= not result(len(fields) <= MAX_FIELDS, "struct tracer has at most %d fields (%d)" %
                     (MAX_FIELDS, len(fields)), fields if len(fields) > MAX_FIELDS else ())
use = users(fields, sources)
lonely = ["%s: %s" % (f, ", ".join(use[f]) or "no file") for f in fields if len(use[f]) < MIN_FILES]
failed |= not result(not lonely, "each field of struct tracer is used by at least %d tracer/ files "
                     "(a field one module alone uses belongs in that module's own struct)" % MIN_FILES,
                     lonely)
sys.exit(1 if failed else 0)
