/*
 * numfmt.h — numbers for people: fixed decimals with thousands separators,
 * Danish ("1.581", "95,5") or English ("1,581", "95.5"). Negative numbers
 * use a real minus sign only in prose; here it is "-" so output stays ASCII
 * for CSV and terminals.
 */
#ifndef PEJL_NUMFMT_H
#define PEJL_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_DA, LANG_EN };

/* Formats v with `decimals` decimals into out; returns out. */
char *numfmt(char *out, size_t size, double v, int decimals, enum lang lang);

#endif
