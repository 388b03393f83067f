#!/bin/bash
# SPDX-License-Identifier: MIT
# `make install DESTDIR=...` installs the binary, the man page, the trace
# format and render docs and the bash completion where PREFIX, BINDIR,
# MANDIR, DOCDIR and BASHCOMPDIR say; `make uninstall` with the same
# variables removes exactly those and leaves the staging root empty, and
# nothing it did not install.  The versions in the Makefile, the binary and
# debian/changelog agree.
set -u
cd "$(dirname "$0")/../.."
if [ ! -x ./clonetrace ]; then
	echo "./clonetrace is not built (make clonetrace)"
	exit 77
fi
# run by make check: a make of our own, not a sub-make of that one
unset MAKEFLAGS MFLAGS MAKELEVEL

failed=0
ok() { echo "ok - install: $1"; }
notok() {
	echo "not ok - install: $1"
	shift
	for l in "$@"; do echo "# $l"; done
	failed=1
}
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected: $3" "got:      $2"; fi
}
# files ROOT: every file and symlink under ROOT with its mode, sorted
files() { (cd "$1" && find . ! -type d -printf '%m %P\n' | sort); }

# docs_check DIR NAMES: the docs installed in DIR (NAMES, mode 644) are
# docs/'s own files, trace-format.md and render.md among them
docs_check() {
	local n bad=
	for n in $2; do cmp -s "$1/$n" "docs/$n" || bad+=" $n"; done
	if [ -z "$bad" ] && grep -qx trace-format.md <<<"$2" && grep -qx render.md <<<"$2"; then
		ok "the docs installed are docs/'s (trace-format.md, render.md among them): $(echo $2)"
	else
		notok "the docs installed are docs/'s (trace-format.md, render.md among them)" \
			"installed: $(echo $2)" "not as in docs/:$bad"
	fi
}

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

out=$(make -s install DESTDIR="$d/a" 2>&1) || notok "make install DESTDIR exits 0" "$out"
got=$(files "$d/a")
same "make install DESTDIR: the binary, man page and completion under PREFIX=/usr/local, with their modes" \
	"$(grep -v ' usr/local/share/doc/clonetrace/' <<<"$got")" \
"644 usr/local/share/bash-completion/completions/clonetrace
644 usr/local/share/man/man1/clonetrace.1
755 usr/local/bin/clonetrace"
docs_check "$d/a/usr/local/share/doc/clonetrace" "$(sed -n 's|^644 usr/local/share/doc/clonetrace/||p' <<<"$got")"
same "the installed binary is ./clonetrace" "$(cmp "$d/a/usr/local/bin/clonetrace" clonetrace && echo same)" same
same "the installed man page is docs/clonetrace.1" "$(cmp "$d/a/usr/local/share/man/man1/clonetrace.1" docs/clonetrace.1 && echo same)" same
out=$(make -s uninstall DESTDIR="$d/a" 2>&1) || notok "make uninstall DESTDIR exits 0" "$out"
same "make uninstall DESTDIR leaves the staging root empty" "$(find "$d/a" -mindepth 1)" ""

vars=(PREFIX=/usr BINDIR=/bin MANDIR=/opt/m DOCDIR=/opt/doc/ct BASHCOMPDIR=/etc/bash_completion.d)
mkdir -p "$d/b/usr/share/doc" "$d/b/opt/m/man1"
echo keep >"$d/b/opt/m/man1/other.1"
out=$(make -s install DESTDIR="$d/b" "${vars[@]}" 2>&1) || notok "make install with every directory overridden exits 0" "$out"
got=$(files "$d/b")
same "make install: PREFIX, BINDIR, MANDIR, DOCDIR and BASHCOMPDIR are obeyed" \
	"$(grep -v ' opt/doc/ct/' <<<"$got")" \
"644 etc/bash_completion.d/clonetrace
644 opt/m/man1/clonetrace.1
644 opt/m/man1/other.1
755 bin/clonetrace"
docs_check "$d/b/opt/doc/ct" "$(sed -n 's|^644 opt/doc/ct/||p' <<<"$got")"
out=$(make -s uninstall DESTDIR="$d/b" "${vars[@]}" 2>&1) || notok "make uninstall with every directory overridden exits 0" "$out"
same "make uninstall removes only what make install put there" "$(cd "$d/b" && find . -mindepth 1 | sort)" \
"./opt
./opt/m
./opt/m/man1
./opt/m/man1/other.1
./usr
./usr/share
./usr/share/doc"

v_make=$(sed -n 's/^VERSION *= *//p' Makefile)
v_bin=$(./clonetrace --version)
v_deb=$(sed -n '1s/^clonetrace (\([^)]*\)).*/\1/p' debian/changelog)
v_man=$(sed -n '/^\.TH /s/.*"clonetrace \([^"]*\)".*/\1/p' docs/clonetrace.1)
same "one version in the Makefile, clonetrace --version, debian/changelog and the man page" \
	"$v_bin, $v_deb, $v_man" "clonetrace $v_make, $v_make, $v_make"
exit $failed
