// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/analyzer.hpp>

#include <array>
#include <memory>
#include <string>
#include <unordered_set>

#include "text/normalize.hpp"
#include "text/segmenter.hpp"
#include "text/tokenize.hpp"
#include "text/utf8.hpp"

namespace vnsearch::data {
extern const std::string_view stopwords;
}

namespace vnsearch {

namespace {

// Stopwords in exact form, syllables separated by one space. Built once per process.
const std::unordered_set<std::string>& stopword_set() {
    static const auto set = [] {
        std::unordered_set<std::string> words;
        std::string_view rest = data::stopwords;
        while (!rest.empty()) {
            const std::size_t eol = rest.find('\n');
            std::string_view line = rest.substr(0, eol);
            rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
            if (line.empty() || line.front() == '#') continue;
            std::string word;
            std::size_t start = 0;
            while (start < line.size()) {
                std::size_t space = line.find(' ', start);
                if (space == std::string_view::npos) space = line.size();
                if (space > start) {
                    if (!word.empty()) word.push_back(' ');
                    word += text::normalize_term(line.substr(start, space - start));
                }
                start = space + 1;
            }
            if (!word.empty()) words.insert(std::move(word));
        }
        return words;
    }();
    return set;
}

// Cheaper than assign() for the short strings of a token (no aliasing checks); the strings keep
// their buffers from text to text, so this does not allocate.
void set(std::string& s, std::string_view v) {
    s.clear();
    s.append(v.data(), v.size());
}

// A default Token to copy from: value-initialising one in place zeroes all of it with a slow
// string instruction (rep stos), copying an empty one does not.
const Token& blank_token() {
    static const Token blank;
    return blank;
}

// A token may join its neighbours in a word only if it is made of letters alone.
bool is_segmentable(const Token& t) {
    if (t.kind == TokenKind::syllable) return true;
    if (t.kind != TokenKind::word) return false;
    for (char c : t.base)
        if (c >= '0' && c <= '9') return false;
    return true;
}

}  // namespace

std::string_view to_string(TokenKind kind) noexcept {
    switch (kind) {
        case TokenKind::syllable:
            return "syllable";
        case TokenKind::word:
            return "word";
        case TokenKind::number:
            return "number";
        case TokenKind::date:
            return "date";
        case TokenKind::abbreviation:
            return "abbreviation";
        case TokenKind::email:
            return "email";
        case TokenKind::url:
            return "url";
    }
    return "word";
}

struct Analyzer::Impl {
    AnalyzerOptions options;
    text::Tokenizer tokenizer;
    text::NormalizeScratch scratch;
    text::FormCache cache;
    std::unique_ptr<text::Segmenter> segmenter;
    std::vector<char32_t> cps;
    std::vector<std::string_view> run;
    std::vector<std::uint32_t> lengths;
    std::vector<std::uint8_t> breaks;  // per output token: a run break precedes it
    std::vector<std::uint32_t> groups;

    explicit Impl(AnalyzerOptions o) : options(std::move(o)) {
        if (options.segment_words)
            segmenter = std::make_unique<text::Segmenter>(options.user_dictionary);
    }
    Impl(const Impl& other) : Impl(other.options) {}

    // The forms of a token are a function of its bytes alone, so they are looked up first. (Of
    // the tokens without a canonical form only word tokens can hold a '-', and they drop it: the
    // kind adds nothing to the key.)
    void normalize(std::string_view input, const text::RawToken& raw,
                   const text::FormCache::Probe& probe, Token& out) {
        out.kind = raw.kind;
        out.begin = raw.begin;
        out.end = raw.end;
        if (const std::string_view canonical = tokenizer.canonical(raw); !canonical.empty()) {
            out.exact.assign(canonical);
            out.tone_free.assign(canonical);
            out.base.assign(canonical);
            return;
        }
        const std::string_view bytes = input.substr(raw.begin, raw.end - raw.begin);
        text::FormCache::Forms forms;
        if (!cache.find(probe, forms)) {
            cps.clear();
            for (std::size_t pos = 0; pos < bytes.size();) {
                std::size_t len = 1;
                const char32_t cp = text::decode_utf8(bytes, pos, len);
                if (raw.kind != TokenKind::word || cp != U'-')
                    cps.push_back(cp);  // COVID-19 = covid19
                pos += len;
            }
            forms.syllable =
                text::normalize_token(cps.data(), cps.size(),
                                      text::FormsOut{out.exact, out.tone_free, out.base}, scratch);
            forms.exact = out.exact;
            forms.tone_free = out.tone_free;
            forms.base = out.base;
            cache.insert(probe, forms);
        } else {
            set(out.exact, forms.exact);
            set(out.tone_free, forms.tone_free);
            set(out.base, forms.base);
        }
        if (raw.kind == TokenKind::syllable && !forms.syllable) out.kind = TokenKind::word;
    }

