/* intern: every key is found whatever its length and case (short ASCII keys take a path of
 * their own), Latin letters fold to their base letter, absent keys are 0. */
#include "intern.h"
#include "test.h"
#include <stdlib.h>

/* "Ab" repeated to n bytes: keys of every length, in mixed case. */
static void key_of(size_t n, char *out, int upper)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (char)((i % 2 ? 'b' : 'a') - (upper && i % 3 == 0 ? 32 : 0));
}

TEST(every_length_any_case)
{
    dyad_intern *t = dyad_intern_new();
    uint32_t ids[41] = {0};
    char k[64];
    for (size_t n = 1; n <= 40; n++) {
        key_of(n, k, 0);
        ids[n] = dyad_intern_add(t, k, n);
        CHECK(ids[n] != 0);
    }
    for (size_t n = 1; n <= 40; n++) {
        key_of(n, k, 1);
        CHECK_INT(dyad_intern_find(t, k, n), ids[n]);
        k[n - 1] = 'z';
        CHECK_INT(dyad_intern_find(t, k, n), 0);
    }
    CHECK_INT(dyad_intern_count(t), 40);
    dyad_intern_free(t);
}

TEST(latin_letters_fold)
{
    dyad_intern *t = dyad_intern_new();
    uint32_t id = dyad_intern_add(t, "erdogan", 7);
    CHECK_INT(dyad_intern_find(t, "Erdo\xC4\x9F" "an", 8), id);
    CHECK_INT(dyad_intern_find(t, "ERDOGAN", 7), id);
    uint32_t b = dyad_intern_add(t, "Bogot\xC3\xA1", 7);
    CHECK_INT(dyad_intern_find(t, "bogota", 6), b);
    CHECK_STR(dyad_intern_str(t, b), "bogota");
    dyad_intern_free(t);
}

TEST(empty_table)
{
    dyad_intern *t = dyad_intern_new();
    CHECK_INT(dyad_intern_find(t, "word", 4), 0);
    dyad_intern_free(t);
}

int main(void)
{
    RUN(every_length_any_case);
    RUN(latin_letters_fold);
    RUN(empty_table);
    return TEST_END();
}
