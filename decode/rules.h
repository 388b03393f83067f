/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_RULES_H
#define CLONETRACE_DECODE_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/*
 * The clone(2) ERRORS rules that depend only on the call's own arguments.
 * Fills out[] with up to max sentences ("CLONE_SIGHAND requires CLONE_VM")
 * for the rules c breaks, and returns how many it breaks.
 */
size_t rules_check(const struct ct_call *c, const char **out, size_t max);

/* Every rule's sentence, in table order, into out[] (up to max); returns how many rules there are. */
size_t rules_all(const char **out, size_t max);

/*
 * The flags unshare(2) acts on for flags f: the kernel adds CLONE_THREAD and
 * CLONE_FS to CLONE_NEWUSER, CLONE_SIGHAND to CLONE_VM, CLONE_THREAD to
 * CLONE_SIGHAND and CLONE_FS to CLONE_NEWNS (kernel/fork.c ksys_unshare()),
 * and UNSHARE_EMPTY_MNTNS (Linux 7.1) makes a new mount namespace.
 */
uint64_t unshare_implied_flags(uint64_t f);

#endif
