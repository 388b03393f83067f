# SPDX-License-Identifier: MIT
"""The bits of the flag names a trace holds (names/flags.c, the kernel's uapi
values), for the Python generators of test traces: a call's "flags_value" is
the OR of its "flags", written as the tracer writes it (format/json.c
hex_json_new(): "0x" and lowercase hex, "0x0" for none).  The reader refuses a
call whose names and value disagree, so a name missing here fails loudly."""

BITS = {
    "CLONE_NEWTIME": 0x80, "CLONE_VM": 0x100, "CLONE_FS": 0x200, "CLONE_FILES": 0x400,
    "CLONE_SIGHAND": 0x800, "CLONE_PIDFD": 0x1000, "CLONE_PTRACE": 0x2000,
    "CLONE_VFORK": 0x4000, "CLONE_PARENT": 0x8000, "CLONE_THREAD": 0x10000,
    "CLONE_NEWNS": 0x20000, "CLONE_SYSVSEM": 0x40000, "CLONE_SETTLS": 0x80000,
    "CLONE_PARENT_SETTID": 0x100000, "UNSHARE_EMPTY_MNTNS": 0x100000,
    "CLONE_CHILD_CLEARTID": 0x200000, "CLONE_DETACHED": 0x400000,
    "CLONE_UNTRACED": 0x800000, "CLONE_CHILD_SETTID": 0x1000000,
    "CLONE_NEWCGROUP": 0x2000000, "CLONE_NEWUTS": 0x4000000, "CLONE_NEWIPC": 0x8000000,
    "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000, "CLONE_NEWNET": 0x40000000,
    "CLONE_IO": 0x80000000, "CLONE_CLEAR_SIGHAND": 0x100000000,
    "CLONE_INTO_CGROUP": 0x200000000, "CLONE_AUTOREAP": 0x400000000,
    "CLONE_NNP": 0x800000000, "CLONE_PIDFD_AUTOKILL": 0x1000000000,
    "CLONE_EMPTY_MNTNS": 0x2000000000,
}


def flags_value(names):
    """"0x3d0f00" for a list of names; a hex remainder ("0x100000000") counts as its bits."""
    v = 0
    for n in names:
        v |= int(n, 16) if n.startswith("0x") else BITS[n]
    return "0x%x" % v
