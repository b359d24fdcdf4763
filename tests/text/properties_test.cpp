// SPDX-License-Identifier: Apache-2.0
// Properties of the analyzer over the sample corpus and generated text: every Unicode form and
// tone placement gives the same terms, analysis is idempotent, and offsets are sound.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>

#include "support/sample_texts.hpp"
#include "text/fold_scan.hpp"
#include "text/utf8.hpp"

namespace {

using vnsearch::test::sample_texts;

std::string normalize(std::string_view text, bool decompose) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = decompose ? icu::Normalizer2::getNFDInstance(status)
                                          : icu::Normalizer2::getNFCInstance(status);
    std::string out;
    n->normalize(icu::UnicodeString::fromUTF8(text), status).toUTF8String(out);
    return out;
}

// Moves the tone of every syllable ending in oa/oe/uy to the old or the new place, written
// independently of the analyzer (the same rule as tools/eval.py): NFD, lift the tone, put it back.
std::string tone_style(std::string_view text, bool old_style) {
    const icu::UnicodeString d = icu::UnicodeString::fromUTF8(normalize(text, true));
    icu::UnicodeString out, word;
    auto flush = [&] {
        UChar32 tone = 0;
        icu::UnicodeString bare;
        for (int32_t i = 0; i < word.length(); ++i) {
            const UChar c = word[i];
            if (c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323) {
                tone = c;
            } else {
                bare.append(c);
            }
        }
        icu::UnicodeString lower(bare);
        lower.toLower();
        const int32_t n = lower.length();
        const bool ends =
            n >= 2 &&
            ((lower[n - 2] == u'o' && (lower[n - 1] == u'a' || lower[n - 1] == u'e')) ||
             (lower[n - 2] == u'u' && lower[n - 1] == u'y' && !(n >= 3 && lower[n - 3] == u'q')));
        if (tone == 0 || !ends) {
            out.append(word);
        } else {
            const int32_t at = old_style ? n - 2 : n - 1;
            bare.insert(at + 1, tone);
            out.append(bare);
        }
        word.remove();
    };
    for (int32_t i = 0; i < d.length(); ++i) {
        const UChar c = d[i];
        const bool letter = u_isalpha(c) || (c >= 0x300 && c < 0x370);
        if (letter) {
            word.append(c);
        } else {
            flush();
            out.append(c);
        }
    }
    flush();
    return normalize(
        [&] {
            std::string s;
            out.toUTF8String(s);
            return s;
        }(),
        false);
}

std::vector<std::string> terms(vnsearch::Analyzer& analyzer, std::string_view text) {
    std::vector<std::string> out;
    const auto a = analyzer.analyze(text);
    for (const auto& t : a.tokens) {
        out.push_back(t.exact);
        out.push_back(t.tone_free);
        out.push_back(t.base);
    }
    for (const auto& w : a.words) out.push_back(std::to_string(w.token_count));
    return out;
}

// Generated text: syllables with every tone and modifier, old and new placements, upper case.
std::vector<std::string> generated_texts() {
    const char* pieces[] = {
        "hòa",        "hoà",      "khỏe", "khoẻ", "thủy", "thuỷ", "HÒA", "Thuỷ", "quý",    "giữa",
        "người",      "đường",    "Đà",   "Nẵng", "kinh", "tế",   "xã",  "hội",  "TP.HCM", "55,95",
        "24/10/2020", "COVID-19", "ủy",   "ban",  "nhân", "dân",  ",",   ".",    "ngoài",  "khuya",
        "khuỷu",      "nguyễn",   "\n",   "oà",   "Hoả",  "tuý",  "lúa"};
    std::mt19937 rng(42);
    std::vector<std::string> texts;
    for (int i = 0; i < 300; ++i) {
        std::string t;
        const int n = 1 + static_cast<int>(rng() % 20);
        for (int k = 0; k < n; ++k) {
            if (k) t += ' ';
            t += pieces[rng() % std::size(pieces)];
        }
        texts.push_back(t);
    }
    return texts;
}

std::vector<std::string> all_texts() {
    auto texts = sample_texts();
    const auto more = generated_texts();
    texts.insert(texts.end(), more.begin(), more.end());
    return texts;
}

}  // namespace

TEST_CASE("analyzer properties: the sample corpus is there") { CHECK(sample_texts().size() >= 40); }

