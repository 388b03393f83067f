#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a large clonetrace trace (docs/trace-format.md, version 1) for tests.

usage: gen-big.py [--tasks N] [--shape mixed|chain|distinct] [--seed S] [-o FILE]

  mixed     a build-system-like run: a server with a thread pool, workers that
            fork shells that exec compilers, some in new namespaces, failures
  chain     every task forks the next: a chain N deep
  distinct  a random tree whose every process has its own comm, so that
            --collapse can fold nothing

tests/render/fixtures/chain40.json is `gen-big.py --shape chain --tasks 40`.
"""
import argparse
import json
import random
import sys

from flagbits import flags_value

NS_KINDS = ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
            "time_for_children", "user", "uts"]
THREAD_FLAGS = ["CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD",
                "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID"]
FORK_FLAGS = ["CLONE_CHILD_SETTID", "CLONE_CHILD_CLEARTID"]
PROGRAMS = ["cc1", "as", "ld", "sh", "make", "sed", "awk", "gcc", "collect2", "python3"]


class Trace:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.tasks, self.calls = [], []
        self.next_tid = 20000
        self.next_inst = {}
        self.time = 0
        self.ns_next = 4026532200

    def tick(self):
        self.time += self.rnd.randrange(1000, 50000)
        return self.time

    def inst(self, kind):
        self.next_inst[kind] = self.next_inst.get(kind, 0) + 1
        return "%s:%d" % (kind, self.next_inst[kind])

    def new_ns(self):
        self.ns_next += 1
        return self.ns_next

    def root(self, comm, exe):
        tid = self.next_tid
        self.next_tid += 1
        ns = {k: 4026531830 + i for i, k in enumerate(NS_KINDS)}
        ns["pid_for_children"] = ns["pid"]
        ns["time_for_children"] = ns["time"]
        shares = {k: self.inst(k) for k in
                  ["vm", "files", "fs", "sighand", "sysvsem", "io", "thread_group"]}
        t = {"id": 1, "tid": tid, "tgid": tid, "kind": "process", "parent": None,
             "creator": None, "call": None, "comm": comm, "exe": exe, "argv": [exe],
             "start_ns": 0, "end_ns": None, "exit": {"code": 0}, "ns": ns,
             "nspid": [tid], "shares": shares,
             "execs": [{"time_ns": 1000, "path": exe, "argv": [exe], "old_tid": tid}],
             "escaped": False}
        self.tasks.append(t)
        return t

    def spawn(self, creator, kind, comm=None, new_pid_ns=False):
        """creator makes a thread or a process; returns the new task."""
        tid = self.next_tid
        self.next_tid += self.rnd.randrange(1, 4)
        when = self.tick()
        if kind == "thread":
            flags = THREAD_FLAGS
            shares = dict(creator["shares"])
            parent = creator["parent"]
            tgid = creator["tgid"]
            exit_signal = None
            syscall = "clone3"
        else:
            flags = list(FORK_FLAGS) + (["CLONE_NEWPID"] if new_pid_ns else [])
            shares = {k: self.inst(k) for k in
                      ["vm", "files", "fs", "sighand", "sysvsem", "io", "thread_group"]}
            parent = creator["id"]
            tgid = tid
            exit_signal = "SIGCHLD"
            syscall = "clone"
        ns = dict(creator["ns"])
        nspid = list(creator["nspid"][:-1]) + [tid]
        if new_pid_ns:
            ns["pid"] = ns["pid_for_children"] = self.new_ns()
            nspid = [tid, 1]
        call = {"id": len(self.calls) + 1, "time_ns": when, "task": creator["id"],
                "syscall": syscall, "arch": "x86_64", "nr": 435 if syscall == "clone3" else 56,
                "flags": flags, "flags_value": flags_value(flags), "exit_signal": exit_signal,
                "args": {"stack": "0x0", "tls": "0x0"}, "result": {"value": nspid[-1]},
                "violates": [], "child": len(self.tasks) + 1}
        self.calls.append(call)
        t = {"id": len(self.tasks) + 1, "tid": tid, "tgid": tgid, "kind": kind,
             "parent": parent, "creator": creator["id"], "call": call["id"],
             "comm": comm or creator["comm"], "exe": creator["exe"], "argv": creator["argv"],
             "start_ns": when, "end_ns": when + self.rnd.randrange(10000, 10000000),
             "exit": {"code": 0}, "ns": ns, "nspid": nspid, "shares": shares,
             "execs": [], "escaped": False}
        self.tasks.append(t)
        return t

    def execs(self, t, prog):
        path = "/usr/bin/" + prog
        t["execs"].append({"time_ns": t["start_ns"] + 500, "path": path,
                           "argv": [prog, "-c", "x.c"], "old_tid": t["tid"]})
        t["comm"], t["exe"], t["argv"] = prog[:15], path, [prog, "-c", "x.c"]
        t["shares"]["vm"] = self.inst("vm")

    def fail(self, task):
        self.calls.append({"id": len(self.calls) + 1, "time_ns": self.tick(),
                           "task": task["id"], "syscall": "clone", "arch": "x86_64",
                           "nr": 56, "flags": ["CLONE_SIGHAND"],
                           "flags_value": flags_value(["CLONE_SIGHAND"]),
                           "exit_signal": "SIGCHLD", "args": {}, "result": {"errno": "EINVAL"},
                           "violates": ["CLONE_SIGHAND requires CLONE_VM"], "child": None})

    def finish(self):
        for t in self.tasks:
            if t["end_ns"] is None or t["end_ns"] < t["start_ns"]:
                t["end_ns"] = self.time + 1000
        res = {}
        for t in self.tasks:
            for k, v in t["shares"].items():
                res.setdefault(v, (k, []))[1].append(t["id"])
        resources = [{"id": i, "kind": k, "tasks": ids}
                     for i, (k, ids) in sorted(res.items()) if len(ids) >= 2]
        return {"format": "clonetrace", "version": 1,
                "meta": {"tool": "clonetrace 0.1.0 (gen-big.py)", "host_arch": "x86_64",
                         "kernel": "6.1.0", "argv": [self.tasks[0]["exe"]], "mode": "seccomp",
                         "start_time": "2024-01-01T00:00:00.000000000Z",
                         "duration_ns": self.time + 1000, "complete": True,
                         "exit": {"code": 0}, "notes": ["generated by tests/render/gen-big.py"]},
                "tasks": self.tasks, "calls": self.calls, "resources": resources}


def mixed(tr, n):
    server = tr.root("server", "/usr/sbin/server")
    pool = [server] + [tr.spawn(server, "thread", "pool-%d" % i) for i in range(16)]
    while len(tr.tasks) < n:
        job = tr.spawn(tr.rnd.choice(pool), "process", "job",
                       new_pid_ns=tr.rnd.random() < 0.02)
        tr.execs(job, "make")
        for _ in range(tr.rnd.randrange(1, 6)):
            if len(tr.tasks) >= n:
                break
            sh = tr.spawn(job, "process")
            tr.execs(sh, "sh")
            for prog in ("gcc", "cc1", "as")[:tr.rnd.randrange(1, 4)]:
                if len(tr.tasks) >= n:
                    break
                c = tr.spawn(sh, "process")
                tr.execs(c, prog)
                if tr.rnd.random() < 0.05:
                    c["exit"] = {"code": 1}
                if tr.rnd.random() < 0.01:
                    c["exit"] = {"signal": "SIGSEGV", "core": True}
        if tr.rnd.random() < 0.05:
            tr.fail(job)


def chain(tr, n):
    t = tr.root("chain", "/usr/bin/chain")
    while len(tr.tasks) < n:
        t = tr.spawn(t, "process")


def distinct(tr, n):
    tr.root("distinct", "/usr/bin/distinct")
    while len(tr.tasks) < n:
        parent = tr.tasks[tr.rnd.randrange(max(0, len(tr.tasks) - 60), len(tr.tasks))]
        if parent["kind"] == "thread":
            continue
        kind = "thread" if tr.rnd.random() < 0.2 else "process"
        tr.spawn(parent, kind, "p%d-%s" % (len(tr.tasks), tr.rnd.choice(PROGRAMS)))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=4000)
    ap.add_argument("--shape", choices=["mixed", "chain", "distinct"], default="mixed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    tr = Trace(a.seed)
    {"mixed": mixed, "chain": chain, "distinct": distinct}[a.shape](tr, a.tasks)
    out = sys.stdout if a.output == "-" else open(a.output, "w")
    json.dump(tr.finish(), out, indent=None, separators=(",", ":"))
    out.write("\n")


if __name__ == "__main__":
    main()
