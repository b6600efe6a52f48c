/* test_clean.c — the clean stage: boilerplate rules, datelines, normalisation, offsets. */
#include "clean.h"
#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#define RULES_PATH "data/boilerplate.rules"

static dyad_cleaner *rules;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL;
    for (;;) {
        if (n == cap) {
            char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!b) break;
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0) break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

static dyad_cleaner *load_rules(void)
{
    size_t len = 0;
    char err[256] = "";
    char *text = read_file(RULES_PATH, &len);
    if (!text) return NULL;
    dyad_cleaner *c = dyad_cleaner_new(text, len, "boilerplate.rules", err, sizeof err);
    if (!c) fprintf(stderr, "%s\n", err);
    free(text);
    return c;
}

/* Cleans s (no headline) into out and returns its text. */
static const char *clean_str(const char *s, dyad_cleaned *out)
{
    if (dyad_clean(rules, s, strlen(s), 0, out) != 0) return "(error)";
    return out->text;
}

/* Every cleaned byte comes from the original byte map[i]: the same byte when both are
 * bytes of a kept character, else the cleaned byte is ASCII made from the source
 * character that starts there (a quote, dash, space, "...", "\n" from CR), or "?" from
 * an invalid sequence (which may start with a stray continuation byte).  Also
 * checks that the map is non-decreasing and ends at the original length. */
static int map_is_exact(const char *orig, size_t olen, const dyad_cleaned *c)
{
    if (c->map[c->len] != olen) return 0;
    for (size_t i = 0; i < c->len; i++) {
        unsigned char got = (unsigned char)c->text[i];
        uint32_t at = c->map[i];
        if (at >= olen || (i && at < c->map[i - 1])) return 0;
        unsigned char src = (unsigned char)orig[at];
        if (got >= 0x80 && got != src) return 0; /* kept characters map byte for byte */
        if (got < 0x80 && got != src && src < 0x80 && !(got == '\n' && src == '\r') &&
            !(got == ' ' && src < 0x20))
            return 0;
        if (got < 0x80 && got != '?' && (src & 0xC0) == 0x80) return 0; /* mid-character */
    }
    return 1;
}

/* ----------------------------------------------------------------------------------- */

TEST(rules_load)
{
    size_t unfiltered = 99;
    CHECK(rules != NULL);
    CHECK(dyad_cleaner_rules(rules, &unfiltered) >= 40);
    CHECK_INT(unfiltered, 0); /* every shipped rule has a literal prefix: fast path */
}

