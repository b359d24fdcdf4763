// SPDX-License-Identifier: Apache-2.0
// The Searcher end to end on a real index of hand-written articles.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "index/term_scheme.hpp"
#include "search/search_fixture.hpp"

namespace doctest {
template <>
struct StringMaker<std::set<std::string>> {
    static String convert(const std::set<std::string>& s) {
        std::string out = "{";
        for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
        return (out + "}").c_str();
    }
};
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& s) {
        std::string out = "[";
        for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
        return (out + "]").c_str();
    }
};
}  // namespace doctest

namespace {

using vnsearch::Document;

Document doc(const char* id, const char* title, const char* body, const char* date = "") {
    Document d;
    d.id = id;
    d.title = title;
    d.body = body;
    d.date = date;
    return d;
}

std::vector<Document> corpus() {
    std::vector<Document> docs{
        doc("hanoi", "Hà Nội mùa thu",
            "Thủ đô Hà Nội đẹp nhất vào mùa thu. Người dân thích dạo phố.", "2020-10-24"),
        doc("duong-bien", "Đại dương xanh", "Đại dương bao la, sóng vỗ bờ."),
        doc("duong-thoi", "Người đương thời", "Những người đương thời với ông đều kính trọng."),
        doc("duong-pho", "Con đường mới", "Con đường mới mở rộng giúp giao thông thuận lợi."),
        doc("de", "Nuôi dê", "Nông dân nuôi dê trên núi đá."),
        doc("de-men", "Dế mèn", "Chú dế mèn phiêu lưu ký."),
        doc("the-thao", "Thể thao", "Thể thao cho mọi người."),
        doc("the-gioi", "Thế giới", "Tin thế giới hôm nay."),
        doc("kinh-te", "Kinh tế tăng trưởng", "Nền kinh tế Việt Nam tăng trưởng mạnh.",
            "2021-03-01"),
        doc("kinh-te-apart", "", "Ông kinh doanh nhỏ, còn bà làm y tế ở xã.", "2019-05-05"),
        doc("tphcm-dot", "", "Kẹt xe ở TP.HCM vào giờ cao điểm."),
        doc("tphcm-joined", "", "Mưa lớn tại TPHCM chiều nay."),
        doc("tphcm-space", "", "Giá nhà ở TP HCM tăng cao."),
        doc("hoa-binh", "", "Cuộc sống hòa bình, ai cũng vui."),
        doc("stop-only", "", "Và rồi thì là mà."),
    };
    docs[0].source = "Báo Mẫu";
    docs[0].category = "Du lịch";
    docs[0].author = "Nguyễn Văn An";
    docs[0].tags = {"thủ đô", "mùa thu"};
    docs[8].source = "Báo Khác";
    return docs;
}

vnsearch::SearchOptions opts(std::size_t limit = 10, std::size_t offset = 0) {
    vnsearch::SearchOptions o;
    o.limit = limit;
    o.offset = offset;
    return o;
}

struct Fixture {
    vnsearch::test::TempDir dir;
    vnsearch::Searcher searcher;
    Fixture() : searcher(make(dir.path())) {}
    static vnsearch::Searcher make(const std::string& path) {
        vnsearch::test::write_index(path, corpus());
        return vnsearch::Searcher(path);
    }
    std::vector<std::string> ids(std::string_view q, vnsearch::SearchOptions o = {}) const {
        o.limit = 100;
        std::vector<std::string> out;
        for (const auto& h : searcher.search(q, o).hits) out.push_back(h.id);
        return out;
    }
    std::set<std::string> id_set(std::string_view q) const {
        const auto v = ids(q);
        return {v.begin(), v.end()};
    }
};

using Set = std::set<std::string>;

}  // namespace

