// SPDX-License-Identifier: Apache-2.0
#include "search/suggest.hpp"

#include <algorithm>

#include "index/term_scheme.hpp"
#include "text/letters.hpp"
#include "text/utf8.hpp"

namespace vnsearch::search {

namespace {

std::vector<text::CharInfo> letters_of(std::string_view s) {
    std::vector<text::CharInfo> out;
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t length = 0;
        out.push_back(text::char_info(text::decode_utf8(s, pos, length)));
        pos += length;
    }
    return out;
}

bool is_unaccented(const Token& t) { return t.exact == t.base; }

// Upper case of the lower-case letters Vietnamese uses (Latin-1, Latin Extended-A/B and the
// Latin Extended Additional block where each capital precedes its small letter).
char32_t upper(char32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - 0x20;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
    switch (cp) {
        case 0x103:
        case 0x111:
        case 0x129:
        case 0x169:
        case 0x1A1:
            return cp - 1;
        case 0x1B0:
            return 0x1AF;
        default:
            break;
    }
    if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1) == 1) return cp - 1;
    return cp;
}

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

// `restored` (lower case) in the capitalisation of `typed`: all capitals, a capital first, or as
// is.
std::string match_case(std::string_view typed, const std::string& restored) {
    std::size_t letters = 0, capitals = 0;
    for (char c : typed) {
        if ((c >= 'a' && c <= 'z') || is_upper_ascii(c)) ++letters;
        if (is_upper_ascii(c)) ++capitals;
    }
    const bool all = letters > 1 && capitals == letters;
    const bool first = !typed.empty() && is_upper_ascii(typed.front());
    if (!all && !first) return restored;
    std::string out;
    bool at_start = true;
    for (std::size_t pos = 0; pos < restored.size();) {
        std::size_t length = 0;
        const char32_t cp = text::decode_utf8(restored, pos, length);
        text::append_utf8(out, (all || at_start) ? upper(cp) : cp);
        at_start = false;
        pos += length;
    }
    return out;
}

}  // namespace

namespace {

// True if every part of `candidate` (a syllable, or a W term's syllables) carries the marks of
// the word's token typed there.
bool carries_word_marks(const Analysis& a, const Word& w, std::string_view candidate) {
    if (w.token_count > 1) candidate.remove_prefix(index::word_prefix.size());
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        const std::size_t cut =
            w.token_count > 1 ? candidate.find(index::word_joiner) : candidate.npos;
        if (!carries_marks(a.tokens[w.first_token + i].exact, candidate.substr(0, cut)))
            return false;
        candidate = cut == std::string_view::npos ? std::string_view{} : candidate.substr(cut + 1);
    }
    return true;
}

// In a query with marks, an unmarked syllable may be level tone as typed ("con đường", "phi
// tang", "Gia Lai"): the suggestion restores it only when the spelling as typed is rare beside
// the restored one.
bool level_as_typed(const Xapian::Database& db, const Analysis& a, const Word& w,
                    const Restoration& r) {
    std::string typed(w.token_count > 1 ? index::word_prefix : std::string_view());
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        if (i) typed.push_back(index::word_joiner);
        typed += a.tokens[w.first_token + i].exact;
    }
    return db.get_termfreq(typed) * 10 >= r.frequency;
}

}  // namespace

bool carries_marks(std::string_view typed, std::string_view candidate) {
    if (typed == candidate) return true;
    const auto t = letters_of(typed), c = letters_of(candidate);
    if (t.size() != c.size()) return false;
    text::Tone typed_tone = text::Tone::none, candidate_tone = text::Tone::none;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != text::CharKind::letter || c[i].kind != text::CharKind::letter) {
            if (t[i].kind != c[i].kind) return false;
            continue;
        }
        const text::Letter& tl = t[i].letter;
        const text::Letter& cl = c[i].letter;
        if (tl.modifier != text::Modifier::none && cl.modifier != tl.modifier) return false;
        if (tl.tone != text::Tone::none) typed_tone = tl.tone;
        if (cl.tone != text::Tone::none) candidate_tone = cl.tone;
    }
    return typed_tone == text::Tone::none || typed_tone == candidate_tone;
}

