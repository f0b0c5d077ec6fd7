/* Deflate for charts. zlib's fastest level looks for every match through
 * a hash of the next bytes, and that was a quarter of a report's time. A
 * chart is mostly runs of one colour and rows like the row above, so the
 * two places worth looking first are one pixel back and one row back:
 * they are compared eight bytes at a time, and the hash (one candidate, as
 * zlib's fastest level) is asked only when neither gives a long match (a
 * letter's edge seen earlier in the row). Blocks of 32768 symbols get
 * their own Huffman codes (RFC 1951's dynamic blocks), limited to 15 bits
 * by the usual redistribution of the longest codes. The stream is plain
 * deflate: any inflater reads it. */
#include "deflate.h"

#include <stdlib.h>
#include <string.h>

enum {
    BLOCK = 1 << 15,      /* symbols a block */
    HASH_BITS = 15,
    WINDOW = 32768,       /* farthest distance */
    MAX_MATCH = 258,
    GOOD = 64,            /* a match this long from the neighbours ends the search */
    LITLEN = 286,
    DISTS = 30,
    CODELENS = 19,
    LIMIT = 15,           /* longest code of literals, lengths and distances */
    CL_LIMIT = 7,         /* longest code of the code lengths */
    SYMS_MAX = LITLEN     /* the largest alphabet */
};

