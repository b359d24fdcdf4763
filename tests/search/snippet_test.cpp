// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <vnsearch/analyzer.hpp>

#include "search/snippet.hpp"
#include "support/sample_texts.hpp"
#include "text/utf8.hpp"

namespace {

std::vector<std::string> marked(const vnsearch::Snippet& s) {
    std::vector<std::string> out;
    for (const auto& [b, e] : s.highlights) out.push_back(s.text.substr(b, e - b));
    return out;
}

}  // namespace

TEST_CASE("snippet: matched words are marked in their original spelling") {
    struct Case {
        const char* why;
        std::string text;
        std::unordered_set<std::string> terms;
        std::vector<std::string> marks;
    };
    const Case cases[] = {
        {"folded match marks the accented text",
         "Thủ đô Hà Nội đẹp nhất vào mùa thu.",
         {"hà", "nội"},
         {"Hà", "Nội"}},
        {"upper case text", "THỦ ĐÔ HÀ NỘI", {"hà", "nội"}, {"HÀ", "NỘI"}},
        {"NFD text keeps its combining marks inside the mark",
         "Ha\u0300 No\u0302\u0323i mu\u0300a thu",
         {"hà", "nội"},
         {"Ha\u0300", "No\u0302\u0323i"}},
        {"old tone placement in the text", "Cuộc sống hòa bình", {"hoà"}, {"hòa"}},
        {"no match: no mark", "Tin thế giới hôm nay.", {"thể"}, {}},
    };
    vnsearch::Analyzer analyzer;
    const std::vector<std::vector<std::string>> none;
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto s = vnsearch::search::make_snippet(analyzer, c.text, {c.terms, none}, 200);
        CHECK(marked(s) == c.marks);
    }
}

TEST_CASE("snippet: multi-token sequences are marked together") {
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms;
    const std::vector<std::vector<std::string>> seqs{{"tp", "hcm"}};
    const auto s =
        vnsearch::search::make_snippet(analyzer, "Kẹt xe ở TP HCM và tp khác", {terms, seqs}, 200);
    CHECK(marked(s) == std::vector<std::string>{"TP", "HCM"});

    // One maker for all of a query's hits: a lone part stays unmarked in every hit, whatever the
    // hits before it held (the parts once joined the marked forms for the rest of the query).
    vnsearch::search::SnippetMaker maker(analyzer, {terms, seqs}, 200);
    CHECK(marked(maker.make("Kẹt xe ở TP HCM.")) == std::vector<std::string>{"TP", "HCM"});
    CHECK(marked(maker.make("Một tp khác, HCM.")).empty());
}

TEST_CASE("snippet: the passage with the matches is chosen and cut at words") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Câu mở đầu không liên quan gì cả. ";
    text += "Ở đây nói về kinh tế Việt Nam năm nay. ";
    for (int i = 0; i < 40; ++i) text += "Đoạn kết thúc cũng không liên quan. ";
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms{"kinh", "tế"};
    const std::vector<std::vector<std::string>> none;
    const auto s = vnsearch::search::make_snippet(analyzer, text, {terms, none}, 100);
    CHECK(marked(s) == std::vector<std::string>{"kinh", "tế"});
    CHECK(s.text.starts_with("\u2026"));
    CHECK(s.text.ends_with("\u2026"));
    CHECK(s.text.find("Ở đây nói về kinh tế") != std::string::npos);  // starts at the sentence
    const auto chars = [](const std::string& x) {
        std::size_t n = 0;
        for (char c : x) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    CHECK(chars(s.text) <= 100 + 2 + 2);
    CHECK(chars(s.text) >= 60);
}

TEST_CASE("snippet: no split UTF-8 or detached marks at any length") {
    const std::string text =
        "Ho\u0300a bi\u0300nh va\u0300 Việt Nam, Hà Nội 24/10/2020: giá 55,95% tăng 😀 "
        "đường dài. Tiếng Việt có dấu thanh và dấu mũ: ê, ô, ơ, ư, ă, â, đ.";
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms{"việt", "hoà", "đường"};
    const std::vector<std::vector<std::string>> none;
    for (std::size_t length = 1; length < 160; ++length) {
        CAPTURE(length);
        const auto s = vnsearch::search::make_snippet(analyzer, text, {terms, none}, length);
        CHECK(vnsearch::text::is_valid_utf8(s.text));
        // A combining mark never starts the snippet or follows a cut.
        CHECK(s.text.find("\u2026\u0300") == std::string::npos);
        CHECK(!s.text.starts_with("\u0300"));
        std::size_t previous_end = 0;
        for (const auto& [b, e] : s.highlights) {
            CHECK(b >= previous_end);
            CHECK(e <= s.text.size());
            CHECK(vnsearch::text::is_valid_utf8(s.text.substr(b, e - b)));
            previous_end = e;
        }
    }
}

