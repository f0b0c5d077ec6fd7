/* Internal: numbers as printf("%.17g") writes them, faster. */
#ifndef TRYGG_FORMAT_G17_H
#define TRYGG_FORMAT_G17_H

#include <stddef.h>

/** Room for any result, with its terminating NUL. */
#define TRYGG_G17_SIZE 32

/** Writes v as "%.17g" would into buf (TRYGG_G17_SIZE bytes); returns the
 *  length. */
size_t trygg_format_g17(char *buf, double v);

#endif
