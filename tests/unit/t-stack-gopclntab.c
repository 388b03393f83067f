/* SPDX-License-Identifier: MIT */
/*
 * tracer/stack/gopclntab.c: Go's function table read from bytes.
 *
 * Each format (Go 1.2-1.15, 1.16, 1.18, 1.20), in each byte order and
 * pointer size, is written here from the layout Go's own readers state
 * (debug/gosym/pclntab.go, runtime/symtab.go, runtime/symtabinl.go):
 * main.outer at text+0x00 (a.go: line 10, then the inlined main.inner's
 * body from b.go line 11 at [0x10, 0x20), called at pc 0x08, then 12) and
 * main.other at text+0x40 (a.go:20).  Then a real table: the Go 1.15
 * hello world of Go's debug/gosym tests (testdata/pcln115.gz, where the
 * Go toolchain is installed), each row as Go 1.19's debug/gosym reads it
 * (Table.PCToLine).  tests/integration/t-stack-names.py checks real
 * programs against go tool addr2line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracer/stack/gopclntab.h"
#include "tests/unit/tap.h"

#define TEXT 0x401000u		/* where the text starts */
#define TAB 0x480000u		/* where the table is */
#define GOFUNC 0x4a0000u	/* go:func.*, where the inline tree is (1.16: its address) */
#define TREE (GOFUNC + 0x10)

struct buf {
	unsigned char b[4096];
	size_t n;
	bool big;
	unsigned ptr;
};

static void put(struct buf *b, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		b->b[b->n + i] = (unsigned char)(v >> 8 * (b->big ? size - 1 - i : i));
	b->n += size;
}

static void put_at(struct buf *b, size_t at, uint64_t v, unsigned size)
{
	size_t n = b->n;

	b->n = at;
	put(b, v, size);
	b->n = n;
}

