#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tracee bytes never reach jansson's UTF-8-checked strings (style.md,
"Bytes from the tracee").

A path, comm, argv string, symbol or file name read from a tracee, from
/proc or from the tracee's ELF and DWARF files is the program's bytes, not
text: jansson's json_string() refuses one that is not UTF-8 and returns
NULL, and what holds that NULL (a frame in a stack, a note, a field) is
silently lost.  So such bytes go through format/json.c's json_bytes_new(),
the serializer's one byte-safe path.

The rule, checked in every .c and .h file of tracer/ (with tracer/stack/),
model/, format/ and decode/, where C strings become trace JSON: each place
jansson takes a C string into a JSON string, as a value or as an object's
key, is given a C string literal, or is marked as ours:

  - json_string(S), json_stringn(S, N), json_string_set(J, S),
    json_string_setn(J, S, N): S a literal;
  - json_object_set(O, K, V), json_object_set_new(O, K, V),
    json_object_setn(O, K, N, V), json_object_setn_new(O, K, N, V): K a literal;
  - json_pack(F, ...), json_pack_ex(E, FL, F, ...): F a literal, and every
    argument its format takes as a string ("s", "s#", "s%", "+", values
    and keys alike) a literal;
  - json_sprintf, json_vsprintf, json_vpack_ex and every *_nocheck variant
    (which would write bytes that are not UTF-8 into the trace as they
    are): never, unless marked.

