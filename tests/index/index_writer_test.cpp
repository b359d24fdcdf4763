// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/index_writer.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/error.hpp>

#include "index/document_builder.hpp"
#include "index/index_test_util.hpp"
#include "index/segments.hpp"
#include "index/term_scheme.hpp"
#include "store/stored_article.hpp"

using namespace vnsearch;
using vnsearch::test::TempDir;

namespace {

Document article() {
    Document d;
    d.id = "a1";
    d.title = "Kinh tế Hà Nội";
    d.summary = "Tóm tắt ngắn";
    d.body = "Người dân Việt Nam";
    d.date = "2020-10-24";
    d.author = "Báo Mẫu";
    d.source = "BaoMoi.com";
    d.category = "Kinh Tế";
    d.tags = {"Hà Nội", "GDP"};
    d.origin = "in/a.jsonl";
    return d;
}

std::vector<Xapian::termpos> positions(Xapian::Database& db, const std::string& term) {
    return {db.positionlist_begin(1, term), db.positionlist_end(1, term)};
}

Errc error_of(auto&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return Errc::internal;  // no error: the CHECKs below compare against the expected code
}

}  // namespace

TEST_CASE("IndexWriter: a document becomes the terms, values and data of the scheme") {
    TempDir dir;
    {
        IndexWriter w(dir.path(), OpenMode::create);
        CHECK(w.add(article()) == WriteOutcome::added);
        w.commit();
    }
    Xapian::Database db(dir.path());
    REQUIRE(db.get_doccount() == 1);
    struct Case {
        const char* why;
        std::string term;
    };
    const Case present[] = {
        {"unique id", "Qa1"},
        {"exact syllable, unprefixed", "việt"},
        {"title syllable", "Skinh"},
        {"summary syllable", "XSUMtắt"},
        {"word of two syllables", "Wkinh_tế"},
        {"author filter", "Abáo mẫu"},
        {"source filter", "XSRCbaomoi com"},
        {"category filter", "XCATkinh tế"},
        {"tag filter", "Khà nội"},
        {"second tag", "Kgdp"},
        {"year", "Y2020"},
        {"month", "M202010"},
        {"day", "D20201024"},
    };
    for (const auto& c : present) {
        INFO(std::string(c.why));
        CHECK(db.term_exists(c.term));
    }
    CHECK_FALSE(db.term_exists("viet"));  // folded forms are synonyms, not terms

    // Title from position 1; summary after a gap of 100; body after another.
    CHECK(positions(db, "kinh") == std::vector<Xapian::termpos>{1});
    CHECK(positions(db, "Skinh") == std::vector<Xapian::termpos>{1});
    CHECK(positions(db, "nội") == std::vector<Xapian::termpos>{4});
    CHECK(positions(db, "tóm") == std::vector<Xapian::termpos>{4 + 1 + index::field_gap});
    CHECK(positions(db, "người") ==
          std::vector<Xapian::termpos>{4 + 1 + index::field_gap + 2 + 1 + index::field_gap});

    const Xapian::Document doc = db.get_document(1);
    CHECK(doc.get_value(index::date_slot) == "20201024");
    CHECK(doc.get_value(index::content_hash_slot).size() == 16);
    CHECK(doc.get_value(index::origin_slot) == "in/a.jsonl");
    const auto data =
        nlohmann::json::parse(store::encoded(store::read_record(doc, index::stored_slot)));
    CHECK(data["title"] == "Kinh tế Hà Nội");
    CHECK(data["body"] == "Người dân Việt Nam");
    CHECK(data["tags"].size() == 2);

    const std::vector<std::string> viet(db.synonyms_begin("viet"), db.synonyms_end("viet"));
    CHECK(viet == std::vector<std::string>{"việt"});
    const std::vector<std::string> word(db.synonyms_begin("Wkinh_te"), db.synonyms_end("Wkinh_te"));
    CHECK(word == std::vector<std::string>{"Wkinh_tế"});
    CHECK(db.get_metadata(std::string(index::scheme_key)) == std::to_string(index::scheme_version));
}

TEST_CASE("IndexWriter: facet slots hold each distinct filter value with its spelling") {
    TempDir dir;
    {
        IndexWriter w(dir.path(), OpenMode::create);
        Document d = article();
        d.author = "PHÙNG KHIÊM –  Phương   Dung";
        d.source = "  Dân trí ";
        d.tags = {"Hà Nội", "GDP", "HÀ  NỘI", "…"};  // a repeat by filter value; one with no word
        w.add(d);
        Document bare = article();
        bare.id = "a2";
        bare.author = bare.source = bare.category = "";
        bare.tags = {};
        w.add(bare);
        w.commit();
    }
    Xapian::Database db(dir.path());
    const auto entries = [&](Xapian::docid did, index::ValueSlot slot) {
        std::vector<std::pair<std::string, std::string>> out;
        const std::string value = db.get_document(did).get_value(slot);
        for (const index::FacetEntry& e : index::facet_entries(value))
            out.emplace_back(e.filter, e.display);
        return out;
    };
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(entries(1, index::source_facet_slot) == Pairs{{"dân trí", "Dân trí"}});
    CHECK(entries(1, index::category_facet_slot) == Pairs{{"kinh tế", "Kinh Tế"}});
    CHECK(entries(1, index::author_facet_slot) ==
          Pairs{{"phùng khiêm", "PHÙNG KHIÊM"}, {"phương dung", "Phương Dung"}});
    CHECK(entries(1, index::tag_facet_slot) == Pairs{{"hà nội", "Hà Nội"}, {"gdp", "GDP"}});
    for (const auto slot : {index::source_facet_slot, index::category_facet_slot,
                            index::author_facet_slot, index::tag_facet_slot})
        CHECK(db.get_document(2).get_value(slot).empty());
}

