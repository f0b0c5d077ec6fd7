/* The report's files: its folder, every page as PNG and SVG, each
 * municipality's PDF, and index.html. The only place in book/ that
 * creates folders or writes files. */
#ifndef TRYGG_BOOK_REPORT_FILES_H
#define TRYGG_BOOK_REPORT_FILES_H

#include "trygg_book.h"

typedef struct book_files book_files;

/** Begins a report in `dir` (created when missing) of `nmunis`
 *  municipalities: `title` and `year` head index.html. Problems go to
 *  `message`. Returns 0 and *out (free with book_files_free()), or -1. */
int book_files_open(const char *dir, const char *title, int year, size_t nmunis,
                    trygg_book_message_fn message, void *user, book_files **out);

/** Writes municipality `i`'s pages (its folder, PNG and SVG of each page,
 *  its PDF) and keeps its part of index.html. Safe to call from several
 *  threads at once for different `i`. Returns 0, or -1 after a message. */
int book_files_municipality(book_files *f, size_t i, const char *muni,
                            const trygg_book_page *pages, size_t npages);

/** Writes index.html (the municipalities' parts in the order of `i`).
 *  Returns 0, or -1 after a message. */
int book_files_commit(book_files *f);

/** Frees `f`; an index.html not committed is removed. NULL is allowed. */
void book_files_free(book_files *f);

#endif
