# SPDX-License-Identifier: MIT
# Shared by the tests/render/t-* scripts: TAP lines, the binary, a scratch dir.
#   ok NAME | not_ok NAME [DETAIL...] | skip NAME REASON | check NAME COMMAND...
# CLONETRACE overrides the binary under test (default: ./clonetrace).
set -u
cd "$(dirname "$0")/../.." || exit 1
CT=${CLONETRACE:-./clonetrace}
FAILED=0
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ct-render.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
# Graphviz keeps some memory until exit; an ASan build must not count it.
export LSAN_OPTIONS=suppressions=$PWD/tests/render/lsan.supp:print_suppressions=0

ok() { echo "ok - $1"; }
skip() { echo "ok - $1 # SKIP $2"; }
not_ok() {
	local name=$1
	shift
	echo "not ok - $name"
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
	FAILED=1
}
# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}
# Skips every test of the script (exit 77) when the binary is missing.
need_binary() {
	if [ ! -x "$CT" ]; then
		echo "$CT not built (make clonetrace)"
		exit 77
	fi
}
finish() { exit "$FAILED"; }
