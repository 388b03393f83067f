/* SPDX-License-Identifier: MIT */
/* Go's pclntab: the function, file:line and inlined calls at a pc; see gopclntab.h. */
#include <string.h>

#include "tracer/stack/gopclntab.h"

/* pcHeader.magic, one per format (debug/gosym/pclntab.go) */
#define GO12_MAGIC 0xfffffffbu
#define GO116_MAGIC 0xfffffffau
#define GO118_MAGIC 0xfffffff0u
#define GO120_MAGIC 0xfffffff1u

/* the pcdata table and the funcdata of the inline tree (runtime/symtab.go, internal/abi) */
#define PCDATA_INLTREEINDEX 2
#define FUNCDATA_INLTREE 3

/*
 * moduledata's fields, in words (a slice is three): pcHeader, then the
 * slices funcnametab, cutab, filetab, pctab, pclntable and ftab, then
 * findfunctab, minpc, maxpc, text ...; gofunc is the 39th word in Go 1.18
 * and 1.19 and the 41st from 1.20 on (covctrs and ecovctrs before it).
 */
#define MD_FUNCNAMETAB 1
#define MD_TEXT 22
#define MD_GOFUNC_118 38
#define MD_GOFUNC_120 40

#define INLINED_MAX 64		/* inlined calls followed at one pc: a tree is no deeper */

