#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The licence: LICENSE is the MIT licence, debian/copyright is a DEP-5 file
that says the same (Expat, Debian's name for it), and every C, C++, Go, Java,
Python, shell and make file of the project (git ls-files) says
`SPDX-License-Identifier: MIT` in its first three lines."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
TAG = "SPDX-License-Identifier: MIT"
failed = False


def result(ok, name, diags=()):
    global failed
    print("%s - %s" % ("ok" if ok else "not ok", name))
    if not ok:
        failed = True
        for d in diags[:40]:
            print("# " + d)


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


lic = read("LICENSE")
result(lic.startswith("MIT License") and "Permission is hereby granted, free of charge" in lic,
       "LICENSE is the MIT licence")
cp = read("debian/copyright")
body = re.sub(r"\s+", " ", lic.split("Permission", 1)[-1])
cp_body = re.sub(r"\s+", " ", cp.replace("\n .\n", "\n").split("Permission", 1)[-1])
result(cp.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
       and re.search(r"^Files: \*\nCopyright: .+\nLicense: Expat$", cp, re.M) is not None
       and cp_body.strip() == body.strip(),
       "debian/copyright: DEP-5, Files: * under Expat, with the text of LICENSE")

try:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], capture_output=True, text=True,
                           check=True).stdout.split()
except (OSError, subprocess.CalledProcessError):
    files = []
if not files:  # a tarball, not a checkout
    files = [os.path.relpath(os.path.join(d, f)) for d, _, fs in os.walk(".")
             if not d.startswith(("./build", "./.git")) for f in fs]
SOURCE = re.compile(r"\.(c|h|cc|go|java|py|sh|bash|mk)$|(^|/)Makefile$")
missing, n = [], 0
for f in sorted(files):
    if f.startswith(("tests/render/golden/", "tests/render/fixtures/", "tests/render/bad/")):
        continue
    text = read(f)
    first = text.split("\n", 1)[0]
    shell = first.startswith("#!") and re.search(r"\b(ba)?sh\b|python|make", first)
    if not (SOURCE.search(f) or shell):
        continue
    n += 1
    if TAG not in "\n".join(text.split("\n")[:3]):
        missing.append(f)
result(n > 100, "source files found (%d)" % n)
result(not missing, "every source file has '%s' in its first lines (%d lack it)" % (TAG, len(missing)),
       missing)
sys.exit(1 if failed else 0)
