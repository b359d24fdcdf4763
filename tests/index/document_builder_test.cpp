// SPDX-License-Identifier: Apache-2.0
#include "index/document_builder.hpp"

#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include "index/term_scheme.hpp"

using namespace vnsearch;

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

TEST_CASE("term_table: each term once per document, across growth and clears") {
    index::TermTable set;
    for (int round = 0; round < 3; ++round) {
        set.clear();
        const int n = round == 1 ? 20000 : 100;  // the long one grows the table, then it shrinks
        // (Not "t" + std::to_string(i): GCC 12 warns falsely about that in Release builds.)
        const auto term = [](int i) { return std::string("t").append(std::to_string(i)); };
        for (int i = 0; i < n; ++i) CHECK(set.insert(term(i)).second);
        for (int i = 0; i < n; ++i) CHECK_FALSE(set.insert(term(i)).second);
        CHECK(set.insert("").second);
        CHECK_FALSE(set.insert("").second);
        CHECK(set.size() == static_cast<std::size_t>(n) + 1);
        CHECK(set.insert("t7").first == 7);
        CHECK(set[7] == "t7");
    }
}