TEST_CASE("searcher: diacritics typed must be present; fewer marks find every spelling") {
    Fixture f;
    struct Case {
        const char* why;
        const char* query;
        const char* first;  ///< the exact spelling ranks first
        Set ids;            ///< every spelling that carries the marks typed
    };
    const Case cases[] = {
        {"dương (ocean)", "dương", "duong-bien", {"duong-bien"}},
        {"đương (current)", "đương", "duong-thoi", {"duong-thoi"}},
        {"đường (road)", "đường", "duong-pho", {"duong-pho"}},
        {"unaccented finds all three", "duong", nullptr, {"duong-bien", "duong-thoi", "duong-pho"}},
        {"marks typed in part: the spellings that carry them",
         "đuong",
         nullptr,
         {"duong-thoi", "duong-pho"}},
        {"a tone left out: every tone", "viêt", nullptr, {"kinh-te"}},
        {"an unindexed unaccented word in an accented query expands", "nuoi dê", "de", {"de"}},
        {"dê (goat)", "dê", "de", {"de"}},
        {"dế (cricket)", "dế", "de-men", {"de-men"}},
        {"de finds both", "de", nullptr, {"de", "de-men"}},
        {"thể (sport)", "thể", "the-thao", {"the-thao"}},
        {"thế (world)", "thế", "the-gioi", {"the-gioi"}},
        {"the finds both", "the", nullptr, {"the-thao", "the-gioi"}},
        {"unaccented phrase", "ha noi", "hanoi", {"hanoi"}},
        {"Ð (eth) is Đ", "\u00D0ường", "duong-pho", {"duong-pho"}},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        CHECK(f.id_set(c.query) == c.ids);
        if (c.first) CHECK(f.ids(c.query).front() == c.first);
    }
}

TEST_CASE("searcher: NFD, tone placement and case never change results") {
    Fixture f;
    struct Case {
        const char* why;
        const char* typed;
        const char* variant;
    };
    const Case cases[] = {
        {"NFD", "Hà Nội", "Ha\u0300 No\u0302\u0323i"},
        {"upper case", "hà nội", "HÀ NỘI"},
        {"old vs new tone placement", "hòa bình", "hoà bình"},
        {"NFD of a decomposed đường", "đường", "\u0111u\u031bo\u031b\u0300ng"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const auto a = f.searcher.search(c.typed, opts(100));
        const auto b = f.searcher.search(c.variant, opts(100));
        REQUIRE(a.hits.size() == b.hits.size());
        CHECK(!a.hits.empty());
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
            CHECK(a.hits[i].id == b.hits[i].id);
            CHECK(a.hits[i].score == doctest::Approx(b.hits[i].score));
        }
    }
}

TEST_CASE("searcher: a word ranks above its syllables apart; phrases need adjacency") {
    Fixture f;
    const auto word = f.ids("kinh tế");
    REQUIRE(word.size() == 2);
    CHECK(word[0] == "kinh-te");
    CHECK(word[1] == "kinh-te-apart");
    const auto unaccented = f.ids("kinh te");
    REQUIRE(unaccented.size() >= 2);
    CHECK(unaccented[0] == "kinh-te");
    CHECK(f.ids("\"kinh tế\"") == std::vector<std::string>{"kinh-te"});
    CHECK(f.ids("\"kinh te\"") == std::vector<std::string>{"kinh-te"});
    const auto reversed = f.searcher.search("\"tế kinh\"");
    CHECK(reversed.partial);  // no adjacency: only partial matches
    CHECK(!reversed.hits.empty());
}

TEST_CASE("searcher: operators, fields and dates") {
    Fixture f;
    struct Case {
        const char* why;
        const char* query;
        Set ids;
    };
    const Case cases[] = {
        {"exclusion", "kinh tế -doanh", {"kinh-te"}},
        {"OR", "dê OR dế", {"de", "de-men"}},
        {"parentheses", "(dê OR dế) núi", {"de"}},
        {"title field", "title:\"kinh tế\"", {"kinh-te"}},
        {"title field unaccented", "title:dai", {"duong-bien"}},
        {"source filter, case and spacing folded", "source:\"báo  MẪU\"", {"hanoi"}},
        {"author filter", "author:\"Nguyễn Văn An\" thu", {"hanoi"}},
        {"category filter", "category:\"du lịch\"", {"hanoi"}},
        {"tag filter", "tag:\"thủ đô\"", {"hanoi"}},
        {"year", "date:2020", {"hanoi"}},
        {"range", "date:2019-01-01..2020-12-31", {"hanoi", "kinh-te-apart"}},
        {"open range", "date:2021..", {"kinh-te"}},
        {"words and a date", "kinh date:2021", {"kinh-te"}},
        {"exclusion alone",
         "-kinh -thu -dương -đương -đường -dê -dế -thể -thế -tp -tphcm -hoà -và",
         {}},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        CHECK(f.id_set(c.query) == c.ids);
    }
}

