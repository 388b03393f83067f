#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes tests/render/bad/<case>.json and <case>.expect from fixtures/minimal.json.

Each .expect holds the exit status on its first line and a fragment of the
one-line error message on its second.  Run it again after changing a case;
the files it writes are committed, so the tests need no Python.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = json.load(open(os.path.join(HERE, "fixtures", "minimal.json")))
OUT = os.path.join(HERE, "bad")


def case(name, status, fragment, doc=None, raw=None):
    text = raw if raw is not None else json.dumps(doc, indent=1)
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(os.path.join(OUT, name + ".json"), mode) as f:
        f.write(text)
    with open(os.path.join(OUT, name + ".expect"), "w") as f:
        f.write("%d\n%s\n" % (status, fragment))


def mutate(fn):
    d = copy.deepcopy(BASE)
    fn(d)
    return d


def drop(path):
    def fn(d):
        *head, last = path
        o = d
        for k in head:
            o = o[k]
        del o[last]
    return fn


def put(path, value):
    def fn(d):
        *head, last = path
        o = d
        for k in head:
            o = o[k]
        o[last] = value
    return fn


good = json.dumps(BASE)

# Not JSON at all, or broken JSON: line and column from jansson.
case("empty", 1, "1:0: invalid JSON", raw="")
case("syntax", 1, "2:2: invalid JSON", raw='{"format": "clonetrace",\n ,"version": 1}')
case("truncated", 1, "invalid JSON: premature end of input", raw=good[:len(good) // 2])
case("trailing-garbage", 1, "invalid JSON: end of file expected", raw=good + " }")
case("duplicate-key", 1, "invalid JSON: duplicate object key",
     raw='{"format": "clonetrace", "version": 1, "version": 1}')
case("nul-in-string", 1, "invalid JSON",
     raw=good.replace('"comm": "a.out"', '"comm": "a\\u0000b"', 1))
case("invalid-utf8", 1, "invalid JSON: unable to decode byte 0xff",
     raw=good.replace('"comm": "a.out"', '"comm": "a\xffb"', 1).encode("latin-1"))
case("huge-integer", 1, "invalid JSON: too big integer",
     raw=good.replace('"tid": 500', '"tid": 99999999999999999999999999', 1))
case("huge-real", 1, "invalid JSON: real number overflow",
     raw=good.replace('"tid": 500', '"tid": 1e999', 1))
case("deep-nesting", 1, "invalid JSON: maximum parsing depth reached",
     raw=good[:-1] + ', "deep": ' + "[" * 100000 + "]" * 100000 + "}")

# JSON, but not a clonetrace trace.
case("top-array", 1, "the top level is not an object", raw="[1, 2, 3]")
case("wrong-format", 1, "not a clonetrace trace: \"format\" is not \"clonetrace\"",
     mutate(put(["format"], "strace")))
case("missing-format", 1, "\"format\" is missing", mutate(drop(["format"])))
case("wrong-version", 1, "trace version 3 is not supported", mutate(put(["version"], 3)))
case("version-string", 1, "\"version\" is not an integer", mutate(put(["version"], "1")))

# Missing and mistyped fields.
case("missing-tasks", 1, "trace: \"tasks\" is missing", mutate(drop(["tasks"])))
case("tasks-object", 1, "trace.tasks: expected an array, got an object",
     mutate(put(["tasks"], {})))
case("no-tasks", 1, "tasks: the trace holds no task", mutate(put(["tasks"], [])))
case("missing-meta", 1, "trace: \"meta\" is missing", mutate(drop(["meta"])))
case("missing-tid", 1, "tasks[1]: \"tid\" is missing", mutate(drop(["tasks", 1, "tid"])))
case("comm-number", 1, "tasks[0].comm: expected null or a string, got an integer",
     mutate(put(["tasks", 0, "comm"], 5)))
case("tid-real", 1, "tasks[0].tid: expected an integer, got a real number",
     mutate(put(["tasks", 0, "tid"], 1.5)))
case("tid-string", 1, "tasks[0].tid: expected an integer, got a string",
     mutate(put(["tasks", 0, "tid"], "500")))
case("tid-huge", 1, "tasks[0].tid: 9223372036854775807 is out of range",
     mutate(put(["tasks", 0, "tid"], 9223372036854775807)))
case("tid-negative", 1, "tasks[0].tid: -5 is out of range", mutate(put(["tasks", 0, "tid"], -5)))
case("start-negative", 1, "tasks[1].start_ns: -1 is out of range",
     mutate(put(["tasks", 1, "start_ns"], -1)))
case("end-before-start", 1, "tasks[1].end_ns: 10 is before start_ns 1000",
     mutate(put(["tasks", 1, "end_ns"], 10)))
case("bad-kind", 1, "tasks[1].kind: expected \"process\" or \"thread\"",
     mutate(put(["tasks", 1, "kind"], "zombie")))
case("task-not-object", 1, "tasks[1]: expected an object", mutate(put(["tasks", 1], 7)))
case("bad-exit", 1, "tasks[1].exit: expected \"code\", \"signal\" or \"exec\"",
     mutate(put(["tasks", 1, "exit"], {"status": 0})))
case("exit-code-string", 1, "tasks[1].exit.code: expected an integer, got a string",
     mutate(put(["tasks", 1, "exit"], {"code": "0"})))
case("ns-string", 1, "tasks[0].ns.pid: expected an integer, got a string",
     mutate(put(["tasks", 0, "ns", "pid"], "4026531836")))
case("nspid-zero", 1, "tasks[0].nspid[0]: expected a pid",
     mutate(put(["tasks", 0, "nspid"], [0])))
case("argv-number", 1, "tasks[0].argv[1]: expected a string, got an integer",
     mutate(put(["tasks", 0, "argv"], ["a", 1])))
case("execs-not-objects", 1, "tasks[0].execs[0]: expected an object",
     mutate(put(["tasks", 0, "execs"], ["x"])))
case("call-flags-number", 1, "calls[0].flags[0]: expected a string, got an integer",
     mutate(put(["calls", 0, "flags"], [256])))
# A call's bits are its flags_value, in hex, and its flags name the same bits.
case("call-flags-disagree", 1,
     'calls[0] (call id 1): "flags_value" 0x0 is not the bits "flags" names (0x1200000)',
     mutate(lambda d: d["calls"][0].update(syscall="clone", nr=56, flags_value="0x0",
                                           flags=["CLONE_CHILD_SETTID", "CLONE_CHILD_CLEARTID"])))
case("call-flags-value-missing", 1, 'calls[0]: "flags_value" is missing',
     mutate(drop(["calls", 0, "flags_value"])))
case("call-flags-value-null", 1,
     'calls[0] (call id 1): "flags_value" is null but "flags" names flags',
     mutate(lambda d: d["calls"][0].update(flags_value=None, flags=["CLONE_VM"])))
case("call-flags-value-not-hex", 1, "calls[0].flags_value: expected a hex number",
     mutate(put(["calls", 0, "flags_value"], "CLONE_VM")))
case("call-result-bad", 1, "calls[0].result: expected \"value\" or \"errno\"",
     mutate(put(["calls", 0, "result"], {})))
case("call-missing-task", 1, "calls[0]: \"task\" is missing", mutate(drop(["calls", 0, "task"])))
case("stack-frame-string", 1, "calls[0].stack[0]: expected an object",
     mutate(put(["calls", 0, "stack"], ["main"])))
case("resource-tasks-string", 1, "resources[0].tasks[0]: expected a task id",
     mutate(put(["resources"], [{"id": "vm:1", "kind": "vm", "tasks": ["1"]}])))

# References and cycles.
case("dangling-parent", 1, "tasks[1].parent: no task has id 99",
     mutate(put(["tasks", 1, "parent"], 99)))
case("dangling-call", 1, "tasks[1].call: no call has id 7", mutate(put(["tasks", 1, "call"], 7)))
case("dangling-child", 1, "calls[0].child: no task has id 3", mutate(put(["calls", 0, "child"], 3)))
case("dangling-resource", 1, "resources[0].tasks[1]: no task has id 42",
     mutate(put(["resources"], [{"id": "vm:1", "kind": "vm", "tasks": [1, 42]}])))
case("duplicate-id", 1, "is also the id of",
     mutate(lambda d: (put(["tasks", 1, "id"], 1)(d), put(["tasks", 0, "id"], 1)(d),
                       put(["tasks", 1, "parent"], None)(d), put(["tasks", 1, "creator"], None)(d))))
case("self-parent", 1, "parents (task ids) form a cycle: 2 -> 2",
     mutate(lambda d: (put(["tasks", 1, "parent"], 2)(d))))
case("parent-cycle", 1, "parents (task ids) form a cycle: 1 -> 2 -> 1",
     mutate(put(["tasks", 0, "parent"], 2)))
case("creator-cycle", 1, "creators (task ids) form a cycle: 1 -> 2 -> 1",
     mutate(lambda d: (put(["tasks", 0, "creator"], 2)(d))))


# Thread groups whose leaders were each made by the other group's thread.
def group_cycle(d):
    t0, t1 = d["tasks"]
    a2 = copy.deepcopy(t0)
    b2 = copy.deepcopy(t1)
    a2.update(id=3, tid=502, tgid=500, kind="thread", parent=None, creator=None, call=None)
    b2.update(id=4, tid=503, tgid=501, kind="thread", parent=None, creator=None, call=None)
    t0.update(parent=4, creator=4)
    t1.update(parent=3, creator=3)
    d["tasks"] += [a2, b2]
    d["calls"] = []
    t1["call"] = None


case("group-cycle", 1, "thread groups (tgids) form a cycle", mutate(group_cycle))


# Version 2: namespace instances (namespaces[], tasks[].ns_inst, calls[].made).
def v2(d):
    d["version"] = 2
    d["namespaces"] = []
    for t in d["tasks"]:
        t["ns_inst"] = {}
        for k, inode in t.get("ns", {}).items():
            kind = k.replace("_for_children", "")
            n = next((n for n in d["namespaces"] if n["kind"] == kind and n["inode"] == inode), None)
            if n is None:
                n = {"id": "%s:%d" % (kind, 1 + sum(x["kind"] == kind for x in d["namespaces"])),
                     "kind": kind, "inode": inode, "ns_id": None, "time_ns": 0, "call": None,
                     "task": t["id"]}
                d["namespaces"].append(n)
            t["ns_inst"][k] = n["id"]
    return d


def v2_mutate(fn):
    return mutate(lambda d: fn(v2(d)))


case("v2-ns-inst-inode", 1, "tasks[1].ns_inst.mnt: \"mnt:2\" is not a mnt namespace of "
     "namespaces[] with inode 4026531841",
     v2_mutate(lambda d: (d["namespaces"].append(dict(d["namespaces"][-1], id="mnt:2", inode=7)),
                          put(["tasks", 1, "ns_inst", "mnt"], "mnt:2")(d))))
case("v2-ns-inst-missing", 1, "tasks[0].ns_inst.pid: \"pid:9\" is not a pid namespace",
     v2_mutate(put(["tasks", 0, "ns_inst", "pid"], "pid:9")))
case("v2-made-missing", 1, "calls[0].made.pid: \"pid:9\" is no pid namespace of namespaces[]",
     v2_mutate(put(["calls", 0, "made"], {"pid": "pid:9"})))
case("v2-ns-duplicate", 1, "namespaces[1].id: \"pid:1\" is also an earlier one's",
     v2_mutate(lambda d: put(["namespaces", 1, "id"], "pid:1")(d)))
case("v2-ns-kind", 1, "namespaces[0].kind: \"pid_for_children\" is not a kind of namespace",
     v2_mutate(put(["namespaces", 0, "kind"], "pid_for_children")))
case("v2-namespaces-missing", 1, "\"namespaces\" is missing",
     v2_mutate(drop(["namespaces"])))
