// SPDX-License-Identifier: Apache-2.0
// The parts of QueryBuilder that read a query as people type it without a working input method
// (docs/query-language.md): Telex and VNI keystrokes, marks typed in part, one wrong tone. Each
// decision is taken from the index's own statistics, so a word means what the indexed texts make
// likely, and a small index keeps every typed mark's meaning.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/term_scheme.hpp"
#include "search/query_builder.hpp"
#include "text/keystrokes.hpp"
#include "text/letters.hpp"
#include "text/utf8.hpp"

namespace vnsearch::search {

const std::string& QueryBuilder::decode_keystrokes(const std::string& text) {
    auto [it, added] = decoded_texts_.try_emplace(text);
    if (!added) return it->second;
    const Analysis a = analyzer_.analyze(text);
    std::string out;
    std::size_t copied = 0;
    for (const Token& t : a.tokens) {
        if (t.kind != TokenKind::word && t.kind != TokenKind::syllable) continue;
        const std::string_view typed = std::string_view(text).substr(t.begin, t.end - t.begin);
        const std::optional<std::string> decoded = text::decode_keystrokes(typed);
        if (!decoded) continue;
        const Analysis d = analyzer_.analyze(*decoded);
        if (d.tokens.size() != 1 || d.tokens[0].kind != TokenKind::syllable) continue;
        if (!prefer_decoded(t.exact, d.tokens[0].exact)) continue;
        literals_[d.tokens[0].exact] = t.exact;
        decoded_.emplace_back(typed, *decoded);
        out.append(text, copied, t.begin - copied);
        out += *decoded;
        copied = t.end;
    }
    if (copied == 0) {
        it->second = text;
        return it->second;
    }
    out.append(text, copied);
    it->second = std::move(out);
    return it->second;
}

// The index decides between the two readings of a word. The decoded syllable must occur, and
// more often than the word as typed; and the word as typed must not be a word of the index
// itself: English "car", "max" or "six" in Vietnamese news (a dozen documents each) read as
// "cả", "mã", "sĩ" in Telex. A Telex spelling turns up in a few documents of a large index as a
// typo, so a word as typed counts as known only from 3 documents and a thousandth of the
// decoded syllable's.
bool QueryBuilder::prefer_decoded(const std::string& typed, const std::string& decoded) {
    const Xapian::doccount as_typed = stats_.termfreq(typed);
    const Xapian::doccount as_decoded = stats_.termfreq(decoded);
    if (as_decoded <= as_typed) return false;
    return as_typed < 3 || as_typed < as_decoded / 1000;
}

namespace {

// `s` (lower-case exact forms) with every tone mark removed: "giẩy" -> "giây".
std::string without_tone(std::string_view s) {
    std::string out;
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t length = 0;
        const char32_t cp = text::decode_utf8(s, pos, length);
        text::CharInfo info = text::char_info(cp);
        if (info.kind == text::CharKind::letter && info.letter.tone != text::Tone::none) {
            info.letter.tone = text::Tone::none;
            const text::Utf8Letter& u = text::compose_utf8(info.letter);
            out.append(u.bytes, u.size);
        } else {
            out.append(s.substr(pos, length));
        }
        pos += length;
    }
    return out;
}

}  // namespace

// A typed tone counts as a slip when the spelling is in almost no document (a typo's count:
// rare words such as "tời" or "nuột" keep their meaning) and has fewer than `tone_share` of the
// documents of the most frequent spelling with the same letters and another tone, which has at
// least `tone_min_docs` (so a small index keeps every mark's meaning).
bool QueryBuilder::almost_nothing(Xapian::doccount typed) const {
    return options_.tone_share > 0 &&
           static_cast<double>(typed) <= options_.tone_typed_share * db_.get_doccount();
}

bool QueryBuilder::tone_slip(Xapian::doccount typed, Xapian::doccount other) const {
    return almost_nothing(typed) && other >= options_.tone_min_docs &&
           static_cast<double>(typed) < options_.tone_share * static_cast<double>(other);
}

const std::string& QueryBuilder::tone_fix(const Token& token) {
    auto [it, added] = tone_fixes_.try_emplace(token.exact);
    if (!added) return it->second;
    if (token.kind != TokenKind::syllable || token.exact == token.tone_free) return it->second;
    // A spelling that documents have is no slip: the common case costs one look-up.
    const Xapian::doccount typed = stats_.termfreq(token.exact);
    if (!almost_nothing(typed)) return it->second;
    std::string best;
    Xapian::doccount best_freq = 0;
    for (auto s = db_.synonyms_begin(token.base); s != db_.synonyms_end(token.base); ++s) {
        const std::string candidate = *s;
        if (candidate == token.exact || without_tone(candidate) != token.tone_free) continue;
        const Xapian::doccount f = stats_.termfreq(candidate);
        if (f > best_freq) {
            best_freq = f;
            best = candidate;
        }
    }
    if (tone_slip(typed, best_freq)) it->second = best;
    return it->second;
}

