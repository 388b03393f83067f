/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_KEYS_H
#define CLONETRACE_FORMAT_KEYS_H

/*
 * The document's frame, shared by its writer (doc.c) and its reader
 * (trace.c, stream.c): the format's name and version, and the top-level
 * keys in the order clonetrace writes them (docs/trace-format.md).
 */

/*
 * The format's name and version: a reader checks both.  Version 2 added
 * namespace instances (namespaces[], tasks[].ns_inst, calls[].made): the
 * inodes of version 1 named no namespace once the kernel reused them.
 * This clonetrace reads both.
 */
#define FORMAT_NAME "clonetrace"
#define FORMAT_VERSION 2
#define FORMAT_VERSION_OLDEST 1

enum format_key {
	KEY_FORMAT,
	KEY_VERSION,
	KEY_META,
	KEY_TASKS,
	KEY_CALLS,
	KEY_NAMESPACES,		/* version 2 on */
	KEY_RESOURCES,		/* may be left out */
	KEY_COUNT
};

/* "format", "version", "meta", "tasks", "calls", "namespaces", "resources": by enum format_key. */
extern const char *const format_keys[KEY_COUNT];

#endif
