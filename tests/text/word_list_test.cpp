// SPDX-License-Identifier: Apache-2.0
#include "text/word_list.hpp"

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "data/embedded.hpp"

using vnsearch::text::load_word_list;
using vnsearch::text::normalize_words;

TEST_CASE("normalize_words: each syllable in exact form, joined by one space") {
    struct Case {
        const char* why;
        std::string_view in, separators, out;
    };
    const Case cases[] = {
        {"one syllable", "Của", " ", "của"},
        {"runs of separators collapse", "  Vì   SAO ", " ", "vì sao"},
        {"NFD input is composed", "cu\u0309a", " ", "của"},
        {"any separator byte splits", "có_thể", " _", "có thể"},
        {"a byte that is not a separator stays", "có_thể", " ", "có_thể"},
        {"nothing but separators", " _ ", " _", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(normalize_words(c.in, c.separators) == c.out);
    }
}

TEST_CASE("load_word_list: one word a line, comments and blank lines skipped") {
    const auto words = load_word_list("# a comment line\n\nVÌ SAO\n  tại   sao  \ncu\u0309a\nlast");
    CHECK(words.size() == 4);
    CHECK(words.contains("vì sao"));
    CHECK(words.contains("tại sao"));
    CHECK(words.contains("của"));
    CHECK(words.contains("last"));  // no newline after the last line
    CHECK_FALSE(words.contains("# a comment line"));
    CHECK_FALSE(words.contains(""));
}

TEST_CASE("load_word_list: the embedded lists load") {
    CHECK(load_word_list(vnsearch::data::stopwords).contains("có thể"));
    CHECK(load_word_list(vnsearch::data::question_words).size() > 10);
}
