#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Structural check of `clonetrace render -T perfetto` against the trace it came from.

usage: check-perfetto.py TRACE.json TIMELINE.json [FOCUS_TID]

Prints TAP lines; every task must appear exactly once, on a track of its
own, with its lifetime; every creating call must be a flow from the caller's
track to the child's; failed calls and failed execs must be instant events
with their errno; slices on a track must nest.
"""
import json
import sys

trace = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
focus = int(sys.argv[3]) if len(sys.argv) > 3 else 0
events = doc["traceEvents"]
failed = 0
name = sys.argv[1].split("/")[-1]


def check(ok, what, *detail):
    global failed
    print(("ok - " if ok else "not ok - ") + f"{name}: {what}")
    if not ok:
        failed = 1
        for d in detail:
            print("# " + str(d)[:300])


def close(a, b):
    return abs(a - b) < 0.0015


tasks = {t["id"]: t for t in trace["tasks"]}
calls = {c["id"]: c for c in trace["calls"]}
end = max([trace["meta"].get("duration_ns") or 0] +
          [t["end_ns"] for t in trace["tasks"] if t["end_ns"] is not None])

# the tasks the timeline should hold: all, or the --focus task and what it created
want = set(tasks)
if focus:
    top = next(t["id"] for t in trace["tasks"] if t["tid"] == focus)
    up = {t["id"]: t["creator"] if t["creator"] is not None else t["parent"] for t in trace["tasks"]}
    want = set()
    for i in tasks:
        j = i
        while j is not None and j != top:
            j = up[j]
        if j == top:
            want.add(i)

lifetimes = [e for e in events if e["ph"] == "X" and e["cat"] == "task"]
by_track = {}
for e in lifetimes:
    by_track.setdefault((e["pid"], e["tid"]), []).append(e)
check(len(lifetimes) == len(want), f"one lifetime slice per task ({len(lifetimes)} of {len(want)})")
check(all(len(v) == 1 for v in by_track.values()), "each task on a track of its own",
      [k for k, v in by_track.items() if len(v) > 1][:5])

# match each task to its slice by its real tid and start
track_of = {}
wrong = []
by_tid = {}
for e in lifetimes:
    by_tid.setdefault(e["args"]["tid"], []).append(e)
for i in want:
    t = tasks[i]
    found = [e for e in by_tid.get(t["tid"], []) if close(e["ts"], t["start_ns"] / 1000)]
    if len(found) != 1:
        wrong.append((t["id"], t["tid"], len(found)))
        continue
    e = found[0]
    stop = t["end_ns"] if t["end_ns"] is not None else max(end, t["start_ns"])
    if not close(e["dur"], (stop - t["start_ns"]) / 1000) or e["name"] != t["comm"] and "\\" not in e["name"]:
        wrong.append((t["id"], e["dur"], (stop - t["start_ns"]) / 1000, e["name"]))
    if e["args"]["tgid"] != t["tgid"]:
        wrong.append((t["id"], "tgid", e["args"]["tgid"]))
    track_of[i] = (e["pid"], e["tid"])
check(not wrong, "every task once, with its lifetime, comm and tgid", *wrong[:5])

# processes: the tasks of one thread group share a pid (a track group), named
names = {(e["pid"], e["tid"]) for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
procs = {e["pid"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
check(all(tr in names for tr in track_of.values()), "every task track is named")
check(all(tr[0] in procs for tr in track_of.values()), "every process track group is named")
groups = {}
for i, tr in track_of.items():
    groups.setdefault(tr[0], set()).add(tasks[i]["tgid"])
check(all(len(g) == 1 for g in groups.values()), "a track group holds one thread group")

# flows: each successful creating call from the caller's track to the child's
starts = {e["id"]: e for e in events if e["ph"] == "s"}
ends = {e["id"]: e for e in events if e["ph"] == "f"}
wrong = []
n_flows = 0
for c in trace["calls"]:
    if c["child"] is None or c["task"] not in want or c["child"] not in want:
        continue
    n_flows += 1
    s, f = starts.get(c["id"]), ends.get(c["id"])
    if not s or not f:
        wrong.append((c["id"], "missing"))
        continue
    if (s["pid"], s["tid"]) != track_of[c["task"]] or (f["pid"], f["tid"]) != track_of[c["child"]]:
        wrong.append((c["id"], (s["pid"], s["tid"]), track_of[c["task"]], (f["pid"], f["tid"]),
                      track_of[c["child"]]))
    if not close(f["ts"], tasks[c["child"]]["start_ns"] / 1000) or f.get("bp") != "e":
        wrong.append((c["id"], "flow end", f))
check(not wrong and len(starts) == n_flows == len(ends),
      f"every creating call is a flow from caller to child ({n_flows})", *wrong[:5])

# each successful creating call: a slice on the caller's track carrying the call in its args
call_slices = {}
for e in events:
    if e["ph"] == "X" and e["cat"] == "call":
        call_slices.setdefault((e["pid"], e["tid"]), []).append(e)
wrong = []
n_calls = 0
for c in trace["calls"]:
    if c["child"] is None or c["task"] not in want or "errno" in (c["result"] or {}):
        continue
    n_calls += 1
    at = max(c["time_ns"], tasks[c["task"]]["start_ns"]) / 1000
    found = [e for e in call_slices.get(track_of[c["task"]], []) if close(e["ts"], at) and
             e.get("args", {}).get("syscall") == c["syscall"] and
             e["args"].get("flags") == c.get("flags") and "call" in e["args"]]
    if not found:
        wrong.append((c["id"], c["syscall"], [e.get("args") for e in
                                              call_slices.get(track_of[c["task"]], [])][:2]))
check(not wrong and sum(map(len, call_slices.values())) == n_calls,
      f"every creating call is a slice with its syscall and flags in args ({n_calls})", *wrong[:5])

# failed calls and failed execs: instant events with the errno
inst = [e for e in events if e["ph"] == "i" and e["cat"] == "failed"]
want_fail = [c for c in trace["calls"] if c["task"] in want and c["result"] and "errno" in c["result"]]
got = sorted((e["pid"], e["tid"], e["args"]["errno"]) for e in inst if "call" in e["args"])
exp = sorted(track_of[c["task"]] + (c["result"]["errno"],) for c in want_fail)
check(got == exp, f"failed calls as instants with errno ({len(exp)})", got[:3], exp[:3])
rules = sorted((track_of[c["task"]], c["result"]["errno"], json.dumps(c.get("violates")))
               for c in want_fail)
got = sorted(((e["pid"], e["tid"]), e["args"]["errno"], json.dumps(e["args"].get("violates")))
             for e in inst if "call" in e["args"])
check(got == rules, "failed calls carry the rules they break")
xf = [(track_of[i], x["errno"]) for i in want for x in tasks[i].get("exec_failures", [])]
got = sorted(((e["pid"], e["tid"]), e["args"]["errno"]) for e in inst if "path" in e["args"])
check(got == sorted(xf), f"failed execs as instants with errno ({len(xf)})")

# execs: a slice each, inside the task's lifetime
ex = [e for e in events if e["ph"] == "X" and e["cat"] == "exec"]
check(len(ex) == sum(len(tasks[i]["execs"]) for i in want), f"a slice per execve ({len(ex)})")

# slices nest on every track (Perfetto drops or mangles ones that overlap)
bad = []
tracks = {}
for e in events:
    if e["ph"] == "X":
        tracks.setdefault((e["pid"], e["tid"]), []).append(e)
for tr, sl in tracks.items():
    sl.sort(key=lambda e: (e["ts"], -e["dur"]))
    stack = []
    for e in sl:
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"] - 1e-6 and not (
                e["dur"] == 0 and close(e["ts"], stack[-1]["ts"] + stack[-1]["dur"])):
            stack.pop()
        if stack and e["ts"] + e["dur"] > stack[-1]["ts"] + stack[-1]["dur"] + 0.0015:
            bad.append((tr, stack[-1]["name"], e["name"], e["ts"]))
        stack.append(e)
check(not bad, "slices nest on every track", *bad[:5])
sys.exit(failed)