TEST_CASE("snippet: empty and markless texts") {
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms{"x"};
    const std::vector<std::vector<std::string>> none;
    CHECK(vnsearch::search::make_snippet(analyzer, "", {terms, none}, 50).text.empty());
    const auto s = vnsearch::search::make_snippet(analyzer, "... !!! ...", {terms, none}, 50);
    CHECK(s.text == "... !!! ...");
    CHECK(s.highlights.empty());
}

TEST_CASE("snippet: an analyzer without word segmentation gives the same snippets") {
    // The searcher cuts snippets with a non-segmenting analyzer and reuses one Analysis.
    const std::string texts[] = {
        "Nền kinh tế Việt Nam tăng trưởng mạnh trong năm 2020, theo Tổng cục Thống kê.",
        "Kẹt xe ở TP.HCM vào giờ cao điểm; kinh tế thành phố vẫn tăng trưởng.",
        "Ngắn.",
        "THỦ ĐÔ HÀ NỘI đẹp nhất vào mùa thu. Người dân thích dạo phố cổ Hà Nội.",
    };
    const std::unordered_set<std::string> terms{"kinh", "tế", "hà", "nội", "tăng"};
    const std::vector<std::vector<std::string>> seqs{{"tp", "hcm"}};
    vnsearch::Analyzer segmenting;
    vnsearch::AnalyzerOptions o;
    o.segment_words = false;
    vnsearch::Analyzer plain(o);
    for (const std::size_t length : {std::size_t{20}, std::size_t{200}}) {
        vnsearch::search::SnippetMaker maker(plain, {terms, seqs}, length);  // one for all texts
        for (const auto& text : texts) {
            CAPTURE(text);
            const auto a = vnsearch::search::make_snippet(segmenting, text, {terms, seqs}, length);
            const auto b = maker.make(text);
            CHECK(a.text == b.text);
            CHECK(a.highlights == b.highlights);
        }
    }
}

namespace {

// make_snippet() analyses only the passages around the likely matches; it must give exactly
// the snippet of an analysis of the whole text.
void check_same_as_whole_text(vnsearch::Analyzer& analyzer, const std::string& text,
                              const std::unordered_set<std::string>& terms, std::size_t length,
                              const std::vector<std::vector<std::string>>& sequences = {}) {
    const auto fast = vnsearch::search::make_snippet(analyzer, text, {terms, sequences}, length);
    const auto whole =
        vnsearch::search::make_snippet_from_whole_text(analyzer, text, {terms, sequences}, length);
    CHECK(fast.text == whole.text);
    CHECK(fast.highlights == whole.highlights);
}

}  // namespace

TEST_CASE("snippet: passages give the snippet of the whole text (sample corpus)") {
    vnsearch::AnalyzerOptions o;
    o.segment_words = false;
    vnsearch::Analyzer analyzer(o);
    const auto texts = vnsearch::test::sample_texts();
    REQUIRE(texts.size() >= 40);
    std::map<std::string, std::set<std::string>> spellings;  // base form -> exact forms
    for (const auto& text : texts)
        for (const auto& t : analyzer.analyze(text).tokens) spellings[t.base].insert(t.exact);
    std::mt19937 rng(11);
    int cases = 0;
    for (const auto& text : texts) {
        const auto tokens = analyzer.analyze(text).tokens;
        if (tokens.size() < 2) continue;
        for (int pick = 0; pick < 4; ++pick) {
            const std::size_t i = rng() % (tokens.size() - 1);
            // As typed: two neighbouring words; unaccented: every spelling of their base forms;
            // and a word with a mark the text may not have (a near miss everywhere).
            const std::unordered_set<std::string> typed{tokens[i].exact, tokens[i + 1].exact};
            std::unordered_set<std::string> unaccented;
            for (const auto* t : {&tokens[i], &tokens[i + 1]})
                unaccented.insert(spellings[t->base].begin(), spellings[t->base].end());
            const std::unordered_set<std::string> near_miss{tokens[i].base + "\u0301"};
            for (const std::unordered_set<std::string>* terms :
                 {&typed, &std::as_const(unaccented), &near_miss}) {
                for (const std::size_t length :
                     {std::size_t{30}, std::size_t{80}, std::size_t{200}}) {
                    CAPTURE(text);
                    check_same_as_whole_text(analyzer, text, *terms, length);
                    ++cases;
                }
            }
        }
    }
    CHECK(cases > 500);
}

