// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "text/fold_scan.hpp"

namespace {

using vnsearch::text::fold_word;

// The text of each span `scan_folded_spans` reports in `text` for the spelling of `word`; "!"
// if the scan gave up.
std::vector<std::string> found(const std::string& text, const std::string& word) {
    const auto f = fold_word(word);
    REQUIRE(f.has_value());
    const std::vector<vnsearch::text::FoldedHashes> wanted{*f};
    std::vector<vnsearch::text::FoldedSpan> spans;
    if (!vnsearch::text::scan_folded_spans(text, vnsearch::text::WantedSet(wanted), spans))
        return {"!"};
    std::vector<std::string> out;
    for (const auto& s : spans) out.push_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

}  // namespace

TEST_CASE("fold scan: where a word may be, in any spelling") {
    struct Case {
        const char* why;
        std::string text, word;
        std::vector<std::string> spans;
    };
    const Case cases[] = {
        {"case and NFD do not matter", "Hà, HÀ, ha\u0300 và hạ", "hà", {"Hà", "HÀ", "ha\u0300"}},
        {"tone placement does not matter", "hòa hoà hoa", "hoà", {"hòa", "hoà"}},
        {"marks count: an unmarked word is another spelling", "hòa hoà hoa", "hoa", {"hoa"}},
        {"Ð (U+00D0) is typed for Đ; d is not đ", "Ðà Đà đà dà", "đà", {"Ðà", "Đà", "đà"}},
        {"NFD modifier after the tone mark", "vie\u0323\u0302t viet", "việt", {"vie\u0323\u0302t"}},
        {"misplaced marks that the analyzer repairs", "vịêt lựơng", "việt", {"vịêt"}},
        {"a doubled tone (a typo) still finds the word", "sáng tạọ", "tạo", {"tạọ"}},
        {"zero-width characters inside a word", "h\u200Bà n\u00ADội", "hà", {"h\u200Bà"}},
        {"abbreviations joined by dots", "Kẹt xe ở TP.HCM", "tphcm", {"TP.HCM"}},
        {"and their parts", "Kẹt xe ở TP.HCM", "hcm", {"HCM"}},
        {"numbers with thousands dots", "giá 1.000 đồng", "1000", {"1.000"}},
        {"letters and digits joined by a dash", "dịch COVID-19", "covid19", {"COVID-19"}},
        {"two punctuation characters do not join", "TP..HCM", "tphcm", {}},
        {"punctuation, symbols and emoji separate", "“Hà”—Hà…😀Hà", "hà", {"Hà", "Hà", "Hà"}},
        {"another script far from the word does not matter", "Hà Привет", "hà", {"Hà"}},
        {"another script touching the word: the scan gives up", "Hàпривет", "hà", {"!"}},
        {"or before it", "приветHà", "hà", {"!"}},
        {"CJK touching: gives up", "Hà漢字", "hà", {"!"}},
        {"Kelvin sign, which NFC makes K: gives up", "\u212Ainh", "kinh", {"!"}},
        {"the char counts survive invalid UTF-8", "\xff\xfeHà", "hà", {"Hà"}},
    };
    const auto joined = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) out += "[" + x + "]";
        return out;
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.why));
        CHECK(joined(found(c.text, c.word)) == joined(c.spans));
    }
}

TEST_CASE("fold scan: words it can fold, and the base form") {
    CHECK(!fold_word("").has_value());
    CHECK(!fold_word("55,95").has_value());   // punctuation: the analyzer keeps it
    CHECK(!fold_word("hà nội").has_value());  // two words
    CHECK(!fold_word("привет").has_value());
    CHECK(fold_word("u23").has_value());
    CHECK(fold_word("hà")->base == fold_word("hạ")->base);
    CHECK(fold_word("hà")->base == fold_word("ha")->base);
    CHECK(fold_word("đà")->base == fold_word("da")->base);
    CHECK(fold_word("hà")->spelling != fold_word("hạ")->spelling);
    CHECK(fold_word("đà")->spelling != fold_word("dà")->spelling);
    CHECK(fold_word("HOÀ")->spelling == fold_word("hòa")->spelling);
}

