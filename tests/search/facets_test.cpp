// SPDX-License-Identifier: Apache-2.0
// Facet counts through the Searcher on a real index: exact over every matching document, in the
// documents' spelling, each value a working filter, whatever the page, the thread count or the
// partial flag. (Sharded indexes: shards_test.cpp and remote_shards_test.cpp.)
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include <xapian.h>

#include "index/term_scheme.hpp"
#include "search/facet_truth.hpp"
#include "search/match_bits.hpp"
#include "search/search_fixture.hpp"
#include "search/split_match.hpp"
#include "support/temp_dir.hpp"

namespace {

using vnsearch::Document;
using vnsearch::Facet;
using vnsearch::SearchOptions;
using vnsearch::SearchResults;

const std::vector<std::string> all_facets = {"source", "category", "author",
                                             "tag",    "year",     "month"};

// Thirty articles on two topics. Sources in several spellings of one name ("Dân trí" most
// often), author lines that credit two people, repeated and re-cased tags, dates over two years
// and a few undated articles, some articles without any metadata.
std::vector<Document> corpus() {
    const char* sources[] = {"Dân trí",   "Dân trí",  "DÂN TRÍ",
                             "VnExpress", "Tuổi Trẻ", "  Dân  trí "};
    const char* categories[] = {"Kinh tế", "Thể thao", "Xã hội"};
    const char* authors[] = {"Nguyễn An", "PHÙNG KHIÊM – PHƯƠNG DUNG", "Trần Bình, Nguyễn An",
                             "Lê Chi"};
    const char* tags[] = {"Hà Nội", "GDP", "bóng đá", "HÀ NỘI", "Báo \"Xanh\""};
    std::vector<Document> docs;
    for (int i = 0; i < 30; ++i) {
        Document d;
        d.id = "bai-";
        d.id += std::to_string(i);
        d.title = i % 2 == 0 ? "Kinh tế Hà Nội tăng trưởng" : "Bóng đá Việt Nam thắng lớn";
        d.body = i % 2 == 0 ? "Kinh tế thủ đô tăng trưởng nhanh trong quý ba."
                            : "Đội tuyển bóng đá thắng trận thứ " + std::to_string(i) + ".";
        if (i % 10 != 9) {
            d.source = sources[i % 6];
            d.category = categories[i % 3];
            d.author = authors[i % 4];
            d.tags = {tags[i % 5], tags[(i + 3) % 5]};  // i % 5 == 0 or 2: Hà Nội twice
        }
        if (i % 7 != 6)
            d.date = "202" + std::to_string(i % 2) + "-" + (i % 4 < 2 ? "03" : "10") + "-1" +
                     std::to_string(i % 10);
        docs.push_back(std::move(d));
    }
    return docs;
}

struct Index {
    vnsearch::test::TempDir dir;
    Index() { vnsearch::test::write_index(dir.path(), corpus()); }
};

const Index& index() {
    static const Index built;
    return built;
}

SearchResults search(const std::string& query, std::vector<std::string> facets,
                     SearchOptions options = {}) {
    options.facets = std::move(facets);
    return vnsearch::Searcher(index().dir.path()).search(query, options);
}

std::map<std::string, std::size_t> counts(const Facet& f) {
    std::map<std::string, std::size_t> out;
    for (const auto& v : f.values) out[v.value] = v.count;
    return out;
}

// The whole of each facet, values in order, as one comparable value.
std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::size_t>>>> flat(
    const SearchResults& r) {
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::size_t>>>> out;
    for (const Facet& f : r.facets) {
        auto& values =
            out.emplace_back(f.name, std::vector<std::pair<std::string, std::size_t>>{}).second;
        for (const auto& v : f.values) values.emplace_back(v.value, v.count);
    }
    return out;
}

// What the corpus says a facet of every document is: the test's own count.
std::map<std::string, std::size_t> expected_sources() {
    return {{"Dân trí", 18}, {"Tuổi Trẻ", 5}, {"VnExpress", 4}};  // 27 with a source
}

}  // namespace