TEST_CASE("searcher: abbreviations TP.HCM, TPHCM and TP HCM find one another") {
    Fixture f;
    const Set all{"tphcm-dot", "tphcm-joined", "tphcm-space"};
    for (const char* q : {"TP.HCM", "TPHCM", "TP HCM", "tp.hcm", "tphcm"}) {
        CAPTURE(q);
        CHECK(f.id_set(q) == all);
    }
}

TEST_CASE("searcher: sorting by date, paging and counts") {
    Fixture f;
    auto by_date = opts();
    by_date.sort = vnsearch::SortOrder::date;
    CHECK(f.ids("kinh", by_date) ==
          std::vector<std::string>{"kinh-te", "kinh-te-apart", "duong-thoi"});  // undated last
    const auto all = f.ids("duong");
    REQUIRE(all.size() == 3);
    const auto page = f.searcher.search("duong", opts(1, 1));
    REQUIRE(page.hits.size() == 1);
    CHECK(page.hits[0].id == all[1]);
    CHECK(page.hits[0].rank == 2);
    CHECK(page.estimated_total == 3);
    CHECK(f.searcher.search("duong", opts(0)).hits.empty());
}

TEST_CASE("searcher: strict rules first, then partial matches, marked") {
    Fixture f;
    const auto strict = f.searcher.search("kinh tế");
    CHECK(!strict.partial);
    const auto partial = f.searcher.search("kinh tế xyzabc");
    CHECK(partial.partial);
    REQUIRE(!partial.hits.empty());
    CHECK(partial.hits[0].id == "kinh-te");
    const auto nothing = f.searcher.search("xyzabc qwerty");
    CHECK(nothing.hits.empty());
    CHECK(!nothing.partial);
}

TEST_CASE("searcher: stopwords do not drive ranking but a stopword-only query works") {
    Fixture f;
    CHECK(f.id_set("và") == Set{"stop-only"});
    // "của" is a stopword absent from the corpus: it does not make the query fail.
    const auto r = f.searcher.search("của kinh tế");
    CHECK(!r.partial);
    REQUIRE(!r.hits.empty());
    CHECK(r.hits[0].id == "kinh-te");
}

TEST_CASE("searcher: did you mean restores diacritics from the index") {
    Fixture f;
    struct Case {
        const char* why;
        const char* query;
        const char* suggestion;
    };
    const Case cases[] = {
        {"a word", "ha noi", "hà nội"},       {"capitals kept", "Ha Noi mua thu", "Hà Nội mùa thu"},
        {"a compound", "kinh te", "kinh tế"}, {"accented query needs nothing", "Hà Nội", ""},
        {"unknown words stay", "xyzabc", ""},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        CHECK(f.searcher.search(c.query).suggestion == c.suggestion);
    }
    auto no_suggest = opts();
    no_suggest.suggest = false;
    CHECK(f.searcher.search("ha noi", no_suggest).suggestion.empty());
}

TEST_CASE("searcher: hits carry stored fields and highlighted snippets") {
    Fixture f;
    const auto r = f.searcher.search("ha noi");
    REQUIRE(r.hits.size() == 1);
    const auto& h = r.hits[0];
    CHECK(h.id == "hanoi");
    CHECK(h.rank == 1);
    CHECK(h.score > 0);
    CHECK(h.title == "Hà Nội mùa thu");
    CHECK(h.date == "2020-10-24");
    CHECK(h.source == "Báo Mẫu");
    CHECK(h.snippet.text.starts_with("Thủ đô Hà Nội"));
    std::vector<std::string> marked;
    for (const auto& [b, e] : h.snippet.highlights)
        marked.push_back(h.snippet.text.substr(b, e - b));
    CHECK(marked == std::vector<std::string>{"Hà", "Nội"});
    CHECK(h.snippet.highlights[0].first == std::string("Thủ đô ").size());
    // The title's matched words too, at their byte offsets in the stored title.
    const std::vector<std::pair<std::size_t, std::size_t>> title_marks = {
        {0, std::string("Hà").size()}, {std::string("Hà ").size(), std::string("Hà Nội").size()}};
    CHECK(h.title_highlights == title_marks);
    auto no_snippets = opts();
    no_snippets.snippets = false;
    const auto batch = f.searcher.search("ha noi", no_snippets);
    REQUIRE(batch.hits.size() == 1);
    CHECK(batch.hits[0].id == "hanoi");
    CHECK(batch.hits[0].snippet.text.empty());
}

