/* trygg_remove_tree(): a folder with everything in it, links removed and
 * never followed, nothing there is no failure, and a failure is a status
 * with errno saying why. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

static void test_removes_a_tree_and_not_what_links_point_to(void **state)
{
    (void)state;
    char dir[512], outside[512], path[1024], target[1024];
    ts_temp_dir("remove_tree", dir, sizeof dir);
    ts_temp_dir("remove_tree_outside", outside, sizeof outside);
    ts_write_in(outside, "kept.txt", "kept\n");
    snprintf(path, sizeof path, "%s/a", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/a/b", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    ts_write_in(path, "file.csv", "x\n");
    snprintf(path, sizeof path, "%s/a/b/to_outside", dir);
    assert_int_equal(symlink(outside, path), 0);
    assert_int_equal(trygg_remove_tree(dir), TRYGG_OK);
    assert_false(ts_exists(dir));
    snprintf(target, sizeof target, "%s/kept.txt", outside);
    assert_true(ts_exists(target));
    assert_int_equal(trygg_remove_tree(dir), TRYGG_OK);   /* nothing there */
    ts_remove_tree(outside);
}

static void test_a_failure_is_a_status_with_errno(void **state)
{
    (void)state;
    char dir[512], path[1024];
    ts_temp_dir("remove_tree", dir, sizeof dir);
    ts_write_in(dir, "file", "x\n");
    snprintf(path, sizeof path, "%s/file/below", dir);   /* a file is no folder */
    errno = 0;
    assert_int_equal(trygg_remove_tree(path), TRYGG_ERR_IO);
    assert_int_equal(errno, ENOTDIR);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_removes_a_tree_and_not_what_links_point_to),
        cmocka_unit_test(test_a_failure_is_a_status_with_errno),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
