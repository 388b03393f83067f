#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""docs/clonetrace.1 is the one reference for every option: each option that
`clonetrace SUB --help` prints has an entry (a .TP tag) in the man page's
OPTIONS subsection for SUB, and that subsection has no entry the help does
not print.  The subcommands are the ones `clonetrace --help` names, so a new
one is covered without touching this test.  The page also has each
subcommand in its SYNOPSIS, and man(1) formats it without a warning (the
check lintian makes)."""

import os
import re
import shutil
import subprocess

import ctlib

ctlib.need_clonetrace()
tap = ctlib.Tap()
MAN = os.path.join(ctlib.ROOT, "docs", "clonetrace.1")

# an option: -x, or --long-name; "-dv" in a usage line is -d and -v
OPT = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*|-[A-Za-z]+)")


def options(text):
    found = set()
    for o in OPT.findall(text):
        if o.startswith("--"):
            found.add(o)
        else:
            found.update("-" + c for c in o[1:])
    return found


def help_of(args):
    p = subprocess.run([ctlib.CLONETRACE] + args + ["--help"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def unroff(line):
    """A roff line's text: no macro name, font escapes, quotes or \\-."""
    line = re.sub(r"^\.[A-Za-z]+\s*", "", line)
    line = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", line)
    return line.replace("\\-", "-").replace("\\(em", "-").replace('"', "").replace("\\&", "")


def man_sections(path):
    """{(SH title, SS title or ""): [roff lines]}"""
    sections, sh, ss = {}, "", ""
    with open(path) as f:
        for line in f.read().splitlines():
            if line.startswith(".SH"):
                sh, ss = unroff(line).strip(), ""
                continue
            if line.startswith(".SS"):
                ss = unroff(line).strip()
                continue
            sections.setdefault((sh, ss), []).append(line)
    return sections


def tags(lines):
    """The options in the tags of .TP entries."""
    found = set()
    for i, line in enumerate(lines[:-1]):
        if line.startswith(".TP"):
            found |= options(unroff(lines[i + 1]))
    return found


rc, top, err = help_of([])
subs = []
for line in top.splitlines():
    m = re.match(r"\s*(?:usage:)?\s*clonetrace\s+([a-z][\w-]*)", line)
    if m and m.group(1) not in subs:
        subs.append(m.group(1))
sections = man_sections(MAN)
synopsis = "\n".join(unroff(l) for l in sections.get(("SYNOPSIS", ""), []))

with tap.group("manpage: clonetrace --help names the subcommands") as g:
    g.eq(rc, 0, "exit status of clonetrace --help")
    g.true(len(subs) >= 3 and {"record", "render", "show"} <= set(subs),
           "record, render and show among the subcommands found: %s" % subs)

with tap.group("manpage: clonetrace's own options are in OPTIONS/clonetrace") as g:
    entries = tags(sections.get(("OPTIONS", "clonetrace"), []))
    # the top-level help's options: "clonetrace --help | --version" lines
    # and option-table lines (a subcommand's continuation lines start with "[")
    want = set()
    for line in top.splitlines():
        if re.match(r"\s*(?:usage:)?\s*clonetrace\s+-|\s+-", line):
            want |= options(line)
    g.true(want, "clonetrace --help prints options of its own: %r" % top[-300:])
    for o in sorted(want - entries):
        g.fail("%s is in clonetrace --help but has no .TP entry under OPTIONS, .SS clonetrace" % o)

for sub in subs:
    with tap.group("manpage: every option of clonetrace %s --help has its entry, and only those" % sub) as g:
        rc, text, err = help_of([sub])
        g.eq(rc, 0, "exit status of clonetrace %s --help (stderr %r)" % (sub, err[-200:]))
        want = options(text)
        g.true("--help" in want, "clonetrace %s --help lists --help: %r" % (sub, text[:300]))
        key = ("OPTIONS", "clonetrace " + sub)
        if not g.true(key in sections, "docs/clonetrace.1 has .SS \"clonetrace %s\" under .SH OPTIONS" % sub):
            continue
        entries = tags(sections[key])
        for o in sorted(want - entries):
            g.fail("%s is in clonetrace %s --help but has no .TP entry in docs/clonetrace.1 "
                   "(OPTIONS, clonetrace %s)" % (o, sub, sub))
        for o in sorted(entries - want):
            g.fail("%s has an entry for clonetrace %s in docs/clonetrace.1 but is not in its --help"
                   % (o, sub))
        g.true(re.search(r"(?m)^clonetrace %s\b" % re.escape(sub), synopsis),
               "the SYNOPSIS has a clonetrace %s line" % sub)

with tap.group("manpage: man formats docs/clonetrace.1 without a warning") as g:
    if not shutil.which("man"):
        g.skip("man is not installed (Debian package man-db)")
    else:
        env = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
        p = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", MAN],
                           env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        g.eq(p.returncode, 0, "exit status of man --warnings")
        g.eq(p.stderr.decode(errors="replace"), "", "warnings")
        g.true(len(p.stdout) > 1000, "man produced the page (%d bytes)" % len(p.stdout))

tap.done()
