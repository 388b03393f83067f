# SPDX-License-Identifier: MIT
# Sourced by the tests/arch scripts: the architecture table and paths.
# shellcheck shell=bash

# The repository root, the build folder and the download cache.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARCH_DIR=${ARCH_DIR:-$TOP/build/arch}
CACHE=$ARCH_DIR/cache

ALL_ARCHES="x86_64 i386 aarch64 armhf riscv64 s390x ppc64le"

# arch_info ARCH sets, for one clonetrace architecture name:
#   DEB     Debian architecture
#   SUITE   Debian suite its packages come from
#   CROSS   compiler triplet (the compiler is $CROSS-gcc)
#   VM      the architecture whose kernel and QEMU run it (a compat
#           personality runs inside its 64-bit sibling's VM)
#   KFLAV   Debian kernel flavour (VM architectures only)
#   KSUITE  the suite of the kernel, when not SUITE
arch_info() {
	SUITE=bookworm KFLAV= KSUITE=
	case $1 in
	x86_64)  DEB=amd64   CROSS=x86_64-linux-gnu      VM=x86_64  KFLAV=amd64 ;;
	i386)    DEB=i386    CROSS=i686-linux-gnu        VM=x86_64 ;;
	aarch64) DEB=arm64   CROSS=aarch64-linux-gnu     VM=aarch64 KFLAV=arm64 ;;
	armhf)   DEB=armhf   CROSS=arm-linux-gnueabihf   VM=aarch64 ;;
	# riscv64 became a release architecture with trixie.  Its clone reads
	# the flags from orig_a0, which a tracer can change only since Linux
	# 6.16 (PTRACE_SET_SYSCALL_INFO): CLONE_UNTRACED needs a newer kernel
	# than trixie's 6.12, from testing (forky).
	riscv64) DEB=riscv64 CROSS=riscv64-linux-gnu     VM=riscv64 KFLAV=riscv64 SUITE=trixie
		KSUITE=forky ;;
	s390x)   DEB=s390x   CROSS=s390x-linux-gnu       VM=s390x   KFLAV=s390x ;;
	ppc64le) DEB=ppc64el CROSS=powerpc64le-linux-gnu VM=ppc64le KFLAV=powerpc64le ;;
	*) echo "unknown architecture '$1' (known: $ALL_ARCHES)" >&2; return 1 ;;
	esac
}

# Compat personalities that run inside a VM architecture's machine.
vm_guests() {
	case $1 in
	x86_64) echo "x86_64 i386" ;;
	aarch64) echo "aarch64 armhf" ;;
	*) echo "$1" ;;
	esac
}

say() { printf '%s\n' "arch: $*" >&2; }
die() { printf '%s\n' "arch: $*" >&2; exit 1; }

# guest_arches NAME sets TA (the tracer's architecture) and SA (the
# samples'): "armhf" is armhf's clonetrace tracing armhf's samples,
# "armhf@64" the 64-bit (aarch64) clonetrace tracing them.
guest_arches() {
	SA=${1%@64}
	TA=$SA
	if [ "$1" != "$SA" ]; then
		case $SA in
		i386) TA=x86_64 ;;
		armhf) TA=aarch64 ;;
		*) die "no 64-bit tracer for $SA" ;;
		esac
	fi
}