TEST_CASE("facets: counts over every match, in the documents' most common spelling") {
    const SearchResults r = search("kinh tế OR bóng đá", all_facets, {.limit = 3});
    REQUIRE(r.estimated_total == 30);
    REQUIRE(r.facets.size() == 6);
    for (std::size_t i = 0; i < 6; ++i) CHECK(r.facets[i].name == all_facets[i]);
    // Dân trí, DÂN TRÍ and "  Dân  trí " are one filter value, shown as most documents write it.
    CHECK(counts(r.facets[0]) == expected_sources());
    CHECK(r.facets[0].values.front().value == "Dân trí");
    CHECK(counts(r.facets[1]) ==
          std::map<std::string, std::size_t>{{"Kinh tế", 9}, {"Thể thao", 9}, {"Xã hội", 9}});
    // Each person an author line credits; Nguyễn An alone and in "Trần Bình, Nguyễn An".
    CHECK(counts(r.facets[2]) == std::map<std::string, std::size_t>{{"Nguyễn An", 15},
                                                                    {"PHÙNG KHIÊM", 6},
                                                                    {"PHƯƠNG DUNG", 6},
                                                                    {"Trần Bình", 7},
                                                                    {"Lê Chi", 6}});
    // Tags: a document with Hà Nội and HÀ NỘI counts once under it.
    const auto tags = counts(r.facets[3]);
    CHECK(tags.at("Hà Nội") == 18);
    CHECK(tags.at("GDP") == 12);
    CHECK(tags.at("bóng đá") == 9);
    CHECK(tags.at("Báo \"Xanh\"") == 9);
    CHECK(tags.size() == 4);
    const auto years = counts(r.facets[4]);
    CHECK(years.at("2020") + years.at("2021") == 26);  // four are undated
    CHECK(years.size() == 2);
    CHECK(counts(r.facets[5]) ==
          std::map<std::string, std::size_t>{
              {"2020-03", 7}, {"2020-10", 6}, {"2021-03", 7}, {"2021-10", 6}});
    // Count descending, ties by value.
    for (const Facet& f : r.facets)
        for (std::size_t i = 1; i < f.values.size(); ++i) {
            CAPTURE(f.name);
            const auto &a = f.values[i - 1], &b = f.values[i];
            CHECK((a.count > b.count || (a.count == b.count && a.value < b.value)));
        }
}

TEST_CASE("facets: each value as a filter finds as many documents as its count") {
    for (const char* query : {"kinh tế OR bóng đá", "bóng đá", "kinh te", "tăng trưởng xyzabc"}) {
        const SearchResults r = search(query, all_facets);
        const std::string text = query;
        CAPTURE(text);
        std::size_t values = 0;
        for (const Facet& f : r.facets)
            for (const auto& v : f.values) {
                const std::string filtered =
                    "(" + text + ") " + vnsearch::facet_filter(f.name, v.value);
                CAPTURE(filtered);
                // All hits, so Xapian counts every match: the total is exact without facets too.
                const SearchResults narrowed =
                    search(filtered, {}, {.limit = 100, .snippets = false});
                CHECK(narrowed.estimated_total == v.count);
                CHECK(narrowed.hits.size() == v.count);
                ++values;
            }
        CHECK(values > 5);
    }
}

namespace {

// Three hundred and twenty articles with every kind of facet value: sources in several
// spellings, author lines that credit one to three people (and repeat one), up to four tags of
// forty in any case (a tag twice in one article), dates over three years, some invalid or
// missing. Two articles have a rare word: few enough postings for the matcher's walk, where
// common words take the bitmap's (search/match_bits.hpp).
std::vector<Document> varied_corpus(int count, int first = 0) {
    const char* sources[] = {"Dân trí",  "DÂN TRÍ",    "VnExpress", "Tuổi Trẻ",
                             "tuổi trẻ", "Thanh Niên", ""};
    const char* people[] = {"Nguyễn An", "Trần Bình", "LÊ CHI", "Lê Chi", "Phạm Dung", "Hồ Em"};
    const char* words[] = {"kinh tế", "bóng đá", "giáo dục", "thời tiết", "giao thông"};
    std::vector<Document> docs;
    std::uint64_t x = 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(first);
    const auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int i = first; i < first + count; ++i) {
        Document d;
        d.id = "v";
        d.id += std::to_string(i);
        d.title = words[next() % 5];
        d.body = std::string(words[next() % 5]) + " và " + words[next() % 5] + ".";
        if (i == 7 || i == 250) d.body += " Chuyện lạ zơnot.";
        d.source = sources[next() % 7];
        d.category = i % 9 == 0 ? "" : (i % 2 ? "Thể thao" : "Xã hội");
        switch (next() % 4) {
            case 0:
                d.author = people[next() % 6];
                break;
            case 1:
                d.author = std::string(people[next() % 6]) + ", " + people[next() % 6];
                break;
            case 2:
                d.author = std::string(people[next() % 6]) + " - " + people[next() % 6] + " và " +
                           people[next() % 6];
                break;
            default:
                break;
        }
        for (std::uint64_t t = next() % 5; t > 0; --t) {
            const std::uint64_t k = next() % 40;
            d.tags.push_back((k % 3 ? "chủ đề " : "CHỦ ĐỀ ") + std::to_string(k));
        }
        const int year = 2019 + static_cast<int>(next() % 3);
        const int month = 1 + static_cast<int>(next() % 12);
        if (i % 11 == 3)
            d.date = std::to_string(year) + "-02-30";  // no such day
        else if (i % 13 != 5)
            d.date =
                std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-15";
        docs.push_back(std::move(d));
    }
    return docs;
}

