/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_DEMANGLE_H
#define CLONETRACE_TRACER_STACK_DEMANGLE_H

/*
 * A symbol's name as people write it (demangle.c, pure: a string in, a
 * string out): C++ and Rust (legacy and v0 mangling) demangled with GNU
 * libiberty's demanglers, as rustfilt and c++filt print them.
 */

/*
 * name without the version a debug file's .symtab adds
 * (pthread_create@GLIBC_2.2.5) and without glibc's "__GI_" prefix of its
 * internal aliases; a C++ name demangled as __cxa_demangle does; a Rust
 * name as rustc-demangle's alternate form does (rustfilt): without the
 * legacy hash or v0's crate disambiguators, LLVM's ".llvm.HEX" suffix
 * dropped and any other "." suffix kept.  A new string.
 */
char *demangle_symbol(const char *name);

#endif
