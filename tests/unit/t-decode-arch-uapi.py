#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""decode/arch.c's architecture table against sources that are not
clonetrace's own:

- the kernel's uapi headers of each architecture, as Debian ships them for
  cross builds (linux-libc-dev-ARCH-cross: /usr/TRIPLET/include), read
  with the C preprocessor (`cpp -undef -nostdinc` and the defines a
  compiler for that ABI sets, so that asm/unistd.h picks the ABI's own
  table, e.g. i386's unistd_32.h, arm's EABI numbers, mips n64's 5000s):
  the syscall numbers (clone, clone3, fork, vfork, unshare, setns, execve,
  execveat, and prctl, seccomp, ptrace), the AUDIT_ARCH_* value
  (linux/audit.h) and the signal numbering (asm/signal.h: sig_mips, the
  names names/signals.c gives each number, _NSIG);
- dpkg's cputable (/usr/share/dpkg/cputable): each CPU's pointer width
  and byte order;
- the clone(2) manual page (man-pages 6.05.01, "C library/kernel
  differences", quoted below as it stands in the copy clonetrace was first
  described from): the raw clone's argument order on each architecture it
  names, and the register of each argument in every order.  The kernel
  picks the order by CONFIG_CLONE_BACKWARDS* in arch/*/Kconfig, which no
  Debian package of headers ships; clone(2) names no order for riscv or
  loongarch, so those two are skipped here, saying so.

The table is read from `build/tests/unit/t-decode-arch --dump`
(CT_DECODE_ARCH_BIN overrides it).  An architecture whose headers are not
installed (tools/packages/test-arch-headers.txt; `tools/deps` installs
them) is one skip line, with the package that has them.
"""

import ast
import gzip
import operator
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
DUMP_BIN = os.environ.get("CT_DECODE_ARCH_BIN", "build/tests/unit/t-decode-arch")
CPUTABLE = "/usr/share/dpkg/cputable"
MAN_CLONE = "/usr/share/man/man2/clone.2.gz"

# Each entry of the table: its name there (in table order for a name that
# has two entries), the Debian architecture and GNU triplet whose headers
# describe it, the defines a compiler for that ABI sets that the uapi
# headers look at, its AUDIT_ARCH_* macro and the name clone(2) gives it
# (None: clone(2) does not name it).
SPECS = [
    dict(name="x86_64", deb="amd64", cpu="amd64", triplet="x86_64-linux-gnu",
         defines=["__x86_64__", "__LP64__"], audit="AUDIT_ARCH_X86_64", man="x86-64"),
    dict(name="i386", deb="i386", cpu="i386", triplet="i686-linux-gnu",
         defines=["__i386__", "__ILP32__"], audit="AUDIT_ARCH_I386", man="x86-32"),
    dict(name="aarch64", deb="arm64", cpu="arm64", triplet="aarch64-linux-gnu",
         defines=["__aarch64__", "__LP64__"], audit="AUDIT_ARCH_AARCH64", man="ARM 64"),
    # EABI: without __ARM_EABI__ asm/unistd.h gives the OABI numbers (+0x900000)
    dict(name="arm", deb="armhf", cpu="arm", triplet="arm-linux-gnueabihf",
         defines=["__arm__", "__ARM_EABI__", "__ARMEL__"], audit="AUDIT_ARCH_ARM", man="ARM"),
    dict(name="riscv64", deb="riscv64", cpu="riscv64", triplet="riscv64-linux-gnu",
         defines=["__riscv", "__riscv_xlen=64", "__LP64__", "__SIZEOF_POINTER__=8"],
         audit="AUDIT_ARCH_RISCV64", man=None),
    dict(name="s390x", deb="s390x", cpu="s390x", triplet="s390x-linux-gnu",
         defines=["__s390__", "__s390x__", "__LP64__"], audit="AUDIT_ARCH_S390X", man="s390"),
    dict(name="ppc64le", deb="ppc64el", cpu="ppc64el", triplet="powerpc64le-linux-gnu",
         defines=["__powerpc__", "__powerpc64__", "__LITTLE_ENDIAN__", "__LP64__"],
         audit="AUDIT_ARCH_PPC64LE", man="Power PC"),
    # n64: asm/unistd.h chooses by _MIPS_SIM (asm/sgidefs.h: _MIPS_SIM_ABI64 = 3)
    dict(name="mips64", deb="mips64el", cpu="mips64el", triplet="mips64el-linux-gnuabi64",
         defines=["__mips__", "__mips64", "_MIPS_SIM=_MIPS_SIM_ABI64", "_MIPS_SZLONG=64",
                  "__MIPSEL__", "__LP64__"], audit="AUDIT_ARCH_MIPSEL64", man="MIPS"),
    dict(name="mips64", deb="mips64", cpu="mips64", triplet="mips64-linux-gnuabi64",
         defines=["__mips__", "__mips64", "_MIPS_SIM=_MIPS_SIM_ABI64", "_MIPS_SZLONG=64",
                  "__MIPSEB__", "__LP64__"], audit="AUDIT_ARCH_MIPS64", man="MIPS"),
    dict(name="loongarch64", deb="loong64", cpu="loong64", triplet="loongarch64-linux-gnu",
         defines=["__loongarch__", "__loongarch64", "__loongarch_grlen=64", "__LP64__"],
         audit="AUDIT_ARCH_LOONGARCH64", man=None),
]

# The syscalls of the dump (its key) and their uapi names.
SYSCALLS = ["clone", "clone3", "fork", "vfork", "unshare", "setns", "execve", "execveat",
            "prctl", "seccomp", "ptrace"]

# clone(2), man-pages 6.05.01, section "C library/kernel differences",
# verbatim (../shared/reference/002_5c394fb126f1b764.txt of the project's
# first description; Debian 12's manpages-dev 6.03 has the same text but
# for the indentation of the prototypes' continuation lines).
CLONE_MAN = r'''
The raw system call interface on x86-64 and some other architectures
(including sh, tile, and alpha) is:
.PP
.in +4n
.EX
.BI "long clone(unsigned long " flags ", void *" stack ,
.BI " int *" parent_tid ", int *" child_tid ,
.BI " unsigned long " tls );
.EE
.in
.PP
On x86-32, and several other common architectures
(including score, ARM, ARM 64, PA-RISC, arc, Power PC, xtensa,
and MIPS),
.\" CONFIG_CLONE_BACKWARDS
the order of the last two arguments is reversed:
.PP
.in +4n
.EX
.BI "long clone(unsigned long " flags ", void *" stack ,
.BI " int *" parent_tid ", unsigned long " tls ,
.BI " int *" child_tid );
.EE
.in
.PP
On the cris and s390 architectures,
.\" CONFIG_CLONE_BACKWARDS2
the order of the first two arguments is reversed:
.PP
.in +4n
.EX
.BI "long clone(void *" stack ", unsigned long " flags ,
.BI " int *" parent_tid ", int *" child_tid ,
.BI " unsigned long " tls );
.EE
.in
.PP
On the microblaze architecture,
.\" CONFIG_CLONE_BACKWARDS3
an additional argument is supplied:
.PP
.in +4n
.EX
.BI "long clone(unsigned long " flags ", void *" stack ,
.BI " int " stack_size , "\fR /* Size of stack */"
.BI " int *" parent_tid ", int *" child_tid ,
.BI " unsigned long " tls );
.EE
.in
'''

# Which order enum each CONFIG_CLONE_BACKWARDS* comment of the page names;
# the prototype without such a comment is the plain (x86-64) one.
KCONFIG_ORDER = {None: "plain", "CONFIG_CLONE_BACKWARDS": "backwards",
                 "CONFIG_CLONE_BACKWARDS2": "backwards2",
                 "CONFIG_CLONE_BACKWARDS3": "backwards3"}
ARG_NAMES = ["flags", "stack", "stack_size", "parent_tid", "child_tid", "tls"]

n_tests = 0
n_failed = 0


def result(ok, name, diags=(), skip=None):
    global n_tests, n_failed
    if skip is not None:
        # not a skip (those are for a missing privilege or kernel feature):
        # a fact no installed source states, said and not counted
        print("# not checked: %s: %s" % (name, skip))
        return True
    n_tests += 1
    if not ok:
        n_failed += 1
    print("%s - %s" % ("ok" if ok else "not ok", name))
    if not ok:
        for d in diags:
            print("# " + d)
    return ok


def note(text):
    print("# " + text)


def finish():
    print("1..%d" % n_tests)
    sys.exit(1 if n_failed else 0)


# ---- reading C integer expressions ---------------------------------------

OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
       ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
       ast.LShift: operator.lshift, ast.RShift: operator.rshift}
UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}


def c_int(expr):
    """The value of a C integer constant expression of literals and + - * |
    & ^ << >> ~ (what a macro of the uapi headers expands to), or None."""
    e = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr.strip())
    e = re.sub(r"\b0([0-7]+)\b", r"0o\1", e)
    try:
        tree = ast.parse(e, mode="eval")
    except SyntaxError:
        return None

    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and type(n.value) is int:
            return n.value
        if isinstance(n, ast.BinOp) and type(n.op) in OPS:
            return OPS[type(n.op)](ev(n.left), ev(n.right))
        if isinstance(n, ast.UnaryOp) and type(n.op) in UNARY:
            return UNARY[type(n.op)](ev(n.operand))
        raise ValueError(expr)

    try:
        return ev(tree)
    except ValueError:
        return None


def cpp_macros(incdirs, defines, headers, pattern):
    """{name: value} of every object-like macro matching pattern that the
    headers define, expanded by cpp and evaluated; value None when it is no
    integer constant."""
    base = ["cpp", "-undef", "-nostdinc"]
    for d in incdirs:
        base += ["-I", d]
    base += ["-D" + d for d in defines]
    src = "".join("#include <%s>\n" % h for h in headers)
    run = subprocess.run(base + ["-dM", "-"], input=src, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError("%s: %s" % (" ".join(base), run.stderr.strip()))
    names = sorted(set(m.group(1) for m in re.finditer(
        r"^#define ([A-Za-z_]\w*)(?=[ \t\n])", run.stdout, re.M)
        if re.fullmatch(pattern, m.group(1))))
    src += "".join('@ct@ "%s" %s\n' % (n, n) for n in names)
    run = subprocess.run(base + ["-P", "-"], input=src, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError("%s: %s" % (" ".join(base), run.stderr.strip()))
    vals = {}
    for line in run.stdout.splitlines():
        m = re.match(r'@ct@ "(\w+)" (.*)$', line)
        if m:
            vals[m.group(1)] = c_int(m.group(2))
    return vals


# ---- the three sources ------------------------------------------------------

def include_dirs(spec):
    """The include directories holding spec's uapi headers, or None."""
    cross = "/usr/%s/include" % spec["triplet"]
    if os.path.exists(os.path.join(cross, "asm/unistd.h")):
        return [cross]
    # the host's own linux-libc-dev, when the host is that architecture
    native = "/usr/include/%s" % spec["triplet"]
    if os.path.exists(os.path.join(native, "asm/unistd.h")):
        return [native, "/usr/include"]
    return None


def read_cputable():
    table = {}
    with open(CPUTABLE) as f:
        for line in f:
            w = line.split()
            if len(w) == 5 and not line.startswith("#"):
                table[w[0]] = (int(w[3]), w[4])
    return table


def man_orders():
    """[(kconfig order name, [arch names of the page], {arg: register})]
    from CLONE_MAN."""
    out, text, kconfig, proto = [], [], None, None
    for line in CLONE_MAN.strip("\n").splitlines():
        if line == ".EX":
            proto = []
        elif line == ".EE":
            args = []
            for bi in proto:
                # .BI alternates bold and italic words: the italic ones are
                # the argument names
                words = re.findall(r'"[^"]*"|\S+', bi)[1:]
                args += [w for w in words[1::2] if re.fullmatch(r"[a-z_]+", w)]
            out.append((KCONFIG_ORDER[kconfig], " ".join(text),
                        {a: i for i, a in enumerate(args)}))
            text, kconfig, proto = [], None, None
        elif proto is not None:
            if line.startswith(".BI "):
                proto.append(line)
        elif line.startswith('.\\" CONFIG_'):
            kconfig = line.split()[1]
        elif not line.startswith("."):
            text.append(line)
    return out


def man_names_in(text, names):
    """Which of names text mentions, the longest first ("ARM 64" is not "ARM")."""
    found = set()
    for n in sorted(names, key=len, reverse=True):
        pat = r"(?<![\w-])%s(?![\w-])" % re.escape(n)
        if re.search(pat, text):
            found.add(n)
            text = re.sub(pat, " ", text)
    return found


def read_dump():
    run = subprocess.run([DUMP_BIN, "--dump"], capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError("%s --dump: exit %d %s" % (DUMP_BIN, run.returncode, run.stderr))
    orders, arches, signals = {}, [], {}
    for line in run.stdout.splitlines():
        w = line.split()
        kv = dict(x.split("=", 1) for x in w[2:] if "=" in x)
        if w[0] == "order":
            orders[w[1]] = {k: int(v) for k, v in kv.items()} if kv else None
        elif w[0] == "arch":
            arches.append(kv)
        elif w[0] == "signals":
            signals[int(w[1])] = {int(k): v for k, v in kv.items()}
    for i, a in enumerate(arches):
        a["signals"] = signals.get(i, {})
    return orders, arches


# ---- the checks -------------------------------------------------------------

def check_orders(orders, pages):
    """Every order of the page against the register indices of the dump."""
    for kname, text, regs in pages:
        got = orders.get(kname)
        got_regs = {a: got[a] for a in ARG_NAMES if got and got.get(a, -1) >= 0}
        result(got_regs == regs, "clone order %s: registers as clone(2)'s prototype" % kname,
               ["clone(2) (%s): %s" % (text[:60] + "...", regs),
                "decode/arch.c orders[]: %s" % got_regs])


def check_clone_order(label, a, spec, orders, pages):
    if spec["man"] is None:
        result(True, "%s: clone argument order" % label,
               skip="clone(2) names no raw clone argument order for %s (the kernel's "
               "CONFIG_CLONE_BACKWARDS* is in arch Kconfig, which no header package "
               "ships)%s" % (spec["name"], "; make check-arch exercises it on a riscv64 kernel"
                              if spec["name"] == "riscv64" else ""))
        return
    named = [(k, regs) for k, text, regs in pages
             if spec["man"] in man_names_in(text, [s["man"] for s in SPECS if s["man"]])]
    if len(named) != 1:
        result(False, "%s: clone(2) names %s in one prototype" % (label, spec["man"]),
               ["found in: %s" % [k for k, _ in named]])
        return
    kname, regs = named[0]
    got = orders.get(a["clone_order"]) or {}
    got_regs = {x: got[x] for x in ARG_NAMES if got.get(x, -1) >= 0}
    result(a["clone_order"] == kname and got_regs == regs,
           "%s: clone argument order %s, as clone(2) says of %s"
           % (label, a["clone_order"], spec["man"]),
           ["clone(2): %s %s" % (kname, regs),
            "decode/arch.c: %s %s" % (a["clone_order"], got_regs)])


def check_headers(label, a, spec, incdirs):
    where = "%s (-D%s)" % (incdirs[0], " -D".join(spec["defines"]))
    try:
        nr = cpp_macros(incdirs, spec["defines"], ["asm/unistd.h"],
                        r"__NR_(%s)" % "|".join(SYSCALLS))
        audit = cpp_macros(incdirs, spec["defines"], ["linux/audit.h"], r"AUDIT_ARCH_\w+")
        sig = cpp_macros(incdirs, spec["defines"], ["asm/signal.h"], r"SIG[A-Z0-9]+|_NSIG")
        gen = cpp_macros(incdirs, spec["defines"], ["asm-generic/signal.h"], r"SIGCHLD")
    except RuntimeError as e:
        result(False, "%s: the uapi headers preprocess" % label, [str(e)])
        return
    if not result(nr.get("__NR_clone") is not None, "%s: asm/unistd.h defines __NR_clone" % label,
                  ["nothing from %s" % where]):
        return

    want = audit.get(spec["audit"])
    result(want is not None and int(a["audit_arch"], 16) == want,
           "%s: audit_arch is %s" % (label, spec["audit"]),
           ["decode/arch.c: %s, linux/audit.h: %s" % (a["audit_arch"],
                                                       "0x%08x" % want if want else "undefined")])
    for s in SYSCALLS:
        want = nr.get("__NR_" + s)
        want = -1 if want is None else want
        got = int(a[s]) if s in a else None
        result(got == want, "%s: %s is %d" % (label, s, want),
               ["decode/arch.c says %s, asm/unistd.h of %s says %s"
                % (got, where, "none (-1)" if want < 0 else want)])

    # signals: sig_mips chooses names/signals.c's numbering; SIGCHLD is what
    # decode/clone.c takes for the default exit signal
    sigchld, generic = sig.get("SIGCHLD"), gen.get("SIGCHLD")
    result(sigchld is not None and int(a["sig_mips"]) == int(sigchld != generic),
           "%s: sig_mips %s (asm/signal.h SIGCHLD %s, asm-generic's %s)"
           % (label, a["sig_mips"], sigchld, generic))
    # the names of 1..SIGRTMIN-1; from SIGRTMIN up the real-time signals,
    # which have none (arm's SIGSWI 32 is no signal the kernel sends)
    rtmin = sig.get("SIGRTMIN")
    by_num = {}
    for k, v in sig.items():
        if v is not None and k not in ("SIGRTMIN", "SIGRTMAX", "SIGSTKSZ", "_NSIG") \
                and rtmin and 0 < v < rtmin:
            by_num.setdefault(v, set()).add(k)
    top = int(a["nsig"])
    bad = [] if rtmin else ["asm/signal.h: no SIGRTMIN"]
    for n in range(1, top + 1):
        got = a["signals"].get(n, "-")
        if n in by_num and got not in by_num[n]:
            bad.append("%d: names/signals.c %s, asm/signal.h %s" % (n, got, "/".join(sorted(by_num[n]))))
        elif n not in by_num and got != "-":
            bad.append("%d: names/signals.c %s, asm/signal.h none" % (n, got))
    missing = sorted(n for n in by_num if n > top)
    if missing:
        bad.append("signal_max %d, asm/signal.h has %s" % (top, missing))
    result(not bad, "%s: signal names 1..%s as asm/signal.h numbers them, none from SIGRTMIN to %d"
           % (label, rtmin and rtmin - 1, top), bad)
    if sig.get("_NSIG") is not None:
        result(int(a["nsig"]) == sig["_NSIG"], "%s: signal_max is _NSIG %d" % (label, sig["_NSIG"]),
               ["names/signals.c signal_max: %s" % a["nsig"]])
    else:
        note("%s: asm/signal.h defines _NSIG only inside the kernel here; signal_max (%s) "
             "is not checked" % (label, a["nsig"]))


def main():
    if not os.access(DUMP_BIN, os.X_OK):
        result(False, "%s is built (make %s)" % (DUMP_BIN, DUMP_BIN))
        finish()
    try:
        subprocess.run(["cpp", "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        result(False, "cpp(1) is installed (build-essential)")
        finish()
    orders, arches = read_dump()
    try:
        cputable = read_cputable()
    except OSError as e:
        result(False, "dpkg's cputable is readable", [str(e)])
        cputable = {}
    pages = man_orders()

    # the quotation of clone(2) above is the page as Debian installs it
    if os.path.exists(MAN_CLONE):
        with gzip.open(MAN_CLONE, "rt", errors="replace") as f:
            installed = re.sub(r"[ \t]+", " ", f.read())
        result(re.sub(r"[ \t]+", " ", CLONE_MAN.strip("\n")) in installed,
               "clone(2) as quoted here is %s's text (spacing aside)" % MAN_CLONE)
    else:
        note("%s is not installed (manpages-dev): the quotation of clone(2) is not compared "
             "with it" % MAN_CLONE)
    result(len(pages) == 4 and sorted(p[0] for p in pages) == sorted(KCONFIG_ORDER.values()),
           "clone(2) quotation: four prototypes, one per order", ["%s" % pages])
    check_orders(orders, pages)

    seen = {}
    used = set()
    for i, a in enumerate(arches):
        k = seen.get(a["name"], 0)
        seen[a["name"]] = k + 1
        cands = [j for j, s in enumerate(SPECS) if s["name"] == a["name"]]
        if k >= len(cands):
            result(False, "%s (entry %d): the test knows whose headers describe it" % (a["name"], i),
                   ["add it to SPECS in %s" % os.path.relpath(__file__, ROOT)])
            continue
        spec = SPECS[cands[k]]
        used.add(cands[k])
        label = "%s[%s]" % (a["name"], spec["deb"])

        cpu = cputable.get(spec["cpu"])
        if cpu:
            result(int(a["wordsize"]) * 8 == cpu[0], "%s: wordsize %s (cputable: %d bits)"
                   % (label, a["wordsize"], cpu[0]))
            result(int(a["big_endian"]) == int(cpu[1] == "big"), "%s: big_endian %s (cputable: %s)"
                   % (label, a["big_endian"], cpu[1]))
        elif cputable:
            result(False, "%s: %s is in %s" % (label, spec["cpu"], CPUTABLE))
        check_clone_order(label, a, spec, orders, pages)

        incdirs = include_dirs(spec)
        if incdirs is None:
            pkg = "linux-libc-dev-%s-cross" % spec["deb"]
            result(True, "%s: uapi headers" % label,
                   skip="no /usr/%s/include/asm/unistd.h: %s is not installed%s"
                   % (spec["triplet"], pkg,
                      " (Debian 12 has no such package)" if spec["deb"] == "loong64" else
                      " (tools/deps)"))
            continue
        check_headers(label, a, spec, incdirs)

    for j, s in enumerate(SPECS):
        if j not in used:
            result(False, "%s[%s]: in decode/arch.c's table" % (s["name"], s["deb"]),
                   ["the test expects it; remove it from SPECS if it left the table"])
    finish()


if __name__ == "__main__":
    main()