static uint32_t get32(const struct gopclntab *t, const unsigned char *p)
{
	return t->big_endian ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
			     : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t get_word(const struct gopclntab *t, const unsigned char *p, unsigned size)
{
	uint64_t hi, lo;

	if (size == 4)
		return get32(t, p);
	hi = get32(t, t->big_endian ? p : p + 4);
	lo = get32(t, t->big_endian ? p + 4 : p);
	return hi << 32 | lo;
}

/* n bytes at offset off of the table, or NULL past its end. */
static const unsigned char *in(const struct gopclntab *t, uint64_t off, uint64_t n)
{
	return off <= t->size && n <= t->size - off ? t->tab + off : NULL;
}

/* The NUL-terminated string at offset off of the table, or NULL. */
static const char *str(const struct gopclntab *t, uint64_t off)
{
	const unsigned char *p = in(t, off, 1);

	return p && memchr(p, 0, t->size - off) ? (const char *)p : NULL;
}

/* A word of the table at off (0 past its end). */
static uint64_t word_at(const struct gopclntab *t, uint64_t off, unsigned size)
{
	const unsigned char *p = in(t, off, size);

	return p ? get_word(t, p, size) : 0;
}

int gopclntab_init(struct gopclntab *t, const void *tab, uint64_t size, uint64_t addr, struct go_image img)
{
	const unsigned char *p = tab;
	uint32_t le, be;
	uint64_t w[8], fsz;

	memset(t, 0, sizeof(*t));
	/* 4-byte magic, two zeros, the pc quantum, the pointer size */
	if (size < 16 || p[4] || p[5] || (p[6] != 1 && p[6] != 2 && p[6] != 4) || (p[7] != 4 && p[7] != 8))
		return -1;
	t->tab = p;
	t->size = size;
	t->addr = addr;
	t->img = img;
	t->quantum = p[6];
	t->ptrsize = p[7];
	le = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
	be = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	t->big_endian = le != GO12_MAGIC && le != GO116_MAGIC && le != GO118_MAGIC && le != GO120_MAGIC;
	switch (t->big_endian ? be : le) {
	case GO12_MAGIC: t->version = 12; break;
	case GO116_MAGIC: t->version = 116; break;
	case GO118_MAGIC: t->version = 118; break;
	case GO120_MAGIC: t->version = 120; break;
	default: return -1;
	}
	for (int i = 0; i < 8; i++)
		w[i] = word_at(t, 8 + (uint64_t)i * t->ptrsize, t->ptrsize);
	t->nfunc = w[0];
	if (t->version >= 116) {
		/* nfunc, nfiles, textStart (1.18 on), then the tables' offsets */
		const uint64_t *off = w + (t->version >= 118 ? 3 : 2);

		t->nfiles = w[1];
		t->text_start = t->version >= 118 ? w[2] : 0;
		t->funcnametab = off[0];
		t->cutab = off[1];
		t->filetab = off[2];
		t->pctab = off[3];
		t->functab = t->funcdata = off[4];
	} else {
		/* nfunc, then functab; the file table's offset after it; all else offsets in the table */
		t->functab = 8 + t->ptrsize;
	}
	fsz = t->version >= 118 ? 4 : t->ptrsize;
	/* functab: nfunc (entry, _func offset) pairs, then the end of the last function */
	if (!t->nfunc || t->nfunc > size / (2 * fsz) || !in(t, t->functab, (2 * t->nfunc + 1) * fsz))
		return -1;
	if (t->version == 12) {
		t->filetab = word_at(t, t->functab + (2 * t->nfunc + 1) * fsz, 4);
		t->nfiles = word_at(t, t->filetab, 4);
		if (!in(t, t->filetab, t->nfiles * 4) || t->nfiles > size / 4)
			return -1;
	} else if (!in(t, t->funcnametab, 1) || !in(t, t->cutab, 1) || !in(t, t->filetab, 1) || !in(t, t->pctab, 1)) {
		return -1;
	}
	return 0;
}

bool gopclntab_find_gofunc(struct gopclntab *t, const unsigned char *data, uint64_t size)
{
	unsigned w = t->ptrsize;
	uint64_t last = t->version >= 120 ? MD_GOFUNC_120 : MD_GOFUNC_118;

	if (t->version < 118)
		return false;
	/* moduledata starts with the pcHeader (the table) and the funcnametab slice in it */
	for (uint64_t off = 0; size >= (last + 1) * w && off <= size - (last + 1) * w; off += w) {
		const unsigned char *md = data + off;

		if (get_word(t, md, w) != t->addr ||
		    get_word(t, md + MD_FUNCNAMETAB * w, w) != t->addr + t->funcnametab ||
		    get_word(t, md + MD_TEXT * w, w) != t->text_start)
			continue;
		t->gofunc = get_word(t, md + last * w, w);
		return t->gofunc != 0;
	}
	return false;
}

/* A function's _func: where it is in the table, and what of it is read. */
struct func {
	uint64_t at;			/* its offset in the table */
	uint64_t entry;
	uint32_t nameoff, pcfile, pcln, npcdata, cu;
	unsigned nfuncdata;
	uint64_t fixed;			/* its size up to its pcdata */
};

/* The entry pc of functab's i'th function (i == nfunc: the end of the last). */
static uint64_t func_entry(const struct gopclntab *t, uint64_t i)
{
	unsigned fsz = t->version >= 118 ? 4 : t->ptrsize;

	return word_at(t, t->functab + 2 * i * fsz, fsz) + (t->version >= 118 ? t->text_start : 0);
}

/*
 * The _func of the function holding pc: 0, or -1.  Its first field is the
 * entry (an offset from textStart from 1.18 on, else a pointer), each
 * next one 4 bytes: nameoff, args, deferreturn, pcsp, pcfile, pcln,
 * npcdata, cuOffset (1.16 on), startLine (1.20 on), then funcID, flag, a
 * pad byte and nfuncdata.
 */
static int find_func(const struct gopclntab *t, uint64_t pc, struct func *f)
{
	unsigned fsz = t->version >= 118 ? 4 : t->ptrsize, sz0 = t->version >= 118 ? 4 : t->ptrsize;
	uint64_t lo = 0, hi = t->nfunc;
	const unsigned char *p;

	if (pc < func_entry(t, 0) || pc >= func_entry(t, t->nfunc))
		return -1;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (func_entry(t, mid) <= pc)
			lo = mid;
		else
			hi = mid;
	}
	f->at = t->funcdata + word_at(t, t->functab + (2 * lo + 1) * fsz, fsz);
	f->fixed = t->version >= 120 ? 44 : t->version == 118 ? 40 : sz0 + (t->version == 116 ? 36 : 32);
	if (!(p = in(t, f->at, f->fixed)))
		return -1;
	f->entry = t->version >= 118 ? get32(t, p) + t->text_start : get_word(t, p, t->ptrsize);
	f->nameoff = get32(t, p + sz0);
	f->pcfile = get32(t, p + sz0 + 16);
	f->pcln = get32(t, p + sz0 + 20);
	f->npcdata = get32(t, p + sz0 + 24);
	f->cu = t->version >= 116 ? get32(t, p + sz0 + 28) : 0;
	f->nfuncdata = p[f->fixed - 1];
	return f->entry <= pc ? 0 : -1;
}

/* An unsigned LEB128-style varint of a pc-value table at *at, advanced: 0, or -1 past the end. */
static int varint(const struct gopclntab *t, uint64_t *at, uint32_t *v)
{
	*v = 0;
	for (unsigned shift = 0; shift < 35; shift += 7) {
		const unsigned char *p = in(t, (*at)++, 1);

		if (!p)
			return -1;
		*v |= (uint32_t)(*p & 0x7f) << shift;
		if (!(*p & 0x80))
			return 0;
	}
	return -1;
}

