#!/bin/bash
# SPDX-License-Identifier: MIT
# The Debian package: `make deb` builds clonetrace_VERSION_ARCH.deb from a
# copy of the tree (the checkout gains no file), lintian finds no error in
# it, and once installed with apt-get it works from /usr/bin: --version,
# `man -w clonetrace`, the bash completion that bash-completion loads, the
# docs, a record + render + show, and an integration test (t-fork_exec,
# checked against the sample's ground truth) run against the installed
# copy.  Then the package is purged and nothing of it is left.
#
# The package is installed on this machine for the test's length only, under
# a lock so that two test runs don't install and remove it under each
# other; the other tests use ./clonetrace, never the installed one.  Skips
# when not root, when dpkg-buildpackage or debhelper is missing, or when a
# clonetrace is already installed in /usr/bin (the test would replace it).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
unset MAKEFLAGS MFLAGS MAKELEVEL

skip() {
	echo "$1"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "not root: installing a package needs root"
command -v dpkg-buildpackage >/dev/null || skip "dpkg-buildpackage is missing (Debian package dpkg-dev)"
command -v dh >/dev/null || skip "debhelper is missing (Debian package debhelper)"
command -v apt-get >/dev/null || skip "apt-get is missing"

failed=0
ok() { echo "ok - deb: $1"; }
notok() {
	echo "not ok - deb: $1"
	shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
	failed=1
}
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected: $3" "got:      $2"; fi
}
truth() { # truth NAME CMD...: CMD succeeds
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else notok "$name" "$* failed:" "$out"; fi
}

version=$(sed -n 's/^VERSION *= *//p' Makefile)
arch=$(dpkg --print-architecture)
d=$(mktemp -d)
installed=
cleanup() {
	if [ -n "$installed" ] && dpkg-query -W clonetrace >/dev/null 2>&1; then
		apt-get purge -y -q -o DPkg::Lock::Timeout=300 clonetrace >"$d/purge.log" 2>&1 ||
			cat "$d/purge.log" >&2
	fi
	rm -rf "$d"
}
trap cleanup EXIT

before=$(git status --porcelain --ignored 2>/dev/null | grep -v '^!! build/$')
# the unit tests are make check's own: not again inside the package build
out=$(DEB_BUILD_OPTIONS=nocheck make deb DEBBUILD="$d/deb" 2>&1)
rc=$?
deb=$d/deb/clonetrace_${version}_$arch.deb
if [ $rc -eq 0 ] && [ -f "$deb" ]; then
	ok "make deb builds clonetrace_${version}_$arch.deb"
else
	notok "make deb builds clonetrace_${version}_$arch.deb (exit $rc)" "$(tail -n 25 <<<"$out")"
	exit 1
fi
after=$(git status --porcelain --ignored 2>/dev/null | grep -v '^!! build/$')
same "make deb leaves the checkout as it was" "$after" "$before"

tags=$(grep -E '^[EWIPX]: ' <<<"$out")
errors=$(grep -E '^E: ' <<<"$tags")
if ! command -v lintian >/dev/null; then
	echo "ok - deb: lintian reports no error # SKIP lintian is missing (Debian package lintian)"
elif [ -n "$errors" ]; then
	notok "lintian reports no error" "$tags"
else
	ok "lintian reports no error"
	[ -z "$tags" ] || printf '%s\n' "$tags" | sed 's/^/# lintian: /'
fi

# Depends: the package of each library the binary needs (NEEDED), nothing else
dpkg-deb -x "$deb" "$d/x"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
want=$(readelf -d "$d/x/usr/bin/clonetrace" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	while read -r so; do dpkg -S "*/$multiarch/$so" 2>/dev/null | sed 's/[:,].*//' | head -n 1; done |
	sort -u | tr '\n' ' ')
same "Depends come from shlibs: the packages of the libraries clonetrace needs" \
	"$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u | tr '\n' ' ')" "$want"
got=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $1, $6}' | sort)
same "the package's files outside /usr/share/doc" "$(grep -v ' ./usr/share/doc/clonetrace/' <<<"$got")" \
"-rw-r--r-- ./usr/share/bash-completion/completions/clonetrace
-rw-r--r-- ./usr/share/man/man1/clonetrace.1.gz
-rwxr-xr-x ./usr/bin/clonetrace"
docs=$(sed -n 's|^-rw-r--r-- ./usr/share/doc/clonetrace/||p' <<<"$got" | sed 's/\.gz$//')
bad=
for n in $docs; do
	case $n in
	README.md | changelog | copyright) ;;
	*) [ -f "docs/$n" ] || bad+=" $n" ;;
	esac
done
if [ -z "$bad" ] && [ "$(grep -cxE 'README.md|changelog|copyright|trace-format.md|render.md' <<<"$docs")" -eq 5 ]; then
	ok "/usr/share/doc/clonetrace: README, changelog, copyright and docs/'s: $(echo $docs)"
else
	notok "/usr/share/doc/clonetrace: README, changelog, copyright and docs/'s" "got: $(echo $docs)" "not from docs/:$bad"
fi

