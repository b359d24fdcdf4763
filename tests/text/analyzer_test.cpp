// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

namespace {

// The words of `text`, each word's syllables joined by '_' as the original text spells them.
std::vector<std::string> words_of(vnsearch::Analyzer& analyzer, std::string_view text) {
    const auto a = analyzer.analyze(text);
    std::vector<std::string> out;
    for (const auto& w : a.words) {
        std::string word;
        for (std::uint32_t i = 0; i < w.token_count; ++i) {
            const auto& t = a.tokens[w.first_token + i];
            if (i) word += '_';
            word += t.exact;
        }
        out.push_back(word);
    }
    return out;
}

}  // namespace

TEST_CASE("analyzer: syllables are grouped into dictionary words") {
    struct Case {
        const char* why;
        std::string_view in;
        std::vector<std::string> words;
    };
    const Case cases[] = {
        {"a two-syllable word", "kinh tế", {"kinh_tế"}},
        {"two words", "kinh tế xã hội", {"kinh_tế", "xã_hội"}},
        {"a name", "Hồ Chí Minh", {"hồ_chí_minh"}},
        {"punctuation ends a word", "kinh, tế", {"kinh", "tế"}},
        {"a line break ends a word", "kinh\ntế", {"kinh", "tế"}},
        {"numbers stand alone", "năm 2020 kinh tế", {"năm", "2020", "kinh_tế"}},
        {"an abbreviation is one word", "ở TP.HCM", {"ở", "tp_hcm"}},
    };
    vnsearch::Analyzer analyzer;
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(words_of(analyzer, c.in) == c.words);
    }
}

TEST_CASE("analyzer: segmentation does not change with case or diacritics") {
    vnsearch::Analyzer analyzer;
    const std::string_view spellings[] = {
        "Ủy ban nhân dân thành phố Hồ Chí Minh họp về kinh tế xã hội",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH HỌP VỀ KINH TẾ XÃ HỘI",
        "Uy ban nhan dan thanh pho Ho Chi Minh hop ve kinh te xa hoi",
        "uỷ ban nhân dân thành phố hồ chí minh họp về kinh tế xã hội",
    };
    auto shape = [&](std::string_view text) {
        std::vector<std::uint32_t> lengths;
        for (const auto& w : analyzer.analyze(text).words) lengths.push_back(w.token_count);
        return lengths;
    };
    const auto expected = shape(spellings[0]);
    CHECK(expected.size() < 14);  // some words really were grouped
    for (auto s : spellings) {
        CAPTURE(s);
        CHECK(shape(s) == expected);
    }
}

TEST_CASE("analyzer: segmentation can be turned off") {
    vnsearch::AnalyzerOptions options;
    options.segment_words = false;
    vnsearch::Analyzer analyzer(options);
    CHECK(words_of(analyzer, "kinh tế") == std::vector<std::string>{"kinh", "tế"});
}

TEST_CASE("analyzer: a user dictionary adds words") {
    const std::string path = "analyzer_test_user_dict.txt";
    {
        std::ofstream f(path);
        f << "# test words\nbánh mì pa tê\n";
    }
    vnsearch::AnalyzerOptions options;
    options.user_dictionary = path;
    vnsearch::Analyzer with(options);
    vnsearch::Analyzer without;
    CHECK(words_of(with, "bánh mì pa tê").size() == 1);
    CHECK(words_of(without, "bánh mì pa tê").size() > 1);
    std::remove(path.c_str());
    options.user_dictionary = "no/such/dictionary.txt";
    CHECK_THROWS_AS(vnsearch::Analyzer{options}, vnsearch::Error);
}

TEST_CASE("analyzer: the stopword list is matched in any spelling") {
    vnsearch::Analyzer analyzer;
    struct Case {
        const char* why;
        std::string_view word;
        bool stop;
    };
    const Case cases[] = {
        {"a listed word", "và", true},
        {"a listed two-syllable word", "có thể", true},
        {"upper case", "CỦA", true},
        {"NFD", "cu\u0309a", true},
        {"a content word", "kinh tế", false},
        {"folding must not make 'thể' a stopword", "thể", false},
        {"an unaccented form is not the stopword", "va", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(analyzer.is_stopword(c.word) == c.stop);
    }
}

TEST_CASE("analyzer: positions count every token, stopwords included") {
    vnsearch::Analyzer analyzer;
    const auto a = analyzer.analyze("Tôi và bạn, ở Hà Nội.");
    REQUIRE(a.tokens.size() == 6);
    for (std::uint32_t i = 0; i < a.tokens.size(); ++i) CHECK(a.tokens[i].position == i);
    CHECK(a.tokens[1].exact == "và");
}

TEST_CASE("analyzer: copies are independent and give the same results") {
    vnsearch::Analyzer a;
    vnsearch::Analyzer b = a;
    const auto x = a.analyze("Hà Nội mùa thu");
    const auto y = b.analyze("Hà Nội mùa thu");
    REQUIRE(x.tokens.size() == y.tokens.size());
    for (std::size_t i = 0; i < x.tokens.size(); ++i) CHECK(x.tokens[i].exact == y.tokens[i].exact);
    vnsearch::Analyzer c = std::move(b);
    CHECK(c.analyze("Hà Nội").tokens.size() == 2);
}