TEST_CASE("searcher: a hit carries the document's author, empty when it has none") {
    Fixture f;
    for (const unsigned threads : {1u, 2u}) {
        CAPTURE(threads);
        auto o = opts();
        o.threads = threads;
        const auto with = f.searcher.search("ha noi", o);
        REQUIRE(with.hits.size() == 1);
        CHECK(with.hits[0].id == "hanoi");
        CHECK(with.hits[0].author == "Nguyễn Văn An");
        const auto without = f.searcher.search("kinh tế", o);
        REQUIRE(!without.hits.empty());
        for (const auto& h : without.hits) {
            CAPTURE(h.id);
            CHECK(h.author.empty());
        }
    }
    vnsearch::test::TempDir dir;
    Document d = doc("quoted", "Hà Nội", "Phố cổ Hà Nội.");
    d.author = "Trần \"Bút\" Danh";
    vnsearch::test::write_index(dir.path(), {d});
    const auto r = vnsearch::Searcher(dir.path()).search("ha noi", opts());
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].author == d.author);
}

TEST_CASE("searcher: a hit that matches only in its title shows the match there") {
    vnsearch::test::TempDir dir;
    vnsearch::Document storm;
    storm.id = "bao";
    // NFD, as some sources write it: offsets count its bytes.
    storm.title = "Ba\u0303o so\u0302\u0301 3 \u0111o\u0302\u0309 bo\u0323\u0302";
    storm.body = "Mưa lớn kéo dài ở miền Trung.";
    vnsearch::Document other;
    other.id = "khac";
    other.title = "Tin khác";
    other.body = "Giá lúa tăng nhẹ.";
    vnsearch::test::write_index(dir.path(), {storm, other});
    const vnsearch::Searcher searcher(dir.path());
    for (const char* query : {"bão số 3", "bao so 3", "BÃO SỐ 3"}) {
        CAPTURE(query);
        const auto r = searcher.search(query);
        REQUIRE(r.hits.size() == 1);
        const auto& h = r.hits[0];
        CHECK(h.id == "bao");
        CHECK(h.snippet.highlights.empty());  // the body has none of the words
        std::vector<std::string> marked;
        for (const auto& [b, e] : h.title_highlights) marked.push_back(h.title.substr(b, e - b));
        CHECK(marked == std::vector<std::string>{"Ba\u0303o", "so\u0302\u0301", "3"});
    }
    for (std::size_t threads : {1, 2}) {
        auto o = opts();
        o.threads = static_cast<unsigned>(threads);
        CHECK(searcher.search("lúa", o).hits.at(0).title_highlights.empty());
    }
}

TEST_CASE("searcher: bad queries give sensible results, never a crash") {
    Fixture f;
    const std::string cases[] = {
        "",
        "   ",
        "!!!...???",
        std::string(10000, 'x'),
        std::string(10000, '('),
        "\"unbalanced quote",
        "((kinh tế",
        "kinh tế))",
        "foo:bar",
        "kinh\x01\x02\x7f",
        "\u202ekinh\u202c \u2066tế\u2069",
        "😀 🇻🇳",
        "\xff\xfe",
        "title:",
        "OR OR OR",
        "- - -",
        "\"\"",
        "()",
        "NOT",
        "tag:",
        std::string(3000, '"'),
    };
    for (const auto& q : cases) {
        CAPTURE(q.substr(0, 30));
        CHECK_NOTHROW((void)f.searcher.search(q));
    }
    CHECK(f.searcher.search("").hits.empty());
    CHECK(f.searcher.search("!!!...???").hits.empty());
    CHECK(f.ids("((kinh tế").front() == "kinh-te");
    CHECK(f.ids("\u202ekinh\u202c \u2066tế\u2069").front() == "kinh-te");
    CHECK_THROWS_AS((void)f.searcher.search("date:2020-99"), vnsearch::Error);
}

TEST_CASE("searcher: a missing index is index_not_found") {
    vnsearch::test::TempDir dir;
    try {
        vnsearch::Searcher s(dir.path() + "/nothing-here");
        FAIL("no error");
    } catch (const vnsearch::Error& e) {
        CHECK(e.code() == vnsearch::Errc::index_not_found);
    }
}

