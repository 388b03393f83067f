/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_NAMES_SIGNALS_H
#define CLONETRACE_NAMES_SIGNALS_H

/*
 * The kernel's signal names, per architecture where they differ: MIPS
 * numbers its signals its own way (SIGCHLD is 18) and has 128 of them.
 * decode/arch.h's arch_signals() says which numbering an architecture uses.
 */

/* How an architecture numbers its signals. */
enum sig_numbering {
	SIG_GENERIC,	/* include/uapi/asm-generic/signal.h: x86, arm, aarch64, riscv, s390, ... */
	SIG_MIPS,	/* arch/mips/include/uapi/asm/signal.h */
};

/* "SIGCHLD"; NULL if unknown. */
const char *signal_name(enum sig_numbering n, int sig);
/* _NSIG: the highest valid signal number (64; 128 on MIPS). */
int signal_max(enum sig_numbering n);

#endif