TEST_CASE("analyzer properties: NFC and NFD give identical terms") {
    vnsearch::Analyzer analyzer;
    for (const auto& text : all_texts()) {
        CHECK(terms(analyzer, normalize(text, true)) == terms(analyzer, normalize(text, false)));
    }
}

TEST_CASE("analyzer properties: old and new tone placement give identical terms") {
    vnsearch::Analyzer analyzer;
    int changed = 0;
    for (const auto& text : all_texts()) {
        const std::string old_style = tone_style(text, true), new_style = tone_style(text, false);
        if (old_style != new_style) ++changed;
        CHECK(terms(analyzer, old_style) == terms(analyzer, new_style));
    }
    CHECK(changed > 50);  // the property was really exercised
}

TEST_CASE("analyzer properties: analysis is idempotent on its own output") {
    vnsearch::Analyzer analyzer;
    for (const auto& text : all_texts()) {
        const auto a = analyzer.analyze(text);
        std::string rebuilt;
        for (const auto& t : a.tokens) {
            if (!rebuilt.empty()) rebuilt += ' ';
            rebuilt += t.exact;
        }
        // Abbreviations and numbers are rewritten to canonical forms that analyse to themselves
        // except for their joiners; compare syllables and words only.
        std::vector<std::string> a_syll, b_syll;
        for (const auto& t : a.tokens)
            if (t.kind == vnsearch::TokenKind::syllable) a_syll.push_back(t.exact);
        for (const auto& t : analyzer.analyze(rebuilt).tokens)
            if (t.kind == vnsearch::TokenKind::syllable) b_syll.push_back(t.exact);
        CHECK(a_syll == b_syll);
    }
}

TEST_CASE("analyzer properties: offsets lie on UTF-8 boundaries inside the input") {
    vnsearch::Analyzer analyzer;
    std::mt19937 rng(7);
    auto texts = all_texts();
    for (int i = 0; i < 300; ++i) {  // random bytes, invalid UTF-8 included
        std::string bytes(1 + rng() % 64, '\0');
        for (auto& b : bytes) b = static_cast<char>(rng() % 256);
        texts.push_back(bytes);
    }
    // Boundaries as the defined decoding rule sees them: each valid sequence, or one bad byte.
    auto boundaries = [](const std::string& s) {
        std::set<std::size_t> at{s.size()};
        for (std::size_t pos = 0; pos < s.size();) {
            at.insert(pos);
            std::size_t len = 0;
            vnsearch::text::decode_utf8(s, pos, len);
            pos += len;
        }
        return at;
    };
    for (const auto& text : texts) {
        const auto a = analyzer.analyze(text);
        const auto cuts = boundaries(text);
        std::size_t previous_end = 0;
        for (const auto& t : a.tokens) {
            CHECK(t.begin < t.end);
            CHECK(t.end <= text.size());
            CHECK(t.begin >= previous_end);
            CHECK(cuts.count(t.begin) == 1);
            CHECK(cuts.count(t.end) == 1);
            if (vnsearch::text::is_valid_utf8(text)) {
                CHECK((static_cast<unsigned char>(text[t.begin]) & 0xC0) != 0x80);
                CHECK((t.end == text.size() ||
                       (static_cast<unsigned char>(text[t.end]) & 0xC0) != 0x80));
            }
            previous_end = t.end;
        }
    }
}

TEST_CASE("analyzer properties: with the exact form only, everything else is the same") {
    // The searcher's snippet analyzer fills only the exact form; a reused Analysis must not keep
    // the folded forms of an earlier text either.
    vnsearch::Analyzer full;
    vnsearch::AnalyzerOptions options;
    options.token_forms = vnsearch::TokenForms::exact_only;
    vnsearch::Analyzer light(options);
    vnsearch::Analysis reused;
    for (const auto& text : all_texts()) {
        const auto a = full.analyze(text);
        light.analyze(text, reused);
        REQUIRE(a.tokens.size() == reused.tokens.size());
        for (std::size_t i = 0; i < a.tokens.size(); ++i) {
            const auto &x = a.tokens[i], &y = reused.tokens[i];
            CHECK(x.kind == y.kind);
            CHECK(x.begin == y.begin);
            CHECK(x.end == y.end);
            CHECK(x.exact == y.exact);
            CHECK((y.tone_free.empty() && y.base.empty()));
        }
        CHECK(a.words.size() == reused.words.size());
    }
}

