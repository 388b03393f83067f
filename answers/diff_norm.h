/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_NORM_H
#define CLONETRACE_ANSWERS_DIFF_NORM_H

/*
 * Inside `clonetrace diff`: the names a program makes up afresh on every run,
 * written the same way each time so that two runs compare equal.  A path
 * below /tmp, /var/tmp or /dev/shm has each run of 6 or more letters,
 * digits and underscores as XXXXXX (mkstemp's /tmp/ccAbC123.s is
 * /tmp/XXXXXX.s, mktemp's /tmp/tmp.AbCdEf1234 /tmp/tmp.XXXXXX, Python's
 * /tmp/tmpk3_x9q2a /tmp/XXXXXX; a name made of shorter words stays, such
 * as /tmp/a.c) and an O_TMPFILE's /tmp/#12345 as #N; a memfd name
 * (memfd:NAME) its runs of 6 or more letters and digits that mix cases or
 * digits (memfd:shm-Xa81kQ, not memfd:runc_cloned); /proc/1234/... is
 * /proc/PID/... (and task/TID).
 */

#include "base/sbuf.h"

/* s, with those names written the same way, added to b. */
void diff_norm(struct sbuf *b, const char *s);

#endif
