/* SPDX-License-Identifier: MIT */
/* The top-level keys of a trace, for its writer and its reader alike. */
#include "format/keys.h"

const char *const format_keys[KEY_COUNT] = {
	[KEY_FORMAT] = "format",
	[KEY_VERSION] = "version",
	[KEY_META] = "meta",
	[KEY_TASKS] = "tasks",
	[KEY_CALLS] = "calls",
	[KEY_NAMESPACES] = "namespaces",
	[KEY_RESOURCES] = "resources",
};
