/*
 * rows_xlsx.c — the XLSX row reader (see rows.h).
 *
 * rows_open_xlsx reads the whole sheet at open: the zip comes from memory
 * through minizip with our own file functions, each XML part is inflated in
 * chunks straight into expat's buffer, and the sheet's rows end up as three
 * flat arrays (cell text, cell references, rows), so rows_next only builds
 * a row's pointer array. Shared strings are not copied into the cell text:
 * a cell refers to its shared string by index.
 *
 * The parts: xl/workbook.xml (the sheets by name and relationship id, and
 * the 1904 date system), xl/_rels/workbook.xml.rels (id → part, and where
 * the shared strings and styles are), the shared strings, the styles
 * (which cell formats are dates) and the sheet.
 *
 * Untrusted input is the normal case, so:
 *  - a zip entry that declares, or inflates to, more than
 *    ROWS_XLSX_MAX_PART bytes, or above 1 MiB more than 100 times its
 *    compressed size, is refused before it fills memory (zip bombs);
 *  - XML with a DOCTYPE is refused, so no entity can expand; elements may
 *    nest XML_MAX_DEPTH deep; the sheet may hold MAX_CELLS cells;
 *  - every cell obeys ROWS_MAX_CELL and ROWS_MAX_COLS like in CSV.
 * Expat checks that the text is well-formed UTF-8 without NULs.
 *
 * Values: shared and inline strings as they are (rich text runs joined,
 * phonetic runs left out, _xHHHH_ escapes decoded); numbers as the
 * shortest text that strtod reads back to the same double; numbers with a
 * date format as YYYY-MM-DD (1900 system with its phantom 1900-02-29, or
 * the 1904 system); booleans "1"/"0"; formula results from <v>; Excel
 * errors (t="e") fail the open. A format is a date format when it shows a
 * year, a day or a month; time-only formats (h:mm, mm:ss, [h]:mm, built-in
 * 18–21 and 45–47) keep the number, since a time of day has no date.
 * Cells missing in a sparse row are "" at their column; trailing empty
 * cells are not returned; rows with no non-empty cell are skipped.
 */
#include "io/rows.h"
#include "io/rows_impl.h"

#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/xmalloc.h"

#include <expat.h>
#include <unzip.h>

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XML_MAX_DEPTH 64
#define MAX_CELLS     20000000u  /* cells of one sheet, gaps included */
#define MAX_TEXT      (1u << 30) /* bytes of cell text of one sheet */
#define MAX_SHEETS    10000
#define MAX_ROW       1048576u   /* Excel's last row */
#define MAX_COL       16384u     /* Excel's last column, XFD */
#define BOMB_MIN      (1u << 20) /* parts above this size ... */
#define BOMB_RATIO    100u       /* ... may not compress better than this */
#define CHUNK         (64 * 1024)

#define CELL_SST 0x80000000u /* cell reference: shared string index */
#define SST_LONG 0x80000000u /* shared string offset: over ROWS_MAX_CELL */

#define GROW(arr, n, cap)                                                                                              \
	do {                                                                                                           \
		if ((n) == (cap)) {                                                                                    \
			(cap) = (cap) ? 2 * (cap) : 16;                                                                \
			(arr) = xreallocarray((arr), (cap), sizeof *(arr));                                            \
		}                                                                                                      \
	} while (0)

struct xrow {
	uint32_t line;  /* the row number */
	uint32_t first; /* index of its first cell */
};

struct xlsx {
	struct rows base;
	char *name;
	char *text; /* cell text, each NUL-terminated; text[0] is "" */
	size_t text_len, text_cap;
	uint32_t *cells; /* CELL_SST | shared string index, or offset in text */
	size_t ncells, cells_cap;
	struct xrow *rows;
	size_t nrows, rows_cap, next;
	char *sst; /* shared strings, each NUL-terminated */
	size_t sst_len, sst_cap;
	uint32_t *sst_off; /* offset in sst, | SST_LONG when too long */
	size_t nsst, sst_off_cap;
	const char *ptrs[ROWS_MAX_COLS];
};

/* --- zip in memory ------------------------------------------------------- */

struct memzip {
	const unsigned char *data;
	size_t len, pos;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
	struct memzip *m = opaque;

	(void)filename;
	if (mode & ZLIB_FILEFUNC_MODE_WRITE)
		return NULL;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct memzip *m = opaque;
	size_t n = m->len - m->pos;

	(void)stream;
	if (n > size)
		n = size;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque, (void)stream, (void)buf, (void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
	(void)stream;
	return ((struct memzip *)opaque)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	struct memzip *m = opaque;
	size_t base;

	(void)stream;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
	case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
	case ZLIB_FILEFUNC_SEEK_END: base = m->len; break;
	default: return -1;
	}
	if (offset > m->len - base)
		return -1;
	m->pos = base + (size_t)offset;
	return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque, (void)stream;
	return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque, (void)stream;
	return 0;
}

