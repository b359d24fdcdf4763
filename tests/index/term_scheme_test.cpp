// SPDX-License-Identifier: Apache-2.0
#include "index/term_scheme.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "index/document_builder.hpp"

using namespace vnsearch;

TEST_CASE("date_value: ISO dates become YYYYMMDD, anything else nothing") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"plain date", "2020-10-24", "20201024"},
        {"date and time", "2020-10-24T08:30:00", "20201024"},
        {"date, space, time", "2020-10-24 08:30", "20201024"},
        {"leap day in a leap year", "2020-02-29", "20200229"},
        {"leap day in a common year", "2021-02-29", ""},
        {"century rule", "1900-02-29", ""},
        {"month 13", "2020-13-01", ""},
        {"day 0", "2020-10-00", ""},
        {"day 31 of a 30-day month", "2020-04-31", ""},
        {"Vietnamese order is not ISO", "24/10/2020", ""},
        {"trailing garbage", "2020-10-24x", ""},
        {"empty", "", ""},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        CHECK(index::date_value(c.in) == c.out);
    }
}

TEST_CASE("filter_value: case, spacing and Unicode form do not matter") {
    Analyzer analyzer;
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"as written", "Báo Mẫu", "báo mẫu"},
        {"capitals", "BÁO MẪU", "báo mẫu"},
        {"extra spaces", "  Báo   Mẫu ", "báo mẫu"},
        {"decomposed marks", "Ba\u0301o Ma\u0302\u0303u", "báo mẫu"},
        {"punctuation only", "!!! ---", ""},
        {"empty", "", ""},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        CHECK(index::filter_value(analyzer, c.in) == c.out);
    }
}

TEST_CASE("utf8_prefix: never cuts a character in half") {
    struct Case {
        const char* why;
        std::string_view in;
        std::size_t max;
        std::string_view out;
    };
    const Case cases[] = {
        {"short enough", "việt", 10, "việt"},
        {"cut inside a 3-byte letter steps back", "việt", 3, "vi"},
        {"cut right after the letter", "việt", 5, "việ"},
        {"zero", "việt", 0, ""},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        CHECK(index::utf8_prefix(c.in, c.max) == c.out);
    }
}

TEST_CASE("word_term: syllables joined by the word joiner, exact or base") {
    Analyzer analyzer;
    const Analysis a = analyzer.analyze("Kinh tế Việt Nam");
    REQUIRE(!a.words.empty());
    const Word& w = a.words.front();
    REQUIRE(w.token_count == 2);
    CHECK(index::word_term(a, w, index::Form::exact) == "kinh_tế");
    CHECK(index::word_term(a, w, index::Form::base) == "kinh_te");
}

TEST_CASE("author_names: a byline that credits several people gives each name") {
    using Names = std::vector<std::string_view>;
    struct Case {
        const char* why;
        std::string_view in;
        Names out;
    };
    const Case cases[] = {
        {"en dash", "PHÙNG KHIÊM – PHƯƠNG DUNG", {"PHÙNG KHIÊM", "PHƯƠNG DUNG"}},
        {"hyphen between spaces", "MAI LAN - HOÀNG HẢI", {"MAI LAN", "HOÀNG HẢI"}},
        {"commas and và", "Nguyễn An, Trần Bình và Lê Chi", {"Nguyễn An", "Trần Bình", "Lê Chi"}},
        {"VÀ in capitals", "MAI LAN VÀ HOÀNG HẢI", {"MAI LAN", "HOÀNG HẢI"}},
        {"one name", "Nguyễn Văn An", {"Nguyễn Văn An"}},
        {"a hyphen inside a name is no separator", "Jean-Paul Sartre", {"Jean-Paul Sartre"}},
        {"và inside a word is no separator", "Vàng Anh", {"Vàng Anh"}},
        {"empty parts dropped", " , Lan ,", {"Lan"}},
        {"nothing", "", {}},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        CHECK(index::author_names(c.in) == c.out);
    }
}

TEST_CASE("display_value: trimmed, white space runs made one space, the rest as written") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"as written", "Dân trí", "Dân trí"},
        {"trimmed", "  Dân trí\t", "Dân trí"},
        {"inner runs", "Dân \n\u00a0 trí", "Dân trí"},
        {"case kept", "DÂN TRÍ", "DÂN TRÍ"},
        {"only space", " \u00a0 ", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(index::display_value(c.in) == c.out);
    }
}

TEST_CASE("facet_entries: reads back what append_facet_entry wrote, skips what it did not") {
    std::string value;
    index::append_facet_entry(value, "dân trí", "Dân trí");
    index::append_facet_entry(value, "gdp", "GDP");
    const auto entries = index::facet_entries(value);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].filter == "dân trí");
    CHECK(entries[0].display == "Dân trí");
    CHECK(entries[1].filter == "gdp");
    CHECK(entries[1].display == "GDP");
    CHECK(index::facet_entries("").empty());
    CHECK(index::facet_entries("no separator\xff").empty());
    const auto cut = index::facet_entries(value.substr(0, value.size() - 1));  // no final end byte
    CHECK(cut.size() == 2);
}
