// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>

#include "index/term_scheme.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/rerank.hpp"
#include "search/search_fixture.hpp"

TEST_CASE("query_builder: a candidate must carry every mark typed") {
    struct Case {
        const char* why;
        const char* typed;
        const char* candidate;
        bool carries;
    };
    const Case cases[] = {
        {"nothing typed", "ha", "hà", true},
        {"nothing typed, đ", "duong", "đường", true},
        {"same spelling", "hà", "hà", true},
        {"other tone", "hà", "hạ", false},
        {"tone typed, candidate bare", "hà", "ha", false},
        {"modifier typed", "viêt", "việt", true},
        {"modifier typed, other modifier", "viêt", "viết", true},
        {"modifier missing in candidate", "viêt", "viet", false},
        {"đ typed", "đuong", "đường", true},
        {"đ typed, candidate d", "đuong", "dương", false},
        {"ư ơ typed", "dương", "dương", true},
        {"ư ơ typed, đ candidate carries more", "dương", "đương", true},
        {"tone anywhere counts", "duòng", "đường", true},
        {"breve vs circumflex", "ăn", "ân", false},
        {"dê vs dế", "dê", "dế", true},
        {"dế vs dê", "dế", "dê", false},
        {"different lengths", "ha", "hai", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::search::carries_marks(c.typed, c.candidate) == c.carries);
    }
}

namespace {

// Scores of every matching document for `query` built with `options`, by id: the ranking the
// Searcher uses (both passes).
std::map<std::string, double> scores(const std::string& db_path, const std::string& query,
                                     const vnsearch::search::BuildOptions& options) {
    Xapian::Database db(db_path);
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(db, analyzer, options);
    const auto built = builder.build(vnsearch::search::parse_query(query));
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
    std::map<std::string, double> out;
    const auto page = vnsearch::search::rank_page(db, enquire, built, true, 0, 100);
    for (const auto& hit : page.hits) {
        const Xapian::Document doc = db.get_document(hit.did);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if ((*t).starts_with(vnsearch::index::id_prefix))
                out[(*t).substr(vnsearch::index::id_prefix.size())] = hit.weight;
    }
    return out;
}

vnsearch::Document article(std::string id, std::string title, std::string body) {
    vnsearch::Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    return d;
}

// `count` filler articles "f0", "f1"... whose body is `body(i)`: they set the words' document
// frequencies around the articles a test compares.
template <typename Body>
void add_fillers(std::vector<vnsearch::Document>& docs, int count, Body body) {
    for (int i = 0; i < count; ++i) {
        // (Not "f" + std::to_string(i): GCC 12 warns falsely about that in Release builds.)
        std::string id = "f";
        id += std::to_string(i);
        docs.push_back(article(id, "Tin", body(i)));
    }
}

}  // namespace

TEST_CASE("query_builder: question words are recognised in their exact form") {
    using vnsearch::search::is_question_word;
    CHECK(is_question_word("bao nhiêu"));
    CHECK(is_question_word("khi nào"));
    CHECK(is_question_word("như thế nào"));
    CHECK(is_question_word("gì"));
    CHECK_FALSE(is_question_word("bao"));
    CHECK_FALSE(is_question_word("sông"));
    CHECK_FALSE(is_question_word("bao nhieu"));  // exact forms only: the caller normalises
}

TEST_CASE("query_builder: question words do not drive the ranking of a question") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(
        dir.path(),
        {article("topic", "Sông Hồng", "Sông Hồng dài 1.149 km, chảy qua Hà Nội."),
         article("asks", "Hỏi đáp",
                 "Bao nhiêu người? Bao nhiêu nhà? Bao nhiêu xe? Bao nhiêu cây? Đường dài?"),
         article("other", "Chợ", "Chợ đông người, nhà cửa san sát.")});
    const std::string question = "Sông Hồng dài bao nhiêu?";
    vnsearch::search::BuildOptions options;
    const auto ranked = scores(dir.path(), question, options);
    REQUIRE(ranked.contains("topic"));
    REQUIRE(ranked.contains("asks"));
    CHECK(ranked.at("topic") > 2 * ranked.at("asks"));
    // The same query with "bao nhiêu" scored as a content word gives the other article far more.
    options.question_weight = 1.0;
    const auto as_content = scores(dir.path(), question, options);
    CHECK(as_content.at("asks") > ranked.at("asks") * 2);
}