/* RFC 1951, 3.2.5 */
static const uint16_t LEN_BASE[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
                                      15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t LEN_EXTRA[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t DIST_BASE[30] = {1,    2,    3,    4,    5,    7,     9,     13,
                                       17,   25,   33,   49,   65,   97,    129,   193,
                                       257,  385,  513,  769,  1025, 1537,  2049,  3073,
                                       4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t DIST_EXTRA[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const uint8_t CL_ORDER[CODELENS] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                           11, 4,  12, 3, 13, 2, 14, 1, 15};

/* A match is (1 << 31) | (length - 3) << 16 | (distance - 1); a literal
 * its byte. */
#define MATCH(len, dist) (0x80000000u | (uint32_t)((len) - 3) << 16 | (uint32_t)((dist) - 1))

static unsigned top_bit(uint32_t x)
{
    return 31u - (unsigned)__builtin_clz(x);
}

/* The length code's index (code - 257) of length - 3. */
static unsigned len_code(unsigned l)
{
    if (l < 8)
        return l;
    if (l == 255)
        return 28;
    unsigned nb = top_bit(l);
    return 4 * (nb - 1) + ((l >> (nb - 2)) & 3);
}

/* The distance code of distance - 1. */
static unsigned dist_code(unsigned x)
{
    if (x < 4)
        return x;
    unsigned nb = top_bit(x);
    return 2 * nb + ((x >> (nb - 1)) & 1);
}

int tr_bytes_reserve(tr_bytes *b, size_t more)
{
    if (b->cap - b->n >= more)
        return 0;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap - b->n < more)
        cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

/* ---- bits, least significant first ---- */

typedef struct {
    unsigned char *p;
    uint64_t bits;
    unsigned count;
} bit_writer;

static void put(bit_writer *w, uint32_t v, unsigned n)
{
    w->bits |= (uint64_t)v << w->count;
    w->count += n;
    if (w->count >= 32) {
        for (int i = 0; i < 4; i++)
            *w->p++ = (unsigned char)(w->bits >> (8 * i));
        w->bits >>= 32;
        w->count -= 32;
    }
}

/* The last bits, padded to a byte. */
static void flush_bits(bit_writer *w)
{
    for (; w->count > 0; w->count = w->count > 8 ? w->count - 8 : 0) {
        *w->p++ = (unsigned char)w->bits;
        w->bits >>= 8;
    }
}

/* ---- Huffman codes ---- */

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Longest codes folded into `limit` bits, the Kraft sum made whole again by
 * lengthening the shortest codes that can take it (as zlib and miniz do):
 * each turn takes a leaf off the deepest level and splits another. */
static void fit_limit(unsigned *count, unsigned deepest, unsigned limit)
{
    for (unsigned i = limit + 1; i <= deepest; i++) {
        count[limit] += count[i];
        count[i] = 0;
    }
    uint32_t total = 0;
    for (unsigned i = 1; i <= limit; i++)
        total += count[i] << (limit - i);
    for (; total > 1u << limit; total--) {
        count[limit]--;
        for (unsigned i = limit - 1; i > 0; i--)
            if (count[i]) {
                count[i]--;
                count[i + 1] += 2;
                break;
            }
    }
}

/* Code lengths for freq[0, n), at most `limit` bits; 0 for a symbol that
 * never occurs. At least two symbols get a code, so every code is whole. */
static void code_lengths(const uint32_t *freq, unsigned n, unsigned limit, uint8_t *len)
{
    uint64_t key[SYMS_MAX];
    uint32_t weight[2 * SYMS_MAX];
    uint16_t parent[2 * SYMS_MAX], depth[2 * SYMS_MAX];
    unsigned m = 0;
    memset(len, 0, n);
    for (unsigned s = 0; s < n; s++)
        if (freq[s])
            key[m++] = (uint64_t)freq[s] << 16 | s;
    for (unsigned s = 0; m < 2; s++)   /* a whole code needs two */
        if (!freq[s])
            key[m++] = s;
    qsort(key, m, sizeof *key, by_key);
    /* Huffman's tree by two queues: the leaves in order of weight, and
     * the inner nodes, which are made in order of weight */
    for (unsigned i = 0; i < m; i++)
        weight[i] = (uint32_t)(key[i] >> 16);
    unsigned leaf = 0, inner = m;
    for (unsigned k = m; k < 2 * m - 1; k++) {
        uint32_t sum = 0;
        for (int two = 0; two < 2; two++) {
            unsigned pick = leaf < m && (inner == k || weight[leaf] <= weight[inner])
                            ? leaf++ : inner++;
            parent[pick] = (uint16_t)k;
            sum += weight[pick];
        }
        weight[k] = sum;
    }
    unsigned count[2 * SYMS_MAX] = {0}, deepest = 0;
    depth[2 * m - 2] = 0;
    for (unsigned k = 2 * m - 2; k-- > 0;) {
        depth[k] = (uint16_t)(depth[parent[k]] + 1);
        if (k < m) {
            count[depth[k]]++;
            deepest = depth[k] > deepest ? depth[k] : deepest;
        }
    }
    fit_limit(count, deepest, limit);
    /* the rarest symbols (first in key order) take the longest codes */
    unsigned at = 0;
    for (unsigned l = limit; l > 0; l--)
        for (unsigned c = 0; c < count[l]; c++)
            len[key[at++] & 0xffff] = (uint8_t)l;
}

/* RFC 1951's canonical codes, bit-reversed for writing from the low bit. */
static void canonical(const uint8_t *len, unsigned n, uint16_t *code)
{
    unsigned count[16] = {0}, next[16] = {0};
    for (unsigned s = 0; s < n; s++)
        count[len[s]]++;
    count[0] = 0;
    for (unsigned b = 1, c = 0; b < 16; b++) {
        c = (c + count[b - 1]) << 1;
        next[b] = c;
    }
    for (unsigned s = 0; s < n; s++) {
        if (!len[s])
            continue;
        unsigned c = next[len[s]]++, r = 0;
        for (unsigned b = 0; b < len[s]; b++)
            r |= ((c >> b) & 1) << (len[s] - 1 - b);
        code[s] = (uint16_t)r;
    }
}

/* ---- a block ---- */

typedef struct {
    uint8_t len[LITLEN + DISTS];       /* literals and lengths, then distances */
    uint16_t code[LITLEN + DISTS];
    unsigned nlit, ndist;
    uint8_t rle[LITLEN + DISTS];       /* the code lengths run-length coded */
    uint8_t rle_extra[LITLEN + DISTS];
    unsigned nrle;
    uint8_t cl_len[CODELENS];
    uint16_t cl_code[CODELENS];
} block_codes;

static void rle_push(block_codes *b, unsigned sym, unsigned extra)
{
    b->rle[b->nrle] = (uint8_t)sym;
    b->rle_extra[b->nrle++] = (uint8_t)extra;
}

/* The lengths of both codes as one sequence with 16 (repeat the last 3-6
 * times), 17 (3-10 zeros) and 18 (11-138 zeros). */
static void rle_lengths(block_codes *b)
{
    uint8_t all[LITLEN + DISTS];
    unsigned n = b->nlit + b->ndist;
    memcpy(all, b->len, b->nlit);
    memcpy(all + b->nlit, b->len + LITLEN, b->ndist);
    b->nrle = 0;
    for (unsigned i = 0; i < n;) {
        unsigned v = all[i], run = 1;
        while (i + run < n && all[i + run] == v)
            run++;
        i += run;
        if (v == 0) {
            for (; run >= 11; run -= run < 138 ? run : 138)
                rle_push(b, 18, (run < 138 ? run : 138) - 11);
            if (run >= 3) {
                rle_push(b, 17, run - 3);
                run = 0;
            }
        } else {
            rle_push(b, v, 0);
            for (run--; run >= 3; run -= run < 6 ? run : 6)
                rle_push(b, 16, (run < 6 ? run : 6) - 3);
        }
        for (; run > 0; run--)
            rle_push(b, v, 0);
    }
}

static void make_codes(block_codes *b, const uint32_t *sym, size_t nsym)
{
    uint32_t freq[LITLEN + DISTS] = {0}, cl_freq[CODELENS] = {0};
    for (size_t i = 0; i < nsym; i++) {
        uint32_t s = sym[i];
        if (s >> 31) {
            freq[257 + len_code((s >> 16) & 0xff)]++;
            freq[LITLEN + dist_code(s & 0x7fff)]++;
        } else {
            freq[s]++;
        }
    }
    freq[256] = 1;
    code_lengths(freq, LITLEN, LIMIT, b->len);
    code_lengths(freq + LITLEN, DISTS, LIMIT, b->len + LITLEN);
    canonical(b->len, LITLEN, b->code);
    canonical(b->len + LITLEN, DISTS, b->code + LITLEN);
    for (b->nlit = LITLEN; b->len[b->nlit - 1] == 0; b->nlit--)
        ;
    for (b->ndist = DISTS; b->len[LITLEN + b->ndist - 1] == 0; b->ndist--)
        ;
    rle_lengths(b);
    for (unsigned i = 0; i < b->nrle; i++)
        cl_freq[b->rle[i]]++;
    code_lengths(cl_freq, CODELENS, CL_LIMIT, b->cl_len);
    canonical(b->cl_len, CODELENS, b->cl_code);
}

static void write_header(bit_writer *w, const block_codes *b, int final)
{
    unsigned ncl = CODELENS;
    while (ncl > 4 && b->cl_len[CL_ORDER[ncl - 1]] == 0)
        ncl--;
    put(w, (unsigned)final | 2u << 1, 3);   /* BFINAL, BTYPE 10: dynamic codes */
    put(w, b->nlit - 257, 5);
    put(w, b->ndist - 1, 5);
    put(w, ncl - 4, 4);
    for (unsigned i = 0; i < ncl; i++)
        put(w, b->cl_len[CL_ORDER[i]], 3);
    static const uint8_t EXTRA_BITS[3] = {2, 3, 7};
    for (unsigned i = 0; i < b->nrle; i++) {
        unsigned s = b->rle[i];
        put(w, b->cl_code[s], b->cl_len[s]);
        if (s >= 16)
            put(w, b->rle_extra[i], EXTRA_BITS[s - 16]);
    }
}

static void write_symbols(bit_writer *w, const block_codes *b, const uint32_t *sym,
                          size_t nsym)
{
    for (size_t i = 0; i < nsym; i++) {
        uint32_t s = sym[i];
        if (!(s >> 31)) {
            put(w, b->code[s], b->len[s]);
            continue;
        }
        unsigned l = (s >> 16) & 0xff, x = s & 0x7fff;
        unsigned lc = len_code(l), dc = dist_code(x);
        put(w, b->code[257 + lc], b->len[257 + lc]);
        put(w, l + 3 - LEN_BASE[lc], LEN_EXTRA[lc]);
        put(w, b->code[LITLEN + dc], b->len[LITLEN + dc]);
        put(w, x + 1 - DIST_BASE[dc], DIST_EXTRA[dc]);
    }
    put(w, b->code[256], b->len[256]);
}

/* A block of nsym symbols; the room was reserved. */
static void write_block(bit_writer *w, const uint32_t *sym, size_t nsym, int final)
{
    block_codes b;
    make_codes(&b, sym, nsym);
    write_header(w, &b, final);
    write_symbols(w, &b, sym, nsym);
}

/* ---- matches ---- */

/* How many of the first `max` bytes of a and b agree. */
static size_t agree(const unsigned char *a, const unsigned char *b, size_t max)
{
    size_t l = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; l + 8 <= max; l += 8) {
        uint64_t x, y;
        memcpy(&x, a + l, 8);
        memcpy(&y, b + l, 8);
        if (x != y)
            return l + (size_t)__builtin_ctzll(x ^ y) / 8;
    }
#endif
    while (l < max && a[l] == b[l])
        l++;
    return l;
}

static uint32_t hash4(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* The longest match at in + i: one pixel back, one row back, or the last
 * place the next four bytes were seen (recorded here). Sets *dist. */
static size_t longest(tr_deflate *z, const unsigned char *in, size_t i, size_t n,
                      size_t bpp, size_t row, size_t *dist)
{
    size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH, best = 0;
    const size_t near[2] = {bpp, row};
    for (int k = 0; k < 2; k++) {
        size_t d = near[k];
        if (d == 0 || d > i || d > WINDOW)
            continue;
        size_t l = agree(in + i, in + i - d, max);
        if (l > best) {
            best = l;
            *dist = d;
        }
    }
    if (max < 4)
        return best;
    uint32_t h = hash4(in + i), cand = z->head[h];
    z->head[h] = (uint32_t)(i + 1);
    if (best >= GOOD || cand == 0 || i - (cand - 1) > WINDOW)
        return best;
    size_t l = agree(in + i, in + cand - 1, max);
    if (l >= 4 && l > best) {
        best = l;
        *dist = i - (cand - 1);
    }
    return best;
}

static int tables(tr_deflate *z)
{
    if (!z->sym)
        z->sym = malloc(BLOCK * sizeof *z->sym);
    if (!z->head)
        z->head = malloc(((size_t)1 << HASH_BITS) * sizeof *z->head);
    if (!z->sym || !z->head)
        return -1;
    memset(z->head, 0, ((size_t)1 << HASH_BITS) * sizeof *z->head);
    return 0;
}

/* Room for a block: a symbol is at most 15 + 5 + 15 + 13 bits, the
 * header at most 5 + 5 + 4 + 19 * 3 + 316 * 14 bits. */
static int reserve_block(tr_bytes *out, size_t nsym)
{
    return tr_bytes_reserve(out, nsym * 6 + 1024);
}

/* Adler-32 (RFC 1950) in blocks of at most 4096 bytes, in which no sum
 * overflows: per lane of 16 bytes, the bytes' sum and the sum of those
 * sums before each step, from which the second sum follows. The loops are
 * for the compiler to vectorise; zlib's adler32 goes byte by byte and was
 * a fifth of the encoding. */
static uint32_t adler(const unsigned char *in, size_t n)
{
    enum { LANES = 16, STEPS = 256, BASE = 65521 };
    uint64_t s1 = 1, s2 = 0;
    size_t i = 0;
    while (n - i >= LANES) {
        size_t steps = (n - i) / LANES < STEPS ? (n - i) / LANES : STEPS;
        uint32_t a[LANES] = {0}, p[LANES] = {0};
        for (size_t c = 0; c < steps; c++)
            for (size_t l = 0; l < LANES; l++) {
                p[l] += a[l];
                a[l] += in[i + c * LANES + l];
            }
        uint64_t sa = 0, sp = 0, sl = 0;
        for (size_t l = 0; l < LANES; l++) {
            sa += a[l];
            sp += p[l];
            sl += l * a[l];
        }
        /* byte k of the block adds (len - k) times itself to s2 */
        s2 = (s2 + steps * LANES * s1 + LANES * (sp + sa) - sl) % BASE;
        s1 = (s1 + sa) % BASE;
        i += steps * LANES;
    }
    for (; i < n; i++) {
        s1 += in[i];
        s2 += s1;
    }
    return (uint32_t)(s2 % BASE) << 16 | (uint32_t)(s1 % BASE);
}

int tr_deflate_image(tr_deflate *z, const unsigned char *in, size_t n, size_t bpp,
                     size_t row, tr_bytes *out)
{
    size_t start = out->n;
    if (tables(z) != 0 || reserve_block(out, BLOCK) != 0)
        return -1;
    bit_writer w = {out->p + out->n, 0, 0};
    *w.p++ = 0x78;   /* deflate, a 32 KB window */
    *w.p++ = 0x01;   /* the fastest level; (0x78 << 8 | 0x01) % 31 == 0 */
    size_t nsym = 0;
    for (size_t i = 0; i < n;) {
        size_t dist = 0, l = longest(z, in, i, n, bpp, row, &dist);
        if (l >= 3) {
            z->sym[nsym++] = MATCH(l, dist);
            i += l;
        } else {
            z->sym[nsym++] = in[i++];
        }
        if (nsym == BLOCK) {
            write_block(&w, z->sym, nsym, 0);
            out->n = (size_t)(w.p - out->p);
            nsym = 0;
            if (reserve_block(out, BLOCK) != 0) {
                out->n = start;
                return -1;
            }
            w.p = out->p + out->n;
        }
    }
    write_block(&w, z->sym, nsym, 1);
    flush_bits(&w);
    uint32_t a = adler(in, n);
    for (int k = 3; k >= 0; k--)
        *w.p++ = (unsigned char)(a >> (8 * k));
    out->n = (size_t)(w.p - out->p);
    return 0;
}

void tr_deflate_free(tr_deflate *z)
{
    if (!z)
        return;
    free(z->sym);
    free(z->head);
    z->sym = NULL;
    z->head = NULL;
}