TEST_CASE("IndexWriter: add writes a document once and rewrites it when its content changes") {
    TempDir dir;
    IndexWriter w(dir.path(), OpenMode::create);
    Document d = article();
    CHECK(w.add(d) == WriteOutcome::added);
    CHECK(w.add(d) == WriteOutcome::unchanged);  // pending, not yet committed
    w.commit();
    CHECK(w.add(d) == WriteOutcome::unchanged);
    d.body = "Nội dung mới";
    CHECK(w.add(d) == WriteOutcome::updated);
    w.commit();
    CHECK(w.doc_count() == 1);
    Xapian::Database db(dir.path());
    CHECK(db.term_exists("mới"));
    CHECK_FALSE(db.term_exists("người"));  // from the old body
}

TEST_CASE("IndexWriter: replace rewrites a document even when its content is the same") {
    // A user dictionary edited in place changes the words, not the content hash (which sees its
    // path): add() keeps the stale document, replace() rebuilds it.
    TempDir dir;
    const std::string dictionary = dir / "words.txt";
    std::ofstream(dictionary) << "# none yet\n";
    WriterOptions options;
    options.analyzer.user_dictionary = dictionary;
    Document d;
    d.id = "b1";
    d.body = "Bánh mì pa tê nóng giòn";
    const std::string word = "Wbánh_mì_pa_tê";
    {
        IndexWriter w(dir / "db", options);
        CHECK(w.replace(d) == WriteOutcome::added);
    }
    CHECK_FALSE(Xapian::Database(dir / "db").term_exists(word));
    std::ofstream(dictionary) << "bánh mì pa tê\n";
    {
        IndexWriter w(dir / "db", options);
        CHECK(w.add(d) == WriteOutcome::unchanged);
        w.commit();
        CHECK_FALSE(Xapian::Database(dir / "db").term_exists(word));
        CHECK(w.replace(d) == WriteOutcome::updated);
        w.commit();
        CHECK(w.doc_count() == 1);
    }
    CHECK(Xapian::Database(dir / "db").term_exists(word));
}

TEST_CASE("IndexWriter: remove deletes by id") {
    TempDir dir;
    IndexWriter w(dir.path(), OpenMode::create);
    w.add(article());
    CHECK(w.contains("a1"));
    CHECK(w.remove("a1"));
    CHECK_FALSE(w.remove("a1"));
    CHECK_FALSE(w.contains("a1"));
    w.commit();
    CHECK(w.doc_count() == 0);
}

TEST_CASE("IndexWriter: failures are vnsearch::Error with the right code") {
    TempDir dir;
    SUBCASE("open mode needs an existing index") {
        CHECK(error_of([&] { IndexWriter w(dir / "missing", OpenMode::open); }) ==
              Errc::index_not_found);
    }
    SUBCASE("a second writer finds the index locked") {
        IndexWriter first(dir.path(), OpenMode::create);
        CHECK(error_of([&] { IndexWriter second(dir.path(), OpenMode::create_or_open); }) ==
              Errc::index_locked);
    }
    SUBCASE("a document needs an id") {
        IndexWriter w(dir.path(), OpenMode::create);
        CHECK(error_of([&] { w.add(Document{}); }) == Errc::invalid_input);
    }
    SUBCASE("stats of nothing") {
        CHECK(error_of([&] { (void)index_stats(dir / "missing"); }) == Errc::index_not_found);
    }
}

TEST_CASE("index_stats and delete_documents") {
    TempDir dir;
    {
        IndexWriter w(dir.path(), OpenMode::create);
        Document d = article();
        w.add(d);
        d.id = "a2";
        w.add(d);
    }  // the destructor commits
    IndexStats s = index_stats(dir.path());
    CHECK(s.documents == 2);
    CHECK(s.terms > 20);
    CHECK(s.size_bytes > 0);
    CHECK(s.last_modified > 0);
    CHECK(delete_documents(dir.path(), {"a1", "nope"}) == 1);
    CHECK(index_stats(dir.path()).documents == 1);
}

TEST_CASE("IndexWriter: segments a killed batch left go in first, never over a newer write") {
    TempDir dir;
    const std::string db = dir / "db";
    { IndexWriter create(db, OpenMode::create); }
    // A batch job killed after committing a segment with an older copy of "x".
    {
        Document old_copy;
        old_copy.id = "x";
        old_copy.body = "bản cũ";
        index::PreparedDocument prepared;
        prepared.data = store::encode(old_copy);
        prepared.hash = index::content_hash(old_copy, {});
        index::DocumentBuilder(AnalyzerOptions{}).build(old_copy, prepared);
        index::SegmentWriter segments(index::segments_path(db), 0, 10, 10);
        segments.write(prepared, false);
        segments.finish();
    }
    CHECK(index_stats(db).pending == 1);
    {
        IndexWriter writer(db);
        Document newer;
        newer.id = "x";
        newer.body = "bản mới";
        CHECK(writer.add(newer) == WriteOutcome::updated);  // the old copy was folded in first
        writer.commit();
    }
    CHECK(index_stats(db).pending == 0);
    IndexOptions o;
    o.db_path = db;
    CHECK(index_documents(o).issues.empty());  // a later batch has nothing left to fold in
    Xapian::Database x(db);
    CHECK(x.get_doccount() == 1);
    CHECK(x.term_exists("mới"));
    CHECK_FALSE(x.term_exists("cũ"));
}