TEST_CASE("query_builder: neighbouring query words close together in a document rank higher") {
    vnsearch::test::TempDir dir;
    // The same words, once in the query's order and once scattered: BM25 alone cannot tell them
    // apart.
    vnsearch::test::write_index(
        dir.path(),
        {article("near", "Tin",
                 "Chính sách phát triển kinh tế biển đảo. Năm nay trời mưa to, lúa tốt cây xanh, "
                 "hoa nở chim hót vang."),
         article("apart", "Tin",
                 "Chính sách năm nay trời mưa to. Phát triển lúa tốt cây xanh. Kinh tế hoa nở "
                 "chim hót vang. Biển đảo."),
         article("none", "Tin", "Trời nắng.")});
    vnsearch::search::BuildOptions options;
    SUBCASE("a question or statement of several words") {
        for (const char* query :
             {"chính sách phát triển kinh tế biển đảo", "chinh sach phat trien kinh te bien dao",
              "CHÍNH SÁCH PHÁT TRIỂN KINH TẾ BIỂN ĐẢO"}) {
            const std::string q = query;
            CAPTURE(q);
            const auto with = scores(dir.path(), q, options);
            REQUIRE(with.size() == 2);
            CHECK(with.at("near") > with.at("apart") * 1.01);
            options.near_weight = 0;
            const auto without = scores(dir.path(), q, options);
            CHECK(without.at("near") == doctest::Approx(without.at("apart")));
            options.near_weight = vnsearch::search::BuildOptions{}.near_weight;
        }
    }
    SUBCASE("a short keyword query is a bag of words") {
        const auto few = scores(dir.path(), "phát triển kinh tế biển", options);
        REQUIRE(few.size() == 2);
        CHECK(few.at("near") == doctest::Approx(few.at("apart")));
    }
}

TEST_CASE("query_builder: summary evidence only where the index has summaries") {
    const auto summary_evidence = [](const std::string& path) {
        Xapian::Database db(path);
        vnsearch::Analyzer analyzer;
        vnsearch::search::QueryBuilder builder(db, analyzer);
        const auto built = builder.build(vnsearch::search::parse_query("kinh tế biển"));
        std::size_t n = 0;
        for (const Xapian::Query& q : built.evidence)
            for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
                n += (*t).starts_with(vnsearch::index::summary_prefix) ? 1 : 0;
        return n;
    };
    vnsearch::test::TempDir without, with;
    vnsearch::test::write_index(without.path(), {article("a", "Tin", "Kinh tế biển phát triển.")});
    vnsearch::Document d = article("b", "Tin", "Kinh tế biển phát triển.");
    d.summary = "Kinh tế biển.";
    vnsearch::test::write_index(with.path(), {d});
    CHECK(summary_evidence(without.path()) == 0);
    CHECK(summary_evidence(with.path()) == 3);  // kinh, tế, biển
}

TEST_CASE("query_builder: an unaccented word leans towards its most frequent spelling") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), {article("a", "Tin", "Kinh tế tăng trưởng nhanh."),
                                             article("b", "Tin", "Kinh tế phục hồi chậm."),
                                             article("c", "Tin", "Kinh tế vùng biển mạnh."),
                                             article("rare", "Tin", "Kinh tê buốt cả tay."),
                                             article("usual", "Tin", "Kinh tế buốt cả tay.")});
    vnsearch::search::BuildOptions options;
    REQUIRE(options.restore_word_weight > 0);
    const auto restored = scores(dir.path(), "kinh te", options);
    CHECK(restored.at("usual") > restored.at("rare") * 1.01);
    options.restore_word_weight = 0;
    const auto plain = scores(dir.path(), "kinh te", options);
    CHECK(plain.at("usual") == doctest::Approx(plain.at("rare")));
    // Typed with diacritics, the query means what it says: no restoration.
    const auto typed = scores(dir.path(), "kinh tê", vnsearch::search::BuildOptions{});
    CHECK_FALSE(typed.contains("usual"));
}

