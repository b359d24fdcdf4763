// SPDX-License-Identifier: Apache-2.0
// Abbreviations and their expansions find each other (search/abbreviations.hpp), end to end on a
// real index, with the form typed ranked first and the other form highlighted.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/searcher.hpp>

#include "search/abbreviations.hpp"
#include "search/search_fixture.hpp"

namespace {

using vnsearch::Document;
using Ids = std::set<std::string>;
using Strings = std::vector<std::string>;

Document doc(std::string id, std::string title, std::string body) {
    Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    return d;
}

std::vector<Document> corpus() {
    return {
        doc("ubnd", "Họp báo", "UBND tỉnh Lạng Sơn họp báo về kinh tế."),
        doc("uy-ban", "Họp báo", "Ủy ban nhân dân tỉnh Lạng Sơn họp báo về kinh tế."),
        doc("cao-bang", "Thời tiết", "Trời mưa lớn ở tỉnh Cao Bằng, giao thông khó khăn."),
        doc("gd-dt", "Lịch thi", "Sở GD-ĐT Hà Nội công bố lịch thi."),
        doc("giao-duc", "Điểm thi", "Sở Giáo dục và Đào tạo Hà Nội công bố điểm thi."),
        doc("kt-xh", "Báo cáo", "Tình hình kinh tế xã hội quý ba ổn định."),
        doc("tp-full", "Mưa", "Mưa lớn tại Thành phố Hồ Chí Minh chiều nay."),
        doc("tp-abbr", "Nắng", "Nắng nóng tại TP.HCM chiều nay."),
        doc("cong-an", "An ninh", "Công an tỉnh Lạng Sơn bắt đối tượng buôn lậu."),
        doc("ca-si", "Âm nhạc", "Ca sĩ hát một ca khúc mới."),
        doc("uy-ban-kt", "Kỷ luật", "Ủy ban kiểm tra xem xét kỷ luật."),
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
    vnsearch::SearchResults search(std::string_view q) const {
        vnsearch::SearchOptions o;
        o.limit = 100;
        return searcher.search(q, o);
    }
    Strings ids(std::string_view q) const {
        Strings out;
        for (const auto& h : search(q).hits) out.push_back(h.id);
        return out;
    }
    // The highlighted words of `id`'s snippet for `q`.
    Strings marked(std::string_view q, const std::string& id) const {
        Strings out;
        for (const auto& h : search(q).hits) {
            if (h.id != id) continue;
            for (const auto& [from, to] : h.snippet.highlights)
                out.push_back(h.snippet.text.substr(from, to - from));
        }
        return out;
    }
};

bool contains(const Strings& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("abbreviations: the built-in table reads every abbreviation in its exact form") {
    const auto& table = vnsearch::search::abbreviations();
    CHECK(table.size() > 250);
    struct Case {
        const char* letters;
        Strings expansion;
    };
    const Case cases[] = {
        {"ubnd", {"uỷ", "ban", "nhân", "dân"}},
        {"hđnd", {"hội", "đồng", "nhân", "dân"}},
        {"tphcm", {"thành", "phố", "hồ", "chí", "minh"}},
        {"gdđt", {"giáo", "dục", "đào", "tạo"}},
        {"ktxh", {"kinh", "tế", "xã", "hội"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.letters);
        const auto* abbr = table.find(c.letters);
        REQUIRE(abbr != nullptr);
        CHECK(abbr->expansion == c.expansion);
        CHECK(abbr->plain_letters);
    }
    CHECK(table.find("hdnd") == nullptr);  // đ is a letter of its own
    CHECK(table.find("tp")->parts == Strings{"tp"});
    CHECK(table.find("tphcm")->parts == Strings{"tp", "hcm"});  // TP.HCM, listed before TPHCM
    // CA (công an) is the syllable "ca" too: never searched for an expansion.
    REQUIRE(table.find("ca") != nullptr);
    CHECK_FALSE(table.find("ca")->plain_letters);
}

TEST_CASE("abbreviations: a table skips what it cannot read") {
    vnsearch::Analyzer analyzer;
    const vnsearch::search::AbbreviationTable table(
        "# comment\n"
        "UBND\tỦy ban nhân dân\t1\t2\t3\n"
        "no tab here\n"
        "\n"
        "X1\tsố 1\n"           // a number in the expansion
        "AB\tmột\n"            // one syllable: no expansion to search
        "UBND\tủy ban khác\n"  // the first reading is kept
        "GD-ĐT\tgiáo dục đào tạo",
        analyzer);
    CHECK(table.size() == 2);
    REQUIRE(table.find("ubnd") != nullptr);
    CHECK(table.find("ubnd")->expansion == Strings{"uỷ", "ban", "nhân", "dân"});
    CHECK(table.find("gdđt")->parts == Strings{"gd", "đt"});
    CHECK(table.expansions_from("giao").size() == 1);
    CHECK(table.find("ab") == nullptr);
}

TEST_CASE("abbreviations: an abbreviation finds its expansion, ranked after itself") {
    const Fixture f;
    const Strings by_abbr = f.ids("UBND tỉnh Lạng Sơn");
    REQUIRE(by_abbr.size() >= 2);
    CHECK(by_abbr[0] == "ubnd");
    CHECK(by_abbr[1] == "uy-ban");
    // The expansion is marked in the snippet, not its syllables elsewhere.
    const Strings marked = f.marked("UBND tỉnh Lạng Sơn", "uy-ban");
    CHECK(contains(marked, "Ủy"));
    CHECK(contains(marked, "dân"));
    CHECK_FALSE(contains(f.marked("ubnd", "uy-ban-kt"), "Ủy"));
    // Lower case, and alone, too; "Ủy ban kiểm tra" is no expansion of UBND.
    const Strings alone = f.ids("ubnd");
    CHECK(alone == Strings{"ubnd", "uy-ban"});
    // Partial matching still holds: Cao Bằng has only "tỉnh".
    CHECK(contains(f.ids("UBND tỉnh Cao Bằng"), "cao-bang"));
}

TEST_CASE("abbreviations: an expansion finds its abbreviation, ranked after itself") {
    const Fixture f;
    for (const char* q : {"Ủy ban nhân dân tỉnh Lạng Sơn", "Uỷ ban nhân dân tỉnh Lạng Sơn",
                          "uy ban nhan dan tinh lang son"}) {
        CAPTURE(q);
        const Strings ids = f.ids(q);
        REQUIRE(ids.size() >= 2);
        CHECK(ids[0] == "uy-ban");
        CHECK(ids[1] == "ubnd");
        CHECK(contains(f.marked(q, "ubnd"), "UBND"));
        CHECK_FALSE(f.search(q).partial);  // the abbreviation stands for the whole expansion
    }
    // A tone typed that the expansion does not have is no expansion.
    CHECK_FALSE(contains(f.ids("ủy bàn nhân dân"), "ubnd"));
}

TEST_CASE("abbreviations: written with dots, dashes, apart or joined") {
    const Fixture f;
    for (const char* q : {"TP.HCM", "TPHCM", "TP HCM", "tphcm"}) {
        CAPTURE(q);
        const Strings ids = f.ids(q);
        REQUIRE(ids.size() == 2);
        CHECK(ids[0] == "tp-abbr");
        CHECK(ids[1] == "tp-full");
        CHECK(contains(f.marked(q, "tp-full"), "Minh"));
    }
    CHECK(f.ids("thanh pho ho chi minh") == Strings{"tp-full", "tp-abbr"});
    // GD-ĐT is often written "Giáo dục và Đào tạo": one word may stand between.
    const Strings gd = f.ids("GD-ĐT");
    CHECK(gd == Strings{"gd-dt", "giao-duc"});
    CHECK(f.ids("GD ĐT") == gd);
    CHECK(f.ids("KT-XH") == Strings{"kt-xh"});
}

TEST_CASE("abbreviations: a syllable is an abbreviation only in capitals") {
    const Fixture f;
    CHECK(contains(f.ids("CA hôm nay"), "cong-an"));
    const Strings ca = f.ids("ca");
    CHECK(contains(ca, "ca-si"));
    CHECK_FALSE(contains(ca, "cong-an"));
    // A query all in capitals says nothing about abbreviations.
    CHECK_FALSE(contains(f.ids("CA HÔM NAY"), "cong-an"));
    // Nor does "công an" search the syllable "ca".
    CHECK_FALSE(contains(f.ids("công an"), "ca-si"));
}
