/* The command's registry of temporaries (cli/cleanup.c, compiled in here:
 * it is part of the trygg command, not of the library): a child process
 * registers files and folders, a signal ends it, and what it registered
 * and did not forget is gone, the signal's default action done. */
#include "../cli/cleanup.c"

#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test_support.h"

#define WORK TRYGG_BINARY_DIR "/cleanup_test"

static int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("x", f);
    fclose(f);
}

/* A folder two levels deep with files in both, and a link out of it that
 * must be removed, not followed. */
static void make_tree(void)
{
    assert_int_equal(system("rm -rf '" WORK "' && mkdir -p '" WORK "/tree/sub'"), 0);
    touch(WORK "/tree/index.html");
    touch(WORK "/tree/sub/01.png");
    touch(WORK "/keep.txt");
    touch(WORK "/temp.csv");
    touch(WORK "/forgotten.csv");
    assert_int_equal(symlink(WORK "/keep.txt", WORK "/tree/sub/link"), 0);
}

/* In a child: registers, then ends by `sig`; returns how it ended. */
static int child_killed_by(int sig, int many)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* more entries than one block holds, most of them forgotten */
        for (int i = 0; i < many; i++) {
            char p[64];
            snprintf(p, sizeof p, WORK "/none%d", i);
            cli_cleanup_add_file(p);
            cli_cleanup_forget(p);
        }
        cli_cleanup_add_file(WORK "/temp.csv");
        cli_cleanup_add_file(WORK "/forgotten.csv");
        cli_cleanup_add_tree(WORK "/tree");
        cli_cleanup_forget(WORK "/forgotten.csv");
        raise(sig);
        _exit(0);   /* not reached: the signal's default action ends it */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

static void check_removed(int sig, int many)
{
    make_tree();
    assert_int_equal(child_killed_by(sig, many), sig);
    assert_false(exists(WORK "/temp.csv"));
    assert_false(exists(WORK "/tree"));
    assert_true(exists(WORK "/forgotten.csv"));
    assert_true(exists(WORK "/keep.txt"));   /* the link's target stays */
}

static void test_sigterm(void **state)
{
    (void)state;
    check_removed(SIGTERM, 0);
}

static void test_sigint_many_entries(void **state)
{
    (void)state;
    check_removed(SIGINT, 3 * BLOCK + 5);
}

static void test_sighup(void **state)
{
    (void)state;
    check_removed(SIGHUP, 1);
}

/* Held signals wait for the release (a commit's renames are not cut in
 * two), then clean up as usual. */
static void test_hold(void **state)
{
    (void)state;
    make_tree();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cli_cleanup_add_file(WORK "/temp.csv");
        sigset_t saved;
        cli_cleanup_hold(&saved);
        raise(SIGTERM);
        if (!exists(WORK "/temp.csv"))
            _exit(3);   /* removed while held: wrong */
        cli_cleanup_forget(WORK "/temp.csv");
        cli_cleanup_add_file(WORK "/keep.txt");
        cli_cleanup_release(&saved);
        _exit(4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    assert_true(exists(WORK "/temp.csv"));
    assert_false(exists(WORK "/keep.txt"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigterm),
        cmocka_unit_test(test_sigint_many_entries),
        cmocka_unit_test(test_sighup),
        cmocka_unit_test(test_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
