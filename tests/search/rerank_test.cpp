// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>

#include "search/helper_thread.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/rerank.hpp"
#include "search/search_fixture.hpp"
#include "search/split_match.hpp"

namespace {

vnsearch::Document article(std::string id, std::string body) {
    vnsearch::Document d;
    d.id = std::move(id);
    d.title = "Tin";
    d.body = std::move(body);
    return d;
}

// The pair as Xapian's own positional query: OP_NEAR over the OR of each syllable's spellings,
// scaled by the pair's factor.
Xapian::Query near_query(const vnsearch::search::ProximityPair& pair) {
    std::vector<Xapian::Query> syllables;
    for (const auto& spellings : pair.syllables)
        syllables.emplace_back(Xapian::Query::OP_OR, spellings.begin(), spellings.end());
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_NEAR, syllables.begin(), syllables.end(), pair.window),
        pair.factor);
}

}  // namespace

TEST_CASE("rerank: proximity weights are Xapian's OP_NEAR weights, pair by pair") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(
        dir.path(),
        {article("near", "Chính sách phát triển kinh tế biển đảo được bàn hôm nay."),
         article("apart", "Chính sách năm nay. Phát triển lúa tốt. Kinh tế khá. Biển đảo xa."),
         // A word repeated in the query and in the text: each pair needs its own positions.
         article("repeat", "Kinh tế kinh tế biển. Phát triển phát triển chính sách."),
         article("folded", "Chinh sach phat trien kinh te bien dao, viết không dấu."),
         article("window", "Phát triển một hai ba bốn năm sáu kinh tế."),
         article("none", "Trời nắng, chợ đông.")});
    const Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    for (const char* text :
         {"chính sách phát triển kinh tế biển đảo", "chinh sach phat trien kinh te bien dao",
          "kinh tế kinh tế phát triển phát triển chính sách"}) {
        const std::string query = text;
        CAPTURE(query);
        vnsearch::search::QueryBuilder builder(db, analyzer);
        const auto built = builder.build(vnsearch::search::parse_query(query));
        REQUIRE(built.proximity.size() >= 3);
        std::vector<vnsearch::search::RankedHit> hits;
        for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) hits.push_back({did, 0});
        vnsearch::search::add_proximity(db, built.proximity, hits, [&](const std::string& term) {
            return db.get_termfreq(term);
        });

        std::map<Xapian::docid, double> expected;
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
        for (const auto& pair : built.proximity) {
            enquire.set_query(near_query(pair));
            const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
            for (auto it = mset.begin(); it != mset.end(); ++it) expected[*it] += it.get_weight();
        }
        REQUIRE(expected.size() >= 2);  // the test means something
        for (const auto& hit : hits) {
            CAPTURE(hit.did);
            CHECK(hit.weight == doctest::Approx(expected[hit.did]).epsilon(1e-12));
        }
    }
}

TEST_CASE("rerank: the evidence reranks the best documents, proximity fewer of them") {
    using namespace vnsearch::search;
    BuiltQuery built;
    built.accented = true;
    built.proximity.resize(3);
    CHECK(rerank_depth(built) == accented_rerank_depth);
    CHECK(proximity_depth(built) == accented_rerank_depth);
    built.proximity.resize(40);
    CHECK(proximity_depth(built) == min_proximity_depth);
    built.accented = false;
    CHECK(rerank_depth(built) == unaccented_rerank_depth);
    CHECK(proximity_depth(built) == unaccented_rerank_depth);
}

TEST_CASE("rerank: pages of a reranked result list follow one another") {
    vnsearch::test::TempDir dir;
    const auto docs = vnsearch::test::together_and_apart_corpus();
    vnsearch::test::write_index(dir.path(), docs);
    const Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(db, analyzer);
    const auto built =
        builder.build(vnsearch::search::parse_query("chính sách phát triển kinh tế biển đảo"));
    REQUIRE_FALSE(built.proximity.empty());
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
    const auto all = vnsearch::search::rank_page(db, enquire, built, true, 0, 40);
    REQUIRE(all.hits.size() == 40);
    for (std::size_t i = 1; i < all.hits.size(); ++i)
        CHECK(all.hits[i - 1].weight >= all.hits[i].weight);
    for (Xapian::doccount offset : {0u, 7u, 10u, 30u}) {
        CAPTURE(offset);
        const auto page = vnsearch::search::rank_page(db, enquire, built, true, offset, 10);
        REQUIRE(page.hits.size() == std::min<std::size_t>(10, 40 - offset));
        for (std::size_t i = 0; i < page.hits.size(); ++i) {
            CHECK(page.hits[i].did == all.hits[offset + i].did);
            CHECK(page.hits[i].weight == doctest::Approx(all.hits[offset + i].weight));
        }
    }
    // Proximity and the summary evidence moved documents that have the words together up.
    CHECK(all.hits.front().weight > all.hits.back().weight);
}

