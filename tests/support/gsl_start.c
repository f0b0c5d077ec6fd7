/* What every test program does as it starts, before main(), as a program
 * using libtrygg must (trygg.h): switch GSL's error handler off, so that
 * GSL returns its error codes to the library instead of aborting. Linked
 * into each test as an object (tests/CMakeLists.txt), so no test can leave
 * it out. */
#include <gsl/gsl_errno.h>

__attribute__((constructor)) static void gsl_returns_codes(void)
{
    gsl_set_error_handler_off();
}
