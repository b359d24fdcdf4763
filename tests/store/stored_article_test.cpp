// SPDX-License-Identifier: Apache-2.0
#include "store/stored_article.hpp"

#include <random>
#include <string>
#include <utility>

#include <doctest/doctest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "index/index_test_util.hpp"
#include "index/term_scheme.hpp"

using namespace vnsearch;

namespace {

// The stored article of `doc` as the searcher reads it.
std::string stored_json(const Xapian::Document& doc) {
    return store::encoded(store::read_record(doc, index::stored_slot));
}

store::StoredArticle decoded(std::string_view json) {
    store::StoredArticle a;
    REQUIRE(store::decode(json, a));
    return a;
}

// Every field set, with what JSON must escape in each.
store::StoredArticle hostile() {
    store::StoredArticle a;
    a.id = "a\"b\\c";
    a.title = "Hà Nội\t\"mùa thu\"\n";
    a.summary = "ctl \x01\x08\x0c\x0d\x1f del \x7f end";
    a.body = "Người dân / Việt Nam \xef\xbf\xbd \\u00e0 \\\" \"";
    a.date = "2020-10-24";
    a.url = "https://example.vn/a?b=1&c=2";
    a.source = "báo";
    a.category = "Kinh tế";
    a.author = "Tác giả \"Nguyễn\"";
    a.tags = {"x", "", "ý \"kiến\"", "\\"};
    a.fields = {{"z", ""}, {"a\n", "v\\"}, {"lang", "vi"}, {"\"", "}"}, {"", "{"}};
    a.origin = "in/a.jsonl";
    a.encoding = "tcvn3";
    return a;
}

// Random valid UTF-8 drawn mostly from the characters JSON treats specially.
std::string random_text(std::mt19937& rng, std::size_t max_length) {
    static const char* const pieces[] = {"\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f",
                                         "a",  " ",  "{", "}",  "[",  "]",    ":",    ",",
                                         "ệ",  "ư",  "đ", "€",  "😀",  "\\u",  "u00"};
    std::string out;
    const std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_length)(rng);
    for (std::size_t i = 0; i < n; ++i)
        out += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)];
    return out;
}

}  // namespace

TEST_CASE("stored_article: every field survives encode and decode") {
    const store::StoredArticle a = hostile();
    CHECK(decoded(store::encode(a)) == a);
    SUBCASE("empty fields are left out and come back empty") {
        store::StoredArticle e;
        e.id = "1";
        CHECK(store::encode(e) == R"({"id":"1"})");
        CHECK(decoded(store::encode(e)) == e);
        CHECK(store::encode(store::StoredArticle{}) == "{}");
        CHECK(decoded("{}") == store::StoredArticle{});
    }
    SUBCASE("a huge body") {
        store::StoredArticle big = a;
        big.body.assign(8u << 20, 'x');
        for (std::size_t i = 0; i < big.body.size(); i += 4099) big.body[i] = '"';
        CHECK(decoded(store::encode(big)) == big);
    }
    SUBCASE("a Document encodes as the article of its fields") {
        Document d;
        d.id = a.id;
        d.title = a.title;
        d.summary = a.summary;
        d.body = a.body;
        d.date = a.date;
        d.url = a.url;
        d.source = a.source;
        d.category = a.category;
        d.author = a.author;
        d.tags = a.tags;
        d.fields = a.fields;
        d.origin = a.origin;
        d.encoding = a.encoding;
        CHECK(store::encode(d) == store::encode(a));
    }
}

TEST_CASE("stored_article: a hit's decode reads every member but tags and fields") {
    const store::StoredArticle a = hostile();
    for (const std::string& json :
         {store::encode(a), nlohmann::json::parse(store::encode(a)).dump(2)}) {
        CAPTURE(json);
        store::StoredArticle shown;
        REQUIRE(store::decode(json, shown, store::Members::shown));
        CHECK(shown.tags.empty());
        CHECK(shown.fields.empty());
        store::StoredArticle expected = a;
        expected.tags.clear();
        expected.fields.clear();
        CHECK(shown == expected);
    }
}