/* --- XML parts ----------------------------------------------------------- */

struct xml;
typedef void (*start_fn)(struct xml *x, const char *el, const char **atts);
typedef void (*end_fn)(struct xml *x, const char *el);

/* One part being parsed: the parser, where we are, the handlers of the
 * part's kind with their context, and the text being collected. */
struct xml {
	XML_Parser p;
	const char *name, *part;
	int depth, rc;
	start_fn start;
	end_fn end;
	void *ctx;
	bool collect;
	bool too_long; /* the text passed ROWS_MAX_CELL bytes */
	char *text;    /* collected text, NUL-terminated */
	size_t len, cap;
};

/* Stops the parser with rc (the message is set already). */
static void stop(struct xml *x, int rc)
{
	if (!x->rc) {
		x->rc = rc;
		XML_StopParser(x->p, XML_FALSE);
	}
}

static void stopf(struct xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stops with "NAME: PART:LINE: message". */
static void stopf(struct xml *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	stop(x, err_set(PEJL_EINPUT, "%s: %s:%lu: %s", x->name, x->part, (unsigned long)XML_GetCurrentLineNumber(x->p),
	                msg));
}

/* The name without its namespace prefix: "x:row" → "row". Prefixes are
 * not resolved (expat without namespace processing is much faster); what
 * a part means is clear from the part anyway. */
static const char *local(const char *name)
{
	const char *s = strchr(name, ':');

	return s ? s + 1 : name;
}

/* The attribute without a prefix called name, or NULL. */
static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(atts[i], name))
			return atts[i + 1];
	return NULL;
}

/* The prefixed attribute with local name name (r:id), or NULL. */
static const char *attr_ns(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && !strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xml *x = ud;

	if (x->rc)
		return;
	if (++x->depth > XML_MAX_DEPTH) {
		stopf(x, "elements nested deeper than %d levels", XML_MAX_DEPTH);
		return;
	}
	x->start(x, local(el), atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
	struct xml *x = ud;

	x->depth--;
	if (!x->rc)
		x->end(x, local(el));
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xml *x = ud;
	size_t n = (size_t)len;

	if (!x->collect || x->too_long)
		return;
	if (x->len + n > ROWS_MAX_CELL) {
		x->too_long = true;
		return;
	}
	if (x->len + n + 1 > x->cap) {
		while (x->len + n + 1 > x->cap)
			x->cap = x->cap ? 2 * x->cap : 256;
		x->text = xreallocarray(x->text, x->cap, 1);
	}
	memcpy(x->text + x->len, s, n);
	x->len += n;
	x->text[x->len] = '\0';
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	stopf(ud, "a DOCTYPE is not allowed in XLSX parts");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value, int len,
                              const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)len, (void)base, (void)sysid, (void)pubid, (void)notation;
	stopf(ud, "entity declarations are not allowed in XLSX parts");
}

/* Empties the collected text. */
static void text_reset(struct xml *x)
{
	x->len = 0;
	x->too_long = false;
	if (x->text)
		x->text[0] = '\0';
}

static const char *text_get(struct xml *x)
{
	return x->text ? x->text : "";
}

/* Decodes the _xHHHH_ escapes of OOXML strings in place (the writer's way
 * of storing characters XML cannot hold). Escapes that would give a NUL,
 * a surrogate or other invalid text are left as they are. */