const char* const varied_queries[] = {
    "kinh tế",
    "kinh te",
    "bóng đá OR giáo dục",
    "\"thời tiết\"",
    "giao thông -kinh",
    "source:\"Dân trí\" kinh tế",
    "date:2020 bóng đá",
    "zơnot",
    "zonot",
    "kinh tế xyzabc",
    "xyzabc",
};

// The Searcher's facets of every varied query, held against the documents' own counts.
void check_against_documents(const vnsearch::Searcher& searcher, const std::vector<Document>& docs,
                             std::size_t& checked) {
    for (const char* query : varied_queries) {
        const std::string text = query;
        CAPTURE(text);
        const std::set<std::string> ids = vnsearch::test::matching_ids(searcher, text);
        for (unsigned threads : {1U, 2U}) {
            CAPTURE(threads);
            SearchOptions o;
            o.facets = all_facets;
            o.max_facet_values = 0;
            o.threads = threads;
            const SearchResults r = searcher.search(text, o);
            CHECK(r.estimated_total == ids.size());
            CHECK(vnsearch::test::flat_facets(r) ==
                  vnsearch::test::brute_force_facets(docs, ids, all_facets));
            checked += ids.size();
        }
    }
}

}  // namespace

TEST_CASE("facets: every count equals a count over the matching documents themselves") {
    const auto saved = vnsearch::search::split_min_documents.exchange(0);
    vnsearch::test::TempDir dir;
    const std::vector<Document> docs = varied_corpus(320);
    vnsearch::test::write_index(dir.path(), docs);
    {
        // The fixture walks both ways: a rare word by Xapian's matcher, a common one as a bitmap.
        const Xapian::Database db(dir.path());
        CHECK_FALSE(vnsearch::search::bits_pay(db, Xapian::Query("zơnot")));
        CHECK(vnsearch::search::bits_pay(db, Xapian::Query("kinh")));
    }
    const vnsearch::Searcher searcher(dir.path());
    std::size_t checked = 0;
    check_against_documents(searcher, docs, checked);
    CHECK(checked > 1000);
    vnsearch::search::split_min_documents = saved;
}

TEST_CASE("facets: the counts follow a new revision of the index") {
    vnsearch::test::TempDir dir;
    std::vector<Document> docs = varied_corpus(200);
    vnsearch::test::write_index(dir.path(), docs);
    const vnsearch::Searcher searcher(dir.path());
    std::size_t checked = 0;
    check_against_documents(searcher, docs, checked);  // reads the columns
    {
        // New documents, new spellings, one removed: the next search reads the columns again.
        vnsearch::IndexWriter writer(dir.path(), vnsearch::OpenMode::open);
        std::vector<Document> more = varied_corpus(60, 200);
        more[0].source = "Báo Mới";
        more[1].tags = {"chủ đề mới", "Chủ Đề Mới"};
        for (const Document& d : more) writer.add(d);
        CHECK(writer.remove("v3"));
        writer.commit();
        docs.erase(docs.begin() + 3);
        docs.insert(docs.end(), more.begin(), more.end());
    }
    check_against_documents(searcher, docs, checked);
    SearchOptions o;
    o.facets = {"source"};
    o.max_facet_values = 0;
    const auto sources = counts(
        searcher.search("kinh tế OR bóng đá OR giáo dục OR thời tiết OR giao thông", o).facets[0]);
    CHECK(sources.contains("Báo Mới"));
}