TEST_CASE("stored_article: random field contents round-trip") {
    std::mt19937 rng(20201024);
    for (int round = 0; round < 300; ++round) {
        store::StoredArticle a;
        for (std::string* s : {&a.id, &a.title, &a.summary, &a.body, &a.date, &a.url, &a.source,
                               &a.category, &a.author, &a.origin, &a.encoding}) {
            *s = random_text(rng, round % 7 == 0 ? 2000 : 12);
        }
        for (int i = round % 4; i > 0; --i) a.tags.push_back(random_text(rng, 6));
        for (int i = round % 3; i > 0; --i) a.fields[random_text(rng, 6)] = random_text(rng, 6);
        const std::string json = store::encode(a);
        CAPTURE(json);
        CHECK(decoded(json) == a);
        // The fast reader and nlohmann agree on the encoder's output.
        const nlohmann::json j = nlohmann::json::parse(json);
        CHECK(j.value("body", std::string()) == a.body);
        CHECK(j.value("author", std::string()) == a.author);
    }
}

TEST_CASE("stored_article: the encoding is byte for byte nlohmann's dump of the object") {
    // The hand-written encoder must not change what earlier versions stored: content hashes and
    // old indexes compare the bytes.
    const auto reference = [](const store::StoredArticle& d) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"id", &d.id},
                                         {"title", &d.title},
                                         {"summary", &d.summary},
                                         {"body", &d.body},
                                         {"date", &d.date},
                                         {"url", &d.url},
                                         {"source", &d.source},
                                         {"category", &d.category},
                                         {"author", &d.author},
                                         {"origin", &d.origin},
                                         {"encoding", &d.encoding}}) {
            if (!value->empty()) j[key] = *value;
        }
        if (!d.tags.empty()) j["tags"] = d.tags;
        if (!d.fields.empty()) j["fields"] = d.fields;
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    store::StoredArticle d = hostile();
    CHECK(store::encode(d) == reference(d));
    SUBCASE("only some fields") {
        store::StoredArticle e;
        e.id = "x1";
        e.title = "Hà Nội";
        e.tags = {"a", "b"};
        e.fields = {{"lang", "vi"}};
        CHECK(store::encode(e) ==
              R"({"fields":{"lang":"vi"},"id":"x1","tags":["a","b"],"title":"Hà Nội"})");
        CHECK(store::encode(e) == reference(e));
        e.id.clear();
        CHECK(store::encode(e) == reference(e));
    }
    SUBCASE("invalid UTF-8 is replaced, never thrown, and what is stored reads back") {
        d.body = "ok \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 end";
        d.fields["bad\xff"] = "v";
        const std::string data = store::encode(d);
        CHECK(data == reference(d));
        CHECK(data.find("\xef\xbf\xbd") != std::string::npos);
        const store::StoredArticle back = decoded(data);
        CHECK(back.body.starts_with("ok \xef\xbf\xbd"));
        CHECK(store::encode(back) == data);
    }
}