TEST_CASE("rerank: the hook sees the first pass's page before the rerank reorders it") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), vnsearch::test::together_and_apart_corpus());
    const Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(db, analyzer);
    const auto built =
        builder.build(vnsearch::search::parse_query("chính sách phát triển kinh tế biển đảo"));
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
    enquire.set_query(built.ranked);
    const Xapian::MSet first = enquire.get_mset(0, 40);
    std::size_t changed_pages = 0;
    for (Xapian::doccount offset : {0u, 3u, 10u}) {
        CAPTURE(offset);
        std::vector<Xapian::docid> seen;
        std::size_t calls = 0;
        const auto page = vnsearch::search::rank_page(
            db, enquire, built, true, offset, 5,
            [&](const std::vector<vnsearch::search::RankedHit>& likely) {
                ++calls;
                for (const auto& hit : likely) seen.push_back(hit.did);
            });
        CHECK(calls == 1);
        // The hook got the first pass's page: what Xapian alone ranks there.
        std::vector<Xapian::docid> first_page;
        for (Xapian::doccount i = offset; i < offset + 5; ++i) first_page.push_back(*first[i]);
        CHECK(seen == first_page);
        std::vector<Xapian::docid> final_page;
        for (const auto& hit : page.hits) final_page.push_back(hit.did);
        std::sort(seen.begin(), seen.end());
        std::sort(final_page.begin(), final_page.end());
        if (seen != final_page) ++changed_pages;
    }
    // The rerank moved documents onto and off the pages (what a snippet helper that started on
    // the first pass's page has to undo).
    CHECK(changed_pages > 0);
    // Sorted by date there is no rerank, so no hook.
    std::size_t calls = 0;
    (void)vnsearch::search::rank_page(
        db, enquire, built, false, 0, 5,
        [&](const std::vector<vnsearch::search::RankedHit>&) { ++calls; });
    CHECK(calls == 0);
}

TEST_CASE("split first pass: two threads find the hits and counts of one match") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), vnsearch::test::together_and_apart_corpus());
    const Xapian::Database db(dir.path());
    const Xapian::Database helper_db(dir.path());  // the helper's own handle
    vnsearch::search::HelperThread helper;
    vnsearch::search::SplitMatch split{&helper, &helper_db};
    split.min_documents = 0;  // split even these 40 documents
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(db, analyzer);
    for (const char* text : {"chính sách phát triển kinh tế biển đảo", "kinh te", "lúa OR sông",
                             "\"phát triển kinh tế\"", "cá -mưa", "không có"}) {
        const std::string query = text;
        CAPTURE(query);
        const auto built = builder.build(vnsearch::search::parse_query(query));
        for (Xapian::doccount depth : {1u, 5u, 30u, 100u}) {
            CAPTURE(depth);
            Xapian::Enquire one(db), two(db);
            one.set_weighting_scheme(vnsearch::search::ranking_weight());
            two.set_weighting_scheme(vnsearch::search::ranking_weight());
            const auto a =
                vnsearch::search::match_first_pass(db, one, built.ranked, depth, nullptr);
            const auto b = vnsearch::search::match_first_pass(db, two, built.ranked, depth, &split);
            REQUIRE(a.hits.size() == b.hits.size());
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                CHECK(a.hits[i].did == b.hits[i].did);
                CHECK(a.hits[i].weight == b.hits[i].weight);  // the same statistics: exact
            }
            // Counts are estimates once pruning starts; a match deeper than the corpus prunes
            // nothing and counts exactly, on both sides.
            CHECK(b.estimated >= b.hits.size());
            CHECK(b.upper_bound >= b.estimated);
            if (depth == 100) {
                CHECK(a.estimated == b.estimated);
                CHECK(a.upper_bound == b.upper_bound);
            }
            // The calling thread's half gives the whole index's term statistics.
            for (auto t = built.ranked.get_unique_terms_begin();
                 t != built.ranked.get_unique_terms_end(); ++t)
                CHECK(b.first_half.get_termfreq(*t) == db.get_termfreq(*t));
            // The enquire is left with the query, as rank_page() documents.
            CHECK(two.get_query().serialise() == built.ranked.serialise());
        }
    }
}

TEST_CASE("rerank: a long question checks the pairs of its rarest words") {
    // Fourteen content words, so thirteen pairs, one more than the budget keeps. "mèo" and "chó"
    // are in every document: their pair is the one dropped.
    std::vector<vnsearch::Document> docs;
    for (int i = 0; i < 6; ++i)
        docs.push_back(article("common" + std::to_string(i), "Mèo và chó chơi ngoài sân."));
    docs.push_back(article("animals", "Gà vịt ngỗng bò trâu dê cừu ngựa lợn thỏ hươu nai."));
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), docs);
    Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    const auto termfreq = [&](const std::string& term) { return db.get_termfreq(term); };
    const auto pair_words = [](const vnsearch::search::ProximityPair& p) {
        std::string words;
        for (const auto& spellings : p.syllables) words += spellings.front() + " ";
        return words;
    };

    vnsearch::search::QueryBuilder builder(db, analyzer);
    const auto built = builder.build(
        vnsearch::search::parse_query("mèo chó gà vịt ngỗng bò trâu dê cừu ngựa lợn thỏ hươu nai"));
    REQUIRE(built.proximity.size() == 13);
    const auto kept = vnsearch::search::informative_pairs(db, built, termfreq);
    const std::size_t budget =
        vnsearch::search::proximity_checks / vnsearch::search::min_proximity_depth;
    REQUIRE(kept.size() == budget);
    CHECK(pair_words(kept.front()) == "chó gà ");  // "mèo chó" is gone; query order kept
    CHECK(pair_words(kept.back()) == "hươu nai ");

    // A short question, or one typed without diacritics, checks every pair.
    const auto short_query = vnsearch::search::QueryBuilder(db, analyzer)
                                 .build(vnsearch::search::parse_query("mèo chó gà"));
    CHECK(vnsearch::search::informative_pairs(db, short_query, termfreq).size() ==
          short_query.proximity.size());
    const auto unaccented = vnsearch::search::QueryBuilder(db, analyzer)
                                .build(vnsearch::search::parse_query(
                                    "meo cho ga vit ngong bo trau de cuu ngua lon tho huou nai"));
    CHECK(vnsearch::search::informative_pairs(db, unaccented, termfreq).size() ==
          unaccented.proximity.size());
}