TEST_CASE("fold scan: numbers and dates kept with their punctuation") {
    using vnsearch::text::fold_joined_number;
    // Read as the scan reads a chain: the digits as one run.
    CHECK(fold_joined_number("7,5")->spelling == fold_word("75")->spelling);
    CHECK(fold_joined_number("1000,5")->spelling == fold_word("10005")->spelling);
    CHECK(fold_joined_number("2019-2020").has_value());
    CHECK(!fold_joined_number("24/10/2020").has_value());     // a date: not the text's digits
    CHECK(!fold_joined_number("75").has_value());             // one run: fold_word's
    CHECK(!fold_joined_number("7,,5").has_value());           // two joiners: no chain
    CHECK(!fold_joined_number(",75").has_value());            // a joiner must join
    CHECK(!fold_joined_number("a,5").has_value());            // letters: could be a URL's form
    CHECK(!fold_joined_number("1.2.3.4.5.6.7").has_value());  // longer than a chain
    struct Case {
        const char* why;
        std::string text, word;
        std::vector<std::string> spans;
    };
    const Case cases[] = {
        {"a decimal", "giá 7,5 triệu, không phải 75 hay 7.5", "7,5", {"7,5", "75", "7.5"}},
        {"thousands grouped in the text", "1.000,5 và 1000,5", "1000,5", {"1.000,5", "1000,5"}},
        {"a range", "mùa 2019-2020", "2019-2020", {"2019-2020"}},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.why));
        const std::vector<vnsearch::text::FoldedHashes> wanted{*fold_joined_number(c.word)};
        std::vector<vnsearch::text::FoldedSpan> spans;
        REQUIRE(
            vnsearch::text::scan_folded_spans(c.text, vnsearch::text::WantedSet(wanted), spans));
        std::vector<std::string> texts;
        for (const auto& s : spans) texts.push_back(c.text.substr(s.begin, s.end - s.begin));
        CHECK(texts == c.spans);
    }
}

TEST_CASE("fold scan: a date is looked for in every way it can be written") {
    using vnsearch::text::fold_date;
    const auto has = [](const std::string& date, const std::string& digits) {
        const auto spellings = fold_date(date);
        const std::uint64_t want = fold_word(digits)->spelling;
        return std::any_of(spellings.begin(), spellings.end(),
                           [&](const auto& f) { return f.spelling == want; });
    };
    CHECK(has("5/3/2020", "532020"));    // 5/3/2020
    CHECK(has("5/3/2020", "05032020"));  // 05/03/2020, 05-03-2020
    CHECK(has("5/3/2020", "20200305"));  // 2020-03-05
    CHECK(has("5/3/5", "050305"));       // 5/3/05: a two-digit year
    CHECK(has("3/2021", "032021"));      // 03/2021
    CHECK(has("24/5", "2405"));          // 24/05
    CHECK(!has("5/3/2020", "5032021"));
    CHECK(fold_date("7,5").empty());      // not a date
    CHECK(fold_date("1/2/3/4").empty());  // four parts: never a date
    CHECK(fold_date("a/5").empty());
}

TEST_CASE("fold scan: code-point positions") {
    const std::string text = "Ở Hà Nội";
    const std::vector<vnsearch::text::FoldedHashes> wanted{*fold_word("nội")};
    std::vector<vnsearch::text::FoldedSpan> spans;
    REQUIRE(vnsearch::text::scan_folded_spans(text, vnsearch::text::WantedSet(wanted), spans));
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].char_begin == 5);
    CHECK(spans[0].char_end == 8);
}

TEST_CASE("fold scan: the block search finds the same starts as a byte-by-byte search") {
    // next_start() reads sixteen bytes at a time through nibble tables that may admit more bytes
    // than may_start(); it must still stop exactly at the first byte may_start() accepts that
    // does not follow an ASCII letter or digit. Word sets from one first letter to many, over
    // texts of every byte value, at every offset.
    const std::vector<std::vector<std::string>> word_sets = {
        {"hà"},
        {"sông"},
        {"ăn", "ơn", "ước", "đi", "ý"},
        {"an", "bê", "cá", "dê", "em", "gà", "hè",  "im", "kê", "là", "me", "nè", "ô", "pa", "quê",
         "rể", "sư", "tê", "ủ",  "vé", "xe", "yêu", "zô", "fa", "jo", "wi", "0",  "5", "đá", "ấy"},
    };
    std::string text;
    std::uint32_t seed = 12345;
    for (int i = 0; i < 4096; ++i) {
        seed = seed * 1664525U + 1013904223U;
        text.push_back(static_cast<char>(seed >> 24));
    }
    for (const auto& words : word_sets) {
        std::vector<vnsearch::text::FoldedHashes> folded;
        for (const auto& w : words) folded.push_back(*fold_word(w));
        const vnsearch::text::WantedSet wanted(folded);
        for (std::size_t pos = 0; pos <= text.size(); ++pos) {
            const auto after_alnum = [&](std::size_t at) {
                if (at == 0) return false;
                const char c = text[at - 1];
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            };
            std::size_t expected = pos;
            while (expected < text.size() &&
                   (!wanted.may_start(static_cast<unsigned char>(text[expected])) ||
                    after_alnum(expected)))
                ++expected;
            CAPTURE(pos);
            REQUIRE(wanted.next_start(text, pos) == expected);
        }
    }
}
