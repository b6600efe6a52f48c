/* test.h — the smallest harness that does the job.
 *
 * Each tests/test_*.c is its own program: it defines TEST(name) functions and a main()
 * that runs them with RUN(name), then returns TEST_END(). Each CHECK prints the failing
 * expression with file:line; the program prints "<file>: N passed, N failed" and exits 1
 * on any failure. tests/run.sh adds the lines up. Tests that need ../shared call
 * SKIP_UNLESS(path) first. */
#ifndef DYAD_TEST_H
#define DYAD_TEST_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int test_passed, test_failed, test_skipped;
static int test_current_failed;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
            test_current_failed = 1;                                                      \
        }                                                                                 \
    } while (0)

#define CHECK_STR(got, want)                                                              \
    do {                                                                                  \
        const char *g_ = (got), *w_ = (want);                                             \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                          \
            fprintf(stderr, "%s:%d: %s\n    got:  %s\n    want: %s\n", __FILE__, __LINE__, \
                    #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                        \
            test_current_failed = 1;                                                      \
        }                                                                                 \
    } while (0)

#define CHECK_INT(got, want)                                                              \
    do {                                                                                  \
        long long g_ = (long long)(got), w_ = (long long)(want);                          \
        if (g_ != w_) {                                                                   \
            fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n", __FILE__, __LINE__, #got, \
                    g_, w_);                                                              \
            test_current_failed = 1;                                                      \
        }                                                                                 \
    } while (0)

#define TEST(name) static void name(void)

/* A test that cannot run here (missing ../shared) counts as skipped, not passed. */
#define SKIP_UNLESS(path)                                                                 \
    do {                                                                                  \
        if (access((path), R_OK) != 0) {                                                  \
            fprintf(stderr, "skip: %s (%s absent)\n", __func__, (path));                  \
            test_current_failed = -1;                                                     \
            return;                                                                       \
        }                                                                                 \
    } while (0)

#define RUN(name)                                                                         \
    do {                                                                                  \
        test_current_failed = 0;                                                          \
        name();                                                                           \
        if (test_current_failed > 0) {                                                    \
            test_failed++;                                                                \
            fprintf(stderr, "FAIL %s\n", #name);                                          \
        } else if (test_current_failed < 0) {                                             \
            test_skipped++;                                                               \
        } else {                                                                          \
            test_passed++;                                                                \
        }                                                                                 \
    } while (0)

#define TEST_END()                                                                        \
    (printf("%s: %d passed, %d failed, %d skipped\n", __FILE__, test_passed, test_failed,  \
            test_skipped),                                                                \
     test_failed ? 1 : 0)

/* Where the shared reference material lives; tests skip when it is absent. */
#ifndef SHARED_DIR
#define SHARED_DIR "../shared"
#endif

#endif