/* Each group's lines are boilerplate, on their own and as lines of a story. */
static const char *const boilerplate[] = {
    /* click / read more */
    "Click here for more world news.", "CLICK HERE TO GET THE FOX NEWS APP",
    "Click to share on Twitter (Opens in new window)", "Tap here to read more",
    "Read more: Turkey's central bank raises rates again", "READ MORE:",
    "READ MORE: Erdogan vows to press on", "Read the full story at Reuters.com",
    "Continue reading the main story", "Related: Iran, Iraq sign border pact",
    "Related Stories", "Related coverage:", "More: What we know about the talks",
    "See also: Syria's war in maps", "You may also like", "Most read", "Top stories",
    "Trending now", "Editor's picks", "In case you missed it:", "Don't miss:",
    "For more news, visit our website.",
    "For the latest news and updates, follow us on Twitter.",
    "For more on this story, see our live blog.",
    /* sharing */
    "Share this article", "Share this:", "Share on Facebook", "Share on X",
    "Share this article on WhatsApp", "Share via email", "Share", "Tweet",
    "Facebook | Twitter | Email", "Email this", "Print this page", "Save for later",
    "Copy link", "Link copied", "(Opens in new window)",
    /* following and joining */
    "Follow us on Twitter", "Follow us on Facebook and Instagram.", "Follow @Reuters on X",
    "Follow Reuters World News on Twitter", "Follow the latest updates here.",
    "Follow AP's coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine",
    "Follow our live coverage", "Like us on Facebook", "Find us on Instagram",
    "Join our WhatsApp channel", "Join our Telegram channel for the latest news",
    "Join the conversation", "Stay informed with our daily briefing.", "Stay tuned.",
    /* newsletters, subscriptions, apps */
    "Subscribe to our newsletter", "Subscribe now", "SUBSCRIBE",
    "Sign up for our daily newsletter.", "Sign up here.",
    "Sign up for Breaking News alerts",
    "Already a subscriber? Log in", "Log in to continue reading", "Register now",
    "Get the latest news from the region in your inbox.", "Get the app",
    "Download our app for the latest news", "Download the BBC app",
    "Want more? Subscribe to our newsletter.", "Newsletter",
    "You have reached your limit of free articles.",
    "This article is for subscribers only.", "Support independent journalism",
    /* browser, cookies */
    "Please enable JavaScript to view this content.", "JavaScript is disabled",
    "Your browser does not support the video tag.", "Please update your browser.",
    "Please disable your ad blocker", "We use cookies to improve your experience.",
    "This site uses cookies.", "By using this site, you agree to our use of cookies.",
    "Accept all cookies", "Cookie Policy", "Cookie settings", "We value your privacy",
    "Accept", "Got it",
    /* copyright */
    "Copyright (c) 2024 Reuters. All rights reserved.", "© 2024 Reuters",
    "Copyright © 2024 BBC.", "(c) Copyright Thomson Reuters 2024",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Copyright 2023 Nexstar Media Inc. All rights reserved.", "Copyright AFP",
    "All rights reserved.", "2024 The Associated Press. All rights reserved.",
    "Reuters. All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Thomson Reuters Trust Principles.",
    /* credits */
    "(Reporting by Tuvan Gumrukcu; Editing by Daren Butler)",
    "(Reporting by Jonathan Spicer in Istanbul; additional reporting by Ece Toksabay)",
    "Writing by Tom Perry; Editing by Alex Richardson",
    "Reporting by Parisa Hafezi, Editing by William Maclean",
    "Editing by Mark Heinrich", "Additional reporting by Humeyra Pamuk in Washington.",
    "Associated Press writer Zeina Karam in Beirut contributed to this report.",
    "By Jane Doe, Reuters", "- AFP", "-- Reuters", "(AFP)", "Reuters", "AP",
    /* photo credits */
    "Photo: Reuters", "Photo credit: Getty Images", "Image: AFP", "Picture | EPA",
    "Photo/Reuters", "Image caption Demonstrators gathered outside parliament",
    "Image source, Getty Images", "Media caption, Watch: scenes in Kabul",
    "(AP Photo/Evan Vucci)", "(AFP via Getty Images)", "(Reuters/Umit Bektas)",
    "REUTERS/Murad Sezer/File Photo", "Getty Images", "Photo by John Smith/AFP",
    "FILE PHOTO: Turkish President Tayyip Erdogan speaks in Ankara, Turkey",
    "File photo - A view of the Bosphorus", "Image 1 of 5", "3 of 12", "View gallery",
    /* advertising, page furniture */
    "Advertisement", "ADVERTISEMENT", "Advertisement - Scroll to continue",
    "Story continues below", "Story continues below advertisement",
    "Article continues after advertisement", "Sponsored content",
    "Skip to main content", "Skip Advertisement", "Menu", "Load more", "Loading...",
    /* corrections, timestamps */
    "This story has been corrected to show the minister's full name.",
    "This article was updated on March 4 with comment from the ministry.",
    "An earlier version of this story misstated the date of the vote.",
    "Correction: An earlier version of this article gave the wrong figure.",
    "(Corrects spelling of name in paragraph 5)",
    "Updated 3:45 PM ET, Mon March 3, 2024", "Updated: 12:01 GMT 03/03/2024",
    "Published 2 hours ago", "Last updated on March 3, 2024 at 10:30 am ET",
    "Posted: Mon 3 Mar 2024", "5 min read", "Estimated reading time: 4 minutes",
    /* audio and video */
    "Listen to this article", "Listen to this article (2 min)", "Listen (3 min)",
    "Watch: Protesters clash with police in Istanbul", "Video: Drone footage of the port",
    "Watch the video", "LIVE", "Live updates",
    /* contact, comments */
    "Have a news tip? Email us at tips@example.com", "Got a story? Contact us",
    "Do you have a story to share? Email news@example.com",
    "Contact the author at jdoe@example.com", "Email us", "View comments",
    "Show 12 comments", "Leave a comment", "Comments are closed.", "Comments (14)",
    "Be the first to comment", "57 comments",
    "Let us know what you think in the comments below.",
    /* navigation, footer */
    "Home > News > World", "Home / Politics", "Back to top", "Next article",
    "Previous story: Iran holds talks", "Up next: Markets wrap", "Tags: Turkey, NATO",
    "Topics: Middle East", "Filed under: World", "Privacy Policy | Terms of Use",
    "Terms and Conditions", "Contact us", "About us", "Do not sell my personal information",
    "RSS feeds", "https://www.reuters.com/world/", "#Turkey #Erdogan #NATO",
    "pic.twitter.com/AbC123xyz",
    /* syndication */
    "The post Turkey, Iraq agree on water deal appeared first on Daily Sabah.",
    "This article was originally published on The Conversation.",
    "This story originally appeared in the Guardian.",
    "Originally published at example.com", "Source: Al Jazeera and news agencies",
    "This article is part of our coverage of the war in Gaza.",
};