# one test run at a time installs the package on this machine
exec 9>/run/lock/clonetrace-t-deb.lock
flock -w 900 9 || skip "another run of t-deb held its lock for 15 minutes"
if dpkg-query -W -f='${Status}' clonetrace 2>/dev/null | grep -q ' installed$'; then
	echo "ok - deb: install, use and purge # SKIP a clonetrace package is installed here; the test does not replace it"
	exit $failed
fi
if [ -e /usr/bin/clonetrace ]; then
	echo "ok - deb: install, use and purge # SKIP /usr/bin/clonetrace exists; the test does not replace it"
	exit $failed
fi

# --path-include: a machine whose dpkg leaves out man pages and docs (Docker's
# slim images do) still gets this package's
installed=1
out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
	-o DPkg::Options::=--path-include=/usr/share/man/man1/clonetrace.1.gz \
	-o DPkg::Options::=--path-include=/usr/share/doc/clonetrace/* "$deb" 2>&1)
rc=$?
status=$(dpkg-query -W -f='${Status} ${Version}' clonetrace 2>/dev/null)
if [ $rc -eq 0 ] && [ "$status" = "install ok installed $version" ]; then
	ok "apt-get installs the package"
else
	notok "apt-get installs the package (exit $rc; dpkg says '$status')" "$(tail -n 15 <<<"$out")"
	exit 1
fi

cd "$d"
env=(env -i PATH=/usr/bin:/bin HOME="$d" LC_ALL=C.UTF-8)
same "clonetrace --version from PATH" "$("${env[@]}" sh -c 'command -v clonetrace; clonetrace --version')" \
	"/usr/bin/clonetrace
clonetrace $version"
same "no library missing" "$(ldd /usr/bin/clonetrace | grep 'not found')" ""
if command -v man >/dev/null; then
	same "man -w clonetrace" "$("${env[@]}" man -w clonetrace 2>&1)" /usr/share/man/man1/clonetrace.1.gz
	truth "man clonetrace has the OPTIONS of record" \
		sh -c "${env[*]} MANWIDTH=80 man clonetrace 2>&1 | grep -q '^   clonetrace record'"
else
	echo "ok - deb: man -w clonetrace # SKIP man is missing (Debian package man-db)"
fi
truth "the trace format and render docs are in /usr/share/doc/clonetrace" \
	sh -c 'zgrep -q "clonetrace" /usr/share/doc/clonetrace/trace-format.md.gz &&
		zgrep -q "clonetrace render" /usr/share/doc/clonetrace/render.md.gz'
if [ -r /usr/share/bash-completion/bash_completion ]; then
	same "bash-completion finds the completion and completes subcommands" \
		"$("${env[@]}" bash -c '. /usr/share/bash-completion/bash_completion
			_completion_loader clonetrace; complete -p clonetrace
			COMP_WORDS=(clonetrace "") COMP_CWORD=1 COMP_LINE="clonetrace " COMP_POINT=11
			_clonetrace; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' 2>&1)" \
		"complete -F _clonetrace clonetrace
$(/usr/bin/clonetrace --help | sed -nE 's/^ *(usage:)? *clonetrace +([a-z][a-z0-9-]*).*/\2/p' | sort -u | tr '\n' ' ')"
else
	echo "ok - deb: the completion loads # SKIP bash-completion is missing"
fi

out=$("${env[@]}" clonetrace record -o t.json -- /bin/sh -c '/bin/true & wait; exit 3' 2>&1)
rc=$?
same "record from the installed copy: the command's exit status" "$rc" 3
truth "record from the installed copy: the trace has the shell and its child" \
	python3 -c 'import json, sys
t = json.load(open("t.json"))
assert t["format"] == "clonetrace" and t["meta"]["complete"] is True, t["meta"]
assert len(t["tasks"]) == 2, len(t["tasks"])
assert t["meta"]["exit"] == {"code": 3}, t["meta"]["exit"]'
truth "render from the installed copy writes an SVG" \
	sh -c "${env[*]} clonetrace render -o t.svg t.json && grep -q '<svg' t.svg"
truth "render -T png from the installed copy writes a PNG" \
	sh -c "${env[*]} clonetrace render -T png -o t.png t.json && head -c 8 t.png | grep -q PNG"
truth "show from the installed copy" sh -c "${env[*]} clonetrace show t.json | grep -q '^sh('"
out=$(cd "$ROOT" && CLONETRACE=/usr/bin/clonetrace tests/integration/t-fork_exec.py 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q '^ok ' <<<"$out" && ! grep -q '^not ok' <<<"$out"; then
	ok "t-fork_exec passes with the installed clonetrace"
else
	notok "t-fork_exec passes with the installed clonetrace (exit $rc)" "$(tail -n 20 <<<"$out")"
fi

out=$(apt-get purge -y -q -o DPkg::Lock::Timeout=300 clonetrace 2>&1)
rc=$?
installed=
same "apt-get purge: exit status" "$rc" 0
same "after the purge dpkg knows no clonetrace and its files are gone" \
	"$(dpkg-query -W -f='${Status}' clonetrace 2>/dev/null; ls /usr/bin/clonetrace /usr/share/man/man1/clonetrace.1.gz \
		/usr/share/doc/clonetrace /usr/share/bash-completion/completions/clonetrace 2>/dev/null)" ""
exit $failed