TEST_CASE("query_builder: a word typed twice weighs twice, matched once") {
    // Long questions repeat words. The ranked query keeps one copy of a repeated word, scaled by
    // its count, so its posting lists are read once; the scores are those of the copies.
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(
        dir.path(), {article("both", "Tin", "Kinh tế biển phát triển mạnh."),
                     article("sea", "Tin", "Biển xanh."), article("econ", "Tin", "Kinh tế.")});
    vnsearch::search::BuildOptions options;
    options.near_weight = 0;   // word pairs are evidence of their own
    options.coordination = 0;  // coordination scales the sum (tested below)
    const auto twice = scores(dir.path(), "kinh tế biển kinh tế", options);
    const auto sea = scores(dir.path(), "biển", options);
    const auto econ = scores(dir.path(), "kinh tế", options);
    REQUIRE(twice.size() == 3);
    CHECK(twice.at("both") == doctest::Approx(sea.at("both") + 2 * econ.at("both")));
    CHECK(twice.at("econ") == doctest::Approx(2 * econ.at("econ")));
    CHECK(twice.at("sea") == doctest::Approx(sea.at("sea")));

    Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    vnsearch::search::QueryBuilder builder(db, analyzer, options);
    const auto built = builder.build(vnsearch::search::parse_query("kinh tế biển kinh tế"));
    const std::string ranked = built.ranked.get_description();
    CAPTURE(ranked);
    CHECK(ranked.find("2 * ") != std::string::npos);
    CHECK(ranked.find("Wkinh_tế") == ranked.rfind("Wkinh_tế"));  // one copy
}

TEST_CASE("query_builder: the syllables of a word share one term's weight") {
    // "apart" has "kinh" and "tế" but not the word "kinh tế" (no W term), so its whole score is
    // the two syllables' weights: halved when they share one term's weight.
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), {article("apart", "Tin", "Tế lễ ở kinh thành."),
                                             article("word", "Tin", "Kinh tế phát triển.")});
    vnsearch::search::BuildOptions shared;
    shared.near_weight = 0;
    shared.coordination = 0;
    vnsearch::search::BuildOptions full = shared;
    full.syllables_share_word_weight = false;
    const auto halves = scores(dir.path(), "kinh tế", shared);
    const auto wholes = scores(dir.path(), "kinh tế", full);
    REQUIRE(halves.size() == 2);
    CHECK(halves.at("apart") == doctest::Approx(wholes.at("apart") / 2));
    // Unaccented, each syllable is a synonym of its spellings; they share the weight the same way.
    CHECK(scores(dir.path(), "kinh te", shared).at("apart") ==
          doctest::Approx(scores(dir.path(), "kinh te", full).at("apart") / 2));
    // The word term is not shared: the document with the word gains it in both.
    CHECK(halves.at("word") > halves.at("apart") * 1.5);
    // A one-syllable word scores in full.
    CHECK(scores(dir.path(), "kinh", shared).at("apart") ==
          doctest::Approx(scores(dir.path(), "kinh", full).at("apart")));
}

TEST_CASE("query_builder: a rare name is not outweighed by the syllables of common words") {
    // The question is about a band named once in the whole index; "genre" repeats the
    // question's two-syllable words. Scored syllable by syllable, "thể loại âm nhạc" counts as
    // four terms against the name's one, and "genre" came first.
    vnsearch::test::TempDir dir;
    std::vector<vnsearch::Document> docs{
        article("band", "Tin", "Zorbax là một ban nhạc rock dân gian ở thành phố cảng."),
        article("genre", "Tin",
                "Thể loại âm nhạc là cách chia âm nhạc. Mỗi thể loại âm nhạc có nhiều dòng.")};
    add_fillers(docs, 30, [](int i) {
        return i % 2 ? "Âm nhạc trong thành phố hôm nay." : "Thể loại phim mới.";
    });
    vnsearch::test::write_index(dir.path(), docs);
    const std::string question = "Zorbax được phân loại là thể loại âm nhạc gì?";
    vnsearch::search::BuildOptions full;
    full.syllables_share_word_weight = false;
    const auto before = scores(dir.path(), question, full);
    const auto after = scores(dir.path(), question, vnsearch::search::BuildOptions{});
    CHECK(before.at("genre") > before.at("band"));
    CHECK(after.at("band") > after.at("genre"));
}

