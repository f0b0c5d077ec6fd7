/* The report's files: its folder, every page as PNG and SVG, each
 * municipality's PDF, and index.html. The only place in book/ that
 * creates folders or writes files.
 *
 * The report is built in a private folder beside its target (libtrygg's
 * output folder) and swapped in when complete, so the target holds the
 * whole old report or the whole new one; every file name made from a name
 * is its trygg_slug(). */
#ifndef TRYGG_BOOK_REPORT_FILES_H
#define TRYGG_BOOK_REPORT_FILES_H

#include "trygg_book.h"

typedef struct book_files book_files;

/** Begins the report of `c`'s year in o->dir for the municipalities
 *  `munis` (their order is index.html's): checks the folder, makes the
 *  private one, and the municipalities' file names (two names with one
 *  slug are an error naming both). Problems go to o->message. Returns 0
 *  and *out (free with book_files_free()), or -1. */
int book_files_open(const trygg_book_ctx *c, const trygg_book_report_options *o,
                    const char *const *munis, size_t nmunis, book_files **out);

/** Writes municipality `i`'s pages (its folder, PNG and SVG of each page,
 *  its PDF) and keeps its part of index.html; the PNGs are drawn on `cv`,
 *  the calling thread's canvas. Safe to call from several threads at once
 *  for different `i` (each with its own canvas). Returns 0, or -1 after a
 *  message. */
int book_files_municipality(book_files *f, trygg_report_canvas *cv, size_t i,
                            const trygg_book_page *pages, size_t npages);

/** The region's pages: region.pdf, region/ (PNG and SVG), its part of
 *  index.html (listed first). As book_files_municipality(). */
int book_files_region(book_files *f, trygg_report_canvas *cv, const trygg_book_page *pages,
                      size_t npages);

/** Writes index.html and puts the report in place. Returns 0, or -1 after
 *  a message (the target then as it was). */
int book_files_commit(book_files *f);

/** Frees `f`; a report not committed is removed, the target untouched.
 *  NULL is allowed. */
void book_files_free(book_files *f);

#endif
