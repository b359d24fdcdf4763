// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <vnsearch/analyzer.hpp>

namespace {

struct Seen {
    std::string text;
    vnsearch::TokenKind kind;
    std::string exact;
};

std::vector<Seen> tokens_of(std::string_view text) {
    vnsearch::Analyzer analyzer;
    const auto a = analyzer.analyze(text);
    std::vector<Seen> out;
    for (const auto& t : a.tokens)
        out.push_back({std::string(text.substr(t.begin, t.end - t.begin)), t.kind, t.exact});
    return out;
}

}  // namespace

TEST_CASE("tokenize: kinds and canonical forms of special tokens") {
    using K = vnsearch::TokenKind;
    struct Case {
        const char* why;
        std::string_view in;
        std::string_view text;
        K kind;
        std::string_view exact;
    };
    const Case cases[] = {
        {"a syllable", "Nội", "Nội", K::syllable, "nội"},
        {"decimal comma", "55,95%", "55,95", K::number, "55,95"},
        {"dot thousands drop their dots", "1.234.567 đồng", "1.234.567", K::number, "1234567"},
        {"thousands with a decimal comma", "1.234,5", "1.234,5", K::number, "1234,5"},
        {"an English decimal point is left alone", "3.5", "3.5", K::number, "3.5"},
        {"date with slashes", "24/10/2020.", "24/10/2020", K::date, "24/10/2020"},
        {"date with dashes", "24-10-2020", "24-10-2020", K::date, "24/10/2020"},
        {"ISO date", "2020-10-24", "2020-10-24", K::date, "24/10/2020"},
        {"leading zeros go", "06/02/2017", "06/02/2017", K::date, "6/2/2017"},
        {"day and month", "(6/2)", "6/2", K::date, "6/2"},
        {"month and year", "10/2020", "10/2020", K::date, "10/2020"},
        {"an impossible date is a number", "45/77", "45/77", K::number, "45/77"},
        {"letters and digits with a dash", "COVID-19", "COVID-19", K::word, "covid19"},
        {"letters and digits", "U23", "U23", K::word, "u23"},
        {"a foreign word", "Vietlott", "Vietlott", K::word, "vietlott"},
        {"e-mail address", "(ten.ho@bao.vn).", "ten.ho@bao.vn", K::email, "ten.ho@bao.vn"},
        {"URL without its trailing dot", "https://Bao.vn/a-b.html.", "https://Bao.vn/a-b.html",
         K::url, "bao.vn/a-b.html"},
        {"www URL", "www.example.vn", "www.example.vn", K::url, "www.example.vn"},
        {"a bare URL with a path", "example.vn/ve-bong-da", "example.vn/ve-bong-da", K::url,
         "example.vn/ve-bong-da"},
        {"a bare host with two dots", "bao.example.vn,", "bao.example.vn", K::url,
         "bao.example.vn"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto seen = tokens_of(c.in);
        REQUIRE(!seen.empty());
        CHECK(seen[0].text == c.text);
        CHECK(seen[0].kind == c.kind);
        CHECK(seen[0].exact == c.exact);
    }
}

TEST_CASE("tokenize: abbreviations with dots split into parts that match the spaced spelling") {
    struct Case {
        const char* why;
        std::string_view in;
        std::vector<std::string> parts;
    };
    const Case cases[] = {
        {"TP.HCM", "TP.HCM", {"tp", "hcm"}},
        {"Tp.HCM with a capitalised first part", "Tp.HCM", {"tp", "hcm"}},
        {"single letters: v.v.", "v.v.", {"v", "v"}},
        {"spaced spelling", "TP HCM", {"tp", "hcm"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto seen = tokens_of(c.in);
        std::vector<std::string> exact;
        for (const auto& s : seen) exact.push_back(s.exact);
        CHECK(exact == c.parts);
    }
    const auto a = vnsearch::Analyzer().analyze("TP.HCM");
    REQUIRE(a.words.size() == 1);
    CHECK(a.words[0].token_count == 2);
    CHECK(a.tokens[0].kind == vnsearch::TokenKind::abbreviation);
}

TEST_CASE("tokenize: a sentence ending glued to the next word is not an abbreviation") {
    const auto seen = tokens_of("ở Hà Nội.Sáng nay");
    REQUIRE(seen.size() == 5);
    CHECK(seen[2].kind == vnsearch::TokenKind::syllable);
    CHECK(seen[3].exact == "sáng");
}

TEST_CASE("tokenize: spaces of every kind separate tokens, punctuation is not a token") {
    struct Case {
        const char* why;
        std::string_view in;
        std::size_t count;
    };
    const Case cases[] = {
        {"no-break space", "Hà\u00A0Nội", 2},
        {"em space", "Hà\u2003Nội", 2},
        {"ideographic space", "Hà\u3000Nội", 2},
        {"tab and newline", "Hà\tNội\nmới", 3},
        {"only punctuation", "... !!! ---", 0},
        {"emoji between words", "Hà😀Nội", 2},
        {"bidi override between words", "Hà\u202ENội", 2},
        {"empty text", "", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(tokens_of(c.in).size() == c.count);
    }
}

TEST_CASE("tokenize: invalid UTF-8 bytes separate tokens and offsets stay on the input") {
    const std::string text = "Hà\xFFNội \xE1\xBB";
    vnsearch::Analyzer analyzer;
    const auto a = analyzer.analyze(text);
    REQUIRE(a.tokens.size() == 2);
    CHECK(a.tokens[0].exact == "hà");
    CHECK(a.tokens[1].exact == "nội");
    CHECK(a.tokens[1].begin == 4);
    CHECK(a.tokens[1].end == 9);
}

TEST_CASE("tokenize: tokens longer than the limit are dropped, not cut") {
    vnsearch::AnalyzerOptions options;
    options.max_token_bytes = 8;
    vnsearch::Analyzer analyzer(options);
    const auto a = analyzer.analyze("ngắn abcdefghijklmnop dài");
    REQUIRE(a.tokens.size() == 2);
    CHECK(a.tokens[0].exact == "ngắn");
    CHECK(a.tokens[1].exact == "dài");
    CHECK(a.tokens[1].position == 1);
}