/* Real news that mentions sharing, following, clicking, copyright and photos. */
static const char *const news[] = {
    "Iran and Iraq share a long border.",
    "The talks will follow a meeting in Geneva.",
    "Turkey and Greece share concerns about migration across the Aegean.",
    "Share prices in Istanbul fell 3 percent after the central bank decision.",
    "Shares of state lender Halkbank rose after the announcement.",
    "Follow-up talks are expected in Ankara next week.",
    "Followers of the cleric clashed with police in Baghdad on Friday.",
    "Photographs published by the ministry showed damaged buildings in Aleppo.",
    "Photo evidence presented to the court showed the soldiers at the checkpoint.",
    "Copyright holders sued the government over the broadcasting law.",
    "Copyright lawsuits filed in 2024.",
    "The click of cameras filled the room as Erdogan arrived.",
    "Clicking through the leaked files, investigators found payments to officials.",
    "Reporting by the BBC showed that the ministry had ignored the warnings.",
    "Editing software was used to alter the footage, the investigators said.",
    "Read the statement, the minister told reporters, and you will understand.",
    "Sign language interpreters were provided at the rally in Ankara.",
    "Subscribers to the state broadcaster protested the increase in fees.",
    "Advertisements for the rally appeared across Istanbul.",
    "More than 100 people were killed in the attack, officials said.",
    "Related talks between Israel and Hamas stalled on Monday.",
    "Twitter users in Turkey reported that the site had been blocked.",
    "Facebook removed hundreds of accounts linked to the Iranian government.",
    "Get-out-the-vote efforts intensified before Sunday's election.",
    "For more than two decades, news coverage of the region has focused on war.",
    "Updated figures for 2024.",
    "Published figures showed inflation rose to 65 percent in March.",
    "The report was updated in 2019 to include new data on refugees.",
    "Source code for the app was leaked online, the company said.",
    "Live fire exercises were held near the border on Tuesday.",
    "Watchdogs said the vote was free but not fair.",
    "Home Secretary Suella Braverman visited Rwanda on Saturday.",
    "Contact between the two delegations resumed on Monday.",
    "Stay-at-home orders were lifted in Tehran on Sunday.",
    "Join talks with the opposition, the envoy urged the government.",
    "This report was released by the United Nations on Tuesday.",
    "By noon the fighting had stopped.",
    "By Tuesday, the troops had withdrawn from the town.",
    "Reuters reported on Monday that the talks had collapsed.",
    "AP reporters witnessed the shelling of the town.",
    "Photo opportunities were limited during the visit, aides said.",
    "Menus at the state banquet included lamb and rice.",
    "Commentators in Ankara said the move was expected.",
    "Next week the foreign ministers of Turkey and Iran will meet in Tehran.",
    "Accepting the offer would mean recognising the government, the rebels said.",
    "Loading of grain at Odesa resumed on Friday under the deal.",
};

