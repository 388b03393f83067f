/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_GOSYMS_H
#define CLONETRACE_TRACER_STACK_GOSYMS_H

/*
 * Names of a Go program's code from its pclntab (gosyms.c): the file
 * mapped, its table found (the .gopclntab section, or by its header in a
 * read-only segment where the section headers are gone or the linker
 * merged it into .data.rel.ro), read by gopclntab.c.  For a stripped Go
 * program, where no symbol names its code.
 */

#include <stdint.h>

#include "tracer/stack/gopclntab.h"

struct gosyms;

/* The table of the Go program at path; NULL if it has none clonetrace reads. */
struct gosyms *gosyms_open(const char *path);
void gosyms_free(struct gosyms *g);
/* gopclntab_frames() of the program's table. */
int gosyms_frames(const struct gosyms *g, uint64_t addr, struct go_frame *out, int max, uint64_t *entry);

#endif