bool restore_word(const Xapian::Database& db, const Analysis& a, const Word& w, Restoration& out,
                  bool partly_marked) {
    // A word's key carries the W prefix (built first: GCC 12 warns wrongly about insert(0, ...)).
    std::string key(w.token_count > 1 ? index::word_prefix : std::string_view());
    bool marked = false;
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        const Token& t = a.tokens[w.first_token + i];
        if (t.kind != TokenKind::syllable) return false;
        if (!is_unaccented(t)) {
            if (!partly_marked) return false;
            marked = true;
        }
        if (i) key.push_back(index::word_joiner);
        key += t.base;
    }
    // The unaccented spelling itself is not in the synonym list; it goes first so that it wins
    // ties (a restoration must be more frequent than what was typed).
    std::vector<std::string> candidates{key};
    for (auto s = db.synonyms_begin(key); s != db.synonyms_end(key); ++s) candidates.push_back(*s);
    // Marks typed ("Hà noi" in a query typed in part without marks) must be kept.
    if (marked)
        std::erase_if(candidates,
                      [&](const std::string& c) { return !carries_word_marks(a, w, c); });
    std::string best;
    Xapian::doccount best_freq = 0, total = 0;
    for (const std::string& candidate : candidates) {
        const Xapian::doccount f = db.get_termfreq(candidate);
        total += f;
        if (f > best_freq) {
            best_freq = f;
            best = candidate;
        }
    }
    if (best_freq == 0) return false;
    out.share = static_cast<double>(best_freq) / static_cast<double>(total);
    out.frequency = best_freq;
    out.syllables.clear();
    std::string_view rest(best);
    if (w.token_count > 1) rest.remove_prefix(index::word_prefix.size());
    for (;;) {
        const std::size_t cut = w.token_count > 1 ? rest.find(index::word_joiner) : rest.npos;
        out.syllables.emplace_back(rest.substr(0, cut));
        if (cut == std::string_view::npos) break;
        rest.remove_prefix(cut + 1);
    }
    if (out.syllables.size() != w.token_count) return false;
    for (std::uint32_t i = 0; i < w.token_count; ++i)
        if (out.syllables[i] != a.tokens[w.first_token + i].exact) return true;
    return false;  // the index's favourite spelling is the unaccented one
}

std::string suggest(const Xapian::Database& db, Analyzer& analyzer, std::string_view query,
                    const std::vector<std::pair<std::string, std::string>>& respelled,
                    bool partly_marked) {
    const Analysis a = analyzer.analyze(query);
    const bool has_marks = std::any_of(a.tokens.begin(), a.tokens.end(),
                                       [](const Token& t) { return !is_unaccented(t); });
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    Restoration r;
    for (const Word& w : a.words) {
        if (!restore_word(db, a, w, r, partly_marked) ||
            (has_marks && level_as_typed(db, a, w, r))) {
            // Not restorable: a tone slip the query builder found may still be respelled.
            for (std::uint32_t i = 0; i < w.token_count; ++i) {
                const Token& t = a.tokens[w.first_token + i];
                const auto fix = std::find_if(respelled.begin(), respelled.end(),
                                              [&](const auto& p) { return p.first == t.exact; });
                if (fix == respelled.end()) continue;
                out.append(query.substr(copied, t.begin - copied));
                out += match_case(query.substr(t.begin, t.end - t.begin), fix->second);
                copied = t.end;
                changed = true;
            }
            continue;
        }
        for (std::uint32_t i = 0; i < w.token_count; ++i) {
            const Token& t = a.tokens[w.first_token + i];
            out.append(query.substr(copied, t.begin - copied));
            out += match_case(query.substr(t.begin, t.end - t.begin), r.syllables[i]);
            copied = t.end;
        }
        changed = true;
    }
    if (!changed) return {};
    out.append(query.substr(copied));
    return out;
}

}  // namespace vnsearch::search