TEST(boilerplate_sentences_match)
{
    for (size_t i = 0; i < sizeof boilerplate / sizeof *boilerplate; i++) {
        const char *s = boilerplate[i];
        if (!dyad_is_boilerplate(rules, s, strlen(s))) {
            fprintf(stderr, "    not boilerplate: %s\n", s);
            test_current_failed = 1;
        }
    }
}

TEST(news_sentences_survive)
{
    CHECK(sizeof news / sizeof *news >= 15);
    for (size_t i = 0; i < sizeof news / sizeof *news; i++) {
        const char *s = news[i];
        if (dyad_is_boilerplate(rules, s, strlen(s))) {
            fprintf(stderr, "    eaten: %s\n", s);
            test_current_failed = 1;
        }
    }
}

/* The whole-story path: each boilerplate line dropped with its newline, news kept. */
TEST(story_lines_dropped)
{
    size_t nb = sizeof boilerplate / sizeof *boilerplate, nn = sizeof news / sizeof *news;
    size_t cap = 65536, in = 0, want = 0;
    char *story = malloc(cap), *expect = malloc(cap);
    for (size_t i = 0; i < nb || i < nn; i++) {
        if (i < nn) {
            in += (size_t)snprintf(story + in, cap - in, "%s\n", news[i]);
            want += (size_t)snprintf(expect + want, cap - want, "%s\n", news[i]);
        }
        if (i < nb) in += (size_t)snprintf(story + in, cap - in, "  %s \n", boilerplate[i]);
    }
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, story, in, 0, &out), 0);
    CHECK_STR(out.text, expect);
    CHECK_INT(out.dropped_lines, nb);
    CHECK(out.dateline == NULL);
    CHECK(map_is_exact(story, in, &out));
    dyad_cleaned_free(&out);
    free(story), free(expect);
}

TEST(paragraphs_kept_last_line_dropped)
{
    dyad_cleaned out;
    CHECK_STR(clean_str("Erdogan spoke.\n\nAdvertisement\n\nHe left.\nShare this article", &out),
              "Erdogan spoke.\n\n\nHe left.\n");
    CHECK_INT(out.dropped_lines, 2);
    dyad_cleaned_free(&out);
    CHECK_STR(clean_str("Advertisement", &out), "");
    CHECK_INT(out.len, 0);
    CHECK_INT(out.map[0], 13);
    dyad_cleaned_free(&out);
}

/* ----------------------------------------------------------------------------------- */

struct dateline_case {
    const char *in, *dateline, *text;
};