    void analyze(std::string_view input, Analysis& out) {
        const auto& raws = tokenizer.tokenize(input);
        // Reuse the Token objects (and their strings' buffers) from the previous call.
        std::size_t n = 0;
        breaks.clear();
        groups.clear();
        bool pending_break = false;
        // Each token's cache entry is probed and prefetched a few tokens ahead of its use.
        constexpr std::size_t prefetch_distance = 4, ring = 8;  // tokens; ring > distance
        std::array<text::FormCache::Probe, ring> probes;
        auto probe_ahead = [&](std::size_t i) {
            const text::RawToken& ahead = raws[i];
            probes[i % ring] =
                text::FormCache::probe(input.substr(ahead.begin, ahead.end - ahead.begin));
            cache.prefetch(probes[i % ring]);
        };
        for (std::size_t r = 0; r < raws.size() && r < prefetch_distance; ++r) probe_ahead(r);
        for (std::size_t r = 0; r < raws.size(); ++r) {
            if (r + prefetch_distance < raws.size()) probe_ahead(r + prefetch_distance);
            const text::RawToken& raw = raws[r];
            if (n == out.tokens.size()) out.tokens.push_back(blank_token());
            Token& t = out.tokens[n];
            normalize(input, raw, probes[r % ring], t);
            if (t.exact.empty() || t.exact.size() > options.max_token_bytes) {
                pending_break = true;  // a dropped token still separates words
                continue;
            }
            t.position = static_cast<std::uint32_t>(n);
            breaks.push_back(raw.run_break || pending_break);
            groups.push_back(raw.group);
            pending_break = false;
            ++n;
        }
        out.tokens.resize(n);
        group_words(out);
    }

    void add_word(Analysis& out, std::uint32_t first, std::uint32_t count) {
        const auto index = static_cast<std::uint32_t>(out.words.size());
        out.words.push_back({first, count});
        for (std::uint32_t i = first; i < first + count; ++i) out.tokens[i].word = index;
    }

    void flush_run(Analysis& out, std::uint32_t run_start) {
        if (run.empty()) return;
        segmenter->segment(run, lengths);
        std::uint32_t first = run_start;
        for (std::uint32_t len : lengths) {
            add_word(out, first, len);
            first += len;
        }
        run.clear();
    }

    // Abbreviation parts form one word; runs of letter tokens are segmented by the dictionary;
    // everything else is a word of its own.
    void group_words(Analysis& out) {
        out.words.clear();
        const auto n = static_cast<std::uint32_t>(out.tokens.size());
        std::uint32_t run_start = 0;
        run.clear();
        for (std::uint32_t i = 0; i < n;) {
            const Token& t = out.tokens[i];
            if (segmenter && is_segmentable(t) && t.kind != TokenKind::abbreviation) {
                if (breaks[i] && !run.empty()) flush_run(out, run_start);
                if (run.empty()) run_start = i;
                run.push_back(t.base);
                ++i;
                continue;
            }
            if (segmenter) flush_run(out, run_start);
            std::uint32_t count = 1;
            if (t.kind == TokenKind::abbreviation)
                while (i + count < n && groups[i + count] == groups[i]) ++count;
            add_word(out, i, count);
            i += count;
        }
        if (segmenter) flush_run(out, run_start);
    }
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Analyzer::Analyzer(const Analyzer& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Analyzer& Analyzer::operator=(const Analyzer& other) {
    if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

Analysis Analyzer::analyze(std::string_view text) {
    Analysis out;
    impl_->analyze(text, out);
    return out;
}

void Analyzer::analyze(std::string_view text, Analysis& out) { impl_->analyze(text, out); }

bool Analyzer::is_stopword(std::string_view word) const {
    std::string normalized;
    std::size_t start = 0;
    while (start < word.size()) {
        std::size_t space = word.find_first_of(" _", start);
        if (space == std::string_view::npos) space = word.size();
        if (space > start) {
            if (!normalized.empty()) normalized.push_back(' ');
            normalized += text::normalize_term(word.substr(start, space - start));
        }
        start = space + 1;
    }
    return stopword_set().contains(normalized);
}

}  // namespace vnsearch
