/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_FLAGS_H
#define CLONETRACE_DECODE_FLAGS_H

#include <stdint.h>
#include <stddef.h>

#include "arch.h"
#include "format/vocab.h"

struct sbuf;
/* "CLONE_VM|CLONE_FS|0x10000000000" added to b; "0" when v is 0. */
void flags_add(struct sbuf *b, unsigned set, uint64_t v);
/* The same into buf[n], as snprintf.  Returns length wanted. */
int flags_format(unsigned set, uint64_t v, char *buf, size_t n);
/* "SIGCHLD" for arch a (MIPS numbers differ); NULL if unknown.  a may be NULL: generic numbering. */
const char *signal_name(const struct ct_arch *a, int sig);
/* _NSIG of arch a: the highest valid signal number (64; 128 on MIPS). */
int signal_max(const struct ct_arch *a);
/* "EINVAL"; NULL if unknown.  Host errno numbering (generic Linux). */
const char *errno_name(int err);

#endif
