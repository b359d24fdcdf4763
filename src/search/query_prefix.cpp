// SPDX-License-Identifier: Apache-2.0
// The last word of a query typed so far, as a prefix (BuildOptions::prefix_last): what a search
// page asks on each keystroke. The prefix stands for the indexed syllables and words it begins,
// in every spelling that carries the marks typed so far ("ho ch" -> chí, chính, chủ...), the most
// frequent first, at most BuildOptions::prefix_expansions of them and prefix_postings postings
// in all, so that a one-letter prefix costs one scan of the terms that start with that letter
// and a match of bounded size whatever the size of the index.
#include <algorithm>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/query_builder.hpp"
#include "text/letters.hpp"
#include "text/utf8.hpp"

namespace vnsearch::search {

namespace {

// The letters of an exact form taken apart; false if it has anything but letters and digits.
bool letters_of_term(std::string_view s, std::vector<text::Letter>& out) {
    out.clear();
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t length = 0;
        const text::CharInfo c = text::char_info(text::decode_utf8(s, pos, length));
        pos += length;
        if (c.kind == text::CharKind::letter) {
            out.push_back(c.letter);
        } else if (c.kind == text::CharKind::digit) {
            out.push_back(text::Letter{s[pos - 1], text::Modifier::none, text::Tone::none});
        } else {
            return false;
        }
    }
    return true;
}

// True if `candidate` begins with the letters of `typed`, each with any mark typed on it.
bool begins_with_marks(const std::vector<text::Letter>& typed,
                       const std::vector<text::Letter>& candidate) {
    if (candidate.size() < typed.size()) return false;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const text::Letter& t = typed[i];
        const text::Letter& c = candidate[i];
        if (t.base != c.base) return false;
        if (t.modifier != text::Modifier::none && t.modifier != c.modifier) return false;
        if (t.tone != text::Tone::none && t.tone != c.tone) return false;
    }
    return true;
}

// Every way the first letter of a term can be written in exact form (lower case, precomposed):
// "d" -> d, đ; "a" -> a, à, á, ... ă, ằ, ... â, ầ, ...
std::vector<std::string> first_letter_forms(const text::Letter& typed) {
    std::vector<std::string> out;
    if (typed.base < 'a' || typed.base > 'z') {
        out.emplace_back(1, typed.base);
        return out;
    }
    for (int m = 0; m <= static_cast<int>(text::Modifier::stroke); ++m) {
        for (int t = 0; t <= static_cast<int>(text::Tone::dot); ++t) {
            text::Letter l{typed.base, static_cast<text::Modifier>(m), static_cast<text::Tone>(t)};
            if (typed.modifier != text::Modifier::none && l.modifier != typed.modifier) continue;
            if (typed.tone != text::Tone::none && l.tone != typed.tone) continue;
            const text::Utf8Letter& u = text::compose_utf8(l);
            if (u.size == 0) continue;
            std::string form(u.bytes, u.size);
            if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(form);
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> QueryBuilder::prefix_terms(const Token& token) {
    std::vector<text::Letter> typed, candidate;
    if (!letters_of_term(token.exact, typed) || typed.empty()) return {token.exact};
    // The most frequent `limit` terms, kept in a min-heap by document count.
    using Entry = std::pair<Xapian::doccount, std::string>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> best;
    const std::size_t limit = std::max<std::size_t>(1, options_.prefix_expansions);
    for (const std::string& first : first_letter_forms(typed.front())) {
        for (auto t = db_.allterms_begin(first); t != db_.allterms_end(first); ++t) {
            const std::string term = *t;
            if (!letters_of_term(term, candidate) || !begins_with_marks(typed, candidate)) continue;
            const Xapian::doccount n = t.get_termfreq();
            if (best.size() < limit) {
                best.emplace(n, term);
            } else if (n > best.top().first) {
                best.pop();
                best.emplace(n, term);
            }
        }
    }
    std::vector<Entry> ranked;
    for (; !best.empty(); best.pop()) ranked.push_back(best.top());
    std::reverse(ranked.begin(), ranked.end());  // most frequent first
    // The match reads every posting of every term: on a large index a letter's most frequent
    // words alone are a posting per document each, so their total is bounded too.
    std::vector<std::string> out;
    std::size_t postings = 0;
    for (const auto& [n, term] : ranked) {
        postings += n;
        if (!out.empty() && postings > options_.prefix_postings) break;
        out.push_back(term);
    }
    if (out.empty()) out.push_back(token.exact);
    return out;
}

Xapian::Query QueryBuilder::prefix_query(const std::vector<std::string>& terms, BuiltQuery& out) {
    std::vector<Xapian::Query> qs;
    for (const std::string& t : terms) {
        out.highlight.insert(t);
        qs.emplace_back(t);
    }
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end());
}

}  // namespace vnsearch::search