static void put_bytes(struct buf *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void align(struct buf *b, unsigned a)
{
	while (b->n % a)
		b->b[b->n++] = 0;
}

/* a pc-value table: (value, up to pc) pairs from value -1 at the entry, in quanta of q */
static size_t pcvalue_table(struct buf *b, const int *vals, const unsigned *ends, int n, unsigned q)
{
	size_t at = b->n;
	int val = -1;
	unsigned pc = 0;

	for (int i = 0; i < n; i++) {
		int d = vals[i] - val;
		unsigned uv = d >= 0 ? 2u * (unsigned)d : 2u * (unsigned)(-d) - 1, dp = (ends[i] - pc) / q;

		/* varints: 7 bits a byte, the high bit says more follow */
		do {
			b->b[b->n++] = (unsigned char)((uv & 0x7f) | (uv > 0x7f ? 0x80 : 0));
			uv >>= 7;
		} while (uv);
		do {
			b->b[b->n++] = (unsigned char)((dp & 0x7f) | (dp > 0x7f ? 0x80 : 0));
			dp >>= 7;
		} while (dp);
		val = vals[i];
		pc = ends[i];
	}
	b->b[b->n++] = 0;
	return at;
}

/* the inline tree (one call: main.inner, called at entry + 0x08), in img at TREE */
static struct buf img;

static const unsigned char *img_at(void *ctx, uint64_t addr, uint64_t len)
{
	return addr >= GOFUNC && addr - GOFUNC + len <= img.n ? img.b + (addr - GOFUNC) : NULL;
}

struct names {
	size_t outer, inner, other;	/* name offsets */
	size_t a, b;			/* file name offsets (in the file table) */
};

/* The functions' pc tables in b (which starts the pctab), their offsets in it. */
struct tables {
	size_t ln_outer, file_outer, inl_outer, ln_other, file_other;
};

static struct tables write_tables(struct buf *b, unsigned q, int file_a, int file_b, size_t base)
{
	static const unsigned outer_ends[] = { 0x10, 0x20, 0x40 }, other_ends[] = { 0x20 };
	const int lines[] = { 10, 11, 12 }, files[] = { file_a, file_b, file_a }, inl[] = { -1, 0, -1 };
	const int other_line[] = { 20 }, other_file[] = { file_a };
	struct tables t;

	t.ln_outer = pcvalue_table(b, lines, outer_ends, 3, q) - base;
	t.file_outer = pcvalue_table(b, files, outer_ends, 3, q) - base;
	t.inl_outer = pcvalue_table(b, inl, outer_ends, 3, q) - base;
	t.ln_other = pcvalue_table(b, other_line, other_ends, 1, q) - base;
	t.file_other = pcvalue_table(b, other_file, other_ends, 1, q) - base;
	return t;
}

static void write_tree(int version, bool big)
{
	img = (struct buf){ .big = big };
	memset(img.b, 0, 0x10);
	img.n = 0x10;
	/* 1.20 on: funcID, 3 pad bytes, nameOff, parentPc, startLine; before: parent, funcID, pad, file, line, nameoff, parentPc */
	if (version >= 120) {
		put(&img, 0, 4);
		put(&img, 12, 4);	/* "main.inner" at 12 of funcnametab */
		put(&img, 0x08, 4);
		put(&img, 4, 4);
	} else {
		put(&img, (uint16_t)-1, 2);
		put(&img, 0, 2);
		put(&img, 0, 4);
		put(&img, 10, 4);
		put(&img, 12, 4);
		put(&img, 0x08, 4);
	}
}

/*
 * A _func: entry (uint32 offset from 1.18 on, else a pointer), nameoff,
 * args, deferreturn, pcsp, pcfile, pcln, npcdata, cuOffset (1.16 on),
 * startLine (1.20 on), funcID, flag, pad, nfuncdata; pcdata; funcdata.
 */
static void write_func(struct buf *b, int version, uint64_t entry, size_t name, size_t file, size_t ln,
		       size_t inl, uint64_t tree)
{
	put(b, entry, version >= 118 ? 4 : b->ptr);
	put(b, name, 4);
	put(b, 0, 4);
	put(b, 0, 4);
	put(b, 0, 4);
	put(b, file, 4);
	put(b, ln, 4);
	put(b, inl ? 3 : 0, 4);
	if (version >= 116)
		put(b, 0, 4);
	if (version >= 120)
		put(b, 1, 4);
	put(b, 0, 3);
	put(b, inl ? 4 : 0, 1);
	if (!inl)
		return;
	put(b, 0, 4);
	put(b, 0, 4);
	put(b, inl, 4);
	if (version >= 118) {
		for (int i = 0; i < 3; i++)
			put(b, UINT32_MAX, 4);
		put(b, tree - GOFUNC, 4);
	} else {
		/* pointers, aligned to one */
		if (b->ptr == 8 && (TAB + b->n) % 8)
			put(b, 0, 4);
		for (int i = 0; i < 3; i++)
			put(b, 0, b->ptr);
		put(b, tree, b->ptr);
	}
}

/* A table of the given format: main.outer at TEXT, main.other at TEXT + 0x40, ending at + 0x60. */
static void write_table(struct buf *b, int version, bool big, unsigned ptr, unsigned q)
{
	static const uint32_t magic[] = { [0] = 0xfffffffb, [1] = 0xfffffffa, [2] = 0xfffffff0, [3] = 0xfffffff1 };
	unsigned fsz = version >= 118 ? 4 : ptr;
	size_t words, names_at, cutab, filetab, pctab, functab, fo[2];
	struct tables pt;

	*b = (struct buf){ .big = big, .ptr = ptr };
	put(b, magic[version == 12 ? 0 : version == 116 ? 1 : version == 118 ? 2 : 3], 4);
	put(b, 0, 2);
	put(b, q, 1);
	put(b, ptr, 1);
	if (version == 12) {
		/* nfunc; functab; the file table's offset; names, files, pc tables and _funcs, all at offsets in the table */
		put(b, 2, ptr);
		functab = b->n;
		b->n += 5 * fsz + 4;
		names_at = b->n;
		put_bytes(b, "main.outer\0main.inner\0main.other\0a.go\0b.go", 43);
		align(b, 4);
		filetab = b->n;
		/* the count (with itself: file 0 is none), then name offsets */
		put(b, 3, 4);
		put(b, names_at + 33, 4);
		put(b, names_at + 38, 4);
		put_at(b, functab + 5 * fsz, filetab, 4);
		pt = write_tables(b, q, 1, 2, 0);
		align(b, ptr);
		fo[0] = b->n;
		write_func(b, version, TEXT, names_at, pt.file_outer, pt.ln_outer, 0, 0);
		align(b, ptr);
		fo[1] = b->n;
		write_func(b, version, TEXT + 0x40, names_at + 22, pt.file_other, pt.ln_other, 0, 0);
	} else {
		words = b->n;
		b->n += (version >= 118 ? 8 : 7) * ptr;
		names_at = b->n;
		put_bytes(b, "\0main.outer\0main.inner\0main.other", 34);
		align(b, 4);
		cutab = b->n;
		put(b, 0, 4);	/* the unit's file 0: "a.go" at 0 of filetab */
		put(b, 5, 4);
		filetab = b->n;
		put_bytes(b, "a.go\0b.go", 10);
		pctab = b->n;
		put(b, 0, 1);	/* offset 0 is no table */
		pt = write_tables(b, q, 0, 1, pctab);
		align(b, 8);
		functab = b->n;
		b->n += 5 * fsz;
		align(b, 8);
		fo[0] = b->n;
		write_func(b, version, version >= 118 ? 0 : TEXT, 1, pt.file_outer, pt.ln_outer, pt.inl_outer, TREE);
		align(b, 8);
		fo[1] = b->n;
		write_func(b, version, version >= 118 ? 0x40 : TEXT + 0x40, 23, pt.file_other, pt.ln_other, 0, 0);
		/* nfunc, nfiles, [textStart,] funcnametab, cutab, filetab, pctab, functab */
		{
			uint64_t w[8] = { 2, 2, TEXT, names_at, cutab, filetab, pctab, functab };
			int k = 0;

			for (int i = 0; i < 8; i++)
				if (version >= 118 || i != 2)
					put_at(b, words + (size_t)k++ * ptr, w[i], ptr);
		}
		fo[0] -= functab;
		fo[1] -= functab;
	}
	{
		uint64_t base = version >= 118 ? 0 : TEXT;

		put_at(b, functab, base, fsz);
		put_at(b, functab + fsz, fo[0], fsz);
		put_at(b, functab + 2 * fsz, base + 0x40, fsz);
		put_at(b, functab + 3 * fsz, fo[1], fsz);
		put_at(b, functab + 4 * fsz, base + 0x60, fsz);
	}
	write_tree(version, big);
}

static void want(const struct gopclntab *t, const char *what, uint64_t pc, int n_want,
		 const struct go_frame *w, uint64_t entry_want)
{
	struct go_frame got[4];
	uint64_t entry = 0;
	int n = gopclntab_frames(t, pc, got, 4, &entry);

	if (!is_int(n, n_want, "%s: pc %#llx: %d frames", what, (unsigned long long)pc, n_want))
		return;
	if (n)
		is_u64(entry, entry_want, "%s: pc %#llx: the function's entry", what, (unsigned long long)pc);
	for (int i = 0; i < n; i++) {
		is_str(got[i].function, w[i].function, "%s: pc %#llx: frame %d's function", what,
		       (unsigned long long)pc, i);
		is_str(got[i].file, w[i].file, "%s: pc %#llx: frame %d's file", what, (unsigned long long)pc, i);
		is_int(got[i].line, w[i].line, "%s: pc %#llx: frame %d's line", what, (unsigned long long)pc, i);
	}
}

static void test_format(int version, bool big, unsigned ptr, unsigned q)
{
	struct buf b;
	struct gopclntab t;
	char what[64];
	unsigned char md[64 * 8] = { 0 };
	struct buf mdb = { .big = big };
	const struct go_frame inlined[] = { { "main.inner", "b.go", 11 }, { "main.outer", "a.go", 10 } },
			      at_pc[] = { { "main.outer", "b.go", 11 } }, plain[] = { { "main.outer", "a.go", 12 } },
			      other[] = { { "main.other", "a.go", 20 } };

	snprintf(what, sizeof(what), "Go 1.%d format, %s-endian, %u-byte pointers, quantum %u",
		 version == 12 ? 2 : version % 100, big ? "big" : "little", ptr, q);
	write_table(&b, version, big, ptr, q);
	if (!is_int(gopclntab_init(&t, b.b, b.n, TAB, (struct go_image){ img_at, NULL }), 0, "%s: read", what))
		return;
	is_int(t.version, version, "%s: its version", what);
	if (version >= 118) {
		/* moduledata: pcHeader, funcnametab's slice, ... text at word 22, gofunc at 38 (40 from 1.20) */
		mdb.n = 8 * ptr;
		put(&mdb, TAB, ptr);
		put(&mdb, TAB + t.funcnametab, ptr);
		mdb.n = (8 + 22) * ptr;
		put(&mdb, TEXT, ptr);
		mdb.n = (8 + (version >= 120 ? 40 : 38)) * ptr;
		put(&mdb, GOFUNC, ptr);
		memcpy(md, mdb.b, sizeof(md));
		ok(gopclntab_find_gofunc(&t, md, sizeof(md)), "%s: moduledata found", what);
		is_u64(t.gofunc, GOFUNC, "%s: go:func.* from it", what);
	}
	if (version >= 116)
		want(&t, what, TEXT + 0x18, 2, inlined, TEXT);
	else
		want(&t, what, TEXT + 0x18, 1, at_pc, TEXT);
	want(&t, what, TEXT + 0x30, 1, plain, TEXT);
	want(&t, what, TEXT + 0x5f, 1, other, TEXT + 0x40);
	want(&t, what, TEXT + 0x60, 0, NULL, 0);
	want(&t, what, TEXT - 1, 0, NULL, 0);
	/* without the inline tree: the function, at the pc's own line */
	if (version >= 116) {
		t.img.at = NULL;
		want(&t, what, TEXT + 0x18, 1, at_pc, TEXT);
	}
}

static void test_bad(void)
{
	struct buf b;
	struct gopclntab t;
	struct go_frame f[2];
	uint64_t entry;

	write_table(&b, 120, false, 8, 1);
	ok(gopclntab_init(&t, b.b, 15, TAB, (struct go_image){ 0 }) < 0, "a table of 15 bytes is refused");
	b.b[4] = 1;
	ok(gopclntab_init(&t, b.b, b.n, TAB, (struct go_image){ 0 }) < 0, "a header without its two zero bytes is refused");
	write_table(&b, 120, false, 8, 1);
	b.b[0] = 0xf2;
	ok(gopclntab_init(&t, b.b, b.n, TAB, (struct go_image){ 0 }) < 0, "an unknown magic is refused");
	write_table(&b, 120, false, 8, 1);
	ok(gopclntab_init(&t, b.b, 100, TAB, (struct go_image){ 0 }) < 0, "a table cut short of its functab is refused");
	write_table(&b, 120, false, 8, 1);
	put_at(&b, 8, UINT64_C(1) << 60, 8);
	ok(gopclntab_init(&t, b.b, b.n, TAB, (struct go_image){ 0 }) < 0, "a huge function count is refused");
	/* every truncation of a good table reads nothing outside it (ASan) */
	write_table(&b, 120, false, 8, 1);
	for (size_t n = 16; n < b.n; n++)
		if (gopclntab_init(&t, b.b, n, TAB, (struct go_image){ img_at, NULL }) == 0)
			gopclntab_frames(&t, TEXT + 0x18, f, 2, &entry);
	ok(1, "truncated tables read within their bounds");
	/* nor does a table with bytes changed at random (a fixed seed: the same each run) */
	for (unsigned seed = 1, round = 0; round < 3000; round++) {
		static const int versions[] = { 12, 116, 118, 120 };

		write_table(&b, versions[round % 4], round % 8 >= 4, round % 3 ? 8 : 4, 1);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245 + 12345;
			b.b[(seed >> 8) % b.n] = (unsigned char)(seed >> 20);
			seed = seed * 1103515245 + 12345;
			img.b[(seed >> 8) % img.n] = (unsigned char)(seed >> 20);
		}
		if (gopclntab_init(&t, b.b, b.n, TAB, (struct go_image){ img_at, NULL }) == 0) {
			gopclntab_find_gofunc(&t, b.b, b.n);
			for (uint64_t pc = TEXT - 1; pc <= TEXT + 0x60; pc += 7)
				gopclntab_frames(&t, pc, f, 2, &entry);
		}
	}
	ok(1, "tables with bytes changed at random read within their bounds");
}