TEST(datelines)
{
    static const struct dateline_case cases[] = {
        {"ANKARA (Reuters) - Turkey's parliament approved the bill on Tuesday.",
         "ANKARA (Reuters)", "Turkey's parliament approved the bill on Tuesday."},
        {"WASHINGTON, March 3 (AP) \xe2\x80\x94 President Joe Biden met Erdogan.",
         "WASHINGTON, March 3 (AP)", "President Joe Biden met Erdogan."},
        {"BEIRUT, Lebanon: Israeli jets struck targets in the south.", "BEIRUT, Lebanon",
         "Israeli jets struck targets in the south."},
        {"KABUL, Afghanistan (AFP) -- The Taliban banned music.", "KABUL, Afghanistan (AFP)",
         "The Taliban banned music."},
        {"GENEVA, Nov 28 (Reuters) - Talks on Syria resumed.", "GENEVA, Nov 28 (Reuters)",
         "Talks on Syria resumed."},
        {"UNITED NATIONS (AP) \xe2\x80\x94 The Security Council voted.", "UNITED NATIONS (AP)",
         "The Security Council voted."},
        {"WASHINGTON (AP)\xe2\x80\x94President Biden spoke.", "WASHINGTON (AP)",
         "President Biden spoke."},
        {"ISTANBUL, Nov. 28, 2023 (Xinhua) -- Turkey said on Tuesday it would act.",
         "ISTANBUL, Nov. 28, 2023 (Xinhua)", "Turkey said on Tuesday it would act."},
        {"PORT-AU-PRINCE, Haiti \xe2\x80\x94 Gangs attacked the airport.",
         "PORT-AU-PRINCE, Haiti", "Gangs attacked the airport."},
        {"S\xc3\x83O PAULO (Reuters) - Brazil's central bank held rates.",
         "S\xc3\x83O PAULO (Reuters)", "Brazil's central bank held rates."},
        {"ANKARA: Turkey summoned the Swedish envoy.", "ANKARA",
         "Turkey summoned the Swedish envoy."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dyad_cleaned out;
        CHECK_STR(clean_str(cases[i].in, &out), cases[i].text);
        CHECK_STR(out.dateline, cases[i].dateline);
        CHECK(map_is_exact(cases[i].in, strlen(cases[i].in), &out));
        dyad_cleaned_free(&out);
    }
}

TEST(not_datelines)
{
    static const char *const plain[] = {
        "Turkey's parliament approved the bill - after a long debate.",
        "Turkey: the parliament approved the bill.",
        "The ANKARA government - which denies it - said so.",
        "US President Joe Biden met Erdogan.",
        "UPDATE 2-Turkey raises rates",
        "ANKARA (Reuters) -",
        "\"WE WILL WIN\" - Erdogan told the crowd.",
        "I - like many others - was surprised.",
        "WASHINGTON, which denies it - said so.",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        dyad_cleaned out;
        CHECK_STR(clean_str(plain[i], &out), plain[i]);
        CHECK(out.dateline == NULL);
        dyad_cleaned_free(&out);
    }
}

/* Only the first body paragraph, after the headline and dropped boilerplate. */
TEST(dateline_first_body_paragraph_only)
{
    const char *story = "ANKARA: headline-like line\n\nAdvertisement\n"
                        "ANKARA (Reuters) - Turkey acted.\n\nLONDON (Reuters) - Britain too.";
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, story, strlen(story), 26, &out), 0);
    CHECK_STR(out.text,
              "ANKARA: headline-like line\n\nTurkey acted.\n\nLONDON (Reuters) - Britain too.");
    CHECK_STR(out.dateline, "ANKARA (Reuters)");
    CHECK_INT(out.headline_len, 26);
    CHECK(map_is_exact(story, strlen(story), &out));
    dyad_cleaned_free(&out);

    /* a byline line before the dateline paragraph does not end the search */
    CHECK_STR(clean_str("By JOHN DOE Associated Press\nWASHINGTON (AP) - Biden spoke.", &out),
              "By JOHN DOE Associated Press\nBiden spoke.");
    CHECK_STR(out.dateline, "WASHINGTON (AP)");
    dyad_cleaned_free(&out);

    CHECK_STR(clean_str("Turkey acted.\nANKARA (Reuters) - Then more.", &out),
              "Turkey acted.\nANKARA (Reuters) - Then more.");
    CHECK(out.dateline == NULL);
    dyad_cleaned_free(&out);
}

/* ----------------------------------------------------------------------------------- */

