// SPDX-License-Identifier: Apache-2.0
#include "index/stored_data.hpp"

#include <string>

#include <doctest/doctest.h>
#include <xapian.h>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "index/document_builder.hpp"
#include "index/index_test_util.hpp"
#include "index/term_scheme.hpp"

using namespace vnsearch;

TEST_CASE("stored_data: the article round-trips through the zstd value slot") {
    std::string body;
    for (int i = 0; i < 2000; ++i) body += "Người dân Hà Nội đón mùa thu. ";
    Document d;
    d.id = "a1";
    d.title = "Kinh tế \"Hà Nội\"";
    d.body = body;
    const std::string json = index::stored_data(d);

    index::StoredEncoder encoder;
    Xapian::Document doc;
    doc.add_value(index::stored_slot, std::string(encoder.compress(json)));
    CHECK(doc.get_data().empty());
    const std::string packed = doc.get_value(index::stored_slot);
    CHECK(packed.size() < json.size() / 10);
    CHECK(index::stored_json(doc) == json);

    SUBCASE("the encoder is reused") {
        Xapian::Document small;
        small.add_value(index::stored_slot, std::string(encoder.compress(R"({"id":"b"})")));
        CHECK(index::stored_json(small) == R"({"id":"b"})");
        CHECK(index::stored_json(doc) == json);
    }
}

TEST_CASE("stored_data: a document with its JSON in get_data() and no slot is readable") {
    Xapian::Document old;
    old.set_data(R"({"id":"old","title":"Hà Nội"})");
    CHECK(index::stored_json(old) == R"({"id":"old","title":"Hà Nội"})");
    CHECK(index::stored_json(Xapian::Document()).empty());
    CHECK(index::StoredEncoder().compress("").empty());  // nothing stored for nothing
}

TEST_CASE("stored_data: a damaged slot is index_corrupt, not garbage") {
    Xapian::Document doc;
    doc.add_value(index::stored_slot, "not a zstd frame");
    try {
        (void)index::stored_json(doc);
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::index_corrupt);
    }
    index::StoredEncoder encoder;
    Xapian::Document cut;
    std::string packed(
        encoder.compress(R"({"id":"x","body":"một hai ba bốn năm sáu bảy tám chín mười"})"));
    packed.resize(packed.size() - 3);
    cut.add_value(index::stored_slot, packed);
    CHECK_THROWS_AS((void)index::stored_json(cut), Error);
}

TEST_CASE("stored_data: documents in the get_data() layout show title and snippet in a search") {
    test::TempDir dir;
    const std::string db = dir / "db";
    {
        IndexWriter w(db, OpenMode::create);
        const auto article = [](const char* id, const char* title, const char* body) {
            Document d;
            d.id = id;
            d.title = title;
            d.body = body;
            return d;
        };
        w.add(article("new", "Mùa thu Hà Nội", "Hà Nội đẹp nhất vào mùa thu."));
        w.add(article("old", "Phố cổ Hà Nội", "Phố cổ Hà Nội đông vui."));
        w.commit();
    }
    {
        // Turn "old" into the other layout: the JSON in get_data(), no stored_slot.
        Xapian::WritableDatabase x(db, Xapian::DB_OPEN);
        const std::string q = std::string(index::id_prefix) + "old";
        const Xapian::docid id = *x.postlist_begin(q);
        Xapian::Document doc = x.get_document(id);
        doc.set_data(index::stored_json(doc));
        doc.remove_value(index::stored_slot);
        x.replace_document(id, doc);
        x.commit();
        CHECK(x.get_document(id).get_value(index::stored_slot).empty());
    }
    const SearchResults r = Searcher(db).search("hà nội", {});
    REQUIRE(r.hits.size() == 2);
    for (const Hit& h : r.hits) {
        CAPTURE(h.id);
        CHECK((h.id == "old" || h.id == "new"));
        CHECK(h.title == (h.id == "old" ? "Phố cổ Hà Nội" : "Mùa thu Hà Nội"));
        CHECK(h.snippet.text.find("Hà Nội") != std::string::npos);
        CHECK(!h.snippet.highlights.empty());
    }
}