TEST_CASE("searcher: a long-lived Searcher sees new commits and an index switched into place") {
    vnsearch::test::TempDir dir;
    const std::string db = dir.path() + "/db";
    const auto jsonl = [&](const std::string& name, const std::string& id,
                           const std::string& body) {
        std::ofstream(dir.path() + "/" + name)
            << "{\"id\":\"" << id << "\",\"title\":\"Tin\",\"body\":\"" << body << "\"}\n";
        return dir.path() + "/" + name;
    };
    const auto index = [&](const std::string& file, bool compact) {
        vnsearch::IndexOptions o;
        o.db_path = db;
        o.inputs = {file};
        o.compact = compact;
        return vnsearch::index_documents(o);
    };
    index(jsonl("a.jsonl", "a", "thủy điện"), true);
    const vnsearch::Searcher s(db);
    CHECK(s.search("thuy dien").hits.size() == 1);
    // A run that merges rewrites the index into a new folder and switches it into place.
    CHECK(index(jsonl("b.jsonl", "b", "thủy điện Hòa Bình"), true).compacted);
    CHECK(s.search("thuy dien").hits.size() == 2);
    // A run that copies into the index in place: a new revision of the same folder.
    CHECK_FALSE(index(jsonl("c.jsonl", "c", "thủy điện Sơn La"), false).compacted);
    CHECK(s.search("thuy dien").hits.size() == 3);
    CHECK(s.doc_count() == 3);
}

TEST_CASE("searcher: concurrent searches on one Searcher agree") {
    Fixture f;
    const auto expected = f.ids("duong");
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            bool all = true;
            for (int i = 0; i < 50; ++i) all = all && f.ids("duong") == expected;
            ok[static_cast<std::size_t>(t)] = all ? 1 : 0;
        });
    for (auto& t : threads) t.join();
    CHECK(std::count(ok.begin(), ok.end(), 1) == 4);
}

TEST_CASE("searcher: snippets cut on one thread or two give the same hits") {
    // The together-and-apart corpus: the rerank moves documents onto and off the first pass's
    // pages (rerank_test), which the helper thread starts on.
    vnsearch::test::TempDir dir;
    vnsearch::test::write_index(dir.path(), vnsearch::test::together_and_apart_corpus());
    const vnsearch::Searcher searcher(dir.path());
    const auto compare = [&](std::string_view query, std::size_t offset, std::size_t limit,
                             vnsearch::SortOrder sort) {
        CAPTURE(query);
        CAPTURE(offset);
        CAPTURE(limit);
        auto o = opts(limit, offset);
        o.sort = sort;
        o.threads = 1;
        const auto one = searcher.search(query, o);
        o.threads = 2;
        const auto two = searcher.search(query, o);
        REQUIRE(one.hits.size() == two.hits.size());
        CHECK(one.partial == two.partial);
        for (std::size_t i = 0; i < one.hits.size(); ++i) {
            const auto &a = one.hits[i], &b = two.hits[i];
            CHECK(a.id == b.id);
            CHECK(a.rank == b.rank);
            CHECK(a.score == b.score);
            CHECK(a.title == b.title);
            CHECK(a.snippet.text == b.snippet.text);
            CHECK(a.snippet.highlights == b.snippet.highlights);
            CHECK(a.title_highlights == b.title_highlights);
            CHECK_FALSE(b.snippet.text.empty());
        }
        return one.hits.size();
    };
    std::size_t hits = 0;
    for (const char* query :
         {"chính sách phát triển kinh tế biển đảo", "chinh sach phat trien kinh te bien dao",
          "kinh tế", "\"phát triển kinh tế\" -sông", "lúa cá mưa gió cây nhà xe sông"})
        for (std::size_t offset : {0, 3, 10, 38})
            for (std::size_t limit : {1, 2, 5, 10, 50})
                for (auto sort : {vnsearch::SortOrder::relevance, vnsearch::SortOrder::date})
                    hits += compare(query, offset, limit, sort);
    CHECK(hits > 500);
}

