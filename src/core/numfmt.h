/*
 * numfmt.h — numbers for people: fixed decimals with thousands separators,
 * Danish ("1.581", "95,5") or English ("1,581", "95.5"); halves round away
 * from zero. Output is ASCII: "-" for a negative sign, and "-" alone for a
 * value that is not finite.
 */
#ifndef PEJL_NUMFMT_H
#define PEJL_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_DA, LANG_EN };

/* Formats v with `decimals` decimals into out; returns out. */
char *numfmt(char *out, size_t size, double v, int decimals, enum lang lang);

#endif
