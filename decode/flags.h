#ifndef CLONETRACE_DECODE_FLAGS_H
#define CLONETRACE_DECODE_FLAGS_H

#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "arch.h"

/* A value and its name; tables end with { 0, NULL }. */
struct ct_xlat {
	uint64_t val;
	const char *name;
};

extern const struct ct_xlat clone_flags_xlat[];	/* every CLONE_* incl. 64-bit ones */
extern const struct ct_xlat ns_flags_xlat[];	/* CLONE_NEW*: setns nstype, pidfd masks */
extern const struct ct_xlat unshare_flags_xlat[];	/* unshare(2): 0x00100000 is UNSHARE_EMPTY_MNTNS */
extern const struct ct_xlat execveat_flags_xlat[];	/* AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW */

/* The name of value v in x (an exact match, not bits); NULL if none. */
const char *xlat_name(const struct ct_xlat *x, uint64_t v);

/*
 * Names of the bits of v found in x, into a new JSON array of strings; bits
 * no entry names are appended as one hex string ("0x..."), never dropped.
 */
json_t *flags_json_new(const struct ct_xlat *x, uint64_t v);
/* "CLONE_VM|CLONE_FS|0x10000000000"; "0" when v is 0.  Returns length wanted. */
int flags_format(const struct ct_xlat *x, uint64_t v, char *buf, size_t n);

/* "SIGCHLD" for arch a (MIPS numbers differ); NULL if unknown.  a may be NULL: generic numbering. */
const char *signal_name(const struct ct_arch *a, int sig);
/* _NSIG of arch a: the highest valid signal number (64; 128 on MIPS). */
int signal_max(const struct ct_arch *a);
/* "EINVAL"; NULL if unknown.  Host errno numbering (generic Linux). */
const char *errno_name(int err);

#endif