// The same for a word whose syllables are each common but not together: "Hà Nỗi" is no word
// of the index, "Hà Nội" is a frequent one that differs only in a tone.
void QueryBuilder::fix_word_tones(const Analysis& a, const Word& w) {
    std::string key(index::word_prefix), exact(index::word_prefix);
    bool toned = false;
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        const Token& t = a.tokens[w.first_token + i];
        if (t.kind != TokenKind::syllable) return;
        toned = toned || t.exact != t.tone_free;
        if (i) {
            key.push_back(index::word_joiner);
            exact.push_back(index::word_joiner);
        }
        key += t.base;
        exact += t.exact;
    }
    const Xapian::doccount typed = stats_.termfreq(exact);
    if (!toned || !almost_nothing(typed)) return;
    std::vector<std::string> best;
    Xapian::doccount best_freq = 0;
    for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
        const std::string candidate = *s;
        std::string_view rest(candidate);
        if (candidate == exact || !rest.starts_with(index::word_prefix)) continue;
        rest.remove_prefix(index::word_prefix.size());
        std::vector<std::string> parts;
        for (std::uint32_t i = 0; i < w.token_count; ++i) {
            const std::size_t cut = rest.find(index::word_joiner);
            const std::string_view part = rest.substr(0, cut);
            const Token& t = a.tokens[w.first_token + i];
            // Marked syllables may differ in their tone only; unmarked ones as always.
            const bool fits = t.exact == t.base ? carries_marks(t.exact, part)
                                                : without_tone(part) == t.tone_free;
            if (!fits) break;
            parts.emplace_back(part);
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
        }
        if (parts.size() != w.token_count) continue;
        const Xapian::doccount f = stats_.termfreq(candidate);
        if (f > best_freq) {
            best_freq = f;
            best = std::move(parts);
        }
    }
    if (!tone_slip(typed, best_freq)) return;
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        const Token& t = a.tokens[w.first_token + i];
        if (best[i] != t.exact && t.exact != t.base) tone_fixes_[t.exact] = best[i];
    }
}

bool QueryBuilder::rarely_level(const Token& token) {
    if (token.kind != TokenKind::syllable || token.exact != token.base) return false;
    const double own = stats_.termfreq(token.exact);
    std::vector<std::string> spellings(db_.synonyms_begin(token.base),
                                       db_.synonyms_end(token.base));
    // No spelling is in more than every document: a level-tone syllable as common as "theo" or
    // "sinh" is decided without reading the others' frequencies.
    const double at_most = own + static_cast<double>(spellings.size()) * db_.get_doccount();
    if (own >= options_.level_share * at_most) return false;
    double all = own;
    for (const std::string& s : spellings) all += stats_.termfreq(s);
    return all > 0 && own < options_.level_share * all;
}

// A word of 2+ syllables with unmarked ones tells more than a syllable: "an toan" as typed is
// (almost) never a word of the index, "an toàn" a frequent one; "hay ho" is a word as typed.
// Returns nullopt when the index has no spelling of the word at all.
std::optional<bool> QueryBuilder::bare_word(const Analysis& a, const Word& w) {
    std::string key(index::word_prefix), exact(index::word_prefix);
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        if (i) {
            key.push_back(index::word_joiner);
            exact.push_back(index::word_joiner);
        }
        key += a.tokens[w.first_token + i].base;
        exact += a.tokens[w.first_token + i].exact;
    }
    Xapian::doccount best = stats_.termfreq(key);
    for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
        const std::string candidate = *s;
        std::string_view rest(candidate);
        rest.remove_prefix(index::word_prefix.size());
        bool ok = true;
        for (std::uint32_t i = 0; i < w.token_count && ok; ++i) {
            const std::size_t cut = rest.find(index::word_joiner);
            ok = carries_marks(a.tokens[w.first_token + i].exact, rest.substr(0, cut));
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
        }
        if (ok) best = std::max(best, stats_.termfreq(candidate));
    }
    if (best == 0) return std::nullopt;
    return static_cast<double>(stats_.termfreq(exact)) <
           options_.word_level_share * static_cast<double>(best);
}

bool QueryBuilder::partly_unaccented(const QueryNode& node) {
    switch (node.kind) {
        case QueryNode::Kind::text:
        case QueryNode::Kind::phrase:
        case QueryNode::Kind::field: {
            if (node.kind == QueryNode::Kind::field && node.field != Field::title) return false;
            const Analysis& a = analyse(node.text);
            for (const Word& w : a.words) {
                bool unmarked = false;
                for (std::uint32_t i = 0; i < w.token_count; ++i) {
                    const Token& t = a.tokens[w.first_token + i];
                    unmarked = unmarked || (t.kind == TokenKind::syllable && t.exact == t.base);
                }
                if (!unmarked) continue;
                if (w.token_count > 1) {
                    if (const std::optional<bool> bare = bare_word(a, w)) {
                        if (*bare) return true;
                        continue;
                    }
                }
                for (std::uint32_t i = 0; i < w.token_count; ++i)
                    if (rarely_level(a.tokens[w.first_token + i])) return true;
            }
            return false;
        }
        case QueryNode::Kind::date:
            return false;
        case QueryNode::Kind::all:
        case QueryNode::Kind::any:
            for (const auto& child : node.children)
                if (!child.negated && partly_unaccented(child)) return true;
            return false;
    }
    return false;
}

std::string interpreted_query(Analyzer& analyzer, std::string_view query,
                              const std::vector<std::pair<std::string, std::string>>& decoded) {
    if (decoded.empty()) return {};
    const Analysis a = analyzer.analyze(query);
    std::string out;
    std::size_t copied = 0;
    for (const Token& t : a.tokens) {
        const std::string_view typed = query.substr(t.begin, t.end - t.begin);
        const auto it = std::find_if(decoded.begin(), decoded.end(),
                                     [&](const auto& d) { return d.first == typed; });
        if (it == decoded.end()) continue;
        out.append(query.substr(copied, t.begin - copied));
        out += it->second;
        copied = t.end;
    }
    if (copied == 0) return {};
    out.append(query.substr(copied));
    return out;
}

}  // namespace vnsearch::search
