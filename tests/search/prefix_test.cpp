// SPDX-License-Identifier: Apache-2.0
// SearchOptions::prefix_last: the last query word typed so far, end to end on a real index.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <vnsearch/searcher.hpp>

#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/search_fixture.hpp"

namespace {

using Strings = std::vector<std::string>;

vnsearch::Document doc(std::string id, std::string body) {
    vnsearch::Document d;
    d.id = std::move(id);
    d.title = "Tin";
    d.body = std::move(body);
    return d;
}

std::vector<vnsearch::Document> corpus() {
    return {
        doc("hcm", "Thành phố Hồ Chí Minh mưa lớn."), doc("hn", "Thành phố Hà Nội nắng nóng."),
        doc("nva", "Ông Nguyễn Văn An là kỹ sư."),    doc("ntb", "Bà Nguyễn Thị Bình là bác sĩ."),
        doc("vang", "Giá vàng tăng mạnh."),           doc("covid", "COVID-19 lan nhanh."),
    };
}

struct Fixture {
    vnsearch::test::TempDir dir;
    vnsearch::Searcher searcher;
    Fixture() : searcher(make(dir.path())) {}
    static vnsearch::Searcher make(const std::string& path) {
        vnsearch::test::write_index(path, corpus());
        return vnsearch::Searcher(path);
    }
    Strings ids(std::string_view q, bool prefix = true) const {
        vnsearch::SearchOptions o;
        o.limit = 100;
        o.prefix_last = prefix;
        Strings out;
        for (const auto& h : searcher.search(q, o).hits) out.push_back(h.id);
        return out;
    }
};

bool contains(const Strings& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("prefix: the last word matches the words it begins, in every spelling") {
    const Fixture f;
    CHECK(f.ids("thanh pho ho ch").front() == "hcm");
    CHECK(f.ids("ch", false).empty());  // without it, "ch" is no word
    CHECK(f.ids("ch") == Strings{"hcm"});
    const Strings nv = f.ids("nguyen va");
    REQUIRE(nv.size() >= 2);
    CHECK(nv.front() == "nva");  // văn, and vàng elsewhere
    CHECK(contains(nv, "vang"));
    CHECK(f.ids("nguyễn v").front() == "nva");
    CHECK(f.ids("cov") == Strings{"covid"});
    // Marks typed so far must be carried: "vă" is văn, never vàng.
    CHECK_FALSE(contains(f.ids("vă"), "vang"));
    CHECK(contains(f.ids("vă"), "nva"));
    // "đ" and "d" stay apart; a one-letter prefix still finds something.
    CHECK_FALSE(f.ids("t").empty());
    // A query that ends in a phrase or a filter has no word typed so far.
    CHECK(f.ids("\"thành ph\"") == f.ids("\"thành ph\"", false));
    CHECK(f.ids("nguyen va -vàng") == Strings{"nva", "ntb"});
}

TEST_CASE("prefix: at most prefix_expansions terms, the most frequent first") {
    vnsearch::test::TempDir dir;
    std::vector<vnsearch::Document> docs;
    for (int i = 0; i < 30; ++i) docs.push_back(doc("m" + std::to_string(i), "mưa mưa"));
    docs.push_back(doc("rare", "mực"));
    docs.push_back(doc("rare2", "mướp"));
    vnsearch::test::write_index(dir.path(), docs);
    Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    vnsearch::search::BuildOptions options;
    options.prefix_last = true;
    options.prefix_expansions = 1;
    vnsearch::search::QueryBuilder builder(db, analyzer, options);
    const auto built = builder.build(vnsearch::search::parse_query("m"));
    REQUIRE(built.coverage.size() == 1);
    CHECK(built.coverage.front() == Strings{"mưa"});
    options.prefix_expansions = 3;
    vnsearch::search::QueryBuilder wider(db, analyzer, options);
    const auto more = wider.build(vnsearch::search::parse_query("m"));
    REQUIRE(more.coverage.size() == 1);
    CHECK(more.coverage.front().size() == 3);
    CHECK(more.coverage.front().front() == "mưa");
    // Their document counts are bounded too: mưa alone has the 30 postings allowed.
    options.prefix_postings = 30;
    vnsearch::search::QueryBuilder bounded(db, analyzer, options);
    const auto few = bounded.build(vnsearch::search::parse_query("m"));
    REQUIRE(few.coverage.size() == 1);
    CHECK(few.coverage.front() == Strings{"mưa"});
}
