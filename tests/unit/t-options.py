#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The options have one source of truth: the getopt tables in the code.
Every option a subcommand's code accepts (its `struct option` table and
its getopt string) must be named, long form or short, in

  - `clonetrace SUB --help` (every form: the long name and the letter);
  - `clonetrace --help`'s synopsis of SUB;
  - the man page's SYNOPSIS for SUB and its OPTIONS section for SUB;
  - the README's synopsis lines for SUB ("    clonetrace SUB ...").

The bash completion reads `clonetrace SUB --help` itself
(completion/clonetrace.bash), so it agrees with --help by construction, and
tests/integration/t-completion.sh checks that it completes what --help
prints.
An option added to the code and not to these fails here; one documented
that the code doesn't take fails too."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
CT = os.environ.get("CLONETRACE") or os.path.join(ROOT, "clonetrace")
failed = False

# The subcommands and the files whose getopt tables are theirs.
SOURCES = {
    "record": ["tracer/options.c"],
    "render": ["cmd/render_main.c"],
    "show": ["cmd/show_main.c"],
    "stats": ["cmd/args.c"],
    "diff": ["cmd/args.c"],
}
# stats parses with args.c's table less its first entry, --counts (args_answer(..., false)).
NOT_FOR = {"stats": {"counts"}}


def result(ok, name, diags=()):
    global failed
    print("%s - %s" % ("ok" if ok else "not ok", name))
    if not ok:
        failed = True
        for d in list(diags)[:20]:
            print("# " + str(d))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def code_options(sub):
    """{long name: short letter or None} and the set of short letters."""
    longs, shorts = {}, set()
    for path in SOURCES[sub]:
        src = read(path)
        for name, val in re.findall(r'\{\s*"([a-z][a-z0-9-]*)",\s*\w+_argument,\s*NULL,\s*([^}]+?)\s*\}', src):
            if name in NOT_FOR.get(sub, ()):
                continue
            m = re.fullmatch(r"'(.)'", val)
            longs[name] = m.group(1) if m else None
        for opt in re.findall(r'getopt_long\([^,]+,[^,]+,\s*"([^"]*)"', src):
            shorts |= {c for c in opt if c.isalnum()}
    # a letter that only stands for a long option (no short form in the getopt string) is not one
    for name, letter in longs.items():
        if letter and letter not in shorts:
            longs[name] = None
    return longs, shorts


def run(*args):
    p = subprocess.run([CT] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode(errors="replace")


def man_text(s):
    """The man page's roff as words: \\- is -, font escapes dropped."""
    s = re.sub(r"\\f[BIRP]", "", s).replace("\\-", "-").replace("\\&", "")
    return re.sub(r"^\.(B|I|BR|RB|BI|IB|IR|RI)\s+", "", s, flags=re.M)


def man_sections(man):
    """SYNOPSIS lines of each subcommand, and its OPTIONS section."""
    synopsis, options = {}, {}
    syn = man.split(".SH SYNOPSIS", 1)[1].split(".SH ", 1)[0]
    for block in syn.split(".br"):
        m = re.search(r"\.B clonetrace (\w+)", block)
        if m:
            synopsis[m.group(1)] = synopsis.get(m.group(1), "") + man_text(block)
    for m in re.finditer(r'^\.SS "clonetrace (\w+)"\n(.*?)(?=^\.S[SH] )', man, re.S | re.M):
        options[m.group(1)] = man_text(m.group(2))
    return synopsis, options


def named(text, long, letter):
    """Is the option named in text, by its long form or its letter?"""
    if re.search(r"(?<![\w-])--%s(?![\w-])" % re.escape(long), text):
        return True
    # -x alone or in a cluster such as [-atx]
    return bool(letter and re.search(r"(?<![\w-])-[a-zA-Z]*%s[a-zA-Z]*(?![\w-])" % re.escape(letter), text))


def main():
    if not os.access(CT, os.X_OK):
        print("%s not built (make clonetrace)" % CT)
        return 77
    man = read("docs/clonetrace.1")
    synopsis, sections = man_sections(man)
    readme = read("README.md")
    top = run("--help")
    top_syn = {}
    for line in top.splitlines():
        m = re.match(r"\s*(?:usage: )?clonetrace (\w+)", line)
        cur = m.group(1) if m else cur if line.startswith(" " * 20) else None
        if cur:
            top_syn[cur] = top_syn.get(cur, "") + line + "\n"
    for sub in SOURCES:
        longs, shorts = code_options(sub)
        result(len(longs) > 2, "%s: the code's options read (%s)" % (sub, ", ".join(sorted(longs))))
        helptext = run(sub, "--help")
        readme_syn = "\n".join(l for l in readme.splitlines() if l.startswith("    clonetrace %s " % sub))
        places = {
            "clonetrace %s --help" % sub: (helptext, True),
            "clonetrace --help's synopsis": (top_syn.get(sub, ""), False),
            "the man page's SYNOPSIS": (synopsis.get(sub, ""), False),
            "the man page's OPTIONS": (sections.get(sub, ""), False),
            "the README's synopsis": (readme_syn, False),
        }
        for where, (text, every_form) in places.items():
            missing = []
            for name, letter in sorted(longs.items()):
                # --help and --version are the program's own; the synopses say "--help" once
                if name == "help" and where != "clonetrace %s --help" % sub:
                    continue
                if every_form:
                    if not named(text, name, None) or (letter and not named(text, "\0", letter)):
                        missing.append("--" + name + (" / -" + letter if letter else ""))
                elif not named(text, name, letter):
                    missing.append("--" + name + (" / -" + letter if letter else ""))
            result(not missing, "%s: %s names every option the code takes" % (sub, where), missing)
        # documented options the code does not take (in --help, which is the most specific)
        extra = sorted({o for o in re.findall(r"(?<![\w-])--([a-z][a-z0-9-]+)", helptext)} - set(longs))
        result(not extra, "%s: --help names no option the code does not take" % sub, extra)
    return 1 if failed else 0


sys.exit(main())