TEST(normalisation)
{
    static const struct { const char *in, *out; } cases[] = {
        {"\xe2\x80\x9cWe will act,\xe2\x80\x9d he said. \xe2\x80\x98No.\xe2\x80\x99",
         "\"We will act,\" he said. 'No.'"},
        {"Erdogan\xe2\x80\x99s party", "Erdogan's party"},
        {"\xc2\xabNon\xc2\xbb, dit-il", "\"Non\", dit-il"},
        {"1990\xe2\x80\x93" "2000, Paris\xe2\x80\x93" "Berlin", "1990-2000, Paris-Berlin"},
        {"rebels \xe2\x80\x94 and troops \xe2\x80\x94 fled", "rebels - and troops - fled"},
        {"Hamas\xe2\x80\x94the group\xe2\x80\x94said", "Hamas - the group - said"},
        {"\"No\xe2\x80\x94\" he said", "\"No -\" he said"},
        {"minus \xe2\x88\x92" "5, figure \xe2\x80\x92, bar \xe2\x80\x95 x",
         "minus -5, figure -, bar - x"},
        {"10\xc2\xa0km, 5\xe2\x80\xaf%, a\xe2\x80\x83" "b\xe3\x80\x80" "c",
         "10 km, 5 %, a b c"},
        {"Wait\xe2\x80\xa6 then", "Wait... then"},
        {"inter\xc2\xadnational", "international"},
        {"zero\xe2\x80\x8bwidth\xe2\x80\x8c join\xe2\x80\x8d\xe2\x81\xa0" "er",
         "zerowidth joiner"},
        {"\xef\xbb\xbfGaza\xe2\x80\x8e truce", "Gaza truce"},
        {"tab\tstays, bell\x07goes, nul\x00", "tab\tstays, bell goes, nul "},
        {"line\xe2\x80\xa8" "break", "line\nbreak"},
        {"\xc2\x93" "cp1252\xc2\x94 \xc2\x96 mojibake", "\"cp1252\" - mojibake"},
        {"caf\xc3\xa9 \xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf \xf0\x9f\x98\x80",
         "caf\xc3\xa9 \xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf \xf0\x9f\x98\x80"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dyad_cleaned out;
        size_t len = strlen(cases[i].in) + (i == 13); /* case 13 ends with a NUL byte */
        CHECK_INT(dyad_clean(NULL, cases[i].in, len, 0, &out), 0);
        CHECK_STR(out.text, cases[i].out);
        CHECK_INT(out.invalid_utf8, 0);
        CHECK(map_is_exact(cases[i].in, len, &out));
        dyad_cleaned_free(&out);
    }
}

TEST(invalid_utf8)
{
    static const struct { const char *in, *out; int bad; } cases[] = {
        {"a\x80" "b", "a?b", 1},                      /* lone continuation byte */
        {"a\xc3" "b", "a?b", 1},                      /* truncated 2-byte */
        {"a\xe2\x80" "b", "a?b", 1},                  /* truncated 3-byte: one sequence */
        {"a\xc0\xaf" "b", "a??b", 2},                 /* overlong: invalid lead + stray */
        {"a\xed\xa0\x80" "b", "a???b", 3},            /* surrogate */
        {"a\xf5\x80" "b", "a??b", 2},                 /* beyond Unicode */
        {"a\xf4\x90\x80\x80" "b", "a????b", 4},       /* above U+10FFFF */
        {"end\xf0\x9f\x98", "end?", 1},               /* truncated at the end */
        {"\xff\xfe" "x", "??x", 2},
        {"Cafe\xe9 Istanbul", "Cafe? Istanbul", 1},   /* Latin-1 text */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dyad_cleaned out;
        CHECK_INT(dyad_clean(rules, cases[i].in, strlen(cases[i].in), 0, &out), 0);
        CHECK_STR(out.text, cases[i].out);
        CHECK_INT(out.invalid_utf8, cases[i].bad);
        CHECK(map_is_exact(cases[i].in, strlen(cases[i].in), &out));
        dyad_cleaned_free(&out);
    }
}

/* A text mixing kept multi-byte characters, normalised ones and dropped lines. */
TEST(offset_map_exact)
{
    const char *in = "\xe2\x80\x9cSyria\xe2\x80\x9d \xe2\x80\x94 Erdo\xc4\x9f" "an\xe2\x80\x99s "
                     "envoy\xc2\xa0met \xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf "
                     "officials\xe2\x80\xa6\r\n"
                     "Advertisement\r\n"
                     "Photo: Reuters\n"
                     "Talks\xc2\xad resumed in M\xc3\xbcnchen \xe2\x80\x93 quietly.\x80\n"
                     "Share this article\n"
                     "Last \xf0\x9f\x98\x80 line";
    size_t len = strlen(in);
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, in, len, 0, &out), 0);
    CHECK_STR(out.text, "\"Syria\" - Erdo\xc4\x9f" "an's envoy met "
                        "\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf officials...\n"
                        "Talks resumed in M\xc3\xbcnchen - quietly.?\n"
                        "Last \xf0\x9f\x98\x80 line");
    CHECK_INT(out.dropped_lines, 3);
    CHECK_INT(out.invalid_utf8, 1);
    CHECK(map_is_exact(in, len, &out));
    /* spot checks: the "ğ", the "..." (all three from the ellipsis), "Talks", the emoji */
    const char *g = strstr(out.text, "\xc4\x9f");
    CHECK(g && out.map[g - out.text] == (uint32_t)(strstr(in, "\xc4\x9f") - in));
    const char *dots = strstr(out.text, "...");
    uint32_t ell = (uint32_t)(strstr(in, "\xe2\x80\xa6") - in);
    CHECK(dots && out.map[dots - out.text] == ell && out.map[dots - out.text + 2] == ell);
    const char *talks = strstr(out.text, "Talks");
    CHECK(talks && out.map[talks - out.text] == (uint32_t)(strstr(in, "Talks") - in));
    const char *emoji = strstr(out.text, "\xf0\x9f\x98\x80");
    uint32_t em = (uint32_t)(strstr(in, "\xf0\x9f\x98\x80") - in);
    for (int k = 0; k < 4; k++)
        CHECK(emoji && out.map[emoji - out.text + k] == em + (uint32_t)k);
    CHECK_INT(out.map[out.len], len);
    dyad_cleaned_free(&out);
}