TEST_CASE("query_builder: coordination counts each content syllable once, free words only") {
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), {article("a", "Tin", "Kinh tế biển đảo.")});
    Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    const auto coverage = [&](const std::string& query) {
        vnsearch::search::QueryBuilder builder(db, analyzer);
        std::vector<std::string> out;
        for (const auto& spellings : builder.build(vnsearch::search::parse_query(query)).coverage)
            out.push_back(spellings.front());
        return out;
    };
    using V = std::vector<std::string>;
    // Stopwords and question words are left out, and a repeated syllable counts once.
    CHECK(coverage("kinh tế và biển là gì biển") == V{"kinh", "tế", "biển"});
    // An excluded word is not wanted; of alternatives, a document needs only one.
    CHECK(coverage("kinh tế -đảo") == V{"kinh", "tế"});
    CHECK(coverage("kinh tế (biển OR đảo)") == V{"kinh", "tế"});
    // An unaccented syllable counts with every spelling it matches.
    vnsearch::search::QueryBuilder builder(db, analyzer);
    const auto built = builder.build(vnsearch::search::parse_query("kinh te"));
    REQUIRE(built.coverage.size() == 2);
    CHECK(std::find(built.coverage[1].begin(), built.coverage[1].end(), "tế") !=
          built.coverage[1].end());
}

TEST_CASE("query_builder: coordination ranks a document with more of the words higher") {
    // "some" repeats three of the four words, and BM25 alone ranks it first; "all" has all four
    // ("đảo", in every other document too, weighs little).
    vnsearch::test::TempDir dir;
    std::vector<vnsearch::Document> docs{
        article("some", "Tin", "Kinh tế biển. Kinh tế biển. Kinh tế biển. Kinh tế biển."),
        article("all", "Tin",
                "Kinh tế biển đảo, trong một bài dài hơn về nhiều chuyện khác nhau.")};
    add_fillers(docs, 20, [](int) { return "Chuyện khác về đảo hôm nay."; });
    vnsearch::test::write_index(dir.path(), docs);
    vnsearch::search::BuildOptions on;
    on.syllables_share_word_weight = false;  // with "kinh tế" weighing as one term, "all" leads
    vnsearch::search::BuildOptions off = on;
    off.coordination = 0;
    const auto before = scores(dir.path(), "kinh tế biển đảo", off);
    const auto after = scores(dir.path(), "kinh tế biển đảo", on);
    REQUIRE(before.size() == 2);
    REQUIRE(after.size() == 2);
    CHECK(before.at("some") > before.at("all"));
    // Each weight is multiplied by 1 + c * the share of the four syllables the document has.
    const double c = on.coordination;
    CHECK(after.at("some") == doctest::Approx(before.at("some") * (1 + c * 3 / 4)));
    CHECK(after.at("all") == doctest::Approx(before.at("all") * (1 + c)));

    // The counts also show whether a reranked hit has every word (SearchResults::partial).
    Xapian::Database db(dir.path());
    vnsearch::Analyzer analyzer;
    const auto full_match_seen = [&](const std::string& query) {
        vnsearch::search::QueryBuilder builder(db, analyzer);
        const auto built = builder.build(vnsearch::search::parse_query(query));
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(vnsearch::search::ranking_weight());
        return vnsearch::search::rank_page(db, enquire, built, true, 0, 10).full_match_seen;
    };
    CHECK(full_match_seen("kinh tế biển đảo"));
    CHECK_FALSE(full_match_seen("kinh tế biển xyzabc"));
}
