#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""record --stack on samples/stack_chain: each creating call's stack names
the known chain in order (main -> start_workers -> spawn_one ->
pthread_create; main -> fork_helper -> fork), with frames in the sample's
own binary attributed to it; without --stack there are no stacks.  Tasks
of another architecture than clonetrace's get the documented null stack
with stack_error; a clonetrace built without libunwind (STACK=0) skips."""

import os
import re
import struct
import subprocess

import ctlib
import elflib

PT_GNU_EH_FRAME = 0x6474e550


def has_eh_frame_hdr(path):
    """Whether the ELF file has a PT_GNU_EH_FRAME program header."""
    with open(path, "rb") as f:
        ident = f.read(16)
        end = "<" if ident[5] == 1 else ">"
        if ident[4] == 2:
            f.seek(32)
            phoff, = struct.unpack(end + "Q", f.read(8))
            f.seek(54)
        else:
            f.seek(28)
            phoff, = struct.unpack(end + "I", f.read(4))
            f.seek(42)
        phentsize, phnum = struct.unpack(end + "HH", f.read(4))
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            if struct.unpack(end + "I", f.read(4))[0] == PT_GNU_EH_FRAME:
                return True
    return False


def fn(frame):
    """A frame's function without gcc's clone suffixes (start_workers.constprop.0)."""
    f = frame.get("function")
    return f.split(".")[0] if f else None


def foreign(tr, call):
    """Why the call's stack may be null: the task is not of the tracer's
    architecture (a 32-bit program traced by a 64-bit clonetrace), which
    the unwinder does not handle; None when a stack is owed."""
    host = tr.meta.get("tracer_arch")
    if call.get("arch") and host and call["arch"] != host:
        return "%s task traced by a %s clonetrace" % (call["arch"], host)
    return None


def check_no_stack(g, call, why, what):
    """A call of another architecture: the documented null with stack_error."""
    g.eq(call.get("stack"), None, "%s: stack of a %s" % (what, why))
    g.true(isinstance(call.get("stack_error"), str) and call["stack_error"],
           "%s: stack_error says why (got %r)" % (what, call.get("stack_error")))


def chain_in(stack, chain):
    """True if the names in chain appear as consecutive frames of stack."""
    names = [fn(f) for f in stack]
    for i in range(len(names) - len(chain) + 1):
        if names[i:i + len(chain)] == chain:
            return True
    return False


def unwind_ranges(path):
    """The code ranges path's unwind tables cover, as readelf lists them:
    .eh_frame FDEs, and ARM's .ARM.exidx entries (each covers up to the next
    entry, EXIDX_CANTUNWIND none).  None if readelf can't read it."""
    try:
        frames = subprocess.run(["readelf", "--debug-dump=frames", path], capture_output=True,
                                text=True, timeout=120)
        exidx = subprocess.run(["readelf", "-u", path], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if frames.returncode != 0:
        return None
    ranges = [(int(a, 16), int(b, 16)) for a, b in
              re.findall(r"FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)", frames.stdout)]
    entries = sorted((int(a, 16), "[cantunwind]" in rest) for a, rest in
                     re.findall(r"(?m)^0x([0-9a-f]+)(?: <[^>]*>)?: (.*)$", exidx.stdout))
    for i, (a, cant) in enumerate(entries):
        if not cant:
            ranges.append((a, entries[i + 1][0] if i + 1 < len(entries) else 1 << 64))
    return ranges


def check_truncated(g, st, call, chain, what):
    """The stack lacks the chain: right only if the unwind ended at a frame
    whose code the program's unwind tables don't cover (readelf says so),
    and stack_error says that."""
    why = call.get("stack_error") or ""
    last = st[-1]
    if not g.true("no unwind info" in why and last.get("pc", "?") in why,
                  "%s: chain %s in order, got %s (stack_error: %r)"
                  % (what, " <- ".join(chain), [fn(f) for f in st], why)):
        return
    path = ctlib.host_file(last.get("module") or "")
    ranges = unwind_ranges(path) if path else None
    if not g.true(ranges is not None, "%s: readelf reads %s" % (what, path)):
        return
    pc = int(last["pc"], 16) & ~1
    look = pc - 1 if len(st) > 1 else pc    # a return address: the call is before it
    g.true(not any(a <= look < b for a, b in ranges),
           "%s: the unwind stopped at %s, which %s's unwind tables cover" % (what, last["pc"], path))
    g.note("%s: the stack ends at %s, where %s has no unwind info (checked with readelf): %s"
           % (what, last["pc"], os.path.basename(path), [fn(f) for f in st]))


def module_functions(module, build_id, cache):
    """elflib.functions() of a frame's module and of its debug file where
    this host has it, merged; cached by module."""
    if module not in cache:
        funcs = elflib.functions(ctlib.host_file(module))
        dbg = elflib.debug_file(build_id)
        if funcs is not None and dbg:
            for name, starts in (elflib.functions(dbg) or {}).items():
                funcs.setdefault(name, set()).update(starts)
        cache[module] = funcs
    return cache[module]


def links_libunwind(path):
    """Whether the ELF file path was linked with libunwind (readelf -d), None if unknown."""
    try:
        out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return re.search(r"NEEDED.*\[libunwind", out) is not None


def check_built_without(g, tr, why):
    """The trace says clonetrace was built without libunwind: every call's
    stack is null with that stack_error, and the clonetrace here, if it is
    the one that ran, has no libunwind (readelf -d)."""
    for c in tr.calls:
        g.eq(c.get("stack"), None, "call %d: stack of a clonetrace without libunwind" % c["id"])
        g.eq(c.get("stack_error"), why, "call %d: stack_error" % c["id"])
    if os.access(ctlib.CLONETRACE, os.R_OK):
        g.true(links_libunwind(ctlib.CLONETRACE) is False,
               "%s links libunwind, yet its trace says %r" % (ctlib.CLONETRACE, why))


def without_libunwind(run):
    """The line of a clonetrace built with STACK=0, which refuses --stack."""
    for l in run.stderr.decode(errors="replace").splitlines():
        if "built without libunwind" in l:
            return l.strip()
    return None


ctlib.need_clonetrace()
tap = ctlib.Tap()
run = ctlib.record("stack_chain", opts=["--stack"])
no_libunwind = without_libunwind(run) if run.rc != 0 else None
if no_libunwind:
    tap.skip("stack: creating calls' stacks", no_libunwind)
elif ctlib.check_run(tap, run, "stack", want_rc=0):
    tr = ctlib.check_format(tap, run, "stack")
    exe = ctlib.sample_exe("stack_chain")
    workers, child = run.truth["workers"], run.truth["fork_child"]
    no_unwind = [c.get("stack_error") for c in tr.calls
                 if "built without libunwind" in (c.get("stack_error") or "")]
    if no_unwind:
        workers, child = [], None

    with tap.group("stack: each pthread_create's stack is pthread_create <- spawn_one <- start_workers <- main, or ends where the code has no unwind info") as g:
        if no_unwind:
            g.skip(no_unwind[0])
            check_built_without(g, tr, no_unwind[0])
        for tid in workers:
            t = tr.task(tid)
            call = tr.call_of(t) if t else None
            if not g.true(call is not None, "worker %d has its creating call" % tid):
                continue
            why = foreign(tr, call)
            if why:
                check_no_stack(g, call, why, "worker %d" % tid)
                g.skip("no stacks of tasks of another architecture (%s)" % why)
                continue
            st = call.get("stack")
            if not g.true(isinstance(st, list) and st, "worker %d: a stack (%s)" % (tid, call.get("stack_error"))):
                continue
            chain = ["pthread_create", "spawn_one", "start_workers", "main"]
            if not chain_in(st, chain):
                check_truncated(g, st, call, chain, "worker %d" % tid)
            for f in st:
                if fn(f) in ("spawn_one", "start_workers", "main"):
                    g.eq(f.get("module"), exe, "module of %s" % fn(f))
                g.true(isinstance(f.get("pc"), str) and f["pc"].startswith("0x"), "pc is hex")

    with tap.group("stack: fork's stack is fork_helper <- main, or ends where the code has no unwind info") as g:
        t = tr.task(child) if child is not None else None
        call = tr.call_of(t) if t else None
        why = foreign(tr, call) if call else None
        if no_unwind:
            g.skip(no_unwind[0])
            check_built_without(g, tr, no_unwind[0])
        elif not g.true(call is not None, "fork child %d has its creating call" % child):
            pass
        elif why:
            check_no_stack(g, call, why, "fork")
            g.skip("no stacks of tasks of another architecture (%s)" % why)
        else:
            st = call.get("stack") or []
            if g.true(st, "fork: a stack (%s)" % call.get("stack_error")) and \
                    not chain_in(st, ["fork_helper", "main"]):
                check_truncated(g, st, call, ["fork_helper", "main"], "fork")
            g.true(len(st) <= 32, "default depth is 32")

    with tap.group("stack: no frame is named wrongly (a name starts at its function, as readelf -s says)") as g:
        if not any(c.get("stack") for c in tr.calls):
            g.skip("no call has a stack (%s)" % (no_unwind[0] if no_unwind else
                   "; ".join(sorted({c.get("stack_error") or "?" for c in tr.calls}))))
            for c in tr.calls:
                g.true(c.get("stack_error"), "call %d: no stack, and no stack_error to say why" % c["id"])
        cache, unknown = {}, set()
        named = [f for c in tr.calls for f in c.get("stack") or [] if f.get("function") is not None]
        if any(c.get("stack") for c in tr.calls) and not named:
            # armhf's static build: every stack ends in code without unwind info
            # (the groups above check that with readelf), before a named frame
            g.skip("no frame has a name to check: each stack ends where its code has no unwind info")
        for c in tr.calls:
            for f in c.get("stack") or []:
                name, mod = f.get("function"), f.get("module")
                if name is None:
                    continue
                if not g.true(isinstance(f.get("offset"), int) and f["offset"] >= 0,
                              "named frame %s has an offset" % name) or not mod or "module_offset" not in f:
                    continue
                funcs = module_functions(mod, f.get("build_id"), cache)
                start = elflib.start_of(f)
                if funcs and name in funcs:
                    g.true(start in funcs[name], "%s at %s+%d in %s: readelf -s has it at %s, not %#x"
                           % (name, f["module_offset"], f["offset"], mod,
                              ", ".join("%#x" % a for a in sorted(funcs[name])), start))
                elif mod == exe:
                    g.fail("%s in the sample's own %s: no such function in its symbol table (readelf -s: %s)"
                           % (name, mod, "unreadable" if funcs is None else "%d functions" % len(funcs)))
                else:
                    unknown.add("%s (%s)" % (name, os.path.basename(mod)))
        if unknown:
            g.note("named without a symbol readelf lists here (no debug file?): %s" % ", ".join(sorted(unknown)))
ctlib.cleanup(run)

nohdr = os.path.join(ctlib.SAMPLES, "stack_chain-nohdr")
if no_libunwind:
    tap.skip("stack: a static program without .eh_frame_hdr", no_libunwind)
elif not os.access(nohdr, os.X_OK):
    tap.skip("stack: a static program without .eh_frame_hdr",
             "no stack_chain-nohdr among these samples (the host build makes it)")
else:
    run = ctlib.record("stack_chain-nohdr", opts=["--stack"])
    if ctlib.check_run(tap, run, "stack nohdr", want_rc=0):
        with tap.group("stack: a static program without .eh_frame_hdr gets what can be found and why it ends") as g:
            exe = os.path.realpath(nohdr)
            g.true(not has_eh_frame_hdr(exe), "the sample has no PT_GNU_EH_FRAME")
            created = [c for c in run.trace["calls"] if c.get("child") is not None]
            g.true(len(created) >= 2, "the workers' and the fork's calls are there")
            for c in created:
                st, why = c.get("stack"), c.get("stack_error") or ""
                g.true(isinstance(st, list) and st, "call %d: the frames found (%s)" % (c["id"], why))
                g.true(".eh_frame_hdr" in why and exe in why,
                       "call %d: stack_error names the file and .eh_frame_hdr (got %r)" % (c["id"], why))
                for f in st or []:
                    g.true(f.get("function") is None or isinstance(f.get("offset"), int),
                           "call %d: no name without a known function start" % c["id"])
    ctlib.cleanup(run)

run = ctlib.record("stack_chain", opts=["--stack=2"])
if no_libunwind:
    tap.skip("stack: --stack=2 keeps two frames", no_libunwind)
elif ctlib.check_run(tap, run, "stack depth", want_rc=0):
    with tap.group("stack: --stack=2 keeps two frames") as g:
        for c in run.trace["calls"]:
            g.true(len(c.get("stack") or []) <= 2, "call %d: at most 2 frames" % c["id"])
ctlib.cleanup(run)

run = ctlib.record("stack_chain")
if ctlib.check_run(tap, run, "no stack", want_rc=0):
    with tap.group("stack: without --stack, no call has a stack") as g:
        for c in run.trace["calls"]:
            g.true("stack" not in c, "call %d has no stack" % c["id"])
ctlib.cleanup(run)
tap.done()
