// SPDX-License-Identifier: Apache-2.0
// Queries as people type them without a working input method, end to end on a real index:
// Telex and VNI keystrokes, marks typed in part, and one wrong tone.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <vnsearch/searcher.hpp>

#include "search/search_fixture.hpp"

namespace {

using vnsearch::Document;
using Ids = std::set<std::string>;

Document doc(std::string id, std::string title, std::string body) {
    Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    return d;
}

// Six articles on the economy of Hà Nội (the words a slip of tone must still find), a few with
// "nỗi" (so "Hà Nỗi" has two common syllables but is no word), one with "hả nội" side by side,
// and English and product names that read as Telex or VNI.
std::vector<Document> corpus() {
    std::vector<Document> docs;
    const char* streets[] = {"Hàng Bài", "Tràng Tiền", "Kim Mã", "Láng", "Giải Phóng", "Cầu Giấy"};
    for (int i = 0; i < 6; ++i) {
        docs.push_back(doc("kt" + std::to_string(i), "Kinh tế Hà Nội tăng trưởng",
                           std::string("Kinh tế Việt Nam và Hà Nội: đường ") + streets[i] +
                               " có thêm cửa hàng được cấp giấy phép kinh doanh."));
    }
    docs.push_back(doc("noi-buon", "Nỗi buồn", "Nỗi nhớ nhà, nỗi buồn chiến tranh."));
    docs.push_back(doc("noi-lo", "Nỗi lo", "Nỗi lo của người nông dân khi mưa lớn."));
    docs.push_back(doc("ha-noi-typo", "Bà và cháu", "Cháu hả nội? Bà nói nhỏ."));
    docs.push_back(doc("english", "Books on iPhone",
                       "Reading books on an iPhone, Facebook posts about the U23 team and "
                       "COVID-19; golf tees and a max speed."));
    docs.push_back(doc("max1", "Max", "Tốc độ max của xe."));
    docs.push_back(doc("max2", "Max", "Giá max là bao nhiêu?"));
    docs.push_back(doc("max3", "Max", "Chọn gói max."));
    docs.push_back(doc("ma", "Mã số", "Mã số thuế và mã vạch, mã bưu chính, mã hàng, mã đơn."));
    docs.push_back(doc("ma2", "Mã", "Mã nguồn mở."));
    docs.push_back(doc("ma3", "Mã", "Mã độc."));
    docs.push_back(doc("ma4", "Mã", "Mã hoá."));
    return docs;
}

struct Fixture {
    vnsearch::test::TempDir dir;
    vnsearch::Searcher searcher;
    Fixture() : searcher(make(dir.path())) {}
    static vnsearch::Searcher make(const std::string& path) {
        vnsearch::test::write_index(path, corpus());
        return vnsearch::Searcher(path);
    }
    vnsearch::SearchResults search(std::string_view q) const {
        vnsearch::SearchOptions o;
        o.limit = 100;
        return searcher.search(q, o);
    }
    std::vector<std::string> ids(std::string_view q) const {
        std::vector<std::string> out;
        for (const auto& h : search(q).hits) out.push_back(h.id);
        return out;
    }
    Ids id_set(std::string_view q) const {
        const auto v = ids(q);
        return {v.begin(), v.end()};
    }
};

}  // namespace

TEST_CASE("typing: Telex and VNI keystrokes are searched as the syllables they type") {
    Fixture f;
    struct Case {
        const char* typed;
        const char* meant;
    };
    const Case cases[] = {
        {"kinh tees", "kinh tế"},         {"kinh te61", "kinh tế"},
        {"Vieetj Nam", "Việt Nam"},       {"Vie65t Nam", "Việt Nam"},
        {"dduwowngf Láng", "đường Láng"}, {"d9u7o7ng2 Láng", "đường Láng"},
        {"giaays pheps", "giấy phép"},    {"gia61y phe1p", "giấy phép"},
    };
    for (const auto& c : cases) {
        INFO(c.typed);
        const auto r = f.search(c.typed);
        CHECK(r.interpreted == c.meant);
        CHECK(f.ids(c.typed) == f.ids(c.meant));
        CHECK(!r.hits.empty());
    }
    // The query as typed decides the rest: capitals, and words that need no decoding.
    CHECK(f.search("KINH TEES").interpreted == "KINH TẾ");
    CHECK(f.search("kinh tế").interpreted.empty());
    CHECK(f.search("kinh te").interpreted.empty());
}

TEST_CASE("typing: English words, product names and codes are not decoded") {
    Fixture f;
    for (const char* q : {"books", "Facebook", "iPhone", "U23", "COVID-19", "books on iPhone"}) {
        INFO(q);
        const auto r = f.search(q);
        CHECK(r.interpreted.empty());
        CHECK(f.ids(q).front() == "english");
    }
    // "max" reads as "mã" in Telex, but the index has "max" in several documents: kept as typed.
    const auto max = f.search("max");
    CHECK(max.interpreted.empty());
    CHECK(f.id_set("max") == Ids{"english", "max1", "max2", "max3"});
}

TEST_CASE("typing: a decoded word still matches as typed") {
    Fixture f;
    // "tees" is "tế" in Telex and an English word of one document: both are found.
    const auto r = f.search("tees");
    CHECK(r.interpreted == "tế");
    const auto found = f.id_set("tees");
    CHECK(found.contains("english"));
    CHECK(found.contains("kt0"));
}

TEST_CASE("typing: an unmarked word in a query with marks means what it means unaccented") {
    Fixture f;
    // "noi" is no level-tone syllable of the index (nội, nói, nỗi are): typed without marks.
    CHECK(f.ids("Hà noi kinh tế") == f.ids("Hà Nội kinh tế"));
    CHECK(f.ids("kinh te Hà Nội").front().starts_with("kt"));
    // The marks that are typed keep their meaning: "hà noi" never finds "hả nội".
    const auto hits = f.id_set("hà noi");
    CHECK(!hits.empty());
    CHECK(!hits.contains("ha-noi-typo"));
    CHECK(f.ids("hả noi").front() == "ha-noi-typo");
    // The suggestion restores the unmarked words and keeps the marked ones.
    CHECK(f.search("Hà noi kinh te").suggestion == "Hà nội kinh tế");
}

TEST_CASE("typing: one wrong tone does not sink the query, and the suggestion corrects it") {
    Fixture f;
    // "giẩy" is in no document, "giấy" in six.
    const auto giay = f.search("giẩy phép");
    CHECK(f.ids("giẩy phép") == f.ids("giấy phép"));
    CHECK(giay.suggestion == "giấy phép");
    // "nỗi" is common, but "Hà Nỗi" is no word of the index and "Hà Nội" a frequent one.
    const auto hanoi = f.search("Hà Nỗi");
    CHECK(hanoi.suggestion == "Hà Nội");
    const auto top = f.ids("Hà Nỗi");
    REQUIRE(!top.empty());
    CHECK(top.front().starts_with("kt"));
    // A tone that some documents have keeps its meaning ("hả" is in one, "hà" in six).
    CHECK(f.id_set("hả") == Ids{"ha-noi-typo"});
    CHECK(f.search("hả").suggestion.empty());
    // "nỗi" alone is a syllable of its own.
    CHECK(f.id_set("nỗi") == Ids{"noi-buon", "noi-lo"});
}
