# Debian's packages: GSL and Cairo through pkg-config, libcsv by hand (it ships
# neither a CMake config nor a .pc file).
find_package(PkgConfig REQUIRED)
pkg_check_modules(GSL REQUIRED IMPORTED_TARGET gsl)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
# zlib and libpng come with libcairo2-dev: charts write their PNGs with
# zlib's checksums (reports/png_encode.c), the tests read them back with libpng
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
# Excel workbooks (--format xlsx, trygg publish); it links zlib itself
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# Unicode normalisation (NFC), case folding and transliteration of names
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)

# GLPK: the disclosure audit's linear programmes. It ships no .pc file.
find_path(GLPK_INCLUDE_DIR glpk.h REQUIRED)
find_library(GLPK_LIBRARY glpk REQUIRED)
add_library(glpk::glpk UNKNOWN IMPORTED)
set_target_properties(glpk::glpk PROPERTIES
  IMPORTED_LOCATION "${GLPK_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${GLPK_INCLUDE_DIR}")

find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(csv::csv UNKNOWN IMPORTED)
set_target_properties(csv::csv PROPERTIES
  IMPORTED_LOCATION "${CSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")

# ReadStat: SPSS (.sav, .zsav, .por) and Stata (.dta) input. Debian's
# libreadstat-dev ships no .pc file either.
find_path(READSTAT_INCLUDE_DIR readstat.h REQUIRED)
find_library(READSTAT_LIBRARY readstat REQUIRED)
add_library(readstat::readstat UNKNOWN IMPORTED)
set_target_properties(readstat::readstat PROPERTIES
  IMPORTED_LOCATION "${READSTAT_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${READSTAT_INCLUDE_DIR}")

find_library(MATH_LIBRARY m REQUIRED)
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)

if(BUILD_TESTING)
  find_path(CMOCKA_INCLUDE_DIR cmocka.h REQUIRED)
  find_library(CMOCKA_LIBRARY cmocka REQUIRED)
  add_library(cmocka::cmocka UNKNOWN IMPORTED)
  set_target_properties(cmocka::cmocka PROPERTIES
    IMPORTED_LOCATION "${CMOCKA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CMOCKA_INCLUDE_DIR}")
endif()
