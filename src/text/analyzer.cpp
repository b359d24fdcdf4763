// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/analyzer.hpp>

#include <array>
#include <memory>
#include <string>
#include <unordered_set>

#include "data/embedded.hpp"
#include "text/normalize.hpp"
#include "text/segmenter.hpp"
#include "text/tokenize.hpp"
#include "text/utf8.hpp"
#include "text/word_list.hpp"

namespace vnsearch {

namespace {

// Stopwords in exact form, syllables separated by one space. Built once per process.
const std::unordered_set<std::string>& stopword_set() {
    static const auto set = text::load_word_list(data::stopwords);
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
bool is_segmentable(TokenKind kind, std::string_view base) {
    if (kind == TokenKind::syllable) return true;
    if (kind != TokenKind::word) return false;
    for (char c : base)
        if (c >= '0' && c <= '9') return false;
    return true;
}

// Without the token forms (TokenForms::none) the analyzer needs only a few facts about a token's
// bytes: whether it is dropped, whether it is a syllable, whether its base form is free of digits,
// and its segmenter key and score. They fit 32 bytes, half a form cache entry, and as the cache
// holds each syllable's score the segmenter's syllable table is not read at all: a token touches
// one cache line fewer. Direct mapped, exact keys of up to 16 bytes (those of text::FormCache).
// 32768 entries (1 MiB): smaller tables miss more (each miss a normalisation and an uncached
// syllable lookup), larger ones gain nothing; the sizes measured are in bench/README.md,
// "Analyzer".
class TokenFactsCache {
public:
    static constexpr std::uint8_t dropped = 1, syllable = 2, digit_free = 4;
    struct Facts {
        text::SyllableInfo key;
        std::uint8_t flags = 0;
    };

#if defined(__GNUC__)
    [[gnu::always_inline]]  // see FormCache::prefetch
#endif
    void
    prefetch(const text::FormCache::Probe& p) const noexcept {
#if defined(__GNUC__)
        __builtin_prefetch(&entries_[p.slot]);
#endif
    }

    [[nodiscard]] bool find(const text::FormCache::Probe& p, Facts& out) const noexcept {
        const Entry& e = entries_[p.slot];
        if (p.size == 0 || e.size != p.size || e.a != p.a || e.b != p.b) return false;
        out = {{e.key, e.score}, e.flags};
        return true;
    }

    // FormCache::probe() with this table's slots.
    static text::FormCache::Probe probe(std::string_view key) noexcept {
        text::FormCache::Probe k = text::FormCache::probe(key);
        std::uint64_t h = k.a * 0x9e3779b97f4a7c15ULL + k.b * 0xbf58476d1ce4e5b9ULL + k.size;
        h ^= h >> 29;
        h *= 0x94d049bb133111ebULL;
        k.slot = static_cast<std::uint32_t>((h >> 32) & (entry_count - 1));
        return k;
    }

    void insert(const text::FormCache::Probe& p, const Facts& facts) noexcept {
        if (p.size == 0) return;
        Entry& e = entries_[p.slot];
        e = {p.a, p.b, facts.key.key, facts.key.score, static_cast<std::uint8_t>(p.size)};
        e.flags = facts.flags;
    }

private:
    struct alignas(32) Entry {
        std::uint64_t a = 0, b = 0;  // the key, as in FormCache::Probe
        std::uint64_t key = 0;
        float score = 0;
        std::uint8_t size = 0;  // 0: empty
        std::uint8_t flags = 0;
    };
    static constexpr std::size_t entry_count = 32768;
    std::unique_ptr<Entry[]> entries_ = std::make_unique<Entry[]>(entry_count);
};

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
    std::vector<std::uint32_t> lengths;
    // Per output token: flags (below), abbreviation group, and dictionary key (segmentable only).
    static constexpr std::uint8_t run_break = 1, segmentable = 2;
    std::vector<std::uint8_t> flags;
    std::vector<std::uint32_t> groups;
    std::vector<text::SyllableKey> keys;

    std::unique_ptr<TokenFactsCache> facts_cache;  // only without token forms

    explicit Impl(AnalyzerOptions o) : options(std::move(o)) {
        if (options.segment_words)
            segmenter = std::make_unique<text::Segmenter>(options.user_dictionary, options.words);
        if (options.token_forms == TokenForms::none)
            facts_cache = std::make_unique<TokenFactsCache>();
    }
    Impl(const Impl& other) : Impl(other.options) {}

    // Where a token missing from the form cache is normalised when the forms are not wanted.
    std::string spill_exact, spill_tone_free, spill_base;

    // The forms of a token, as views into the tokenizer's canonical forms, the form cache or
    // `spill` (where a token missing from the cache is normalised; then it returns true). They are
    // a function of the token's bytes alone, so they are looked up first. (Of the tokens without a
    // canonical form only word tokens can hold a '-', and they drop it: the kind adds nothing to
    // the key.)
    bool forms_of(std::string_view input, const text::RawToken& raw,
                  const text::FormCache::Probe& probe, text::FormsOut spill,
                  text::FormCache::Forms& forms) {
        if (const std::string_view canonical = tokenizer.canonical(raw); !canonical.empty()) {
            forms = {canonical, canonical, canonical, true};
            return false;
        }
        if (cache.find(probe, forms)) return false;
        normalize(input, raw, spill, forms);
        cache.insert(probe, forms);
        return true;
    }

    void normalize(std::string_view input, const text::RawToken& raw, text::FormsOut spill,
                   text::FormCache::Forms& forms) {
        const std::string_view bytes = input.substr(raw.begin, raw.end - raw.begin);
        cps.clear();
        for (std::size_t pos = 0; pos < bytes.size();) {
            std::size_t len = 1;
            const char32_t cp = text::decode_utf8(bytes, pos, len);
            if (raw.kind != TokenKind::word || cp != U'-') cps.push_back(cp);  // COVID-19 = covid19
            pos += len;
        }
        forms.syllable = text::normalize_token(cps.data(), cps.size(), spill, scratch);
        forms.exact = spill.exact;
        forms.tone_free = spill.tone_free;
        forms.base = spill.base;
    }

    // The facts of a token when the forms are not wanted: from the facts cache, or worked out
    // from its forms (which are then dropped).
    TokenFactsCache::Facts facts_of(std::string_view input, const text::RawToken& raw,
                                    const text::FormCache::Probe& probe) {
        TokenFactsCache::Facts facts;
        text::FormCache::Forms forms;
        const std::string_view canonical = tokenizer.canonical(raw);
        if (canonical.empty()) {
            if (facts_cache->find(probe, facts)) return facts;
            normalize(input, raw, {spill_exact, spill_tone_free, spill_base}, forms);
        } else {
            forms = {canonical, canonical, canonical, true};
        }
        const bool dropped = forms.exact.empty() || forms.exact.size() > options.max_token_bytes;
        bool digit_free = true;
        for (char c : forms.base) digit_free = digit_free && (c < '0' || c > '9');
        facts.flags = static_cast<std::uint8_t>((dropped ? TokenFactsCache::dropped : 0) |
                                                (forms.syllable ? TokenFactsCache::syllable : 0) |
                                                (digit_free ? TokenFactsCache::digit_free : 0));
        if (segmenter && !dropped) facts.key = segmenter->syllable(forms.base);
        if (canonical.empty()) facts_cache->insert(probe, facts);
        return facts;
    }

    // What the token loop needs of one token, whichever cache it came from. With the forms, the
    // segmenter key comes from `base`; without them, from `facts` (the base form is not kept).
    struct Looked {
        bool dropped = false;
        bool syllable = false;
        std::string_view base;
        TokenFactsCache::Facts facts;
    };

    // Looks up the token `raw` and fills `t`'s forms as options.token_forms asks.
    template <bool with_forms>
    Looked look(std::string_view input, const text::RawToken& raw,
                const text::FormCache::Probe& probe, Token& t) {
        if constexpr (!with_forms) {
            Looked l;
            l.facts = facts_of(input, raw, probe);
            l.dropped = (l.facts.flags & TokenFactsCache::dropped) != 0;
            l.syllable = (l.facts.flags & TokenFactsCache::syllable) != 0;
            t.exact.clear();
            t.tone_free.clear();
            t.base.clear();
            return l;
        } else {
            const bool exact_only = options.token_forms == TokenForms::exact_only;
            text::FormCache::Forms forms;
            const bool spilled =
                forms_of(input, raw, probe,
                         exact_only ? text::FormsOut{t.exact, spill_tone_free, spill_base}
                                    : text::FormsOut{t.exact, t.tone_free, t.base},
                         forms);
            Looked l{.dropped = forms.exact.empty() || forms.exact.size() > options.max_token_bytes,
                     .syllable = forms.syllable,
                     .base = forms.base,
                     .facts = {}};
            if (l.dropped) return l;
            if (exact_only) {
                if (!spilled) set(t.exact, forms.exact);
                t.tone_free.clear();
                t.base.clear();
            } else if (!spilled) {
                set(t.exact, forms.exact);
                set(t.tone_free, forms.tone_free);
                set(t.base, forms.base);
            }
            return l;
        }
    }

    template <bool with_forms>
    void analyze_tokens(std::string_view input, Analysis& out) {
        const auto& raws = tokenizer.tokenize(input);
        // Reuse the Token objects (and their strings' buffers) from the previous call.
        std::size_t n = 0;
        flags.clear();
        groups.clear();
        keys.clear();
        bool pending_break = false;
        std::size_t run_length = 0;  // segmentable tokens so far in the current run
        // Each token's cache entry is probed and prefetched a few tokens ahead of its use.
        constexpr std::size_t prefetch_distance = 4, ring = 8;  // tokens; ring > distance
        std::array<text::FormCache::Probe, ring> probes;
        auto probe_ahead = [&](std::size_t i) {
            const text::RawToken& ahead = raws[i];
            const std::string_view bytes = input.substr(ahead.begin, ahead.end - ahead.begin);
            if constexpr (with_forms) {
                probes[i % ring] = text::FormCache::probe(bytes);
                cache.prefetch(probes[i % ring]);
            } else {
                probes[i % ring] = TokenFactsCache::probe(bytes);
                facts_cache->prefetch(probes[i % ring]);
            }
        };
        for (std::size_t r = 0; r < raws.size() && r < prefetch_distance; ++r) probe_ahead(r);
        for (std::size_t r = 0; r < raws.size(); ++r) {
            if (r + prefetch_distance < raws.size()) probe_ahead(r + prefetch_distance);
            const text::RawToken& raw = raws[r];
            if (n == out.tokens.size()) out.tokens.push_back(blank_token());
            Token& t = out.tokens[n];
            const Looked l = look<with_forms>(input, raw, probes[r % ring], t);
            if (l.dropped) {
                pending_break = true;  // a dropped token still separates words
                continue;
            }
            t.kind = raw.kind == TokenKind::syllable && !l.syllable ? TokenKind::word : raw.kind;
            t.begin = raw.begin;
            t.end = raw.end;
            t.position = static_cast<std::uint32_t>(n);
            const bool broken = raw.run_break || pending_break;
            bool joins = false;
            if constexpr (with_forms) {
                joins = segmenter && is_segmentable(t.kind, l.base);
            } else {
                joins = segmenter && (t.kind == TokenKind::syllable ||
                                      (t.kind == TokenKind::word &&
                                       (l.facts.flags & TokenFactsCache::digit_free) != 0));
            }
            flags.push_back(
                static_cast<std::uint8_t>((broken ? run_break : 0) | (joins ? segmentable : 0)));
            groups.push_back(raw.group);
            // The dictionary key is computed while the token is at hand, and its entries start
            // loading now, well before the run is segmented.
            run_length = joins && !broken ? run_length : 0;
            keys.emplace_back();
            if (joins) {
                if constexpr (with_forms) {
                    segmenter->next_key(l.base, keys.data() + n - run_length, run_length);
                } else {
                    segmenter->next_key(l.facts.key, keys.data() + n - run_length, run_length);
                }
            }
            run_length += joins ? 1 : 0;
            pending_break = false;
            ++n;
        }
        out.tokens.resize(n);
        group_words(out);
    }

    void analyze(std::string_view input, Analysis& out) {
        if (facts_cache) {
            analyze_tokens<false>(input, out);
        } else {
            analyze_tokens<true>(input, out);
        }
    }

    void add_word(Analysis& out, std::uint32_t first, std::uint32_t count) {
        const auto index = static_cast<std::uint32_t>(out.words.size());
        out.words.push_back({first, count});
        for (std::uint32_t i = first; i < first + count; ++i) out.tokens[i].word = index;
    }

    void segment_run(Analysis& out, std::uint32_t first, std::uint32_t end) {
        segmenter->segment(keys.data() + first, end - first, lengths);
        for (std::uint32_t len : lengths) {
            add_word(out, first, len);
            first += len;
        }
    }

    // Abbreviation parts form one word; runs of letter tokens are segmented by the dictionary;
    // everything else is a word of its own.
    void group_words(Analysis& out) {
        out.words.clear();
        const auto n = static_cast<std::uint32_t>(out.tokens.size());
        for (std::uint32_t i = 0; i < n;) {
            if ((flags[i] & segmentable) != 0) {
                std::uint32_t end = i + 1;
                while (end < n && flags[end] == segmentable) ++end;
                segment_run(out, i, end);
                i = end;
                continue;
            }
            std::uint32_t count = 1;
            if (out.tokens[i].kind == TokenKind::abbreviation)
                while (i + count < n && groups[i + count] == groups[i]) ++count;
            add_word(out, i, count);
            i += count;
        }
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
    return stopword_set().contains(text::normalize_words(word, " _"));
}

}  // namespace vnsearch