TEST_CASE("snippet: passages give the snippet of the whole text (long generated texts)") {
    // Long texts where near misses ("hạ", "nỗi" for "hà nội") crowd the real matches, so that
    // the fold scan's bounds send the search through several passages, or give up.
    const char* pieces[] = {
        "hà",   "hạ",     "Hà",        "HẠ",       "nội", "nỗi",        "Nội",
        "nổi",  "thủ",    "đô",        "mùa",      "thu", ".",          ",",
        "\n",   "TP.HCM", "1.000",     "55,95",    "đẹp", "ha\u0300",   "no\u0302\u0323i",
        "vịêt", "quá",    "TP",        "HCM",      "tp",  "05/03/2020", "2020-03-05",
        "5/3",  "7,5",    "1/12/2020", "11/2/2020"};
    vnsearch::AnalyzerOptions o;
    o.segment_words = false;
    vnsearch::Analyzer analyzer(o);
    std::mt19937 rng(5);
    const std::unordered_set<std::string> queries[] = {
        {"hà", "nội"}, {"hạ", "nổi"}, {"tphcm"}, {"1000"}, {"hà", "nội", "hạ", "nỗi", "nổi"}};
    for (int n = 0; n < 60; ++n) {
        std::string text;
        const int words = 20 + static_cast<int>(rng() % 400);
        for (int k = 0; k < words; ++k) {
            if (k) text += ' ';
            text += pieces[rng() % std::size(pieces)];
        }
        for (const auto& terms : queries)
            for (const std::size_t length : {std::size_t{1}, std::size_t{40}, std::size_t{200}})
                check_same_as_whole_text(analyzer, text, terms, length);
        // A joined abbreviation with its parts as a sequence (what "TPHCM" asks for), dates
        // and a decimal: the forms the scan reads from chains of runs.
        const std::vector<std::vector<std::string>> tp_hcm{{"tp", "hcm"}};
        for (const std::size_t length : {std::size_t{1}, std::size_t{40}, std::size_t{200}}) {
            check_same_as_whole_text(analyzer, text, {"tphcm", "hà"}, length, tp_hcm);
            check_same_as_whole_text(analyzer, text, {"5/3/2020", "7,5"}, length);
            check_same_as_whole_text(analyzer, text, {"5/3", "nội"}, length);
            // Two dates written with the same digits (1122020): the scan cannot tell them apart.
            check_same_as_whole_text(analyzer, text, {"1/12/2020", "11/2/2020", "hà"}, length);
        }
    }
}

TEST_CASE("snippet: spellings of one unaccented word count as one word") {
    // "hà" and "hạ" both match an unaccented "ha": a passage with "hà nội" (two query words)
    // beats one with "hà ... hạ" (one word, two spellings).
    std::string text = "Chuyện hà và hạ ở đây. ";
    for (int i = 0; i < 20; ++i) text += "Câu chen giữa không liên quan. ";
    text += "Thủ đô Hà Nội đẹp.";
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms{"hà", "hạ", "nội"};
    const std::vector<std::vector<std::string>> none;
    const auto s = vnsearch::search::make_snippet(analyzer, text, {terms, none}, 60);
    CHECK(marked(s) == std::vector<std::string>{"Hà", "Nội"});
}

TEST_CASE("snippet: passages and the whole text agree on the cases the fuzzer found") {
    struct Case {
        const char* why;
        std::string text;
        std::unordered_set<std::string> terms;
        std::size_t length;
    };
    std::string junk(30, '\x01');
    const Case cases[] = {
        {"a long run of symbols and bad bytes before the first word",
         "\xed\xbb\xa7 " + junk + " oq m h",
         {"oq"},
         2},
        {"a URL whose canonical form is a bare word is not marked for it",
         "xem http://localhost hoặc localhost ngay",
         {"localhost"},
         20},
        {"ß is ss to the analyzer: the scan gives up, the whole text is analysed",
         "\xc3\x9f xin chào ss \xc3\x9f",
         {"ss"},
         8},
    };
    vnsearch::AnalyzerOptions o;
    o.segment_words = false;
    vnsearch::Analyzer analyzer(o);
    for (const auto& c : cases) {
        CAPTURE(std::string(c.why));
        check_same_as_whole_text(analyzer, c.text, c.terms, c.length);
    }
    const std::vector<std::vector<std::string>> none;
    const auto url =
        vnsearch::search::make_snippet(analyzer, cases[1].text, {cases[1].terms, none}, 60);
    CHECK(marked(url) == std::vector<std::string>{"localhost"});
}

TEST_CASE("snippet: stopwords are marked but do not choose the passage") {
    // A question's stopwords ("của", "là", "và") are everywhere; the passage is the one with the
    // content words, and the stopwords in it are marked too. A query of stopwords only still
    // chooses by them.
    std::string text = "Đây là của anh và của chị, là của chúng ta và là của họ. ";
    for (int i = 0; i < 20; ++i) text += "Câu chen giữa không liên quan gì cả. ";
    text += "Thủ đô của Việt Nam là Hà Nội.";
    vnsearch::Analyzer analyzer;
    const std::unordered_set<std::string> terms{"thủ", "đô", "của", "là"};
    const std::unordered_set<std::string> minor{"của", "là"};
    const std::vector<std::vector<std::string>> none;
    const auto s = vnsearch::search::make_snippet(analyzer, text, {terms, none, &minor}, 60);
    CHECK(marked(s) == std::vector<std::string>{"Thủ", "đô", "của", "là"});
    CHECK(vnsearch::search::make_snippet_from_whole_text(analyzer, text, {terms, none, &minor}, 60)
              .text == s.text);
    const auto only_stop =
        vnsearch::search::make_snippet(analyzer, text, {minor, none, &minor}, 60);
    CHECK(marked(only_stop).size() >= 4);
    CHECK(only_stop.text.starts_with("Đây là của anh"));
}
