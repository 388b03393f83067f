/* SPDX-License-Identifier: MIT */
/* The kernel's signal names, generic and MIPS (signals.h): tables indexed by number. */
#include <stddef.h>

#include "names/signals.h"

/* include/uapi/asm-generic/signal.h: x86, arm, aarch64, riscv, s390, powerpc, loongarch */
static const char *const signals_generic[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP",
	[6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL", [10] = "SIGUSR1",
	[11] = "SIGSEGV", [12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG", [24] = "SIGXCPU", [25] = "SIGXFSZ",
	[26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

/* arch/mips/include/uapi/asm/signal.h */
static const char *const signals_mips[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP",
	[6] = "SIGABRT", [7] = "SIGEMT", [8] = "SIGFPE", [9] = "SIGKILL", [10] = "SIGBUS",
	[11] = "SIGSEGV", [12] = "SIGSYS", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
	[16] = "SIGUSR1", [17] = "SIGUSR2", [18] = "SIGCHLD", [19] = "SIGPWR", [20] = "SIGWINCH",
	[21] = "SIGURG", [22] = "SIGIO", [23] = "SIGSTOP", [24] = "SIGTSTP", [25] = "SIGCONT",
	[26] = "SIGTTIN", [27] = "SIGTTOU", [28] = "SIGVTALRM", [29] = "SIGPROF", [30] = "SIGXCPU",
	[31] = "SIGXFSZ",
};

const char *signal_name(enum sig_numbering n, int sig)
{
	const char *const *names = n == SIG_MIPS ? signals_mips : signals_generic;
	size_t count = n == SIG_MIPS ? sizeof(signals_mips) / sizeof(*signals_mips) :
		       sizeof(signals_generic) / sizeof(*signals_generic);

	if (sig <= 0 || (size_t)sig >= count)
		return NULL;
	return names[sig];
}

int signal_max(enum sig_numbering n)
{
	/* _NSIG: 128 in arch/mips/include/uapi/asm/signal.h, 64 elsewhere */
	return n == SIG_MIPS ? 128 : 64;
}
