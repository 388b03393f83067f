# SPDX-License-Identifier: MIT
"""What readelf says of an ELF file, for the stack tests (stdlib only):
the ground truth a frame's name, module_offset and offset are checked
against."""

import os
import re
import subprocess

SYMBOL = re.compile(r"(?m)^\s*\d+: ([0-9a-f]+)\s+\d+\s+(?:FUNC|IFUNC)\s+\S+\s+\S+\s+\S+\s+(\S+)$")


def functions(path):
    """{name: {start, ...}} of the FUNC and IFUNC symbols of the ELF file
    path (.symtab and .dynsym), as readelf -sW lists them: names without
    their version (pthread_create@@GLIBC_2.34) nor glibc's __GI_ alias
    prefix, as clonetrace writes them; ARM's Thumb bit cleared.  None if
    readelf can't read it."""
    try:
        p = subprocess.run(["readelf", "-sW", path], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if p.returncode != 0:
        return None
    funcs = {}
    for m in SYMBOL.finditer(p.stdout):
        name = m.group(2).split("@")[0]
        if name.startswith("__GI_") and name[5:]:
            name = name[5:]
        funcs.setdefault(name, set()).add(int(m.group(1), 16) & ~1)
    return funcs


def debug_file(build_id):
    """The separate debug file of the build-id where this host has one
    (/usr/lib/debug/.build-id/, libc6-dbg's), else None."""
    if not build_id:
        return None
    p = "/usr/lib/debug/.build-id/%s/%s.debug" % (build_id[:2], build_id[2:])
    return p if os.path.exists(p) else None


def start_of(frame):
    """Where the frame's function starts in its module by the trace:
    module_offset less offset."""
    return int(frame["module_offset"], 16) - frame["offset"]


def has_section(path, name):
    """Whether the ELF file path has a section of that name (readelf -S)."""
    try:
        out = subprocess.run(["readelf", "-SW", path], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return re.search(r"\] %s\s" % re.escape(name), out) is not None
