/* SPDX-License-Identifier: MIT */
/*
 * Linked into riscv64 builds only.  riscv64's libraries come from trixie,
 * whose glibc 2.38+ headers redirect strtol and friends to __isoc23_*
 * (C23: also accept "0b" binary prefixes); the cross toolchain's glibc 2.36
 * lacks those names.  jansson's only use is strtoll(s, &end, 10), where the
 * two behave the same.
 */
#include <stdlib.h>

long long __isoc23_strtoll(const char *s, char **end, int base);
long long __isoc23_strtoll(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}
