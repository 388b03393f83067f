/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_ERRNOS_H
#define CLONETRACE_NAMES_ERRNOS_H

/*
 * "EINVAL"; NULL if unknown.  The generic Linux numbering (every
 * architecture clonetrace knows but MIPS).  Known bug: MIPS numbers errnos
 * differently from 35 up (arch/mips/include/uapi/asm/errno.h: EDEADLK is 45
 * there), and this takes no architecture, so a MIPS trace names those wrong.
 */
const char *errno_name(int err);

#endif