TEST_CASE("analyzer properties: without token forms everything else is the same") {
    vnsearch::Analyzer full;
    vnsearch::AnalyzerOptions options;
    options.token_forms = vnsearch::TokenForms::none;
    vnsearch::Analyzer light(options);
    vnsearch::Analysis reused;  // reused across texts, as the CLI does
    std::mt19937 rng(11);
    auto texts = all_texts();
    for (int i = 0; i < 300; ++i) {  // random bytes, invalid UTF-8 included
        std::string bytes(1 + rng() % 64, '\0');
        for (auto& b : bytes) b = static_cast<char>(rng() % 256);
        texts.push_back(bytes);
    }
    for (const auto& text : texts) {
        const auto a = full.analyze(text);
        light.analyze(text, reused);
        REQUIRE(a.tokens.size() == reused.tokens.size());
        for (std::size_t i = 0; i < a.tokens.size(); ++i) {
            const auto &x = a.tokens[i], &y = reused.tokens[i];
            CHECK(x.kind == y.kind);
            CHECK(x.position == y.position);
            CHECK(x.word == y.word);
            CHECK(x.begin == y.begin);
            CHECK(x.end == y.end);
            CHECK((y.exact.empty() && y.tone_free.empty() && y.base.empty()));
        }
        REQUIRE(a.words.size() == reused.words.size());
        for (std::size_t i = 0; i < a.words.size(); ++i) {
            CHECK(a.words[i].first_token == reused.words[i].first_token);
            CHECK(a.words[i].token_count == reused.words[i].token_count);
        }
    }
}

namespace {

std::string upper_case(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    u.toUpper();
    std::string out;
    u.toUTF8String(out);
    return out;
}

// Checks the promise of text/fold_scan.hpp on `text`: every token whose exact form is letters
// and digits has a span with its extent and spelling. False if the scan gave up on the text.
bool fold_scan_finds_every_token(vnsearch::Analyzer& analyzer, const std::string& text) {
    const auto a = analyzer.analyze(text);
    // The spellings snippets scan for a form by (search/snippet.cpp): one for a word or a number,
    // several for a date.
    const auto fold = [](std::string_view exact) -> std::vector<vnsearch::text::FoldedHashes> {
        if (const auto f = vnsearch::text::fold_word(exact)) return {*f};
        if (const auto f = vnsearch::text::fold_joined_number(exact)) return {*f};
        return vnsearch::text::fold_date(exact);
    };
    std::vector<vnsearch::text::FoldedHashes> wanted;
    std::vector<std::pair<const vnsearch::Token*, std::pair<std::size_t, std::size_t>>> foldable;
    for (const auto& t : a.tokens) {
        if (t.kind == vnsearch::TokenKind::url || t.kind == vnsearch::TokenKind::email) continue;
        const auto spellings = fold(t.exact);
        if (spellings.empty()) continue;
        foldable.push_back({&t, {wanted.size(), wanted.size() + spellings.size()}});
        wanted.insert(wanted.end(), spellings.begin(), spellings.end());
    }
    std::vector<vnsearch::text::FoldedSpan> spans;
    if (!vnsearch::text::scan_folded_spans(text, vnsearch::text::WantedSet(wanted), spans))
        return false;
    for (std::size_t i = 1; i < spans.size(); ++i) CHECK(spans[i - 1].begin <= spans[i].begin);
    for (const auto& s : spans) {
        std::size_t chars = 0;
        for (std::size_t b = 0; b < s.begin; ++b)
            chars += (static_cast<unsigned char>(text[b]) & 0xC0) != 0x80;
        CHECK(s.char_begin == chars);
    }
    for (const auto& [t, range] : foldable) {
        // A span with the token's extent and one of its spellings (the scan names the first
        // wanted word with that spelling, which may belong to another token).
        const bool found = std::any_of(spans.begin(), spans.end(), [&](const auto& s) {
            if (s.begin != t->begin || s.end != t->end) return false;
            const std::uint64_t spelling = wanted[static_cast<std::size_t>(s.word)].spelling;
            for (std::size_t w = range.first; w < range.second; ++w)
                if (wanted[w].spelling == spelling) return true;
            return false;
        });
        CAPTURE(text.substr(t->begin, t->end - t->begin));
        CHECK(found);
    }
    return true;
}

}  // namespace