TEST_CASE("facets: the page, the thread count and the sort leave the counts alone") {
    const SearchResults first = search("kinh te", all_facets);
    REQUIRE(first.estimated_total == 15);
    CHECK(flat(search("kinh te", all_facets, {.limit = 2, .offset = 5})) == flat(first));
    CHECK(flat(search("kinh te", all_facets, {.limit = 0})) == flat(first));
    CHECK(flat(search("kinh te", all_facets, {.sort = vnsearch::SortOrder::date})) == flat(first));
    // Split first pass on this small index too.
    const auto saved = vnsearch::search::split_min_documents.exchange(0);
    for (unsigned threads : {1U, 2U}) {
        CAPTURE(threads);
        SearchOptions o;
        o.threads = threads;
        CHECK(flat(search("kinh te", all_facets, o)) == flat(first));
    }
    vnsearch::search::split_min_documents = saved;
}

TEST_CASE("facets: partial results count the documents the hits come from") {
    // No document has xyzabc: the hits are those with kinh tế, and so are the counts.
    const SearchResults partial = search("kinh tế xyzabc", {"source"});
    CHECK(partial.partial);
    CHECK(partial.estimated_total == 15);
    CHECK(flat(partial) == flat(search("kinh tế", {"source"})));
    // A phrase nobody wrote: the loosened query's matches.
    const SearchResults loosened = search("\"tăng trưởng bóng đá\"", {"category"});
    CHECK(loosened.partial);
    std::size_t counted = 0;
    for (const auto& v : loosened.facets[0].values) counted += v.count;
    CHECK(counted == 27);  // every document with a category has one of the words
}

TEST_CASE("facets: none asked, none counted; a query without words gives empty facets") {
    CHECK(search("kinh tế", {}).facets.empty());
    const SearchResults empty = search("", {"source", "year"});
    REQUIRE(empty.facets.size() == 2);
    CHECK(empty.facets[0].name == "source");
    CHECK(empty.facets[0].values.empty());
    CHECK(search("xyzabc", {"tag"}).facets.at(0).values.empty());
}

TEST_CASE("facets: max_facet_values keeps the most frequent") {
    const SearchResults r = search("kinh tế OR bóng đá", {"author"}, {.max_facet_values = 2});
    REQUIRE(r.facets[0].values.size() == 2);
    CHECK(r.facets[0].values[0].value == "Nguyễn An");
    CHECK(r.facets[0].values[1].value == "Trần Bình");
}

TEST_CASE("facets: an unknown or repeated facet name is an invalid input") {
    for (const std::vector<std::string>& names :
         {std::vector<std::string>{"publisher"}, {"source", "source"}, {""}}) {
        try {
            (void)search("kinh tế", names);
            FAIL("no error");
        } catch (const vnsearch::Error& e) {
            CHECK(e.code() == vnsearch::Errc::invalid_input);
        }
    }
}

TEST_CASE("facets: an index written before the facet slots says so; year and month still count") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), corpus());
    {
        Xapian::WritableDatabase db(dir.path(), Xapian::DB_OPEN);
        db.set_metadata(std::string(vnsearch::index::scheme_key), "1");
        db.commit();
    }
    const vnsearch::Searcher old(dir.path());
    SearchOptions o;
    o.facets = {"year", "tag"};
    try {
        (void)old.search("kinh tế", o);
        FAIL("no error");
    } catch (const vnsearch::Error& e) {
        CHECK(e.code() == vnsearch::Errc::invalid_query);
        CHECK(std::string(e.what()).find("\"tag\": the index was written before facets") !=
              std::string::npos);
    }
    o.facets = {"year", "month"};
    CHECK(old.search("kinh tế OR bóng đá", o).facets.at(0).values.size() == 2);
}

TEST_CASE("facet_filter: the query text of a facet value") {
    CHECK(vnsearch::facet_filter("source", "Dân trí") == "source:\"Dân trí\"");
    CHECK(vnsearch::facet_filter("tag", "Báo \"Xanh\"") == "tag:\"Báo  Xanh \"");
    CHECK(vnsearch::facet_filter("year", "2020") == "date:2020");
    CHECK(vnsearch::facet_filter("month", "2020-10") == "date:2020-10");
    CHECK_THROWS_AS((void)vnsearch::facet_filter("body", "x"), vnsearch::Error);
}