static void unescape_x(struct xml *x)
{
	char *s = x->text, *w;
	const char *r;

	if (!s || !strstr(s, "_x"))
		return;
	for (r = w = s; *r;) {
		unsigned v = 0;
		int i;

		if (r[0] == '_' && r[1] == 'x') {
			for (i = 0; i < 4; i++) {
				char c = r[2 + i];

				if (c >= '0' && c <= '9')
					v = v * 16 + (unsigned)(c - '0');
				else if (c >= 'a' && c <= 'f')
					v = v * 16 + (unsigned)(c - 'a' + 10);
				else if (c >= 'A' && c <= 'F')
					v = v * 16 + (unsigned)(c - 'A' + 10);
				else
					break;
			}
			if (i == 4 && r[6] == '_' && v != 0 && !(v >= 0xD800 && v <= 0xDFFF)) {
				if (v < 0x80) {
					*w++ = (char)v;
				} else if (v < 0x800) {
					*w++ = (char)(0xC0 | (v >> 6));
					*w++ = (char)(0x80 | (v & 0x3F));
				} else {
					*w++ = (char)(0xE0 | (v >> 12));
					*w++ = (char)(0x80 | ((v >> 6) & 0x3F));
					*w++ = (char)(0x80 | (v & 0x3F));
				}
				r += 7;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
	x->len = (size_t)(w - s);
}

/* --- the open ------------------------------------------------------------ */

struct rel {
	char *id, *type, *target;
};

struct sheetref {
	char *name, *rid;
};

struct numfmt {
	long id;
	bool date;
};

/* Everything the open needs on the way and frees at the end. */
struct opening {
	struct xlsx *x;
	const char *name;
	unzFile zip;
	/* workbook.xml */
	struct sheetref *sheets;
	size_t nsheets, sheets_cap;
	bool date1904;
	/* workbook.xml.rels */
	struct rel *rels;
	size_t nrels, rels_cap;
	/* styles.xml */
	struct numfmt *fmts;
	size_t nfmts, fmts_cap;
	long *xfs; /* numFmtId of each cellXfs entry */
	size_t nxfs, xfs_cap;
	bool *xf_date;
	int in_cellxfs, in_numfmts;
	/* sharedStrings.xml */
	bool in_si;
	int in_rph;
	/* the sheet */
	bool in_data, in_row, in_c;
	uint32_t row, col; /* current row; last column seen in it (0: none) */
	uint32_t row_first;
	char type; /* s, i(nlineStr), f (str), b, e, d, n */
	bool date, have_v;
};

static int failf(struct opening *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Fails the open with "NAME: message". */
static int failf(struct opening *o, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(PEJL_EINPUT, "%s: %s", o->name, msg);
}

/* Parses the zip entry part with the handlers. Returns 0, 1 when the part
 * is missing and optional, or <0. */
static int parse_part(struct opening *o, const char *part, bool required, start_fn start, end_fn end)
{
	struct xml x = {0};
	unz_file_info64 info;
	uint64_t total = 0;
	int rc = 0, n, st;
	bool open = false;

	if (unzLocateFile(o->zip, part, 2) != UNZ_OK)
		return required ? failf(o, "%s is missing (is this an XLSX file?)", part) : 1;
	if (unzGetCurrentFileInfo64(o->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
		return failf(o, "%s: damaged zip entry", part);
	if (info.flag & 1)
		return failf(o, "%s is encrypted (save the workbook without a password)", part);
	if (info.uncompressed_size > ROWS_XLSX_MAX_PART)
		return failf(o, "%s unpacks to more than %u MiB", part, ROWS_XLSX_MAX_PART >> 20);
	if (info.uncompressed_size > BOMB_MIN && info.uncompressed_size / BOMB_RATIO >= info.compressed_size)
		return failf(o, "%s is compressed more than %u:1 (a zip bomb?)", part, BOMB_RATIO);
	if (unzOpenCurrentFile(o->zip) != UNZ_OK)
		return failf(o, "%s: damaged or unsupported zip entry", part);
	open = true;
	x.p = XML_ParserCreate(NULL);
	x.name = o->name;
	x.part = part;
	x.start = start;
	x.end = end;
	x.ctx = o;
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, on_start, on_end);
	XML_SetCharacterDataHandler(x.p, on_text);
	XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
	XML_SetEntityDeclHandler(x.p, on_entity);
	do {
		void *b = XML_GetBuffer(x.p, CHUNK);

		if (!b) {
			rc = failf(o, "%s: out of memory parsing XML", part);
			goto out;
		}
		n = unzReadCurrentFile(o->zip, b, CHUNK);
		if (n < 0) {
			rc = failf(o, "%s: damaged zip entry (error %d)", part, n);
			goto out;
		}
		total += (uint64_t)n;
		if (total > ROWS_XLSX_MAX_PART) {
			rc = failf(o, "%s unpacks to more than %u MiB", part, ROWS_XLSX_MAX_PART >> 20);
			goto out;
		}
		if (total > BOMB_MIN && total / BOMB_RATIO >= info.compressed_size) {
			rc = failf(o, "%s is compressed more than %u:1 (a zip bomb?)", part, BOMB_RATIO);
			goto out;
		}
		if (XML_ParseBuffer(x.p, n, n == 0) != XML_STATUS_OK) {
			if (x.rc)
				rc = x.rc;
			else
				rc = failf(o, "%s:%lu: XML error: %s", part,
				           (unsigned long)XML_GetCurrentLineNumber(x.p),
				           XML_ErrorString(XML_GetErrorCode(x.p)));
			goto out;
		}
	} while (n > 0);
	open = false;
	if ((st = unzCloseCurrentFile(o->zip)) != UNZ_OK)
		rc =
		    failf(o, "%s: damaged zip entry (%s)", part, st == UNZ_CRCERROR ? "checksum mismatch" : "bad data");
out:
	if (open)
		unzCloseCurrentFile(o->zip);
	if (x.p)
		XML_ParserFree(x.p);
	free(x.text);
	return rc;
}

/* --- xl/workbook.xml ----------------------------------------------------- */

static void workbook_start(struct xml *x, const char *el, const char **atts)
{
	struct opening *o = x->ctx;

	if (!strcmp(el, "workbookPr")) {
		const char *v = attr(atts, "date1904");

		o->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(el, "sheet")) {
		const char *name = attr(atts, "name"), *rid = attr_ns(atts, "id");

		if (!name || !rid) {
			stopf(x, "a <sheet> without a name or r:id");
			return;
		}
		if (o->nsheets == MAX_SHEETS) {
			stopf(x, "more than %d sheets", MAX_SHEETS);
			return;
		}
		GROW(o->sheets, o->nsheets, o->sheets_cap);
		o->sheets[o->nsheets].name = xstrdup(name);
		o->sheets[o->nsheets].rid = xstrdup(rid);
		o->nsheets++;
	}
}

static void no_end(struct xml *x, const char *el)
{
	(void)x, (void)el;
}

/* --- xl/_rels/workbook.xml.rels ------------------------------------------ */

static void rels_start(struct xml *x, const char *el, const char **atts)
{
	struct opening *o = x->ctx;
	const char *id, *type, *target, *mode;

	if (strcmp(el, "Relationship"))
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !target || (mode && !strcmp(mode, "External")))
		return;
	if (o->nrels == MAX_SHEETS * 4) {
		stopf(x, "more than %d relationships", MAX_SHEETS * 4);
		return;
	}
	GROW(o->rels, o->nrels, o->rels_cap);
	o->rels[o->nrels].id = xstrdup(id);
	o->rels[o->nrels].type = xstrdup(type ? type : "");
	o->rels[o->nrels].target = xstrdup(target);
	o->nrels++;
}

/* The zip path of a workbook relationship target: relative to xl/, or
 * absolute from the package root; "." and ".." resolved. NULL when it
 * leaves the package or is too long. The caller frees it. */
static char *resolve(const char *target)
{
	char path[1024], out[1024];
	size_t starts[128], nseg = 0, len = 0;
	const char *s;

	if (target[0] == '/')
		snprintf(path, sizeof path, "%s", target + 1);
	else if ((size_t)snprintf(path, sizeof path, "xl/%s", target) >= sizeof path)
		return NULL;
	for (s = path; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 0 || (n == 1 && s[0] == '.')) {
			/* nothing */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			if (nseg == 0)
				return NULL;
			len = starts[--nseg];
		} else {
			if (nseg == sizeof starts / sizeof starts[0] || len + n + 2 > sizeof out)
				return NULL;
			starts[nseg++] = len;
			if (len)
				out[len++] = '/';
			memcpy(out + len, s, n);
			len += n;
		}
		s += n + (e != NULL);
	}
	if (!len)
		return NULL;
	/* a segment removed by ".." leaves its separator: drop it */
	if (len && out[len - 1] == '/')
		len--;
	out[len] = '\0';
	return xstrdup(out);
}

/* The part of the first relationship whose type ends in suffix. */
static char *rel_by_type(struct opening *o, const char *suffix)
{
	size_t n = strlen(suffix);

	for (size_t i = 0; i < o->nrels; i++) {
		size_t m = strlen(o->rels[i].type);

		if (m >= n && !strcmp(o->rels[i].type + m - n, suffix))
			return resolve(o->rels[i].target);
	}
	return NULL;
}

/* --- xl/styles.xml ------------------------------------------------------- */

/* Whether a number format shows a date: a year, a day or a month outside
 * quoted text, escapes and brackets. An m is minutes (not a month) right
 * after an h or right before an s, as Excel reads it. */
static bool format_is_date(const char *f)
{
	char tok[256];
	size_t n = 0;

	for (const char *p = f; *p && n < sizeof tok;) {
		char c = (char)(*p | 0x20);

		if (*p == '"') {
			const char *q = strchr(p + 1, '"');

			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '[') {
			const char *q = strchr(p + 1, ']');

			/* [h], [mm], [ss]: elapsed time */
			if (q && q > p + 1 && strchr("hHmMsS", p[1]))
				tok[n++] = (char)(p[1] | 0x20) == 'm' ? 'n' : (char)(p[1] | 0x20);
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			p += p[1] ? 2 : 1;
		} else if (!strncasecmp(p, "AM/PM", 5)) {
			p += 5;
		} else if (!strncasecmp(p, "A/P", 3)) {
			p += 3;
		} else if (c == 'y' || c == 'd' || c == 'm' || c == 'h' || c == 's') {
			tok[n++] = c;
			while ((char)(*p | 0x20) == c)
				p++;
		} else {
			p++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (tok[i] == 'y' || tok[i] == 'd')
			return true;
		if (tok[i] == 'm' && !(i > 0 && tok[i - 1] == 'h') && !(i + 1 < n && tok[i + 1] == 's'))
			return true;
	}
	return false;
}

/* Built-in formats with a date: 14 m/d/yyyy, 15 d-mmm-yy, 16 d-mmm,
 * 17 mmm-yy, 22 m/d/yyyy h:mm. (18–21 and 45–47 are times of day.) */
static bool builtin_is_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22;
}

static void styles_start(struct xml *x, const char *el, const char **atts)
{
	struct opening *o = x->ctx;

	if (!strcmp(el, "numFmts")) {
		o->in_numfmts++;
	} else if (!strcmp(el, "cellXfs")) {
		o->in_cellxfs++;
	} else if (!strcmp(el, "numFmt") && o->in_numfmts) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");

		if (!id || !code)
			return;
		GROW(o->fmts, o->nfmts, o->fmts_cap);
		o->fmts[o->nfmts].id = strtol(id, NULL, 10);
		o->fmts[o->nfmts].date = format_is_date(code);
		o->nfmts++;
	} else if (!strcmp(el, "xf") && o->in_cellxfs) {
		const char *id = attr(atts, "numFmtId");

		GROW(o->xfs, o->nxfs, o->xfs_cap);
		o->xfs[o->nxfs++] = id ? strtol(id, NULL, 10) : 0;
	}
}

static void styles_end(struct xml *x, const char *el)
{
	struct opening *o = x->ctx;

	if (!strcmp(el, "numFmts"))
		o->in_numfmts--;
	else if (!strcmp(el, "cellXfs"))
		o->in_cellxfs--;
}

/* Which cell formats (the s attribute of a cell) show dates. */
static void styles_finish(struct opening *o)
{
	o->xf_date = xcalloc(o->nxfs ? o->nxfs : 1, sizeof *o->xf_date);
	for (size_t i = 0; i < o->nxfs; i++) {
		bool date = builtin_is_date(o->xfs[i]);

		for (size_t j = 0; j < o->nfmts; j++)
			if (o->fmts[j].id == o->xfs[i])
				date = o->fmts[j].date;
		o->xf_date[i] = date;
	}
}

/* --- xl/sharedStrings.xml ------------------------------------------------ */

static void sst_start(struct xml *x, const char *el, const char **atts)
{
	struct opening *o = x->ctx;

	(void)atts;
	if (!strcmp(el, "si")) {
		o->in_si = true;
		o->in_rph = 0;
		text_reset(x);
	} else if (!strcmp(el, "rPh")) {
		o->in_rph++;
	} else if (!strcmp(el, "t") && o->in_si && !o->in_rph) {
		x->collect = true;
	}
}

static void sst_end(struct xml *x, const char *el)
{
	struct opening *o = x->ctx;
	struct xlsx *r = o->x;

	if (!strcmp(el, "t")) {
		x->collect = false;
	} else if (!strcmp(el, "rPh")) {
		o->in_rph--;
	} else if (!strcmp(el, "si") && o->in_si) {
		uint32_t off = (uint32_t)r->sst_len;

		o->in_si = false;
		unescape_x(x);
		if (r->sst_len + x->len + 1 > SST_LONG - 1) {
			stopf(x, "too much text in the shared strings");
			return;
		}
		if (r->sst_len + x->len + 1 > r->sst_cap) {
			while (r->sst_len + x->len + 1 > r->sst_cap)
				r->sst_cap = r->sst_cap ? 2 * r->sst_cap : 4096;
			r->sst = xreallocarray(r->sst, r->sst_cap, 1);
		}
		memcpy(r->sst + r->sst_len, text_get(x), x->len);
		r->sst[r->sst_len + x->len] = '\0';
		r->sst_len += x->len + 1;
		GROW(r->sst_off, r->nsst, r->sst_off_cap);
		r->sst_off[r->nsst++] = off | (x->too_long ? SST_LONG : 0);
	}
}

/* --- the sheet ----------------------------------------------------------- */

static void cell_fail(struct xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stops with "NAME:ROW:COL: message" for the current cell. */
static void cell_fail(struct xml *x, const char *fmt, ...)
{
	struct opening *o = x->ctx;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	stop(x, err_set(PEJL_EINPUT, "%s:%lu:%lu: %s", o->name, (unsigned long)o->row, (unsigned long)o->col, msg));
}

/* The column number of a cell reference like "B3" (letters, then digits),
 * or 0 when it is not one. */
static uint32_t parse_col(const char *ref)
{
	uint32_t col = 0;
	const char *p = ref;

	for (; *p >= 'A' && *p <= 'Z'; p++) {
		col = col * 26 + (uint32_t)(*p - 'A' + 1);
		if (col > MAX_COL)
			return 0;
	}
	if (p == ref)
		return 0;
	if (*p == '$' || !*p)
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		;
	return *p ? 0 : col;
}

/* A positive decimal number up to max, or 0. */
static uint32_t parse_uint(const char *s, uint32_t max)
{
	uint64_t v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return 0;
	}
	return (uint32_t)v;
}

/* Appends s (n bytes) and a NUL to the cell text; returns its offset, or 0
 * after stopping the parser. */
static uint32_t text_add(struct xml *x, const char *s, size_t n)
{
	struct xlsx *r = ((struct opening *)x->ctx)->x;
	size_t off = r->text_len;

	if (r->text_len + n + 1 > MAX_TEXT) {
		stopf(x, "the sheet holds more than %u MiB of text", MAX_TEXT >> 20);
		return 0;
	}
	if (r->text_len + n + 1 > r->text_cap) {
		while (r->text_len + n + 1 > r->text_cap)
			r->text_cap *= 2;
		r->text = xreallocarray(r->text, r->text_cap, 1);
	}
	memcpy(r->text + off, s, n);
	r->text[off + n] = '\0';
	r->text_len += n + 1;
	return (uint32_t)off;
}

/* The shortest text that strtod reads back as v; integers without a point
 * or exponent. */
static void format_number(char out[40], double v)
{
	if (v == 0) {
		strcpy(out, "0");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e17) {
		snprintf(out, 40, "%.0f", v);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, 40, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* Whether s is a number already in the form format_number writes: plain
 * decimal without redundant zeros, at most 15 significant digits (which
 * any double reads back exactly, DBL_DIG), and within the range where %g
 * writes no exponent. Most numbers in sheets are, and are kept as they
 * are, which spares a strtod and a printf per cell. */
static bool canonical_number(const char *s)
{
	const char *p = s, *f;
	int sig = 0, zeros = 0;

	if (*p == '-')
		p++;
	if (*p == '0') {
		if (*++p != '.')
			return *p == '\0' && s[0] != '-';
		for (p++; *p == '0'; p++)
			zeros++;
		if (zeros > 3)
			return false;
	} else if (*p >= '1' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++)
			sig++;
		if (*p == '\0')
			return sig <= 15;
		if (*p++ != '.')
			return false;
	} else {
		return false;
	}
	for (f = p; *p >= '0' && *p <= '9'; p++)
		sig++;
	return *p == '\0' && p > f && p[-1] != '0' && sig <= 15;
}

/* A number as Excel stores it in <v>; false when it is not one. */
static bool parse_number(const char *s, double *out)
{
	char *end;

	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}

/* YYYY-MM-DD of a date serial; false when it is no date Excel can show. */
static bool serial_to_date(char out[11], double v, bool date1904)
{
	long days, z;
	struct date d;

	if (!(v >= 0 && v < 2958466))
		return false;
	days = (long)floor(v + 0.5 / 86400000.0); /* to the millisecond, like Excel */
	if (date1904) {
		z = date_to_days((struct date){1904, 1, 1}) + days;
	} else {
		/* serial 1 is 1900-01-01; 60 is Excel's 1900-02-29, a day that
		 * never was; from 61 on the count is one too high */
		if (days < 1 || days == 60)
			return false;
		z = date_to_days((struct date){1899, 12, 31}) + days - (days > 60);
	}
	d = date_from_days(z);
	if (d.year > 9999)
		return false;
	date_format(out, d);
	return true;
}

static void sheet_start(struct xml *x, const char *el, const char **atts)
{
	struct opening *o = x->ctx;
	struct xlsx *r = o->x;

	if (!o->in_data) {
		if (!strcmp(el, "sheetData"))
			o->in_data = true;
		return;
	}
	if (!strcmp(el, "row")) {
		const char *v = attr(atts, "r");
		uint32_t row = v ? parse_uint(v, MAX_ROW) : o->row + 1;

		if (o->in_row) {
			stopf(x, "a <row> inside a <row>");
			return;
		}
		if (!row || row > MAX_ROW) {
			stopf(x, "a bad row number \"%.20s\"", v ? v : "");
			return;
		}
		o->in_row = true;
		o->row = row;
		o->col = 0;
		o->row_first = (uint32_t)r->ncells;
	} else if (!strcmp(el, "c") && o->in_row) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		uint32_t col = ref ? parse_col(ref) : o->col + 1;

		if (o->in_c) {
			stopf(x, "a <c> inside a <c>");
			return;
		}
		if (!col || col > MAX_COL) {
			stopf(x, "a bad cell reference \"%.20s\"", ref ? ref : "");
			return;
		}
		if (col <= o->col) {
			o->col = col;
			cell_fail(x, "cell %.20s is out of order (columns must increase along a row)", ref);
			return;
		}
		o->col = col;
		o->in_c = true;
		o->have_v = false;
		text_reset(x);
		if (!t || !strcmp(t, "n"))
			o->type = 'n';
		else if (!strcmp(t, "s"))
			o->type = 's';
		else if (!strcmp(t, "inlineStr"))
			o->type = 'i';
		else if (!strcmp(t, "str"))
			o->type = 'f';
		else if (!strcmp(t, "b"))
			o->type = 'b';
		else if (!strcmp(t, "e"))
			o->type = 'e';
		else if (!strcmp(t, "d"))
			o->type = 'd';
		else {
			cell_fail(x, "an unknown cell type t=\"%.20s\"", t);
			return;
		}
		o->date = false;
		if (s) {
			uint32_t xf = parse_uint(s, UINT32_MAX - 1);

			o->date = xf < o->nxfs && o->xf_date[xf];
		}
	} else if (o->in_c && !strcmp(el, "v") && o->type != 'i') {
		o->have_v = true;
		x->collect = true;
	} else if (o->in_c && !strcmp(el, "rPh")) {
		o->in_rph++;
	} else if (o->in_c && !strcmp(el, "t") && o->type == 'i' && !o->in_rph) {
		o->have_v = true;
		x->collect = true;
	}
}

/* The value of the cell that just ended, placed at its column. */
static void cell_end(struct xml *x)
{
	struct opening *o = x->ctx;
	struct xlsx *r = o->x;
	const char *v;
	char num[40];
	uint32_t ref;
	double d;

	if (!o->have_v)
		return;
	if (x->too_long) {
		cell_fail(x, "a cell longer than %d bytes", ROWS_MAX_CELL);
		return;
	}
	v = text_get(x);
	switch (o->type) {
	case 's': {
		uint32_t i = parse_uint(v, UINT32_MAX - 1);

		if (!i && strcmp(v, "0")) {
			cell_fail(x, "a bad shared string index \"%.20s\"", v);
			return;
		}
		if (i >= r->nsst) {
			cell_fail(x, "shared string %lu does not exist (the file has %zu)", (unsigned long)i, r->nsst);
			return;
		}
		if (r->sst_off[i] & SST_LONG) {
			cell_fail(x, "a cell longer than %d bytes", ROWS_MAX_CELL);
			return;
		}
		if (!r->sst[r->sst_off[i]])
			return;
		ref = CELL_SST | i;
		goto place;
	}
	case 'i': unescape_x(x); break;
	case 'f': break;
	case 'b':
		if (!strcmp(v, "1") || !strcmp(v, "true"))
			v = "1";
		else if (!strcmp(v, "0") || !strcmp(v, "false"))
			v = "0";
		else {
			cell_fail(x, "a boolean cell holds \"%.40s\"", v);
			return;
		}
		break;
	case 'e': cell_fail(x, "the cell holds the Excel error %.40s", v); return;
	case 'd': {
		struct date dt;
		char ymd[11];

		if (strlen(v) >= 10) {
			memcpy(ymd, v, 10);
			ymd[10] = '\0';
			if (date_parse(&dt, ymd) && (v[10] == '\0' || v[10] == 'T')) {
				v = strcpy(num, ymd);
				break;
			}
		}
		cell_fail(x, "a date cell holds \"%.40s\"", v);
		return;
	}
	default: /* 'n' */
		if (!*v)
			return;
		if (!o->date && canonical_number(v))
			break;
		if (!parse_number(v, &d)) {
			cell_fail(x, "a number cell holds \"%.40s\"", v);
			return;
		}
		if (o->date) {
			if (!serial_to_date(num, d, o->date1904)) {
				format_number(num, d);
				cell_fail(x, "the cell has a date format but %s is no date", num);
				return;
			}
		} else {
			format_number(num, d);
		}
		v = num;
	}
	if (!*v)
		return;
	if (!(ref = text_add(x, v, strlen(v))))
		return;
place:
	if (o->col > ROWS_MAX_COLS) {
		cell_fail(x, "more than %d cells in a row", ROWS_MAX_COLS);
		return;
	}
	if (r->ncells + (o->col - (r->ncells - o->row_first)) > MAX_CELLS) {
		stopf(x, "the sheet has more than %u cells", MAX_CELLS);
		return;
	}
	while (r->ncells - o->row_first < o->col - 1) {
		GROW(r->cells, r->ncells, r->cells_cap);
		r->cells[r->ncells++] = 0;
	}
	GROW(r->cells, r->ncells, r->cells_cap);
	r->cells[r->ncells++] = ref;
}

static void sheet_end(struct xml *x, const char *el)
{
	struct opening *o = x->ctx;
	struct xlsx *r = o->x;

	if (!o->in_data)
		return;
	if (!strcmp(el, "sheetData")) {
		o->in_data = false;
	} else if (!strcmp(el, "row") && o->in_row) {
		o->in_row = false;
		if (r->ncells > o->row_first) {
			GROW(r->rows, r->nrows, r->rows_cap);
			r->rows[r->nrows].line = o->row;
			r->rows[r->nrows].first = o->row_first;
			r->nrows++;
		}
	} else if (!strcmp(el, "c") && o->in_c) {
		o->in_c = false;
		x->collect = false;
		cell_end(x);
	} else if (!strcmp(el, "v") || !strcmp(el, "t")) {
		x->collect = false;
	} else if (!strcmp(el, "rPh") && o->in_c) {
		o->in_rph--;
	}
}

/* --- the reader ---------------------------------------------------------- */

static int xlsx_next(struct rows *base, const char *const **cells, size_t *ncells, size_t *line)
{
	struct xlsx *r = (struct xlsx *)base;
	size_t first, n;

	if (r->next >= r->nrows)
		return 0;
	first = r->rows[r->next].first;
	n = (r->next + 1 < r->nrows ? r->rows[r->next + 1].first : r->ncells) - first;
	assert(n > 0 && n <= ROWS_MAX_COLS);
	for (size_t i = 0; i < n; i++) {
		uint32_t c = r->cells[first + i];

		r->ptrs[i] = c & CELL_SST ? r->sst + (r->sst_off[c & ~CELL_SST] & ~SST_LONG) : r->text + c;
	}
	*cells = r->ptrs;
	*ncells = n;
	*line = r->rows[r->next].line;
	r->next++;
	return 1;
}

static void xlsx_close(struct rows *base)
{
	struct xlsx *r = (struct xlsx *)base;

	free(r->name);
	free(r->text);
	free(r->cells);
	free(r->rows);
	free(r->sst);
	free(r->sst_off);
	free(r);
}

static const struct rows_ops xlsx_ops = {xlsx_next, xlsx_close};

static void opening_free(struct opening *o)
{
	if (o->zip)
		unzClose(o->zip);
	for (size_t i = 0; i < o->nsheets; i++) {
		free(o->sheets[i].name);
		free(o->sheets[i].rid);
	}
	free(o->sheets);
	for (size_t i = 0; i < o->nrels; i++) {
		free(o->rels[i].id);
		free(o->rels[i].type);
		free(o->rels[i].target);
	}
	free(o->rels);
	free(o->fmts);
	free(o->xfs);
	free(o->xf_date);
}

/* "no sheet named X; the workbook has A, B" */
static int no_such_sheet(struct opening *o, const char *sheet)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_init(&b, 600);
	for (size_t i = 0; i < o->nsheets && !buf_error(&b); i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", o->sheets[i].name);
	rc = failf(o, "no sheet named \"%.100s\"; the workbook has %s%s", sheet, buf_cstr(&b),
	           buf_error(&b) ? ", …" : "");
	buf_free(&b);
	return rc;
}

int rows_open_xlsx(struct rows **out, const char *name, const char *data, size_t len, const char *sheet)
{
	struct opening o = {0};
	struct memzip mem = {(const unsigned char *)data, len, 0};
	zlib_filefunc64_def def = {mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &mem};
	struct xlsx *r = xcalloc(1, sizeof *r);
	const struct sheetref *ref = NULL;
	char *part = NULL;
	int rc;

	*out = NULL;
	o.name = name ? name : "(input)";
	o.x = r;
	r->base.ops = &xlsx_ops;
	r->name = xstrdup(o.name);
	r->text_cap = 4096;
	r->text = xmalloc(r->text_cap);
	r->text[0] = '\0';
	r->text_len = 1;
	if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		rc = failf(&o, "an encrypted workbook or an old .xls file (save it as .xlsx without a password)");
		goto out;
	}
	if (!(o.zip = unzOpen2_64(o.name, &def))) {
		rc = failf(&o, "not an XLSX file (not a zip archive)");
		goto out;
	}
	if ((rc = parse_part(&o, "xl/workbook.xml", true, workbook_start, no_end)) < 0)
		goto out;
	if ((rc = parse_part(&o, "xl/_rels/workbook.xml.rels", true, rels_start, no_end)) < 0)
		goto out;
	if (!o.nsheets) {
		rc = failf(&o, "the workbook has no sheets");
		goto out;
	}
	for (size_t i = 0; i < o.nsheets && !ref; i++)
		if (!sheet || !strcmp(o.sheets[i].name, sheet))
			ref = &o.sheets[i];
	if (!ref) {
		rc = no_such_sheet(&o, sheet);
		goto out;
	}
	for (size_t i = 0; i < o.nrels && !part; i++)
		if (!strcmp(o.rels[i].id, ref->rid) && !(part = resolve(o.rels[i].target))) {
			rc = failf(&o, "sheet \"%.100s\" points to a bad part \"%.200s\"", ref->name, o.rels[i].target);
			goto out;
		}
	if (!part) {
		rc = failf(&o, "sheet \"%.100s\" has no part (relationship %.100s is missing)", ref->name, ref->rid);
		goto out;
	}
	{
		char *sst = rel_by_type(&o, "/sharedStrings"), *styles = rel_by_type(&o, "/styles");

		rc = parse_part(&o, sst ? sst : "xl/sharedStrings.xml", false, sst_start, sst_end);
		if (rc >= 0)
			rc = parse_part(&o, styles ? styles : "xl/styles.xml", false, styles_start, styles_end);
		free(sst);
		free(styles);
		if (rc < 0)
			goto out;
	}
	styles_finish(&o);
	o.in_rph = 0;
	if ((rc = parse_part(&o, part, true, sheet_start, sheet_end)) < 0)
		goto out;
	*out = &r->base;
	r = NULL;
	rc = 0;
out:
	free(part);
	opening_free(&o);
	if (r)
		xlsx_close(&r->base);
	return rc;
}