/*
 * The value a pc-value table (at offset off of pctab; 0: none) gives
 * target in the function at entry, or -1: pairs of a zig-zag value delta
 * and a pc delta in quanta, the value holding below each pc reached.
 */
static int32_t pcvalue(const struct gopclntab *t, uint32_t off, uint64_t entry, uint64_t target)
{
	uint64_t at = t->pctab + off, pc = entry;
	int32_t val = -1;

	if (!off)
		return -1;
	for (bool first = true;; first = false) {
		uint32_t uv, pcdelta;

		if (varint(t, &at, &uv) < 0 || (uv == 0 && !first) || varint(t, &at, &pcdelta) < 0)
			return -1;
		val += (int32_t)(uv & 1 ? ~(uv >> 1) : uv >> 1);
		pc += (uint64_t)pcdelta * t->quantum;
		if (target < pc)
			return val;
	}
}

static const char *func_name(const struct gopclntab *t, uint32_t nameoff)
{
	return str(t, (t->version == 12 ? 0 : t->funcnametab) + nameoff);
}

/* The file and line of pc in f. */
static void file_line(const struct gopclntab *t, const struct func *f, uint64_t pc, struct go_frame *out)
{
	int32_t fno = pcvalue(t, f->pcfile, f->entry, pc), line = pcvalue(t, f->pcln, f->entry, pc);

	out->file = NULL;
	out->line = line > 0 ? line : 0;
	if (t->version == 12) {
		/* the file table: a count, then offsets of names in the table; 0 is no file */
		if (fno > 0 && (uint64_t)fno < t->nfiles)
			out->file = str(t, word_at(t, t->filetab + 4 * (uint64_t)fno, 4));
	} else if (fno >= 0 && f->cu != UINT32_MAX) {
		/* the unit's files in cutab: offsets in filetab, ~0 for none */
		const unsigned char *name = in(t, t->cutab + 4 * ((uint64_t)f->cu + (uint64_t)fno), 4);

		if (name && get32(t, name) != UINT32_MAX)
			out->file = str(t, t->filetab + get32(t, name));
	}
}

/*
 * Where f's funcdata i is, or 0: from 1.18 on an offset from go:func.*
 * (~0: none), before a pointer, aligned to one.
 */
static uint64_t funcdata(const struct gopclntab *t, const struct func *f, unsigned i)
{
	uint64_t at = f->at + f->fixed + 4 * (uint64_t)f->npcdata, off;

	if (i >= f->nfuncdata)
		return 0;
	if (t->version >= 118) {
		off = word_at(t, at + 4 * i, 4);
		return off == UINT32_MAX || !t->gofunc ? 0 : t->gofunc + off;
	}
	if (t->ptrsize == 8 && ((t->addr + at) & 4))
		at += 4;
	return word_at(t, at + (uint64_t)i * t->ptrsize, t->ptrsize);
}

int gopclntab_frames(const struct gopclntab *t, uint64_t pc, struct go_frame *out, int max, uint64_t *entry)
{
	struct func f;
	uint64_t tree = 0;
	uint32_t inl = 0;
	/* an inlinedCall: 1.16-1.19 parent, funcID, pad, file, line, nameoff, parentPc; 1.20 on funcID, pad, nameoff, parentPc, startLine */
	unsigned size = t->version >= 120 ? 16 : 20, name_at = t->version >= 120 ? 4 : 12;
	int n = 0;

	if (max < 1 || find_func(t, pc, &f) < 0)
		return 0;
	*entry = f.entry;
	if (t->version >= 116 && t->img.at && f.npcdata > PCDATA_INLTREEINDEX && in(t, f.at + f.fixed, 4 * (uint64_t)f.npcdata)) {
		inl = (uint32_t)word_at(t, f.at + f.fixed + 4 * PCDATA_INLTREEINDEX, 4);
		tree = funcdata(t, &f, FUNCDATA_INLTREE);
	}
	/* each inlined call, then the call site in its caller (entry + parentPc) */
	for (int32_t ix = tree ? pcvalue(t, inl, f.entry, pc) : -1; ix >= 0 && n < max - 1 && n < INLINED_MAX;
	     ix = pcvalue(t, inl, f.entry, pc)) {
		const unsigned char *call = t->img.at(t->img.ctx, tree + (uint64_t)ix * size, size);

		if (!call)
			break;
		file_line(t, &f, pc, &out[n]);
		out[n++].function = func_name(t, get32(t, call + name_at));
		pc = f.entry + (uint64_t)(int64_t)(int32_t)get32(t, call + name_at + 4);
	}
	file_line(t, &f, pc, &out[n]);
	out[n++].function = func_name(t, f.nameoff);
	return n;
}