TEST(headline_len_remapped)
{
    const char *in = "\xe2\x80\x9cTurkey\xe2\x80\x9d \xe2\x80\x94 "
                     "Erdo\xc4\x9f" "an\xc2\xa0speaks\xe2\x80\xa6"
                     "\n\nANKARA (Reuters) - He spoke.";
    size_t head = (size_t)(strchr(in, '\n') - in);
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, in, strlen(in), head, &out), 0);
    CHECK_STR(out.text, "\"Turkey\" - Erdo\xc4\x9f" "an speaks...\n\nHe spoke.");
    CHECK_INT(out.headline_len, strlen("\"Turkey\" - Erdo\xc4\x9f" "an speaks..."));
    CHECK_STR(out.dateline, "ANKARA (Reuters)");
    CHECK(map_is_exact(in, strlen(in), &out));
    dyad_cleaned_free(&out);

    /* a headline_len beyond the text is clamped */
    CHECK_INT(dyad_clean(rules, "Short", 5, 99, &out), 0);
    CHECK_INT(out.headline_len, 5);
    dyad_cleaned_free(&out);
}

/* ----------------------------------------------------------------------------------- */

TEST(bad_rule_reports_line)
{
    char err[256] = "";
    const char *text = "# comment\n^advertisement$\n\n^(unclosed$\n";
    dyad_cleaner *c = dyad_cleaner_new(text, strlen(text), "my.rules", err, sizeof err);
    CHECK(c == NULL);
    CHECK(strncmp(err, "my.rules:4: ", 12) == 0);
    CHECK(strlen(err) > 12);

    const char *nul = "^ok$\n^a\0b$\n";
    c = dyad_cleaner_new(nul, 11, "nul.rules", err, sizeof err);
    CHECK(c == NULL);
    CHECK(strncmp(err, "nul.rules:2: ", 13) == 0);
}

TEST(rule_file_syntax)
{
    char err[256] = "";
    const char *text = "  # indented comment\r\n"
                       "^breaking$   # trailing comment\r\n"
                       "^[#]tag$\n"
                       "wire service\n"; /* unanchored: tried on every line */
    dyad_cleaner *c = dyad_cleaner_new(text, strlen(text), "t.rules", err, sizeof err);
    size_t unfiltered = 0;
    CHECK(c != NULL);
    CHECK_INT(dyad_cleaner_rules(c, &unfiltered), 3);
    CHECK_INT(unfiltered, 1);
    CHECK(dyad_is_boilerplate(c, "BREAKING", 8));
    CHECK(dyad_is_boilerplate(c, "#tag", 4));
    CHECK(dyad_is_boilerplate(c, "from the Wire Service today", 27));
    CHECK(!dyad_is_boilerplate(c, "breaking news", 13));
    dyad_cleaner_free(c);

    c = dyad_cleaner_new("", 0, "empty.rules", err, sizeof err);
    CHECK(c != NULL);
    CHECK_INT(dyad_cleaner_rules(c, NULL), 0);
    CHECK(!dyad_is_boilerplate(c, "Advertisement", 13));
    dyad_cleaner_free(c);
}