TEST_CASE("analyzer properties: the fold scan finds every letters-and-digits token") {
    // In every spelling the searcher meets: as written, NFD, old and new tone placement, upper
    // case. Snippets rely on it to analyse only the passages around the matches.
    vnsearch::Analyzer analyzer;
    int scanned = 0, texts = 0;
    for (const auto& text : all_texts()) {
        for (const std::string& variant : {text, normalize(text, true), tone_style(text, true),
                                           tone_style(text, false), upper_case(text)}) {
            ++texts;
            scanned += fold_scan_finds_every_token(analyzer, variant) ? 1 : 0;
        }
    }
    CHECK(scanned > texts * 9 / 10);  // the scan gives up only on texts it cannot fold
}

TEST_CASE("analyzer properties: the fold scan finds dates in every way they are written") {
    // The analyzer writes a date without leading zeros, in day/month/year order; snippets look
    // for every text spelling of it (fold_date). Dates with and without leading zeros, with
    // slashes and dashes, in ISO order, with two- and four-digit years, and day/month and
    // month/year ones.
    vnsearch::Analyzer analyzer;
    std::uint32_t seed = 777;
    const auto next = [&](std::uint32_t n) {
        seed = seed * 1664525U + 1013904223U;
        return (seed >> 8) % n;
    };
    const auto pad = [&](unsigned v, std::size_t width) {
        std::string s = std::to_string(v);
        while (s.size() < width) s.insert(0, 1, '0');
        return s;
    };
    int dates = 0;
    for (int i = 0; i < 2000; ++i) {
        const unsigned d = 1 + next(31), m = 1 + next(12),
                       y = next(2) ? 1900 + next(200) : next(100);
        const std::string sep = next(2) ? "/" : "-";
        const std::string dd = pad(d, 1 + next(2)), mm = pad(m, 1 + next(2));
        std::string date;
        switch (next(4)) {
            case 0:
                date = dd + sep + mm + sep + pad(y, y < 100 ? 2 : 4);
                break;
            case 1:
                date = pad(1900 + y % 200, 4) + sep + mm + sep + dd;
                break;
            case 2:
                date = mm + "/" + pad(1900 + y % 200, 4);
                break;
            default:
                date = dd + "/" + mm;
                break;
        }
        const std::string text = "Ngày " + date + ", họp tại Hà Nội.";
        CAPTURE(text);
        const auto a = analyzer.analyze(text);
        dates += std::count_if(a.tokens.begin(), a.tokens.end(),
                               [](const auto& t) { return t.kind == vnsearch::TokenKind::date; });
        CHECK(fold_scan_finds_every_token(analyzer, text));
    }
    CHECK(dates > 1500);  // most of them are dates to the analyzer
}

TEST_CASE("analyzer properties: the fold scan finds or gives up on every character") {
    // Some characters outside the letter table become ASCII letters in the analyzer (NFC, case
    // folding: ß -> ss, the Kelvin sign -> k, ﬁ -> fi). Wherever such a character makes a token
    // the scan can be asked for, the scan must find that token or give up on the text. ("b"
    // after it: no accented letter starts with b, so only the character itself can make its lead
    // byte one the scan looks at.)
    vnsearch::Analyzer analyzer;
    int checked = 0;
    for (char32_t cp = 0x80; cp < 0x30000; ++cp) {
        if (cp >= 0xD800 && cp < 0xE000) continue;
        std::string c;
        vnsearch::text::append_utf8(c, cp);
        for (const std::string& text : {c, c + "a", c + "b", "a" + c + "b"}) {
            const auto a = analyzer.analyze(text);
            for (const auto& t : a.tokens) {
                const auto f = vnsearch::text::fold_word(t.exact);
                if (!f) continue;
                ++checked;
                const std::vector<vnsearch::text::FoldedHashes> wanted{*f};
                std::vector<vnsearch::text::FoldedSpan> spans;
                if (!vnsearch::text::scan_folded_spans(text, vnsearch::text::WantedSet(wanted),
                                                       spans))
                    continue;
                const bool found = std::any_of(spans.begin(), spans.end(), [&](const auto& s) {
                    return s.begin == t.begin && s.end == t.end;
                });
                CAPTURE(static_cast<unsigned>(cp));
                CHECK(found);
            }
        }
    }
    CHECK(checked > 1000);
}
