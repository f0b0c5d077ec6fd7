/* Bounds of hidden counts by linear programming (GLPK). */
#include "audit_bounds.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct trygg_bounds {
    glp_prob *lp;
    size_t nvars;
    /* the matrix, 1-based as GLPK wants it, loaded before the first solve */
    int *ia, *ja;
    double *ar;
    size_t nz, cap;
    int loaded;
    int *obj;          /* the variables of the last objective */
    size_t nobj;
};

/* per thread: GLPK keeps its environment per thread too */
static _Thread_local jmp_buf *glpk_escape;

/* GLPK's fatal errors end here instead of in abort(). */
static void on_glpk_error(void *info)
{
    (void)info;
    if (glpk_escape)
        longjmp(*glpk_escape, 1);
}

trygg_status trygg_bounds_new(size_t nvars, trygg_bounds **out)
{
    *out = NULL;
    if (nvars > (size_t)INT32_MAX - 1)
        return TRYGG_ERR_LIMIT;
    trygg_bounds *b = calloc(1, sizeof *b);
    if (!b)
        return TRYGG_ERR_NOMEM;
    glp_term_out(GLP_OFF);
    b->lp = glp_create_prob();
    b->nvars = nvars;
    if (nvars) {
        glp_add_cols(b->lp, (int)nvars);
        for (size_t j = 1; j <= nvars; j++)
            glp_set_col_bnds(b->lp, (int)j, GLP_LO, 0.0, 0.0);
    }
    *out = b;
    return TRYGG_OK;
}

void trygg_bounds_free(trygg_bounds *b)
{
    if (!b)
        return;
    if (b->lp)
        glp_delete_prob(b->lp);
    free(b->ia);
    free(b->ja);
    free(b->ar);
    free(b->obj);
    free(b);
}

trygg_status trygg_bounds_equal(trygg_bounds *b, const uint32_t *vars, size_t n, double rhs)
{
    if (b->loaded || !n)
        return b->loaded ? TRYGG_ERR_ARGUMENT : TRYGG_OK;
    if (b->nz + n + 1 > b->cap) {
        size_t cap = 2 * (b->nz + n + 1);
        int *ia = realloc(b->ia, cap * sizeof *ia);
        if (ia)
            b->ia = ia;
        int *ja = ia ? realloc(b->ja, cap * sizeof *ja) : NULL;
        if (ja)
            b->ja = ja;
        double *ar = ja ? realloc(b->ar, cap * sizeof *ar) : NULL;
        if (!ar)
            return TRYGG_ERR_NOMEM;
        b->ar = ar;
        b->cap = cap;
    }
    int row = glp_add_rows(b->lp, 1);
    glp_set_row_bnds(b->lp, row, GLP_FX, rhs, rhs);
    for (size_t i = 0; i < n; i++) {
        b->nz++;
        b->ia[b->nz] = row;
        b->ja[b->nz] = (int)vars[i] + 1;
        b->ar[b->nz] = 1.0;
    }
    return TRYGG_OK;
}

static int solve(trygg_bounds *b, int dir, double *value)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_set_obj_dir(b->lp, dir);
    int rc = glp_simplex(b->lp, &parm);
    if (rc == GLP_EFAIL || rc == GLP_ESING || rc == GLP_ECOND) {
        glp_adv_basis(b->lp, 0);   /* a fresh basis, once */
        rc = glp_simplex(b->lp, &parm);
    }
    if (rc != 0)
        return -1;
    int status = glp_get_status(b->lp);
    if (status == GLP_UNBND) {
        *value = dir == GLP_MIN ? -INFINITY : INFINITY;
        return 0;
    }
    if (status != GLP_OPT)
        return -1;
    *value = glp_get_obj_val(b->lp);
    return 0;
}

static trygg_status set_objective(trygg_bounds *b, const uint32_t *vars, size_t n)
{
    for (size_t i = 0; i < b->nobj; i++)
        glp_set_obj_coef(b->lp, b->obj[i], 0.0);
    int *obj = realloc(b->obj, (n + 1) * sizeof *obj);
    if (!obj)
        return TRYGG_ERR_NOMEM;
    b->obj = obj;
    b->nobj = n;
    for (size_t i = 0; i < n; i++) {
        obj[i] = (int)vars[i] + 1;
        glp_set_obj_coef(b->lp, obj[i], 1.0);
    }
    return TRYGG_OK;
}

/* The least (GLP_MIN) or greatest (GLP_MAX) Σ x[vars[i]]. */
static trygg_status extreme(trygg_bounds *b, const uint32_t *vars, size_t n, int dir,
                            double *value)
{
    *value = dir == GLP_MIN ? 0 : INFINITY;
    if (!n || !b->nvars)
        return TRYGG_OK;
    trygg_status st = set_objective(b, vars, n);
    if (st != TRYGG_OK)
        return st;
    jmp_buf escape;
    glp_term_out(GLP_OFF);
    glp_error_hook(on_glpk_error, NULL);
    glpk_escape = &escape;
    if (setjmp(escape)) {
        glpk_escape = NULL;
        b->lp = NULL;          /* freed with GLPK's environment */
        glp_free_env();
        return TRYGG_ERR_NUMERIC;
    }
    if (!b->loaded) {
        glp_load_matrix(b->lp, (int)b->nz, b->ia, b->ja, b->ar);
        b->loaded = 1;
    }
    int bad = solve(b, dir, value) != 0;
    glpk_escape = NULL;
    glp_error_hook(NULL, NULL);
    return bad ? TRYGG_ERR_NUMERIC : TRYGG_OK;
}

trygg_status trygg_bounds_low(trygg_bounds *b, const uint32_t *vars, size_t n, double *low)
{
    return extreme(b, vars, n, GLP_MIN, low);
}

trygg_status trygg_bounds_high(trygg_bounds *b, const uint32_t *vars, size_t n, double *high)
{
    return extreme(b, vars, n, GLP_MAX, high);
}

void trygg_bounds_thread_done(void)
{
    glp_free_env();
}