TEST_CASE("stored_article: other JSON objects are read, anything else is refused") {
    SUBCASE("white space, other key order, escapes the encoder does not write") {
        const auto a = decoded(R"( { "title" : "A\u0301 \ud83d\ude00\/" , "id":"7",
            "tags" : [ "x" , 3 ], "fields": {"k": "v", "n": null}, "extra": [1, {"a": 2}] } )");
        CHECK(a.id == "7");
        CHECK(a.title == "A\xcc\x81 😀/");
        CHECK(a.tags == std::vector<std::string>{"x"});
        CHECK(a.fields == std::map<std::string, std::string>{{"k", "v"}});
    }
    SUBCASE("a member of another type is empty") {
        const auto a = decoded(R"({"id":1,"title":"t","tags":"x","fields":[]})");
        CHECK(a.id.empty());
        CHECK(a.title == "t");
        CHECK(a.tags.empty());
        CHECK(a.fields.empty());
    }
    SUBCASE("the last of repeated keys wins on both readers") {
        CHECK(decoded(R"({"id":"a","id":"b"})").id == "b");
        CHECK(decoded(R"({"id":"a", "id":"b"})").id == "b");
    }
    SUBCASE("not an object") {
        store::StoredArticle a;
        for (const std::string_view bad :
             {"", "[]", "\"x\"", "{", "{\"id\"", "{\"id\":\"x\"", "{\"id\":\"x\\", "nul",
              "{\"id\":\"\\u12\"}", "{\"id\":\"\\ud800\"}", "{\"id\":\"\\q\"}", "{}{}"}) {
            CAPTURE(bad);
            CHECK_FALSE(store::decode(bad, a));
        }
    }
    SUBCASE("a cut article keeps the members read before the cut") {
        store::StoredArticle a;
        CHECK_FALSE(store::decode(R"({"date":"2020-10-24","id":"x","title":"Hà N)", a));
        CHECK(a.date == "2020-10-24");
        CHECK(a.id == "x");
        CHECK(a.title.empty());
    }
}

TEST_CASE("stored_article: the article round-trips through the zstd value slot") {
    std::string body;
    for (int i = 0; i < 2000; ++i) body += "Người dân Hà Nội đón mùa thu. ";
    Document d;
    d.id = "a1";
    d.title = "Kinh tế \"Hà Nội\"";
    d.body = body;
    const std::string json = store::encode(d);

    store::Compressor compressor;
    Xapian::Document doc;
    doc.add_value(index::stored_slot, std::string(compressor.compress(json)));
    CHECK(doc.get_data().empty());
    const std::string packed = doc.get_value(index::stored_slot);
    CHECK(packed.size() < json.size() / 10);
    CHECK(stored_json(doc) == json);
    CHECK(store::decompress(packed) == json);

    SUBCASE("the compressor is reused") {
        Xapian::Document small;
        small.add_value(index::stored_slot, std::string(compressor.compress(R"({"id":"b"})")));
        CHECK(stored_json(small) == R"({"id":"b"})");
        CHECK(stored_json(doc) == json);
    }
}

TEST_CASE("stored_article: a document indexed before the slot keeps its data readable") {
    Xapian::Document old;
    old.set_data(R"({"id":"old","title":"Hà Nội"})");
    const store::StoredRecord record = store::read_record(old, index::stored_slot);
    CHECK_FALSE(record.compressed);
    CHECK(stored_json(old) == R"({"id":"old","title":"Hà Nội"})");
    CHECK(stored_json(Xapian::Document()).empty());
    CHECK(store::Compressor().compress("").empty());  // nothing stored for nothing
}

TEST_CASE("stored_article: a damaged slot is index_corrupt, not garbage") {
    Xapian::Document doc;
    doc.add_value(index::stored_slot, "not a zstd frame");
    try {
        (void)stored_json(doc);
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::index_corrupt);
    }
    store::Compressor compressor;
    Xapian::Document cut;
    std::string packed(
        compressor.compress(R"({"id":"x","body":"một hai ba bốn năm sáu bảy tám chín mười"})"));
    packed.resize(packed.size() - 3);
    cut.add_value(index::stored_slot, packed);
    CHECK_THROWS_AS((void)stored_json(cut), Error);
}

TEST_CASE("stored_article: old-format documents still show title and snippet in a search") {
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
        // Turn "old" into a document as the index wrote it before stored_slot existed.
        Xapian::WritableDatabase x(db, Xapian::DB_OPEN);
        const std::string q = std::string(index::id_prefix) + "old";
        const Xapian::docid id = *x.postlist_begin(q);
        Xapian::Document doc = x.get_document(id);
        doc.set_data(stored_json(doc));
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