/* debug/gosym's Go 1.15 hello world, as Go 1.19's Table.PCToLine reads it */
static const struct {
	uint64_t pc;
	const char *function;
	uint64_t entry;
	const char *file;
	int line;
} go115[] = {
	{ 0x1024960, "runtime.(*pageCache).alloc", 0x1024960, "/Users/jfaller/src/go/src/runtime/mpagecache.go", 38 },
	{ 0x10249e0, "runtime.(*pageCache).alloc", 0x1024960, "/Users/jfaller/src/go/src/runtime/mpagecache.go", 44 },
	{ 0x1024a5f, "runtime.(*pageCache).alloc", 0x1024960, NULL, 0 },
	{ 0x102e8a0, "runtime.main", 0x102e8a0, "/Users/jfaller/src/go/src/runtime/proc.go", 114 },
	{ 0x102ea60, "runtime.main", 0x102e8a0, "/Users/jfaller/src/go/src/runtime/proc.go", 191 },
	{ 0x1040600, "runtime.sigfwdgo", 0x1040600, "/Users/jfaller/src/go/src/runtime/signal_unix.go", 951 },
	{ 0x1040700, "runtime.sigfwdgo", 0x1040600, "/Users/jfaller/src/go/src/runtime/signal_unix.go", 988 },
	{ 0x10584e0, "runtime.call4194304", 0x10584e0, "/Users/jfaller/src/go/src/runtime/asm_amd64.s", 557 },
	{ 0x1058550, "runtime.call4194304", 0x10584e0, "/Users/jfaller/src/go/src/runtime/asm_amd64.s", 557 },
	{ 0x105c280, "main.main", 0x105c280, "/tmp/hello.go", 3 },
	{ 0x105c2ab, "main.main", 0x105c280, "/tmp/hello.go", 4 },
	{ 0x105c2d5, "main.main", 0x105c280, "/tmp/hello.go", 3 },
};

