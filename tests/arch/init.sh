#!/bin/sh
# SPDX-License-Identifier: MIT
# /init of the test VMs (tests/arch/initramfs packs it): makes every run of
# /plan.sh for each guest in /guests (lines "NAME TRACER_ARCH SAMPLES_ARCH":
# /ct/TRACER_ARCH/clonetrace traces /ct/SAMPLES_ARCH/samples/* into
# /out/NAME), then prints /out as a base64 tar.gz between marker lines on
# the console and powers off.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin /out
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t tmpfs tmpfs /tmp
# cgroup2 for clone3's CLONE_INTO_CGROUP
mkdir -p /sys/fs/cgroup
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
# keep kernel messages off the console the results are printed on
dmesg -n 1
hostname ct-vm

echo "ct-vm: $(uname -srm), $(nproc) cpu, guests: $(cut -d' ' -f1 /guests | tr '\n' ' ')"
# where the commands the tests name really are (their realpath here)
for f in /bin/* /sbin/* /usr/bin/* /usr/sbin/*; do
	echo "$f $(readlink -f "$f")"
done >/out/realpaths.txt

# ct_snapshot PID: every task's name, state, parent, tracer and wait
# channel, and PID's kernel stack: what a hung run was doing.
ct_snapshot() {
	for s in /proc/[0-9]*/task/[0-9]*/status; do
		t=${s%/status}
		echo "${t##*/} $(sed -n 's/^\(Name\|State\|Tgid\|PPid\|TracerPid\):[[:space:]]*/\1=/p' "$s" |
			tr '\n' ' ')wchan=$(cat "$t/wchan" 2>/dev/null)"
	done
	echo "--- kernel stack of $1"
	cat "/proc/$1/stack" 2>/dev/null
}

# ct_run ID TIMEOUT NAME ARGV...: one run, into /out/$G/ID/{stdout,stderr,
# rc,time}; one that outlives TIMEOUT seconds leaves hang.txt and is killed
# (rc 137).
ct_run() {
	id=$1 to=$2 name=$3
	shift 3
	d=/out/$G/$id
	mkdir -p "$d"
	t0=$(cut -d' ' -f1 /proc/uptime)
	"$@" </dev/null >"$d/stdout" 2>"$d/stderr" &
	p=$!
	(
		n=0
		while [ $n -lt "$to" ] && [ -d "/proc/$p" ]; do
			sleep 1
			n=$((n + 1))
		done
		if [ -d "/proc/$p" ]; then
			ct_snapshot "$p" >"$d/hang.txt"
			kill -KILL "$p"
		fi
	) &
	w=$!
	wait "$p"
	rc=$?
	kill "$w" 2>/dev/null
	wait "$w" 2>/dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "$rc" >"$d/rc"
	echo "$t0 $t1" >"$d/time"
	echo "ct-vm: $G $name $id exit $rc ($t0 .. $t1 s)"
}

while read -r G ta sa; do
	CT=/ct/$ta/clonetrace S=/ct/$sa/samples
	mkdir -p "/out/$G"
	. /plan.sh </dev/null
	[ -f /attach.sh ] && . /attach.sh </dev/null
done </guests
dmesg >/out/dmesg.txt
uname -srm >/out/uname.txt
cat /proc/cpuinfo >/out/cpuinfo.txt

cd /out || exit
tar -czf /tmp/out.tgz .
echo "=====CT-RESULTS-BEGIN====="
base64 /tmp/out.tgz
echo "=====CT-RESULTS-END====="
sync
poweroff -f
