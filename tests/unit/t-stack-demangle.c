/* SPDX-License-Identifier: MIT */
/*
 * tracer/stack/demangle.c: symbol names as people write them.  The Rust
 * rows are symbols rustc 1.95 made (tests/integration/stack/names.rs built
 * with its default legacy mangling and with -C symbol-mangling-version=v0;
 * std's own symbols are v0 there), each expected as rustfilt 0.2.1
 * (rustc-demangle) prints it; the punycode row is rustc-demangle's own
 * test.  tests/integration/t-stack-rust.py checks every symbol of the
 * built programs against rustfilt.
 */
#include <stdlib.h>

#include "tracer/stack/demangle.h"
#include "tests/unit/tap.h"

static const struct {
	const char *mangled, *want, *what;
} cases[] = {
	/* Rust legacy (_ZN...17h<hash>E) */
	{ "_ZN1r4main28_$u7b$$u7b$closure$u7d$$u7d$17h35c0affa4c53f07fE", "r::main::{{closure}}",
	  "legacy: a closure" },
	{ "_ZN44_$LT$r..Dog$LT$T$GT$$u20$as$u20$r..Speak$GT$5speak17hd64b59726386f10fE",
	  "<r::Dog<T> as r::Speak>::speak", "legacy: a trait impl's method" },
	{ "_ZN44_$LT$r..Dog$LT$T$GT$$u20$as$u20$r..Speak$GT$5speak28_$u7b$$u7b$closure$u7d$$u7d$"
	  "17h7160f1a817042771E", "<r::Dog<T> as r::Speak>::speak::{{closure}}",
	  "legacy: a closure in a trait impl's method" },
	{ "_ZN102_$LT$core..iter..adapters..map..Map$LT$I$C$F$GT$$u20$as$u20$core..iter..traits..iterator.."
	  "Iterator$GT$4fold17hf7bd85f22668e6bfE",
	  "<core::iter::adapters::map::Map<I,F> as core::iter::traits::iterator::Iterator>::fold",
	  "legacy: escapes $LT$ $C$ $GT$ $u20$ and .." },
	{ "_ZN3std3ffi6os_str85_$LT$impl$u20$core..convert..AsRef$LT$std..ffi..os_str..OsStr$GT$$u20$for"
	  "$u20$str$GT$6as_ref17h706fe38bc46190d6E",
	  "std::ffi::os_str::<impl core::convert::AsRef<std::ffi::os_str::OsStr> for str>::as_ref",
	  "legacy: an inherent impl" },
	{ "_ZN48_$LT$$RF$A$u20$as$u20$core..alloc..Allocator$GT$10deallocate17hd1b708503fbc48f6E",
	  "<&A as core::alloc::Allocator>::deallocate", "legacy: $RF$" },
	{ "_ZN3std2rt10lang_start17h0123456789abcdefE.llvm.1234ABCD", "std::rt::lang_start",
	  "legacy: ThinLTO's .llvm. suffix dropped" },
	{ "_ZN3foo3bar17h0123456789abcdefE.cold.1", "foo::bar.cold.1", "legacy: another suffix kept" },
	/* Rust v0 (_R) */
	{ "_RNCNvXCs6GmmlP4bgsG_1rINtB4_3DogNtNtCslNYArtu3iFV_5alloc6string6StringENtB4_5Speak5speak0B4_",
	  "<r::Dog<alloc::string::String> as r::Speak>::speak::{closure#0}",
	  "v0: a closure in a trait impl's method" },
	{ "_RINvCs6GmmlP4bgsG_1r3genKj4_NCNvB2_4mains0_0EB2_", "r::gen::<4, r::main::{closure#2}>",
	  "v0: a const generic and a closure argument" },
	{ "_RINvNtNtCsjrHSEGnQ3l9_3std6thread9lifecycle15spawn_uncheckedNCNvCs6GmmlP4bgsG_1r4mains_0jEB10_",
	  "std::thread::lifecycle::spawn_unchecked::<r::main::{closure#1}, usize>", "v0: generics, backrefs" },
	{ "_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNtCslNYArtu3iFV_5alloc5boxed3BoxDINtNtNtB4_3ops8"
	  "function2FnuEp6OutputlEL_EECs6GmmlP4bgsG_1r",
	  "core::ptr::drop_in_place::<alloc::boxed::Box<dyn core::ops::function::Fn<(), Output = i32>>>",
	  "v0: dyn Trait with an associated type" },
	{ "_RINvMNtNtCsjrHSEGnQ3l9_3std4sync9once_lockINtB3_8OnceLockNtNtB7_2fs4FileE10initializeNCNvNtNtNtB7_"
	  "3sys6random5linux9getrandom0NtNtNtB7_2io5error5ErrorEB7_",
	  "<std::sync::once_lock::OnceLock<std::fs::File>>::initialize::<std::sys::random::linux::getrandom::"
	  "{closure#0}, std::io::error::Error>", "v0: an inherent impl" },
	{ "_RINvNtCsgEmfK2I1SDS_4core3ptr13drop_in_placeINtNvNtCsjrHSEGnQ3l9_3std2io17default_write_fmt7Adapter"
	  "INtNtBL_6cursor6CursorQShEEEBN_",
	  "core::ptr::drop_in_place::<std::io::default_write_fmt::Adapter<std::io::cursor::Cursor<&mut [u8]>>>",
	  "v0: &mut [u8]" },
	{ "_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y",
	  "utf8_idents::\xe1\x83\xa1\xe1\x83\x90\xe1\x83\xad\xe1\x83\x9b\xe1\x83\x94\xe1\x83\x9a\xe1\x83\x90"
	  "\xe1\x83\x93_\xe1\x83\x92\xe1\x83\x94\xe1\x83\x9b\xe1\x83\xa0\xe1\x83\x98\xe1\x83\x94\xe1\x83\x9a"
	  "\xe1\x83\x98_\xe1\x83\xa1\xe1\x83\x90\xe1\x83\x93\xe1\x83\x98\xe1\x83\x9a\xe1\x83\x98",
	  "v0: a punycode identifier" },
	{ "_RNvNtNtCsjrHSEGnQ3l9_3std2io5stdio19OUTPUT_CAPTURE_USED.0", "std::io::stdio::OUTPUT_CAPTURE_USED.0",
	  "v0: LLVM's .0 suffix kept" },
	{ "_RNvCs6GmmlP4bgsG_1r4main.llvm.9D1C9369", "r::main", "v0: ThinLTO's .llvm. suffix dropped" },
	/* C++, as __cxa_demangle gives it */
	{ "_ZN2ct6level1Ei", "ct::level1(int)", "C++: a function in a namespace" },
	{ "_ZNK2ct3Box3getEv", "ct::Box::get() const", "C++: a const member function" },
	{ "_ZN2ct6level2IiEEvT_", "void ct::level2<int>(int)", "C++: a template" },
	{ "_ZN3foo3barEv.cold", "foo::bar() [clone .cold]", "C++: a clone suffix" },
	{ "_ZN5Outer5InnerE", "Outer::Inner", "C++: a _ZN name without a hash is not Rust" },
	/* not mangled */
	{ "pthread_create@GLIBC_2.2.5", "pthread_create", "a symbol version dropped" },
	{ "pthread_create@@GLIBC_2.34", "pthread_create", "a default symbol version dropped" },
	{ "__GI___clone_internal", "__clone_internal", "glibc's __GI_ alias prefix dropped" },
	{ "__GI_", "__GI_", "__GI_ alone stays" },
	{ "main", "main", "a C name stays" },
	{ "_Zfoo", "_Zfoo", "a malformed C++ name stays" },
	{ "_RNvC", "_RNvC", "a malformed v0 name stays" },
	{ "_ZN3fooE!", "_ZN3fooE!", "a legacy-looking name with a non-suffix tail stays" },
	{ "_ZN99foo17h0123456789abcdefE", "_ZN99foo17h0123456789abcdefE", "a length past the end stays" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = demangle_symbol(cases[i].mangled);

		is_str(got, cases[i].want, "%s: %s", cases[i].what, cases[i].mangled);
		free(got);
	}
	return tap_done();
}