TEST_CASE("searcher: two threads split the first pass of a large index and find the same hits") {
    // 10,200 short documents: enough for the first pass to be split between the threads
    // (search::SplitMatch::min_documents).
    vnsearch::test::TempDir dir;
    const char* words[] = {"kinh tế", "thị trường", "chứng khoán", "giá vàng",
                           "bóng đá", "thời tiết",  "mưa lớn",     "giao thông",
                           "Hà Nội",  "Đà Nẵng",    "học sinh",    "giáo dục",
                           "y tế",    "bệnh viện",  "nông dân",    "lúa gạo"};
    std::vector<vnsearch::Document> docs;
    for (int i = 0; i < 10200; ++i) {
        vnsearch::Document d;
        d.id = "n";
        d.id += std::to_string(i);
        d.title = words[i % 16];
        for (int k = 0; k < 3 + i % 7; ++k) {
            d.body += words[(i * 7 + k * 5) % 16];
            d.body += k % 3 == 2 ? ". " : " ";
        }
        // Every 37th has all the words, at lengths that vary: the best hits lie in both halves.
        if (i % 37 == 0) {
            for (const char* w : words) d.body += std::string(w) + " ";
            for (int k = 0; k < i % 11; ++k) d.body += "lúa ";
        }
        docs.push_back(std::move(d));
    }
    vnsearch::test::write_index(dir.path(), docs);
    const vnsearch::Searcher searcher(dir.path());
    std::size_t upper_half_hits = 0;
    for (const char* query : {"kinh tế thị trường chứng khoán", "gia vang", "mưa lớn Hà Nội",
                              "bệnh viện OR trường học", "\"giáo dục\" -lúa", "y tế"}) {
        CAPTURE(query);
        auto o = opts(20);
        o.snippets = false;
        o.threads = 1;
        const auto one = searcher.search(query, o);
        o.threads = 2;
        const auto two = searcher.search(query, o);
        REQUIRE(one.hits.size() == two.hits.size());
        CHECK_FALSE(one.hits.empty());
        for (std::size_t i = 0; i < one.hits.size(); ++i) {
            CHECK(one.hits[i].id == two.hits[i].id);
            CHECK(one.hits[i].score == two.hits[i].score);
        }
        upper_half_hits += static_cast<std::size_t>(
            std::count_if(two.hits.begin(), two.hits.end(),
                          [](const auto& h) { return std::stoi(h.id.substr(1)) >= 5100; }));
    }
    CHECK(upper_half_hits > 10);
}

TEST_CASE("searcher: hit ids come from the id value slot, or the Q term where it is missing") {
    vnsearch::test::TempDir dir;
    // Ids with characters JSON escapes, beside plain ones.
    const std::vector<Document> docs{doc("plain-1", "Hà Nội", "Thủ đô Hà Nội."),
                                     doc("quote\"back\\slash", "Hà Nội", "Phố cổ Hà Nội."),
                                     doc("old-doc", "Hà Nội", "Hồ Gươm ở Hà Nội.")};
    vnsearch::test::write_index(dir.path(), docs);
    {
        const Xapian::Database db(dir.path());
        for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
            const Xapian::Document d = db.get_document(did);
            auto t = d.termlist_begin();
            t.skip_to(std::string(vnsearch::index::id_prefix));
            REQUIRE(t != d.termlist_end());
            CHECK(std::string(vnsearch::index::id_prefix) + d.get_value(vnsearch::index::id_slot) ==
                  *t);
        }
    }
    {
        // A document without the id value (an index may hold such documents): the id comes
        // from the Q term.
        Xapian::WritableDatabase db(dir.path(), Xapian::DB_OPEN);
        const std::string q = std::string(vnsearch::index::id_prefix) + "old-doc";
        const Xapian::docid did = *db.postlist_begin(q);
        Xapian::Document d = db.get_document(did);
        d.remove_value(vnsearch::index::id_slot);
        db.replace_document(did, d);
        db.commit();
        CHECK(db.get_document(did).get_value(vnsearch::index::id_slot).empty());
    }
    const vnsearch::Searcher searcher(dir.path());
    for (const bool snippets : {false, true}) {
        CAPTURE(snippets);
        auto o = opts();
        o.snippets = snippets;
        std::set<std::string> found;
        for (const auto& h : searcher.search("ha noi", o).hits) found.insert(h.id);
        CHECK(found == Set{"plain-1", "quote\"back\\slash", "old-doc"});
    }
}

