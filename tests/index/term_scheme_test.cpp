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

TEST_CASE("content_hash: every field but the origin counts, and the analyzer options") {
    Document d;
    d.id = "1";
    d.title = "Hà Nội";
    d.body = "phố cổ";
    const AnalyzerOptions plain;
    const std::string h = index::content_hash(d, plain);
    CHECK(h.size() == 16);
    struct Case {
        const char* why;
        void (*change)(Document&);
        bool changes;
    };
    const Case cases[] = {
        {"nothing", [](Document&) {}, false},
        {"origin (the input folder moved)", [](Document& x) { x.origin = "elsewhere.jsonl"; },
         false},
        {"body", [](Document& x) { x.body = "phố mới"; }, true},
        {"text moved between fields",
         [](Document& x) {
             x.title = "Hà";
             x.body = "Nội phố cổ";
         },
         true},
        {"a tag", [](Document& x) { x.tags = {"a"}; }, true},
        {"an extra field", [](Document& x) { x.fields.emplace("k", "v"); }, true},
        {"date", [](Document& x) { x.date = "2020-01-01"; }, true},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));
        Document changed = d;
        c.change(changed);
        CHECK((index::content_hash(changed, plain) != h) == c.changes);
    }
    AnalyzerOptions no_segment;
    no_segment.segment_words = false;
    CHECK(index::content_hash(d, no_segment) != h);
}

TEST_CASE("FlatDocument: the writer's Xapian::Document has every term, position and value") {
    // The analysis threads hand documents over flat; the writer makes the Xapian::Document.
    index::FlatDocument flat;
    flat.add_term("Qa1", 0, {});      // boolean
    flat.add_term("Whà_nội", 2, {});  // occurrences without positions
    flat.add_term("hà", 0, {1, 7});   // positions only
    flat.add_term("nội", 1, {2});     // both: a position, and one more occurrence
    flat.add_value(index::id_slot, "a1");
    Xapian::Document doc;
    flat.to_xapian(doc);

    struct Expected {
        std::string term;
        Xapian::termcount wdf;
        std::vector<Xapian::termpos> positions;
    };
    const std::vector<Expected> expected = {
        {"Qa1", 0, {}}, {"Whà_nội", 2, {}}, {"hà", 2, {1, 7}}, {"nội", 2, {2}}};
    std::vector<Expected> got;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        got.push_back({*t, t.get_wdf(), {t.positionlist_begin(), t.positionlist_end()}});
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(expected[i].term);
        CHECK(got[i].term == expected[i].term);
        CHECK(got[i].wdf == expected[i].wdf);
        CHECK(got[i].positions == expected[i].positions);
    }
    CHECK(doc.get_value(index::id_slot) == "a1");

    flat.clear();  // reused for the next document
    Xapian::Document empty;
    flat.to_xapian(empty);
    CHECK(empty.termlist_count() == 0);
    CHECK(empty.values_count() == 0);
}
