/* The people dictionary (data/leaders.actors) with the built-in dictionaries: a named
 * leader codes by the office held on the story's date, in every region it covers, and a
 * surname that two well-known people share is not coded alone. */
#include "dyad.h"
#include "events.h"
#include "test.h"

static dyad_coder *coder;

static const char *on(const char *date, const char *text)
{
    return story_events(coder, text, date);
}

TEST(leaders_of_every_region)
{
    CHECK_STR(on("2024-03-06", "Tinubu met Ruto in Abuja."), "NGAGOV KENGOV 040");
    CHECK_STR(on("2024-03-06", "Bukele criticized Petro."), "SLVGOV COLGOV 111");
    CHECK_STR(on("2024-03-06", "Orban met Vucic in Belgrade."), "HUNGOV SRBGOV 040");
    CHECK_STR(on("2024-03-06", "Myanmar's military detained Aung San Suu Kyi."),
              "MMRMIL MMRELI 173");
}

TEST(the_office_follows_the_date)
{
    CHECK_STR(on("2019-05-01", "Aung San Suu Kyi met Prayuth Chan-ocha."),
              "MMRGOV THAGOV 040");
    /* before the May 2014 coup Prayuth was army chief */
    CHECK_STR(on("2014-05-01", "Min Aung Hlaing met Prayuth Chan-ocha."), "MMRMIL THAMIL 040");
}

TEST(a_shared_surname_names_nobody)
{
    /* the Aliyevs and the Tshisekedis: full names only */
    CHECK_STR(on("2024-03-06", "Aliyev accused Pashinyan of sabotage."), "");
    CHECK_STR(on("2024-03-06", "Ilham Aliyev accused Nikol Pashinyan of sabotage."),
              "AZEGOV ARMGOV 112");
}

int main(void)
{
    char err[512];
    coder = dyad_coder_new(NULL, err, sizeof err);
    RUN(leaders_of_every_region);
    RUN(the_office_follows_the_date);
    RUN(a_shared_surname_names_nobody);
    dyad_coder_free(coder);
    return TEST_END();
}
