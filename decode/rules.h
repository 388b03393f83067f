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

#endif
