# SPDX-License-Identifier: MIT
# Sourced by /init for each guest ($G, $CT, $S set): record -p in the VM,
# the scenarios of tests/integration/t-attach.py, made with the shell since
# they drive processes while they run.  Everything lands in /out/$G/attach;
# tests/arch/check_attach.py checks it on the host.
#   1  attach to samples/busy, SIGINT after a while: clean detach
#   2  attach until busy exits: a complete trace
#   3  errors: no such process, a thread's id, already traced, not a number
A=/out/$G/attach
mkdir -p "$A"

# Every program runs under timeout (busybox's execs the program in its own
# pid, so $! is the program's): a task left stopped must not hang the VM.

# ct_busy N ITER DELAY: starts busy in the background, waits for its
# "ready"; sets BUSY (its pid).
ct_busy() {
	timeout -s KILL 300 "$S/busy" "$A/busy$1.truth.json" "$2" "$3" >"$A/busy$1.out" 2>"$A/busy$1.err" &
	BUSY=$!
	n=0
	until grep -q '^ready' "$A/busy$1.out" 2>/dev/null || [ $n -ge 600 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	echo "$BUSY" >"$A/busy$1.pid"
}

# ct_states N PID: the state of each of PID's tasks ("TID STATE" lines).
ct_states() {
	for t in /proc/"$2"/task/*; do
		[ -e "$t/status" ] && echo "${t##*/} $(sed -n 's/^State:[[:space:]]*\([A-Za-z]\).*/\1/p' "$t/status")"
	done >"$A/states$1"
}

if [ -x "$S/busy" ]; then
	# 1. attach, then detach early with SIGINT: the busy loop runs long
	# enough (200 rounds) to outlive the detach under emulation.
	ct_busy 1 200 20
	timeout -s KILL 120 "$CT" record -o "$A/trace1.json" -p "$BUSY" >"$A/ct1.out" 2>"$A/ct1.err" &
	ct=$!
	sleep 1.5
	kill -INT "$ct"
	# not gone 30 s after SIGINT: note what every task was doing, then kill
	n=0
	while [ $n -lt 60 ] && [ "$(cut -d' ' -f3 "/proc/$ct/stat" 2>/dev/null)" != Z ] && [ -d "/proc/$ct" ]; do
		sleep 0.5
		n=$((n + 1))
	done
	if [ $n -ge 60 ]; then
		ct_snapshot "$ct" >"$A/hang1.txt"
		kill -KILL "$ct"
	fi
	wait "$ct"
	echo $? >"$A/ct1.rc"
	sleep 0.1
	ct_states 1 "$BUSY"
	wait "$BUSY"
	echo $? >"$A/busy1.rc"

	# 2. attached until the program exits
	ct_busy 2 15 10
	timeout -s KILL 300 "$CT" record -o "$A/trace2.json" -p "$BUSY" >"$A/ct2.out" 2>"$A/ct2.err" &
	ct=$!
	wait "$BUSY"
	echo $? >"$A/busy2.rc"
	wait "$ct"
	echo $? >"$A/ct2.rc"

	# 3. errors: one clear line and a non-zero exit, no trace file left
	ct_err() {
		rm -f "$A/x.json"
		timeout -s KILL 60 "$CT" record -o "$A/x.json" "$@" >/dev/null 2>"$A/err-$name.err"
		echo $? >"$A/err-$name.rc"
		[ -e "$A/x.json" ] && echo yes >"$A/err-$name.file"
	}
	name=nosuch ct_err -p 999999999
	ct_busy 3 400 20
	thread=$(ls /proc/"$BUSY"/task | grep -v "^$BUSY\$" | head -n 1)
	name=thread ct_err -p "$thread"
	timeout -s KILL 120 "$CT" record -o "$A/holder.json" -p "$BUSY" >/dev/null 2>&1 &
	holder=$!
	sleep 1
	name=traced ct_err -p "$BUSY"
	kill -INT "$holder"
	wait "$holder"
	kill -KILL "$BUSY"
	wait "$BUSY"
	name=nan ct_err -p abc
	echo "ct-vm: $G attach scenarios done"
fi
