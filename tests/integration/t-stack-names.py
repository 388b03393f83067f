#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record --stack on programs built here with the field's toolchains, each
writing what it knows of its own call chain (tests/integration/stack/):

  chain.c, gcc -g: the chain main -> level1 -> level2 (with inline_helper
      inlined) -> level3 -> pthread_create, each frame at the file:line the
      program recorded; glibc's own frames (create_thread, __clone_internal)
      named when libc6-dbg has glibc's debug file; every frame's
      module_offset is its pc less the module's load bias (dl_iterate_phdr)
      and its build_id the file's (readelf -n).
  chain.c, clang -fuse-ld=lld: the same chain through an lld-linked
      executable (libunwind 1.6.2 alone stops at its first frame).
  chain.cc, g++: the C++ names come out demangled, as __PRETTY_FUNCTION__
      spells them.
  chain.go, go build: the exec's stack holds the chain runtime.Callers gave
      the program, below os/exec.(*Cmd).Run, main.start as a call inlined
      in main.main; every frame in the Go program is named; stack_error
      says nothing of unwind tables.  The same stripped (no symbols, no
      DWARF), named from the pclntab Go keeps: built with -ldflags=-s -w
      (each frame as go tool addr2line names its address), as a PIE linked
      by the external linker, which merges the table into .data.rel.ro,
      and the DWARF build above with strip(1) (each frame, inlined calls
      too, named as that build's DWARF names it at the same address).
  runc (root): Debian's runc is a stripped Go program; the stack of its
      container's start names syscall.forkAndExecInChild, os.startProcess
      and libcontainer.(*initProcess).start, each frame as go tool
      addr2line names it.
  jit.c (x86_64): a frame in the trampoline the program wrote into
      anonymous memory is marked jit, named as the program's
      /tmp/perf-PID.map names it, or unnamed without one, and the walk
      goes on to main.

A part skips when its compiler is missing (rustc: rustup's
~/.cargo/bin/rustc, else one on PATH, 1.65 or later for std::backtrace) or when clonetrace was built
without libdw (DW=0, e.g. the cross builds: their frames carry no
build_id)."""

import json
import os
import platform
import re
import shutil
import struct
import subprocess
import tempfile

import ctlib
import elflib
import rtlib

SRC = os.path.join(ctlib.ROOT, "tests", "integration", "stack")
OUT = os.path.join(ctlib.ROOT, "build", "tests", "stack")


def build(name, cmd, env=None):
    """Builds OUT/name with cmd (a list; {out} and {src} filled in): the
    path, or (None, why)."""
    out = os.path.join(OUT, name)
    os.makedirs(OUT, exist_ok=True)
    cmd = [a.format(out=out, src=SRC) for a in cmd]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                           env=dict(os.environ, **(env or {})))
    except FileNotFoundError:
        return None, "%s is not installed (tools/packages/test-stack.txt)" % cmd[0]
    except subprocess.TimeoutExpired:
        return None, "%s took over 600 s" % " ".join(cmd)
    if p.returncode != 0:
        return None, "%s failed: %s" % (" ".join(cmd), p.stderr.strip()[-300:])
    return out, None


def record(tap, name, exe, args=()):
    """clonetrace record --stack of exe TRUTH ARGS: (trace, truth) or None."""
    run = ctlib.record(None, opts=["--stack"],
                       cmd=[exe, os.path.join(OUT, name + ".truth.json")] + list(args))
    got = None
    if ctlib.check_run(tap, run, name, want_rc=0):
        try:
            got = run.trace, ctlib.load_json(os.path.join(OUT, name + ".truth.json"))
        except (OSError, ValueError) as e:
            tap.result(False, name + ": the program's truth", ["%s" % e])
    ctlib.cleanup(run)
    return got


def names(stack):
    return [f.get("function") for f in stack]


def find_chain(stack, chain):
    """The index in stack where the names chain start as consecutive frames, or None."""
    n = names(stack)
    for i in range(len(n) - len(chain) + 1):
        if n[i:i + len(chain)] == chain:
            return i
    return None


def output_match(cmd, pattern):
    """The first group of pattern in what cmd prints, or None."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    except OSError:
        return None
    m = re.search(pattern, out)
    return m.group(1) if m else None


def build_id(path):
    """The GNU build-id of the ELF file path, as readelf -n prints it."""
    return output_match(["readelf", "-n", path], r"Build ID: ([0-9a-f]+)")


def created(trace, exe_calls=True):
    return [c for c in trace["calls"] if c.get("child") is not None and c.get("stack")]


def has_libdw():
    """Whether clonetrace was linked with libdw (not DW=0)."""
    try:
        out = subprocess.run(["readelf", "-d", ctlib.CLONETRACE], capture_output=True, text=True).stdout
    except OSError:
        return False
    return re.search(r"NEEDED.*\[libdw\.so", out) is not None


def check_c(tap, what, exe, trace, truth, glibc):
    """chain.c's facts: the chains with their file:line, the inlined call,
    module_offset and build_id; glibc's internal names (glibc: when its
    debug file is here, else why not)."""
    calls = created(trace)
    real = os.path.realpath(exe)
    biases = {}
    for m in truth["modules"]:
        biases[os.path.realpath(m["name"]) if m["name"] else real] = m["bias"]
    for kind in ("thread", "fork"):
        want = truth[kind]
        chain = [w["function"] for w in want if w["function"] != "inline_helper"]
        with tap.group("%s: the %s stack is %s, each at the line the program recorded"
                       % (what, kind, " <- ".join(chain))) as g:
            stacks = [c["stack"] for c in calls if c["syscall"] in
                      (("clone3", "clone") if kind == "thread" else ("clone", "fork", "vfork"))
                      and find_chain(c["stack"], chain) is not None]
            if not g.true(stacks, "a call with the chain %s (stacks: %s)"
                          % (chain, [names(c["stack"]) for c in calls])):
                continue
            for st in stacks:
                i = find_chain(st, chain)
                places = [w for w in want if w["function"] != "inline_helper"]
                for f, w in zip(st[i:], places):
                    g.eq((f.get("file"), f.get("line")), (w["file"], w["line"]),
                         "%s's file:line" % w["function"])
                    g.eq(f.get("module"), real, "%s's module" % w["function"])
                if kind == "thread":
                    helper = [w for w in want if w["function"] == "inline_helper"][0]
                    level2 = st[i + 1]
                    g.eq(level2.get("inlined"), [{"function": "inline_helper", "file": helper["file"],
                                                  "line": helper["line"]}],
                         "level2's inlined call of inline_helper")
    with tap.group("%s: each frame's module_offset is its pc less its module's load bias, "
                   "its build_id the file's" % what) as g:
        ids = {}
        for c in calls:
            for f in c["stack"]:
                mod = f.get("module")
                if not mod or mod.startswith("["):
                    continue
                path = os.path.realpath(mod)
                if path not in biases:
                    g.note("%s: not in dl_iterate_phdr's list" % mod)
                    continue
                g.eq(int(f["pc"], 16) - int(f["module_offset"], 16), biases[path],
                     "%s: pc %s - module_offset %s" % (mod, f["pc"], f["module_offset"]))
                if path not in ids:
                    ids[path] = build_id(path)
                g.eq(f.get("build_id"), ids[path], "%s's build_id" % mod)
    if not glibc:
        return
    with tap.group("%s: glibc's internal frames are named (libc6-dbg)" % what) as g:
        libc = [f for c in calls if c["syscall"] == "clone3" for f in c["stack"]
                if "libc.so" in (f.get("module") or "")]
        if not g.true(libc, "frames in libc"):
            return
        dbg = elflib.debug_file(libc[0]["build_id"])
        if not dbg:
            g.skip("no debug file of libc's build-id %s: libc6-dbg is not installed" % libc[0]["build_id"])
            if elflib.has_section(libc[0]["module"], ".gnu_debugdata"):
                return      # names may come from its MiniDebugInfo's .symtab: none to check them by
            # libdwfl has only libc's .dynsym: what it names must be there, at that start
            funcs = elflib.functions(libc[0]["module"]) or {}
            for f in libc:
                if f.get("function") is not None:
                    g.true(elflib.start_of(f) in funcs.get(f["function"], ()),
                           "%s at %s+%s: readelf -s of %s has it at %s" % (
                               f["function"], f["module_offset"], f.get("offset"), libc[0]["module"],
                               sorted(funcs.get(f["function"], ()))))
            return
        got = [f.get("function") for f in libc]
        g.true(all(got), "every libc frame is named: %s" % got)
        # glibc 2.34+: pthread_create -> create_thread -> __clone_internal -> __clone3
        for fn in ("create_thread", "__clone_internal"):
            g.true(fn in got, "%s among %s" % (fn, got))


def pretty_to_demangled(p):
    """__PRETTY_FUNCTION__ ("void ct::level1(int)") as the demangler spells it."""
    name = p.split(" ", 1)[1] if " " in p.split("(")[0] else p
    return "main" if name.startswith("main(") else name


def check_cxx(tap, trace, truth):
    with tap.group("c++: the chain is demangled as the program spells it") as g:
        want = [pretty_to_demangled(p) for p in truth["thread"]]
        stacks = [c["stack"] for c in created(trace) if c["syscall"] in ("clone3", "clone")]
        if not g.true(stacks, "a thread's call with a stack"):
            return
        for st in stacks:
            g.true(find_chain(st, want) is not None, "chain %s in %s" % (want, names(st)))
            g.true(not any((n or "").startswith("_Z") for n in names(st)),
                   "no mangled name in %s" % names(st))


def go_name(n):
    """Go's assembly functions' symbols carry their ABI: runtime.goexit.abi0."""
    return n[:-5] if n and n.endswith(".abi0") else n


def check_go(tap, what, exe, trace, truth):
    real = os.path.realpath(exe)
    calls = created(trace)
    with tap.group("%s: the exec's stack is %s <- %s, inlined calls included"
                   % (what, truth["method"], " <- ".join(truth["exec"]))) as g:
        chain = [truth["method"]] + truth["exec"]
        found = [c for c in calls if find_chain([{"function": go_name(n)} for n, _, _ in flat(c["stack"])],
                                                chain) is not None]
        g.true(found, "a call with the chain (stacks: %s)" % [[n for n, _, _ in flat(c["stack"])]
                                                              for c in calls])
    with tap.group("%s: every frame in the Go program is named, and stack_error blames no unwind tables"
                   % what) as g:
        g.true(len(calls) >= 2, "the runtime's threads and the exec have stacks")
        for c in calls:
            for f in c["stack"]:
                if f.get("module") == real:
                    g.true(f.get("function"), "frame %s in %s named" % (f["pc"], real))
            why = c.get("stack_error") or ""
            g.true("eh_frame" not in why and "unwind info" not in why,
                   "call %d: stack_error %r" % (c["id"], why))


def go_frames(trace, path):
    """{module address of the call (a return address less one): frame} of
    the frames in the program at path."""
    real = os.path.realpath(path)
    out = {}
    for c in created(trace):
        for i, f in enumerate(c["stack"]):
            if os.path.realpath(f.get("module") or "/") == real and "module_offset" in f:
                out[int(f["module_offset"], 16) - (1 if i else 0)] = f
    return out


def text_shift(exe):
    """What go tool addr2line's addresses are off by in the stripped Go
    program exe: Go 1.19's takes the .text section's start for
    runtime.text where no symbol says where that is, but an externally
    linked program (cgo, as runc) has C code there first.  The runtime
    itself takes the pclntab header's textStart (Go 1.18 on).  0 where the
    two agree."""
    out = subprocess.run(["readelf", "-SW", exe], capture_output=True, text=True).stdout
    sect = {}
    for m in re.finditer(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", out):
        sect[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
    if ".text" not in sect or ".gopclntab" not in sect:
        return 0
    with open(exe, "rb") as f:
        f.seek(sect[".gopclntab"][1])
        head = f.read(8 + 3 * 8)
    magic, ptr = struct.unpack("<I", head[:4])[0], head[7]
    if magic not in (0xfffffff0, 0xfffffff1) or ptr != 8:
        return 0
    return struct.unpack("<Q", head[8 + 2 * 8:8 + 3 * 8])[0] - sect[".text"][0]


def check_go_addr2line(tap, what, exe, trace, env):
    """Each frame in the Go program exe is named, at the file:line, as go
    tool addr2line (Go's debug/gosym) names its address: the function
    holding it, and the line of the innermost call inlined there."""
    frames = go_frames(trace, exe)
    shift = text_shift(exe)
    with tap.group("%s: each frame is named as go tool addr2line names its address%s"
                   % (what, " (less %#x, its runtime.text past .text)" % shift if shift else "")) as g:
        if not g.true(len(frames) >= 10, "%d frames in %s" % (len(frames), exe)):
            return
        addrs = sorted(frames)
        p = subprocess.run(["go", "tool", "addr2line", exe], input="".join("%#x\n" % (a - shift) for a in addrs),
                           capture_output=True, text=True, env=dict(os.environ, **env))
        lines = p.stdout.splitlines()
        if not g.eq(len(lines), 2 * len(addrs), "go tool addr2line's answers (%s)" % p.stderr.strip()[-200:]):
            return
        for i, a in enumerate(addrs):
            f = frames[a]
            inner = (f.get("inlined") or [f])[0]
            if lines[2 * i] == "?":
                # C code of a cgo program, named by its ELF symbols
                g.true(f.get("function"), "the frame at %#x, no Go function's, named" % a)
                continue
            g.eq((f.get("function"), "%s:%s" % (inner.get("file"), inner.get("line"))),
                 (lines[2 * i], lines[2 * i + 1]), "the frame at %#x" % a)
        g.true(lines.count("?") < len(addrs) / 2, "go tool addr2line knows most of them")


def check_go_dwarf(tap, what, dwarf_trace, exe_dwarf, trace, exe):
    """The same program stripped: each frame at an address both traces
    have is named from the pclntab as from the DWARF, inlined calls too."""
    with_dwarf, frames = go_frames(dwarf_trace, exe_dwarf), go_frames(trace, exe)
    both = sorted(set(with_dwarf) & set(frames))
    with tap.group("%s: each frame is named, with its inlined calls, as the DWARF of the same "
                   "program names it" % what) as g:
        if not g.true(len(both) >= 10, "%d addresses in both traces" % len(both)):
            return
        inlined = 0
        for a in both:
            def calls(f):
                return [go_name(f.get("function"))] + [go_name(c.get("function")) for c in f.get("inlined") or []]
            want, got = calls(with_dwarf[a]), calls(frames[a])
            inlined += len(want) > 1
            g.eq(got, want, "the frame at %#x: function, then inlined calls" % a)
        g.true(inlined, "frames with inlined calls among them")


def check_jit(tap, mode, trace, truth):
    with tap.group("jit (%s): the trampoline's frame is JIT code%s, and main follows it"
                   % (mode, ", named " + truth["name"] if truth["name"] else ", unnamed")) as g:
        stacks = [c["stack"] for c in created(trace)]
        if not g.true(stacks, "a call with a stack"):
            return
        for st in stacks:
            at = [i for i, f in enumerate(st)
                  if truth["start"] <= int(f["pc"], 16) < truth["start"] + truth["size"]]
            if not g.true(at, "a frame in the trampoline at %#x: %s" % (truth["start"], names(st))):
                continue
            f = st[at[0]]
            g.eq(f.get("jit"), True, "jit")
            g.eq(f.get("module"), None, "module")
            if truth["name"]:
                g.eq((f.get("function"), f.get("offset")),
                     (truth["name"], int(f["pc"], 16) - truth["start"]), "function and offset")
            else:
                g.eq(f.get("function"), None, "function without a perf map")
            g.eq(st[at[0] + 1].get("function") if at[0] + 1 < len(st) else None, "main",
                 "the trampoline's caller")


def rustc():
    """rustup's rustc, else one on PATH, if it has std::backtrace (1.65):
    (path, None) or (None, why)."""
    home = os.environ.get("CARGO_HOME") or os.path.expanduser("~/.cargo")
    path = next((p for p in (os.path.join(home, "bin", "rustc"), shutil.which("rustc"))
                 if p and os.access(p, os.X_OK)), None)
    if not path:
        return None, "rustc is not installed (rustup's ~/.cargo/bin/rustc, or on PATH)"
    out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    m = re.match(r"rustc (\d+)\.(\d+)", out)
    if not m or (int(m.group(1)), int(m.group(2))) < (1, 65):
        return None, "%s: %s has no std::backtrace (1.65)" % (path, out.strip())
    return path, None


def backtrace_frames(text):
    """std::backtrace's Display: [(function, line or None)], innermost first."""
    frames = []
    for line in text.splitlines():
        m = re.match(r"\s*\d+: (.+)$", line)
        if m:
            frames.append([m.group(1), None])
        m = re.match(r"\s+at .*:(\d+):\d+$", line)
        if m and frames:
            frames[-1][1] = int(m.group(1))
    return [tuple(f) for f in frames]


def flat(stack):
    """A stack's frames with each one's inlined calls before it, as
    std::backtrace lists them: [(function, line, frame)]."""
    out = []
    for f in stack:
        calls = f.get("inlined") or []
        # each inlined call's line is where in it the next one out was called
        lines = [c.get("line") for c in calls] + [f.get("line")]
        names = [c.get("function") for c in calls] + [f.get("function")]
        out += [(n, ln, f) for n, ln in zip(names, lines)]
    return out


def rust_symbols(exe):
    """{start: [mangled name, ...]} of exe's functions (readelf -sW)."""
    out = subprocess.run(["readelf", "-sW", exe], capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[0].endswith(":") and f[3] == "FUNC":
            syms.setdefault(int(f[1], 16), []).append(f[-1])
    return syms


def check_rust_chain(tap, what, trace, want):
    """The thread's stack holds the program's backtrace want up to main."""
    end = next((i for i, (n, _) in enumerate(want) if n == "main"), len(want))
    chain = want[:end]
    with tap.group("%s: the thread's stack is std::backtrace's %s" % (what, " <- ".join(n for n, _ in chain[:3])
                                                                     + " ... (%d frames)" % len(chain))) as g:
        if not g.true(len(chain) >= 4, "the program's backtrace: %s" % want):
            return
        stacks = [flat(c["stack"]) for c in created(trace) if c["syscall"] in ("clone3", "clone")]
        found = None
        for st in stacks:
            names = [n for n, _, _ in st]
            for i in range(len(names) - len(chain) + 1):
                if names[i:i + len(chain)] == [n for n, _ in chain]:
                    found = st[i:i + len(chain)]
        if not g.true(found, "a thread's stack with the chain %s (stacks: %s)"
                      % ([n for n, _ in chain], [[n for n, _, _ in st] for st in stacks])):
            return
        # the first frame: the program captured its backtrace a line before the spawn
        for (n, line), (_, got, _) in zip(chain[1:], found[1:]):
            g.eq(got, line, "%s's line" % n)


def check_rust(tap, what, exe, trace, truth, mangling):
    syms = rust_symbols(exe)
    own = [n for names in syms.values() for n in names if "names" in n]
    with tap.group("%s: the program's own symbols are %s-mangled" % (what, mangling)) as g:
        legacy = [n for n in own if n.startswith("_ZN")]
        v0 = [n for n in own if n.startswith("_R")]
        g.true(legacy and not v0 if mangling == "legacy" else v0 and not legacy,
               "legacy %s, v0 %s" % (legacy[:3], v0[:3]))
    check_rust_chain(tap, what, trace, backtrace_frames(truth))
    rustfilt = shutil.which("rustfilt")
    with tap.group("%s: each frame in the program is named as rustfilt demangles its symbol" % what) as g:
        if not rustfilt:
            g.skip("rustfilt is not installed (tools/packages/test-stack.txt)")
            return
        real = os.path.realpath(exe)
        frames = [f for c in created(trace) for f in c["stack"]
                  if f.get("module") == real and f.get("offset") is not None]
        mangled = sorted({n for f in frames for n in syms.get(elflib.start_of(f), [])})
        plain = subprocess.run([rustfilt], input="\n".join(mangled) + "\n", capture_output=True,
                               text=True).stdout.splitlines()
        demangled = dict(zip(mangled, plain))
        g.true(len(frames) >= 5, "%d frames in the program" % len(frames))
        for f in frames:
            names = [demangled[n] for n in syms.get(elflib.start_of(f), [])]
            g.true(f.get("function") in names, "%s at %s: rustfilt says %s" % (
                f.get("function"), f["module_offset"], names))


def go_version(path):
    """(major, minor) of the Go that built path (go version), or None."""
    minor = output_match(["go", "version", path], r"go1\.(\d+)")
    return (1, int(minor)) if minor else None


def check_runc(tap, env):
    """record --stack -- runc run: Debian's runc is a stripped Go program;
    the stack of its container's exec names each frame in it, as go tool
    addr2line does (where this Go reads its pclntab)."""
    runc = shutil.which("runc")
    if os.geteuid() != 0:
        return tap.skip("runc", "runc run needs root")
    if not runc:
        return tap.skip("runc", "runc is not installed (tools/packages/test.txt)")
    tmp = tempfile.mkdtemp(prefix="runc-", dir=OUT)
    b = os.path.join(tmp, "bundle")
    os.makedirs(b)
    if rtlib.make_rootfs(os.path.join(b, "rootfs")) is None:
        shutil.rmtree(tmp)
        return tap.skip("runc", "no static busybox for the container's root (busybox-static)")
    subprocess.run([runc, "spec"], cwd=b, check=True)
    with open(os.path.join(b, "config.json")) as f:
        spec = json.load(f)
    spec["process"]["terminal"] = False
    spec["process"]["args"] = ["/bin/true"]
    with open(os.path.join(b, "config.json"), "w") as f:
        json.dump(spec, f)
    run = ctlib.record(None, opts=["--stack"], cmd=[runc, "--root", os.path.join(tmp, "state"), "run", "-b", b,
                                                    "ct-stack-%d" % os.getpid()])
    if ctlib.check_run(tap, run, "runc", want_rc=0):
        real = os.path.realpath(runc)
        with tap.group("runc: the container's start is named in runc's stripped code") as g:
            want = ["syscall.forkAndExecInChild", "os.startProcess",
                    "github.com/opencontainers/runc/libcontainer.(*initProcess).start"]
            stacks = [[n for n, _, f in flat(c["stack"]) if os.path.realpath(f.get("module") or "/") == real]
                      for c in created(run.trace)]
            g.true(any(all(w in st for w in want) for st in stacks),
                   "a stack with %s (stacks in runc: %s)" % (want, stacks))
            frames = [f for c in created(run.trace) for f in c["stack"]
                      if os.path.realpath(f.get("module") or "/") == real]
            g.true(len(frames) >= 10 and all(f.get("function") for f in frames),
                   "all %d frames in %s named" % (len(frames), runc))
        built, here = go_version(runc), go_version(shutil.which("go") or "go")
        if not built or not here or built > here:
            tap.skip("runc: go tool addr2line", "this go (%s) can't read the pclntab of %s's Go (%s)"
                     % (here, runc, built))
        else:
            check_go_addr2line(tap, "runc", real, run.trace, env)
    ctlib.cleanup(run)
    shutil.rmtree(tmp)


ctlib.need_clonetrace()
tap = ctlib.Tap()
if not has_libdw():
    ctlib.skip_all("this clonetrace was built without libdw (DW=0)")
gocache = os.path.join(OUT, "gocache")
progs = [
    ("gcc -g", "chain-gcc", ["gcc", "-O1", "-g", "-pthread", "-o", "{out}", "{src}/chain.c"], None),
    ("clang lld", "chain-lld", ["clang", "-O1", "-g", "-fuse-ld=lld", "-pthread", "-o", "{out}",
                                "{src}/chain.c"], None),
    ("c++", "chain-cxx", ["g++", "-O1", "-g", "-pthread", "-o", "{out}", "{src}/chain.cc"], None),
    ("go", "chain-go", ["go", "build", "-o", "{out}", "{src}/chain.go"],
     {"GOCACHE": gocache, "GO111MODULE": "off", "GOFLAGS": "", "HOME": OUT}),
    ("go -s -w", "chain-go-sw", ["go", "build", "-ldflags=-s -w", "-o", "{out}", "{src}/chain.go"],
     {"GOCACHE": gocache, "GO111MODULE": "off", "GOFLAGS": "", "HOME": OUT}),
    ("go pie -s -w", "chain-go-pie", ["go", "build", "-buildmode=pie", "-ldflags=-s -w -linkmode=external",
                                      "-o", "{out}", "{src}/chain.go"],
     {"GOCACHE": gocache, "GO111MODULE": "off", "GOFLAGS": "", "HOME": OUT}),
]
go_env = {"GOCACHE": gocache, "GO111MODULE": "off", "GOFLAGS": "", "HOME": OUT}
go_traces = {}
for what, name, cmd, env in progs:
    exe, why = build(name, cmd, env)
    if not exe:
        tap.skip(what, why)
        continue
    got = record(tap, what, exe)
    if not got:
        continue
    trace, truth = got
    if name.startswith("chain-go"):
        go_traces[name] = (exe, trace)
        check_go(tap, what, exe, trace, truth)
        # Go 1.19's addr2line finds no pclntab merged into .data.rel.ro (the PIE)
        if name == "chain-go-sw":
            check_go_addr2line(tap, what, exe, trace, go_env)
    elif name == "chain-cxx":
        check_cxx(tap, trace, truth)
    else:
        check_c(tap, what, exe, trace, truth, glibc=name == "chain-gcc")

# the Go program of the DWARF above, its symbols and DWARF stripped: only its pclntab names it
if "chain-go" in go_traces:
    exe, why = build("chain-go-strip", ["strip", "-o", "{out}", go_traces["chain-go"][0]])
    got = record(tap, "go stripped", exe) if exe else None
    if not exe:
        tap.result(False, "go stripped: strip", [why])
    elif got:
        check_go(tap, "go stripped", exe, *got)
        check_go_addr2line(tap, "go stripped", exe, got[0], go_env)
        check_go_dwarf(tap, "go stripped", go_traces["chain-go"][1], go_traces["chain-go"][0], got[0], exe)

check_runc(tap, go_env)

rust, why = rustc()
for mangling in ("legacy", "v0"):
    what = "rust " + mangling
    if not rust:
        tap.skip(what, why)
        continue
    # legacy is rustc's default, to be named on stable only with -Z
    exe, why_not = build("names-" + mangling, [rust, "-g", "-Z", "unstable-options", "-C",
                                               "symbol-mangling-version=" + mangling, "-o", "{out}",
                                               "{src}/names.rs"], {"RUSTC_BOOTSTRAP": "1"})
    if not exe:
        tap.result(False, what + ": build", [why_not])
        continue
    run = ctlib.record(None, opts=["--stack"], cmd=[exe, os.path.join(OUT, what + ".truth")])
    if ctlib.check_run(tap, run, what, want_rc=0):
        with open(os.path.join(OUT, what + ".truth")) as f:
            check_rust(tap, what, exe, run.trace, f.read(), mangling)
    ctlib.cleanup(run)

if platform.machine() != "x86_64":
    tap.skip("jit", "the trampoline is x86_64 code")
else:
    exe, why = build("jit", ["gcc", "-O1", "-g", "-pthread", "-o", "{out}", "{src}/jit.c"])
    for mode in ("map", "nomap"):
        got = record(tap, "jit " + mode, exe, [mode]) if exe else None
        if not exe:
            tap.skip("jit " + mode, why)
        elif got:
            check_jit(tap, mode, *got)
tap.done()
