#ifndef CLONETRACE_DECODE_FLAGS_H
#define CLONETRACE_DECODE_FLAGS_H

#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "arch.h"
#include "format/vocab.h"

/*
 * Names of the bits of v among the flags of set (enum ct_flagset of
 * format/vocab.h), into a new JSON array of strings; bits no flag of the set
 * names are appended as one hex string ("0x..."), never dropped.
 */
json_t *flags_json_new(unsigned set, uint64_t v);
/* "CLONE_VM|CLONE_FS|0x10000000000"; "0" when v is 0.  Returns length wanted. */
int flags_format(unsigned set, uint64_t v, char *buf, size_t n);
/* "SIGCHLD" for arch a (MIPS numbers differ); NULL if unknown.  a may be NULL: generic numbering. */
const char *signal_name(const struct ct_arch *a, int sig);
/* _NSIG of arch a: the highest valid signal number (64; 128 on MIPS). */
int signal_max(const struct ct_arch *a);
/* "EINVAL"; NULL if unknown.  Host errno numbering (generic Linux). */
const char *errno_name(int err);

#endif
