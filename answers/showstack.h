/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_SHOWSTACK_H
#define CLONETRACE_ANSWERS_SHOWSTACK_H

/* `show --stack`: the creation stacks under a unit's line. */

#include "answers/units.h"
#include "base/sbuf.h"

/* Where each task of the unit was created, lines separated by '\n'. */
void showline_stacks(struct sbuf *b, const struct units *m, int unit);

#endif