TEST_CASE("searcher: stored fields with JSON escapes read back exactly") {
    vnsearch::test::TempDir dir;
    Document d = doc("esc", "Tựa \"Hà Nội\" \\ mùa\tthu",
                     "Dòng một.\nDòng hai có \"Hà Nội\"\r\nvà ký tự \x01 điều khiển, 😀.");
    d.url = "https://vi.example/ha-noi?a=1&b=\"2\"";
    d.source = "Báo \\ Mẫu";
    d.summary = "Tóm tắt / có gạch";
    vnsearch::test::write_index(dir.path(), {d});
    const auto r = vnsearch::Searcher(dir.path()).search("ha noi", opts());
    REQUIRE(r.hits.size() == 1);
    const auto& h = r.hits[0];
    CHECK(h.id == "esc");
    CHECK(h.title == d.title);
    CHECK(h.url == d.url);
    CHECK(h.source == d.source);
    // The passage from the sentence with the match; white space runs are shown as one space.
    CHECK(h.snippet.text == "…Dòng hai có \"Hà Nội\" và ký tự \x01 điều khiển,…");
    std::vector<std::string> marked;
    for (const auto& [b, e] : h.snippet.highlights)
        marked.push_back(h.snippet.text.substr(b, e - b));
    CHECK(marked == std::vector<std::string>{"Hà", "Nội"});
}

TEST_CASE("searcher: partial is false when only a lower-ranked document has every word") {
    vnsearch::test::TempDir dir;
    // "mèo" is rare and repeated in a short article, which ranks first without "chó"; a long
    // article has both words once. "chó" is common, so it weighs little.
    Document first = doc("meo", "Mèo", "Mèo mèo mèo mèo ngủ.");
    first.summary = "Mèo ngủ.";  // summary (XSUM) evidence in the query's match as well
    std::string filler;
    for (int i = 0; i < 30; ++i) filler += " Vườn rộng, cây cao, hoa đẹp, ao cá.";
    std::vector<Document> docs{first, doc("both", "Nhà", ("Nhà có chó và mèo." + filler).c_str())};
    for (int i = 0; i < 6; ++i)
        docs.push_back(doc(("cho-" + std::to_string(i)).c_str(), "Chó", "Chó sủa."));
    vnsearch::test::write_index(dir.path(), docs);
    const vnsearch::Searcher searcher(dir.path());
    for (const bool snippets : {false, true}) {
        CAPTURE(snippets);
        auto o = opts();
        o.snippets = snippets;
        const auto r = searcher.search("mèo chó", o);
        REQUIRE(!r.hits.empty());
        CHECK(r.hits[0].id == "meo");  // the best hit lacks "chó": the full test must run
        CHECK(!r.partial);
        CHECK(searcher.search("mèo chó xyzabc", o).partial);
        CHECK(!searcher.search("mèo", o).partial);
    }
}

TEST_CASE("searcher: document() gives the stored article by id, and follows a new commit") {
    vnsearch::test::TempDir dir;
    Document d = doc("bai-1", "Hà Nội mùa thu", "Thủ đô đẹp nhất vào mùa thu.");
    d.source = "Báo Mẫu";
    d.tags = {"du lịch", "thu"};
    d.fields["views"] = "12";
    vnsearch::test::write_index(dir.path(), {d});
    const vnsearch::Searcher searcher(dir.path());
    const auto got = searcher.document("bai-1");
    REQUIRE(got.has_value());
    CHECK(got->id == "bai-1");
    CHECK(got->title == "Hà Nội mùa thu");
    CHECK(got->body == "Thủ đô đẹp nhất vào mùa thu.");
    CHECK(got->source == "Báo Mẫu");
    CHECK(got->tags == std::vector<std::string>{"du lịch", "thu"});
    CHECK(got->fields.at("views") == "12");
    CHECK_FALSE(searcher.document("bai-2").has_value());
    CHECK_FALSE(searcher.document("").has_value());
    {
        vnsearch::IndexWriter w(dir.path(), vnsearch::OpenMode::open);
        w.add(doc("bai-2", "Sài Gòn", "Phố đông người."));
        w.remove("bai-1");
        w.commit();
    }
    CHECK(searcher.document("bai-2").has_value());
    CHECK_FALSE(searcher.document("bai-1").has_value());
}