static void test_go115(void)
{
	static const char *const where[] = { "/usr/lib/go/src/debug/gosym/testdata/pcln115.gz",
					     "/usr/lib/go-1.19/src/debug/gosym/testdata/pcln115.gz",
					     "/usr/local/go/src/debug/gosym/testdata/pcln115.gz" };
	static unsigned char dat[1 << 19];
	struct gopclntab t;
	size_t n = 0;
	FILE *f = NULL;
	char cmd[200];

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]) && !f; i++) {
		snprintf(cmd, sizeof(cmd), "gzip -dc %s 2>/dev/null", where[i]);
		if ((f = fopen(where[i], "r"))) {
			fclose(f);
			f = popen(cmd, "r");
		}
	}
	if (f) {
		n = fread(dat, 1, sizeof(dat), f);
		pclose(f);
	}
	if (!n) {
		printf("ok - go 1.15 table # SKIP no Go toolchain's debug/gosym testdata here (golang-go)\n");
		return;
	}
	is_u64(n, 247092, "go 1.15 table: its size");
	if (!is_int(gopclntab_init(&t, dat, n, 0, (struct go_image){ 0 }), 0, "go 1.15 table: read"))
		return;
	is_int(t.version, 12, "go 1.15 table: the Go 1.2 format");
	is_u64(t.nfunc, 1025, "go 1.15 table: 1025 functions, as debug/gosym counts them");
	for (size_t i = 0; i < sizeof(go115) / sizeof(go115[0]); i++) {
		struct go_frame fr[2];
		uint64_t entry = 0;
		int k = gopclntab_frames(&t, go115[i].pc, fr, 2, &entry);

		if (!is_int(k, 1, "go 1.15 table: pc %#llx: one frame", (unsigned long long)go115[i].pc))
			continue;
		is_str(fr[0].function, go115[i].function, "go 1.15 table: pc %#llx: the function",
		       (unsigned long long)go115[i].pc);
		is_u64(entry, go115[i].entry, "go 1.15 table: pc %#llx: its entry", (unsigned long long)go115[i].pc);
		is_str(fr[0].file, go115[i].file, "go 1.15 table: pc %#llx: the file", (unsigned long long)go115[i].pc);
		is_int(fr[0].line, go115[i].line, "go 1.15 table: pc %#llx: the line", (unsigned long long)go115[i].pc);
	}
}

int main(void)
{
	static const int versions[] = { 12, 116, 118, 120 };

	for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
		test_format(versions[v], false, 8, 1);
		test_format(versions[v], true, 8, 4);
		test_format(versions[v], false, 4, 4);
		test_format(versions[v], true, 4, 2);
	}
	test_bad();
	test_go115();
	return tap_done();
}
