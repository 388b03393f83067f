/* SPDX-License-Identifier: MIT */
/* Names for module addresses in a clonetrace built without libdw (DW=0): none; see symbols.h. */
#include <stddef.h>

#include "tracer/stack/symbols.h"

const struct symres *symbols_lookup(struct module *m, const char *open_path, uint64_t addr)
{
	return NULL;
}

void symbols_lines(struct module *m, uint64_t addr, struct frame_record *f)
{
}

void symbols_settle(struct symbols *s)
{
}

void symbols_free(struct symbols *s)
{
}
