#!/bin/bash
# SPDX-License-Identifier: MIT
# completion/clonetrace.bash, loaded by bash-completion as bash loads it:
# subcommands and options are those `clonetrace --help` and `SUB --help`
# print (read here independently of the completion's own parser), the
# values of --view, -T/--format and --ns are render's, -p completes pids,
# record completes a command line after its options, render and show
# complete trace files.
set -u
cd "$(dirname "$0")/../.." && ROOT=$PWD
BC=/usr/share/bash-completion/bash_completion
if [ ! -x ./clonetrace ]; then
	echo "./clonetrace is not built (make clonetrace)"
	exit 77
fi
if [ ! -r "$BC" ]; then
	echo "bash-completion is not installed (Debian package bash-completion)"
	exit 77
fi
# shellcheck disable=SC1090
. "$BC"
# shellcheck source=../../completion/clonetrace.bash
. completion/clonetrace.bash

failed=0
# check NAME GOT WANT: GOT and WANT are word lists, compared as sorted sets
check() {
	local got want
	got=$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort -u | tr '\n' ' ')
	want=$(tr ' ' '\n' <<<"$3" | sed '/^$/d' | sort -u | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		echo "ok - completion: $1"
	else
		echo "not ok - completion: $1"
		echo "# expected: $want"
		echo "# got:      $got"
		failed=1
	fi
}
# includes NAME GOT WANT: every word of WANT is in GOT, and GOT is not empty
includes() {
	local w missing=
	for w in $3; do
		[[ " $2 " == *" $w "* ]] || missing+=" $w"
	done
	if [ -z "$missing" ] && [ -n "$2" ]; then
		echo "ok - completion: $1"
	else
		echo "not ok - completion: $1"
		echo "# missing:$missing"
		echo "# got: $2"
		failed=1
	fi
}
# comp LINE: the completions at the end of LINE, words split as bash splits
# them for a completion function (at blanks, and "=" on its own).
comp() {
	local line=$1 x
	local -a w=() out=()
	read -ra w <<<"$line"
	[[ $line == *' ' ]] && w+=('')
	for x in "${w[@]}"; do
		if [[ $x == --*=* ]]; then out+=("${x%%=*}" "=" "${x#*=}"); else out+=("$x"); fi
	done
	COMP_WORDS=("${out[@]}") COMP_CWORD=$((${#out[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
	COMPREPLY=()
	_clonetrace 2>/dev/null
	echo "${COMPREPLY[*]}"
}

check "complete -p clonetrace names _clonetrace" "$(complete -p clonetrace)" "complete -F _clonetrace clonetrace"

subs=$(./clonetrace --help | sed -nE 's/^ *(usage:)? *clonetrace +([a-z][a-z0-9-]*).*/\2/p' | sort -u)
includes "clonetrace --help names record, render and show" "$(echo $subs)" "record render show"
check "subcommands are those of clonetrace --help" "$(comp './clonetrace ')" "$subs"
check "clonetrace r" "$(comp './clonetrace r')" "$(grep '^r' <<<"$subs")"
check "clonetrace --" "$(comp './clonetrace --')" "--help --version"

for sub in $subs; do
	help=$(./clonetrace "$sub" --help)
	longs=$(grep -oE -- '(^|[^[:alnum:]-])--[[:alpha:]][[:alnum:]-]*' <<<"$help" | sed 's/^[^-]//' | sort -u)
	shorts=$(grep -oE -- '^ +-[[:alpha:]],' <<<"$help" | tr -d ' ,' | sort -u)
	check "clonetrace $sub --: every long option of its --help" \
		"$(comp "./clonetrace $sub --" | tr ' ' '\n' | grep -v '^--$')" "$longs"
	includes "clonetrace $sub -: every short option of its --help" "$(comp "./clonetrace $sub -")" "$shorts"
done

check "render --view" "$(comp './clonetrace render --view ')" "tree sharing namespaces"
check "render --view=s" "$(comp './clonetrace render --view=s')" "sharing"
formats=$(./clonetrace render --help | grep -oE -- '-T [[:alnum:]|]+\|[[:alnum:]|]+' | head -n 1 | cut -c4- | tr '|' ' ')
includes "render --help gives -T's formats, svg and png among them" "$formats" "svg png"
check "render -T" "$(comp './clonetrace render -T ')" "$formats"
check "render --format=p" "$(comp './clonetrace render --format=p')" "$(tr ' ' '\n' <<<"$formats" | grep '^p')"
check "render --ns" "$(comp './clonetrace render --ns ')" "cgroup ipc mnt net pid time user uts"
check "render --depth N: no guess" "$(comp './clonetrace render --depth ')" ""
check "record --stack=: no guess" "$(comp './clonetrace record --stack=')" ""

stamps=$(./clonetrace record --help | grep -oE -- '--timestamps\[=[[:alnum:]|]+' | head -n 1 | sed 's/.*=//' | tr '|' ' ')
if [ -n "$stamps" ]; then
	check "record --timestamps=: its usage's alternatives" "$(comp './clonetrace record --timestamps=')" "$stamps"
fi

# -e FILTER: the keys are the man page's (FILTERS: a .TP entry per key)
keys=$(sed -n '/^\.SH FILTERS/,/^\.SH /p' docs/clonetrace.1 | sed -n '/^\.TP/{n;p}' |
	sed 's/^\.[A-Z]* *//; s/\\f.//g; s/"//g; s/(or / /; s/)//; s/,/ /g')
includes "the man page's FILTERS has the keys syscall, ns, comm" "$(echo $keys)" "syscall ns comm"
for sub in $subs; do
	./clonetrace "$sub" --help | grep -q -- '-e, --filter' || continue
	check "$sub -e: the filter keys of clonetrace(1) FILTERS, and failed, newns" \
		"$(comp "./clonetrace $sub -e ")" "$(for k in $keys; do echo "$k="; done) failed newns"
done
check "show -e syscall=clone,v" "$(comp './clonetrace show -e syscall=clone,v')" "clone,vfork"
check "stats --filter ns=" "$(comp './clonetrace stats --filter ns=')" "cgroup ipc mnt net pid time user uts any"

pids=$(comp './clonetrace record -p ')
includes "record -p: pids, this shell's among them" "$pids" "$$ 1"
check "record -p: nothing but numbers" "$(tr ' ' '\n' <<<"$pids" | grep -v '^[0-9][0-9]*$')" ""
includes "record --pid=: pids" "$(comp './clonetrace record --pid=')" "$$"

includes "record: the command" "$(comp './clonetrace record -v -o x.json ech')" "echo"
includes "record --: the command" "$(comp './clonetrace record -o x.json -- ech')" "echo"
check "record: no option of clonetrace after the command" \
	"$(comp './clonetrace record -o x.json /bin/true --outp')" ""

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/sub"
: >"$d/a.json"
: >"$d/b.txt"
for sub in $subs; do
	[ "$sub" = record ] && continue
	check "$sub: trace files, directories and -" "$(cd "$d" && comp "$ROOT/clonetrace $sub ")" "a.json sub -"
done
check "render -o: any file" "$(cd "$d" && comp "$ROOT/clonetrace render -o ")" "a.json b.txt sub"
# the completion reads its options from the clonetrace being completed
check "clonetrace not found: nothing" "$(comp "$d/no-such-clonetrace ")" ""
exit $failed
