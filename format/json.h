/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_JSON_H
#define CLONETRACE_FORMAT_JSON_H

/* How the trace writes its values: helpers of the serializers (format/). */

#include <stdint.h>
#include <jansson.h>

/* "0x3d0f00": pointers and flag values. */
json_t *hex_json_new(uint64_t v);
/* A JSON integer, or hex beyond what a signed 64-bit JSON integer holds. */
json_t *uint_json_new(uint64_t v);
/*
 * A new JSON string of tracee bytes (paths, argv, names), which need not be
 * UTF-8: each byte that is not part of valid UTF-8 becomes U+FFFD.
 */
json_t *json_bytes_new(const char *s);
/* An errno as the trace writes it: its name ("EPERM"), or its number as a string. */
json_t *errno_json_new(int err);
/*
 * Names of the bits of v among the flags of set (enum ct_flagset of
 * names/flags.h), into a new JSON array of strings; bits no flag of the set
 * names are appended as one hex string ("0x..."), never dropped.
 */
json_t *flags_json_new(unsigned set, uint64_t v);

#endif