TEST(is_boilerplate_trims_and_limits)
{
    CHECK(dyad_is_boilerplate(rules, "  \tAdvertisement \n", 18));
    CHECK(!dyad_is_boilerplate(rules, "   ", 3));
    CHECK(!dyad_is_boilerplate(rules, "", 0));
    CHECK(!dyad_is_boilerplate(NULL, "Advertisement", 13));
    char longline[400];
    memset(longline, 'x', sizeof longline);
    memcpy(longline, "Read more: ", 11);
    CHECK(dyad_is_boilerplate(rules, longline, DYAD_BOILERPLATE_MAX_LINE));
    CHECK(!dyad_is_boilerplate(rules, longline, DYAD_BOILERPLATE_MAX_LINE + 1));
}

TEST(empty_input)
{
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, "", 0, 0, &out), 0);
    CHECK_STR(out.text, "");
    CHECK_INT(out.len, 0);
    CHECK_INT(out.map[0], 0);
    CHECK_INT(out.headline_len, 0);
    CHECK(out.dateline == NULL);
    CHECK_INT(out.dropped_lines, 0);
    dyad_cleaned_free(&out);
    CHECK_INT(dyad_clean(rules, NULL, 0, 0, &out), 0);
    CHECK_STR(out.text, "");
    dyad_cleaned_free(&out);
    dyad_cleaned_free(&out); /* freeing twice is harmless */
}

TEST(crlf_input)
{
    const char *in = "Turkey votes\r\n\r\nANKARA (Reuters) - Polls opened.\r\nAdvertisement\r\n"
                     "Turnout was high.\r\nold mac\rline\r";
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, in, strlen(in), 12, &out), 0);
    CHECK_STR(out.text, "Turkey votes\n\nPolls opened.\nTurnout was high.\nold mac\nline\n");
    CHECK_STR(out.dateline, "ANKARA (Reuters)");
    CHECK_INT(out.headline_len, 12);
    CHECK_INT(out.dropped_lines, 1);
    CHECK(map_is_exact(in, strlen(in), &out));
    dyad_cleaned_free(&out);
}

/* Inputs the fuzzer found.  1: a dateline whose words ended with "-" ("Re---") kept its
 * trailing dashes; words cut short by a dash no longer make a dateline. */
TEST(fuzz_regressions)
{
    static const char crash1[] =
        "BEIRUT, LRebp\x00Re-0"
        "--, LRebp\x00Re---\x00\x00\x00"
        "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x00\x00\x00\x00\x00-\xc2\xa0------\x94ov"
        "id\x00-@-------0--v\x00\x00"
        "\x00(\x03\x00\xe7\x00v\x00\x00\x00(\x03\x00\xe7\x00\x00\xe2\x80"
        "\x94 \xed\x80\x94X\x5cXov\x8d\x96\x8c\x9aid\x00\x00"
        "s";
    static const char *const cut_short[] = {"ANKARA- - Turkey acted.",
                                            "BEIRUT, Lebanon- - Jets struck."};
    dyad_cleaned out;
    CHECK_INT(dyad_clean(rules, crash1, sizeof crash1 - 1, 0, &out), 0);
    CHECK(map_is_exact(crash1, sizeof crash1 - 1, &out));
    CHECK(out.dateline == NULL || out.dateline[strlen(out.dateline) - 1] != '-');
    dyad_cleaned_free(&out);
    for (size_t i = 0; i < 2; i++) {
        CHECK_STR(clean_str(cut_short[i], &out), cut_short[i]);
        CHECK(out.dateline == NULL);
        dyad_cleaned_free(&out);
    }
}

int main(void)
{
    rules = load_rules();
    if (!rules) fprintf(stderr, "cannot load %s (run from the repository root)\n", RULES_PATH);
    RUN(rules_load);
    RUN(boilerplate_sentences_match);
    RUN(news_sentences_survive);
    RUN(story_lines_dropped);
    RUN(paragraphs_kept_last_line_dropped);
    RUN(datelines);
    RUN(not_datelines);
    RUN(dateline_first_body_paragraph_only);
    RUN(normalisation);
    RUN(invalid_utf8);
    RUN(offset_map_exact);
    RUN(headline_len_remapped);
    RUN(bad_rule_reports_line);
    RUN(rule_file_syntax);
    RUN(is_boilerplate_trims_and_limits);
    RUN(empty_input);
    RUN(crlf_input);
    RUN(fuzz_regressions);
    dyad_cleaner_free(rules);
    return TEST_END();
}
