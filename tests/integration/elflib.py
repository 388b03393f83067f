# SPDX-License-Identifier: MIT
"""What readelf says of an ELF file, for the stack tests (stdlib only):
the ground truth a frame's name, module_offset and offset are checked
against."""

import os
import re
import subprocess

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
    # "Num: Value Size Type Bind Vis Ndx Name"; ppc64's ELFv2 adds
    # "[<localentry>: 8]" after Vis, so the name is the last field
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(":") or f[3] not in ("FUNC", "IFUNC"):
            continue
        try:
            value = int(f[1], 16)
        except ValueError:
            continue
        name = f[-1].split("@")[0]
        if name.startswith("__GI_") and name[5:]:
            name = name[5:]
        funcs.setdefault(name, set()).add(value & ~1)
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
