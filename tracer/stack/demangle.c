/* SPDX-License-Identifier: MIT */
/* Symbol names demangled with libiberty's C++ and Rust demanglers; see demangle.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <libiberty/demangle.h>

#include "base/alloc.h"
#include "tracer/stack/demangle.h"

/*
 * Where the mangled part of a Rust name ends, or NULL if name is no Rust
 * name.  A v0 name (_R) is made of [A-Za-z0-9_] alone; a legacy one
 * (_ZN...E) is length-prefixed identifiers up to the E.  What follows is
 * a suffix LLVM added (".llvm.1234", ".0" of a static).
 */
static const char *rust_end(const char *name)
{
	const char *p;

	if (!strncmp(name, "_R", 2)) {
		for (p = name + 2; isalnum((unsigned char)*p) || *p == '_'; p++)
			;
		return p;
	}
	if (strncmp(name, "_ZN", 3))
		return NULL;
	for (p = name + 3; *p != 'E';) {
		size_t n = 0;

		if (!isdigit((unsigned char)*p) || *p == '0')
			return NULL;
		for (; isdigit((unsigned char)*p) && n < 100000; p++)
			n = n * 10 + (size_t)(*p - '0');
		if (strnlen(p, n) < n)
			return NULL;
		p += n;
	}
	return p + 1;
}

/* rustc-demangle keeps a suffix of ASCII letters, digits and punctuation after a dot. */
static int suffix_kept(const char *s, size_t n)
{
	if (n > 0 && s[0] != '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !ispunct((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * A Rust name demangled, or NULL (not Rust).  libiberty drops any suffix;
 * rustc-demangle drops only ThinLTO's ".llvm." followed by hex digits (and
 * '@'), and prints the others.
 */
static char *rust(const char *name)
{
	const char *end = rust_end(name), *llvm;
	size_t n_suffix;
	char *mangled, *d, *out;

	if (!end)
		return NULL;
	n_suffix = strlen(end);
	if ((llvm = strstr(end, ".llvm.")) && strspn(llvm + 6, "0123456789ABCDEF@") == strlen(llvm + 6))
		n_suffix = (size_t)(llvm - end);
	if (!suffix_kept(end, n_suffix))
		return NULL;
	mangled = xstrndup(name, (size_t)(end - name));
	d = rust_demangle(mangled, DMGL_NO_OPTS);
	free(mangled);
	if (!d || !n_suffix)
		return d;
	out = xasprintf("%s%.*s", d, (int)n_suffix, end);
	free(d);
	return out;
}

char *demangle_symbol(const char *name)
{
	char *plain, *d;

	if (!strncmp(name, "__GI_", 5) && name[5])
		name += 5;
	plain = xstrndup(name, strcspn(name, "@"));
	if (plain[0] != '_' || (plain[1] != 'Z' && plain[1] != 'R'))
		return plain;
	d = rust(plain);
	/* __cxa_demangle's options: its code is libiberty's cp-demangle.c */
	if (!d && plain[1] == 'Z')
		d = cplus_demangle_v3(plain, DMGL_PARAMS | DMGL_TYPES);
	if (!d)
		return plain;
	free(plain);
	return d;
}