A call whose string is ours (the vocabulary's names, hex we formatted,
libc's strerror text, uname) is marked with a comment that says why,
starting "ours:" (`/* ours: the vocabulary's names */`), on the line of
the call or alone on the line above it.  A marker that marks no call is
an error too, so the list of exceptions stays true.  The body of
json_bytes_new() itself, the byte-safe path, is not checked; and U+FFFD
is written nowhere else (one helper, not two).
"""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
DIRS = ("tracer", "model", "format", "decode")
HELPER_FILE, HELPER = "format/json.c", "json_bytes_new"

# function: index of the argument that must be a literal (None: never allowed unmarked)
LITERAL_ARG = {
    "json_string": 0, "json_stringn": 0, "json_string_set": 1, "json_string_setn": 1,
    "json_object_set": 1, "json_object_set_new": 1, "json_object_setn": 1, "json_object_setn_new": 1,
}
NEVER = {
    "json_string_nocheck", "json_stringn_nocheck", "json_string_set_nocheck",
    "json_string_setn_nocheck", "json_object_set_nocheck", "json_object_set_new_nocheck",
    "json_object_setn_nocheck", "json_object_setn_new_nocheck", "json_sprintf", "json_vsprintf",
    "json_vpack_ex",
}
PACK_FMT_ARG = {"json_pack": 0, "json_pack_ex": 2}
CHECKED = set(LITERAL_ARG) | NEVER | set(PACK_FMT_ARG)
LITERAL = re.compile(r'(?:\s*"(?:[^"\\\n]|\\.)*"\s*)+\Z', re.S)
MARKER = re.compile(r"^(?:/\*|//)\s*ours:\s*(?!\*/)\S")


def result(ok, name, diags=()):
    print("%s - %s" % ("ok" if ok else "not ok", name))
    for d in diags:
        print("# " + d)
    return ok


def split_c(text):
    """(without comments, without comments and string contents, comments):
    both texts keep every offset and newline; comments is [(offset, text)]."""
    nocom, code, comments = list(text), list(text), []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("/*", i) or text.startswith("//", i):
            if text[i + 1] == "*":
                end = text.find("*/", i + 2)
                end = n if end < 0 else end + 2
            else:
                end = text.find("\n", i)
                end = n if end < 0 else end
            comments.append((i, text[i:end]))
            for k in range(i, end):
                if text[k] != "\n":
                    nocom[k] = code[k] = " "
            i = end
        elif text[i] in "\"'":
            q, k = text[i], i + 1
            while k < n and text[k] != q and text[k] != "\n":
                k += 2 if text[k] == "\\" else 1
            for j in range(i + 1, min(k, n)):
                code[j] = " "
            i = k + 1
        else:
            i += 1
    return "".join(nocom), "".join(code), comments


def args_of(nocom, code, open_paren):
    """The arguments of the call whose "(" is at open_paren: [(offset, text)], and the ")"'s offset."""
    depth, start, args = 0, open_paren + 1, []
    for k in range(open_paren, len(code)):
        c = code[k]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append((start, nocom[start:k]))
                return args, k
        elif c == "," and depth == 1:
            args.append((start, nocom[start:k]))
            start = k + 1
    return args, len(code)


def literal_text(arg):
    """The characters of a C string literal (adjacent ones joined), or None."""
    if not LITERAL.match(arg):
        return None
    return "".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', arg))


def pack_slots(fmt):
    """For each argument jansson's pack format fmt takes: "key" or "str" (a
    string taken as an object key or as a value), or "other"."""
    slots, stack, i = [], [], 0

    def value_done():
        if stack and stack[-1][0] == "{":
            stack[-1][1] = not stack[-1][1]

    while i < len(fmt):
        c = fmt[i]
        i += 1
        if c in " \t\n:,":
            continue
        if c in "{[":
            stack.append([c, True])
        elif c in "}]":
            if stack:
                stack.pop()
            value_done()
        elif c in "s+":
            role = "key" if stack and stack[-1][0] == "{" and stack[-1][1] else "str"
            slots.append(role)
            while i < len(fmt) and fmt[i] in "#%?*+":
                if fmt[i] in "#%":      # the length of the string before
                    slots.append("other")
                elif fmt[i] == "+":     # one more string, appended to it
                    slots.append(role)
                i += 1
            value_done()
        elif c == "n":
            value_done()
        elif c in "bifIoO":
            slots.append("other")
            while i < len(fmt) and fmt[i] in "?*":
                i += 1
            value_done()
        else:
            raise ValueError("unknown pack format character %r in %r" % (c, fmt))
    return slots


def check_text(path, text, exempt=None):
    """(problems, calls checked, calls marked, unused markers) for one file's text;
    exempt: the name of a function whose body is not checked."""
    nocom, code, comments = split_c(text)

    def line(off):
        return text.count("\n", 0, off) + 1

    lines = code.split("\n")
    markers = {}
    for off, c in comments:
        if MARKER.match(c):
            markers[line(off)] = [c, False]
    skip = (-1, -1)
    if exempt:
        m = re.search(r"\b%s\s*\([^)]*\)\s*\{" % re.escape(exempt), code)
        if m:
            depth = 0
            for k in range(m.end() - 1, len(code)):
                depth += {"{": 1, "}": -1}.get(code[k], 0)
                if depth == 0:
                    skip = (m.start(), k)
                    break
    problems, n_calls, n_marked = [], 0, 0
    for m in re.finditer(r"\b(json_\w+)\s*\(", code):
        fn = m.group(1)
        if fn not in CHECKED or skip[0] <= m.start() <= skip[1]:
            continue
        n_calls += 1
        args, _ = args_of(nocom, code, m.end() - 1)
        why = None
        if fn in NEVER:
            why = "%s() takes bytes unchecked or by a format" % fn
        elif fn in LITERAL_ARG:
            k = LITERAL_ARG[fn]
            if k >= len(args) or literal_text(args[k][1]) is None:
                why = "%s() of %s, not a literal" % (fn, " ".join(args[k][1].split()) if k < len(args) else "?")
        else:
            k = PACK_FMT_ARG[fn]
            fmt = literal_text(args[k][1]) if k < len(args) else None
            if fmt is None:
                why = "%s() with a format that is not a literal" % fn
            else:
                try:
                    slots = pack_slots(fmt)
                except ValueError as e:
                    slots, why = [], "%s(): %s" % (fn, e)
                for role, (_, a) in zip(slots, args[k + 1:]):
                    if role != "other" and literal_text(a) is None:
                        why = '%s("%s") takes %s as a %s string' % (
                            fn, fmt, " ".join(a.split()), "key" if role == "key" else "value")
                        break
        if why is None:
            continue
        at = line(m.start())
        mark = markers.get(at)
        if mark is None and at - 1 in markers and not lines[at - 2].strip():
            mark = markers[at - 1]
        if mark is not None:
            mark[1] = True
            n_marked += 1
            continue
        problems.append("%s:%d: %s" % (path, at, why))
    unused = ["%s:%d: %s marks no call that needs it" % (path, l, c) for l, (c, used) in sorted(markers.items())
              if not used]
    return problems, n_calls, n_marked, unused


def self_test():
    """The checker on snippets: what it must flag and what it must let pass."""
    bad = {
        "the old frame.c line": 'f = json_pack("{s:o,s:o}", "pc", hex_json_new(ip),\n'
                                '\t"module", m && m->path ? json_string(m->path) : json_null());\n',
        "json_string of a variable": "json_array_append_new(tr->notes, json_string(note));\n",
        "json_stringn of a variable": "v = json_stringn(buf, n);\n",
        "a pack value string": 'o = json_pack("{s:o,s:s}", "a", x, "via", t->comm);\n',
        "a pack key": 'o = json_pack("{s:i}", name, 1);\n',
        "a pack concatenation": 'o = json_pack("{s:s+}", "a", "b", path);\n',
        "a pack format not literal": "o = json_pack(fmt, 1);\n",
        "an object key": "json_object_set_new(o, t->comm, json_true());\n",
        "a nocheck string": 'v = json_string_nocheck("abc");\n',
        "json_sprintf": 'v = json_sprintf("%s", "x");\n',
        "a marker on the line above, not alone": '/* ours: x */ foo();\nv = json_string(s);\n',
        "a marker two lines above": '/* ours: x */\n\nv = json_string(s);\n',
        "a marker with no reason": "v = json_string(s);\t/* ours: */\n",
        "a stale marker": "/* ours: the vocabulary */\nv = json_string(\"x\");\n",
    }
    good = {
        "a literal": 'json_array_append_new(a, json_string("light mode: " "calls"));\n',
        "a pack of literals": 'return json_pack("{s:s,s:n,s:[]}", "syscall", "unknown", "arch", "x");\n',
        "a pack with a byte-safe value": 'o = json_pack("{s:o}", "function", f ? json_bytes_new(f) : json_null());\n',
        "a marked call": "v = json_string(hex);\t/* ours: hex */\n",
        "a marker alone above": "/* ours: the vocabulary's names */\nv = json_string(ct_ns[k].name);\n",
        "in a comment": "/* json_string(path) would drop it */\nv = json_bytes_new(path);\n",
        "in a string": 'warnx("json_string(%s)", path);\n',
        "the helper's own body": 'json_t *json_bytes_new(const char *s)\n{\n\tjson_t *j = json_string(s);\n'
                                 '\treturn j ? j : json_stringn(b, o);\n}\n',
        "a key and a bytes value": 'json_object_set_new(o, "comm", json_bytes_new(t->comm));\n',
    }
    diags = []
    for what, text in bad.items():
        problems, _, _, unused = check_text("<%s>" % what, text, HELPER)
        if not problems and not unused:
            diags.append("not flagged: %s: %r" % (what, text))
    for what, text in good.items():
        problems, _, _, unused = check_text("<%s>" % what, text, HELPER)
        if problems or unused:
            diags.append("flagged: %s: %s" % (what, "; ".join(problems + unused)))
    return diags


failed = False
d = self_test()
failed |= not result(not d, "the checker flags tracee bytes given to json_string, "
                     "json_pack \"s\" and object keys, and lets literals, marked calls and json_bytes_new pass", d)

files = sorted(f for d in DIRS for f in glob.glob(d + "/**/*.[ch]", recursive=True))
problems, unused, n_calls, n_marked, seen = [], [], 0, 0, {}
for f in files:
    with open(f, encoding="utf-8", errors="surrogateescape") as fh:
        text = fh.read()
    p, n, k, u = check_text(f, text, HELPER if f == HELPER_FILE else None)
    problems += p
    unused += u
    n_calls += n
    n_marked += k
    seen[f.split("/")[0]] = seen.get(f.split("/")[0], 0) + 1
missing = [d for d in DIRS if not seen.get(d)]
failed |= not result(not missing and n_calls > 0,
                     "the scan read %s (%d files, %d calls)" % (", ".join(d + "/" for d in DIRS), len(files), n_calls),
                     ["no .c or .h file in %s/" % d for d in missing])
failed |= not result(not problems, "no string jansson checks for UTF-8 is given anything but a literal or "
                     "a string marked ours (%d marked): tracee bytes go through json_bytes_new()" % n_marked,
                     problems + ["(rule: tests/unit/t-lint-bytes.py's header; tracee bytes: json_bytes_new() "
                                 "of format/json.h)"] if problems else [])
failed |= not result(not unused, "every \"ours:\" marker marks a call that needs it", unused)

# one byte-safe helper: U+FFFD is written in format/json.c's json_bytes_new() and nowhere else
fffd = re.compile(r"\\xef\\xbf\\xbd|\\uFFFD|\b0x[fF]{3}[dD]\b|\\357\\277\\275", re.I)
others = []
for f in files:
    with open(f, encoding="utf-8", errors="surrogateescape") as fh:
        nocom, _, _ = split_c(fh.read())
    for m in fffd.finditer(nocom):
        if f != HELPER_FILE:
            others.append("%s:%d: writes U+FFFD (%s): a second byte-safe helper?" % (
                f, nocom.count("\n", 0, m.start()) + 1, m.group(0)))
failed |= not result(not others, "one byte-safe helper: only %s writes U+FFFD" % HELPER_FILE, others)
sys.exit(1 if failed else 0)
