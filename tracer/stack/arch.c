/* SPDX-License-Identifier: MIT */
/* The host architecture's file of what arch.h declares: the one place that selects it. */
#include "tracer/stack/arch.h"

#if defined(__x86_64__)
#include "tracer/stack/arch/x86_64.c"
#elif defined(__i386__)
#include "tracer/stack/arch/i386.c"
#elif defined(__aarch64__)
#include "tracer/stack/arch/aarch64.c"
#elif defined(__arm__)
#include "tracer/stack/arch/arm.c"
#elif defined(__riscv) && __riscv_xlen == 64
#include "tracer/stack/arch/riscv64.c"
#elif defined(__s390x__)
#include "tracer/stack/arch/s390x.c"
#elif defined(__powerpc64__)
#include "tracer/stack/arch/ppc64.c"
#else
#include "tracer/stack/arch/other.c"
#endif
