#!/bin/bash
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

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

out=$(make -s install DESTDIR="$d/a" 2>&1) || notok "make install DESTDIR exits 0" "$out"
same "make install DESTDIR: the files under PREFIX=/usr/local, with their modes" "$(files "$d/a")" \
"644 usr/local/share/bash-completion/completions/clonetrace
644 usr/local/share/doc/clonetrace/render.md
644 usr/local/share/doc/clonetrace/stats.md
644 usr/local/share/doc/clonetrace/trace-format.md
644 usr/local/share/man/man1/clonetrace.1
755 usr/local/bin/clonetrace"
same "the installed binary is ./clonetrace" "$(cmp "$d/a/usr/local/bin/clonetrace" clonetrace && echo same)" same
same "the installed man page is docs/clonetrace.1" "$(cmp "$d/a/usr/local/share/man/man1/clonetrace.1" docs/clonetrace.1 && echo same)" same
out=$(make -s uninstall DESTDIR="$d/a" 2>&1) || notok "make uninstall DESTDIR exits 0" "$out"
same "make uninstall DESTDIR leaves the staging root empty" "$(find "$d/a" -mindepth 1)" ""

vars=(PREFIX=/usr BINDIR=/bin MANDIR=/opt/m DOCDIR=/opt/doc/ct BASHCOMPDIR=/etc/bash_completion.d)
mkdir -p "$d/b/usr/share/doc" "$d/b/opt/m/man1"
echo keep >"$d/b/opt/m/man1/other.1"
out=$(make -s install DESTDIR="$d/b" "${vars[@]}" 2>&1) || notok "make install with every directory overridden exits 0" "$out"
same "make install: PREFIX, BINDIR, MANDIR, DOCDIR and BASHCOMPDIR are obeyed" "$(files "$d/b")" \
"644 etc/bash_completion.d/clonetrace
644 opt/doc/ct/render.md
644 opt/doc/ct/stats.md
644 opt/doc/ct/trace-format.md
644 opt/m/man1/clonetrace.1
644 opt/m/man1/other.1
755 bin/clonetrace"
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
v_man=$(sed -n '1s/.*"clonetrace \([^"]*\)".*/\1/p' docs/clonetrace.1)
same "one version in the Makefile, clonetrace --version, debian/changelog and the man page" \
	"$v_bin, $v_deb, $v_man" "clonetrace $v_make, $v_make, $v_make"
exit $failed
