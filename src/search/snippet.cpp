// SPDX-License-Identifier: Apache-2.0
#include "search/snippet.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "text/fold_scan.hpp"

namespace vnsearch::search {

namespace {

constexpr std::string_view ellipsis = "\u2026";

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t count_chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += is_continuation(c) ? 0 : 1;
    return n;
}

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view cut_at_char(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return text;
    while (limit > 0 && is_continuation(text[limit])) --limit;
    return text.substr(0, limit);
}

bool ends_sentence(std::string_view gap) {
    return gap.find_first_of(".!?\n") != std::string_view::npos;
}

bool is_white(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

// Small ids for the exact forms a snippet counts: an open-addressing table keyed on the bytes
// (std::unordered_set scans up to 20 strings per lookup, and every token of the text is looked
// up).
class FormIds {
public:
    explicit FormIds(const std::unordered_set<std::string>& terms) {
        std::size_t capacity = 16;
        while (capacity < 2 * terms.size() + 2) capacity *= 2;
        slots_.assign(capacity, {});
        for (const std::string& t : terms) add(t);
    }
    // The id of `form`, or -1.
    int find(std::string_view form) const {
        for (std::size_t i = hash(form) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].id < 0) return -1;
            if (slots_[i].form == form) return slots_[i].id;
        }
    }
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(count_); }

private:
    struct Slot {
        std::string_view form;
        int id = -1;
    };
    // The table is sized for every term at construction (at most half full), so never grows.
    void add(std::string_view form) {
        for (std::size_t i = hash(form) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].id < 0) {
                slots_[i] = {form, count_++};
                return;
            }
            if (slots_[i].form == form) return;
        }
    }
    static std::size_t hash(std::string_view s) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
    std::vector<Slot> slots_;
    int count_ = 0;
};

// A token's match group when it matches nothing, or only a minor term (Highlighter::minor):
// marked, but not counted when windows are compared.
constexpr int unmatched = -1, marked_only = -2;

// What a snippet counts as one query word: the exact forms to mark, grouped by base form, so that
// two spellings of one unaccented query word ("hà", "hạ" for "ha") count once. A form that is
// not letters and digits only ("55,95") or a multi-token sequence is a group of its own.
class MatchGroups {
public:
    explicit MatchGroups(const Highlighter& h) : highlighter_(h), ids_(h.terms) {
        group_of_id_.assign(ids_.size(), unmatched);
        std::unordered_map<std::uint64_t, int> group_of_base;
        const bool all_minor =
            h.minor == nullptr || std::all_of(h.terms.begin(), h.terms.end(),
                                              [&](const auto& t) { return h.minor->contains(t); });
        for (const std::string& term : h.terms) {
            const auto id = static_cast<std::size_t>(ids_.find(term));
            if (!all_minor && h.minor->contains(term)) {  // marked, not scored: not scanned for
                group_of_id_[id] = marked_only;
                continue;
            }
            const std::vector<text::FoldedHashes> folded = fold(term);
            if (folded.empty()) {
                scannable_ = false;
                group_of_id_[id] = new_group();
                continue;
            }
            const auto [it, added] = group_of_base.emplace(folded.front().base, groups_);
            if (added) new_group();
            group_of_id_[id] = it->second;
            for (const text::FoldedHashes& f : folded) scan_for(f, it->second);
        }
        // A sequence's forms that are not terms ("tp" "hcm" for TPHCM): a group each, marked only
        // inside a run of the whole sequence, and scanned for like the terms (a superset).
        for (const auto& seq : h.sequences) {
            for (const std::string& form : seq) {
                if (ids_.find(form) >= 0 || sequence_group_.contains(form)) continue;
                const int group = new_group();
                sequence_group_.emplace(form, group);
                const std::vector<text::FoldedHashes> folded = fold(form);
                if (folded.empty()) scannable_ = false;
                for (const text::FoldedHashes& f : folded) scan_for(f, group);
            }
        }
        // Groups that share a spelling are one: the scan cannot tell them apart, and its window
        // scores must bound the real ones. (Two dates can share one: 1/12/2020 and 11/2/2020
        // are both written 1122020.)
        for (int& g : group_of_id_)
            if (g >= 0) g = root(g);
        for (int& g : group_of_word_) g = root(g);
        for (auto& [form, g] : sequence_group_) g = root(g);
        wanted_.emplace(words_);
    }
    /// True if the fold scan finds every token that matches (see text/fold_scan.hpp).
    [[nodiscard]] bool scannable() const { return scannable_; }
    [[nodiscard]] const text::WantedSet& wanted() const { return *wanted_; }
    /// The group of a word of wanted() (a FoldedSpan::word).
    [[nodiscard]] int group_of_word(int word) const {
        return group_of_word_[static_cast<std::size_t>(word)];
    }
    [[nodiscard]] std::size_t groups() const { return static_cast<std::size_t>(groups_); }

    // For each token, the group of its exact form if it matches a term or belongs to a matching
    // sequence, marked_only for a minor term's form, else unmatched.
    void match(const Analysis& a, std::vector<int>& matched) {
        matched.assign(a.tokens.size(), unmatched);
        for (std::size_t i = 0; i < a.tokens.size(); ++i) {
            const Token& t = a.tokens[i];
            const int id = ids_.find(t.exact);
            if (id < 0 || !markable(t)) continue;
            matched[i] = group_of_id_[static_cast<std::size_t>(id)];
        }
        for (const auto& seq : highlighter_.sequences) {
            if (seq.empty()) continue;
            for (std::size_t i = 0; i + seq.size() <= a.tokens.size(); ++i) {
                bool all = true;
                for (std::size_t k = 0; k < seq.size() && all; ++k)
                    all = a.tokens[i + k].exact == seq[k];
                if (!all) continue;
                for (std::size_t k = 0; k < seq.size(); ++k) {
                    const std::string& form = a.tokens[i + k].exact;
                    const int id = ids_.find(form);
                    matched[i + k] = id >= 0 ? group_of_id_[static_cast<std::size_t>(id)]
                                             : sequence_group_.at(form);
                }
            }
        }
    }

private:
    // A URL whose canonical form is a bare word ("http://localhost" is "localhost") is not
    // marked for that word: its text is not the word, and the fold scan, which snippets rely on
    // to find every match, sees only the word's letters.
    static bool markable(const Token& t) {
        return (t.kind != TokenKind::url && t.kind != TokenKind::email) || fold(t.exact).empty();
    }
    // The spellings the fold scan looks for a form by (a date has several), or none if the scan
    // cannot.
    static std::vector<text::FoldedHashes> fold(std::string_view form) {
        if (auto folded = text::fold_word(form)) return {*folded};
        if (auto folded = text::fold_joined_number(form)) return {*folded};
        return text::fold_date(form);
    }

    int new_group() {
        parent_.push_back(groups_);
        return groups_++;
    }
    int root(int group) {
        while (parent_[static_cast<std::size_t>(group)] != group)
            group = parent_[static_cast<std::size_t>(group)];
        return group;
    }
    // Scans for `spelling` as a word of `group`; a spelling already scanned for joins the groups.
    void scan_for(const text::FoldedHashes& spelling, int group) {
        const auto [it, added] = group_of_spelling_.emplace(spelling.spelling, group);
        if (added) {
            words_.push_back(spelling);
            group_of_word_.push_back(group);
        } else if (root(it->second) != root(group)) {
            parent_[static_cast<std::size_t>(root(group))] = root(it->second);
        }
    }

    Highlighter highlighter_;  // refers to the caller's terms and sequences
    FormIds ids_;
    std::vector<int> group_of_id_;                         // per form id
    std::unordered_map<std::string, int> sequence_group_;  // sequence forms that are no terms
    std::vector<text::FoldedHashes> words_;                // the spellings to scan for
    std::vector<int> group_of_word_;                       // per word of words_
    std::optional<text::WantedSet> wanted_;
    int groups_ = 0;
    std::vector<int> parent_;  // per group: the group it was joined to, or itself
    std::unordered_map<std::uint64_t, int> group_of_spelling_;
    bool scannable_ = true;
};

// One analysed stretch of the text: the bytes [begin, end), its tokens (offsets relative to
// `begin`), their code-point positions relative to `begin`, and their match groups.
struct Part {
    std::size_t begin = 0, end = 0;
    const Analysis* analysis = nullptr;
    std::vector<std::size_t> cp_begin, cp_end;
    std::vector<int> matched;
};

void analyse_part(Analyzer& analyzer, std::string_view text, std::size_t begin, std::size_t end,
                  MatchGroups& groups, Analysis& scratch, Part& part) {
    const std::string_view piece = text.substr(begin, end - begin);
    analyzer.analyze(piece, scratch);
    part.begin = begin;
    part.end = end;
    part.analysis = &scratch;
    const auto& tokens = scratch.tokens;
    part.cp_begin.resize(tokens.size());
    part.cp_end.resize(tokens.size());
    std::size_t byte = 0, chars = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        chars += count_chars(piece.substr(byte, tokens[i].begin - byte));
        part.cp_begin[i] = chars;
        chars += count_chars(piece.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        part.cp_end[i] = chars;
        byte = tokens[i].end;
    }
    groups.match(scratch, part.matched);
}

struct Window {
    std::size_t first = 0, last = 0;  // token indexes of the first and last match, inclusive
    long score = -1;                  // distinct groups * 1000 + matches; -1: no match
};

// The window of `length` characters starting at a matched token with the most distinct groups,
// then the most matches; only starts whose code-point position lies in [min_cp, max_cp] count.
Window best_window(const Part& p, std::size_t groups, std::size_t length, std::size_t min_cp,
                   std::size_t max_cp) {
    Window best;
    std::vector<int> counts(groups, 0);  // per group, its matches in the window
    long distinct = 0;
    std::size_t j = 0;  // one past the last token in the window
    long matches = 0;
    const std::size_t n = p.matched.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (j < i) j = i;
        while (j < n && p.cp_end[j] - p.cp_begin[i] <= length) {
            if (p.matched[j] >= 0) {
                if (counts[static_cast<std::size_t>(p.matched[j])]++ == 0) ++distinct;
                ++matches;
            }
            ++j;
        }
        if (p.matched[i] >= 0 && p.cp_begin[i] >= min_cp && p.cp_begin[i] <= max_cp) {
            const long score = distinct * 1000 + matches;
            if (score > best.score) {
                std::size_t last_match = j > i ? j - 1 : i;
                while (last_match > i && p.matched[last_match] < 0) --last_match;
                best = {i, last_match, score};
            }
        }
        if (p.matched[i] >= 0 && i < j) {
            if (--counts[static_cast<std::size_t>(p.matched[i])] == 0) --distinct;
            --matches;
        }
    }
    return best;
}

// Cuts the snippet for window `w` of part `p` of `text`: backs off towards a sentence start,
// using only the room the matches leave (at most a third of the length), so that the window still
// ends after its last match, then takes tokens up to `length` characters.
Snippet render(std::string_view text, const Part& p, Window w, std::size_t length) {
    const Analysis& a = *p.analysis;
    const std::string_view piece = text.substr(p.begin, p.end - p.begin);
    const std::size_t used = p.cp_end[w.last] - p.cp_begin[w.first];
    const std::size_t room = std::min(length > used ? length - used : 0, length / 3);
    std::size_t first = w.first;
    for (std::size_t k = w.first; k > 0 && p.cp_begin[w.first] - p.cp_begin[k - 1] <= room; --k) {
        const auto& prev = a.tokens[k - 1];
        if (ends_sentence(piece.substr(prev.end, a.tokens[k].begin - prev.end))) {
            first = k;
            break;
        }
        first = k - 1;
    }
    std::size_t last = first;
    while (last + 1 < a.tokens.size() && p.cp_end[last + 1] - p.cp_begin[first] <= length) ++last;

    std::size_t begin = p.begin + a.tokens[first].begin;
    // A text that has only punctuation and symbols before the window (an opening quote, a
    // dash) shows them too. This looks at the text, not at token numbers, so that a passage
    // and the whole text agree.
    if (!text::has_letter_or_digit(text.substr(0, begin))) {
        begin = 0;
        while (is_white(text[begin])) ++begin;
    }
    std::size_t end = p.begin + a.tokens[last].end;
    // Keep closing punctuation that sticks to the last word.
    while (end < text.size() &&
           std::string_view(".,;:!?)\"'").find(text[end]) != std::string_view::npos)
        ++end;

    Snippet out;
    if (begin > 0) out.text += ellipsis;
    std::size_t pos = begin;
    for (std::size_t i = first; i <= last; ++i) {
        const std::size_t token_begin = p.begin + a.tokens[i].begin;
        const std::size_t token_end = p.begin + a.tokens[i].end;
        bool space = false;
        for (; pos < token_begin; ++pos) {  // the gap before the token: white space collapses
            if (is_white(text[pos])) {
                space = true;
                continue;
            }
            if (space && !out.text.empty()) out.text.push_back(' ');
            space = false;
            out.text.push_back(text[pos]);
        }
        if (space && !out.text.empty()) out.text.push_back(' ');
        const std::size_t at = out.text.size();
        out.text.append(text.substr(token_begin, token_end - token_begin));
        if (p.matched[i] != unmatched) out.highlights.emplace_back(at, out.text.size());
        pos = token_end;
    }
    out.text.append(text.substr(pos, end - pos));
    if (end < text.size()) {
        const std::string_view rest = text.substr(end);
        const bool only_white = std::all_of(rest.begin(), rest.end(), is_white);
        if (!only_white) out.text += ellipsis;
    }
    return out;
}

constexpr std::size_t no_limit = std::numeric_limits<std::size_t>::max();

// The snippet from an analysis of the whole text.
Snippet snippet_from_whole_text(Analyzer& analyzer, std::string_view text, MatchGroups& groups,
                                std::size_t length, Analysis& scratch) {
    Part part;
    analyse_part(analyzer, text, 0, text.size(), groups, scratch, part);
    if (part.analysis->tokens.empty()) return {std::string(cut_at_char(text, length)), {}};
    Window w = best_window(part, groups.groups(), length, 0, no_limit);
    if (w.score < 0) w = {};
    return render(text, part, w, length);
}

// --- Passages: analyse only the stretches around the likely matches ---------------------------
//
// The fold scan finds every place where a matched token can be (a superset: same extent, and
// the spelling of a query word). Scored like best_window() but over those places, each start gets
// an upper bound of its real score. Stretches around the starts are analysed in order of that
// bound until the best real score found beats every bound left: the window is then the one
// the whole text would give, at the cost of analysing a few hundred bytes instead of the article.

// Extra characters analysed around what a window needs, so its first and last tokens are whole.
constexpr std::size_t passage_slack = 16;
// Stretches analysed before the whole text is cheaper.
constexpr std::size_t max_passages = 3;

std::size_t back_chars(std::string_view text, std::size_t pos, std::size_t chars) {
    while (pos > 0 && chars > 0) {
        --pos;
        if (!is_continuation(text[pos])) --chars;
    }
    return pos;
}

std::size_t forward_chars(std::string_view text, std::size_t pos, std::size_t chars) {
    while (pos < text.size() && chars > 0) {
        ++pos;
        while (pos < text.size() && is_continuation(text[pos])) ++pos;
        --chars;
    }
    return pos;
}

// Tokens never span white space (the tokenizer cuts text into chunks there), so a stretch that
// starts just after white space and ends at white space holds whole tokens, the same ones the
// whole text gives.
std::size_t snap_back(std::string_view text, std::size_t pos) {
    while (pos > 0 && !is_white(text[pos - 1])) --pos;
    return pos;
}

std::size_t snap_forward(std::string_view text, std::size_t pos) {
    while (pos < text.size() && !is_white(text[pos])) ++pos;
    return pos;
}

// What one search through passages keeps from one text to the next.
struct PassageScratch {
    std::vector<text::FoldedSpan> spans;
    std::vector<int> span_group;
    std::vector<long> bounds;
    std::vector<bool> resolved;
};

// The upper bound of the real score of each span as a window start (see above). A real window
// holds the tokens ending within `length` characters of its start; this counts every span that
// starts within them, which is more.
void span_bounds(PassageScratch& p, std::size_t groups, std::size_t length) {
    const auto& spans = p.spans;
    p.bounds.assign(spans.size(), 0);
    std::vector<int> counts(groups, 0);
    long distinct = 0, matches = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (j < i) j = i;
        while (j < spans.size() && spans[j].char_begin - spans[i].char_begin <= length) {
            if (counts[static_cast<std::size_t>(p.span_group[j])]++ == 0) ++distinct;
            ++matches;
            ++j;
        }
        p.bounds[i] = distinct * 1000 + matches;
        if (i < j) {
            if (--counts[static_cast<std::size_t>(p.span_group[i])] == 0) --distinct;
            --matches;
        }
    }
}

// The unresolved span with the highest bound (the first of equals), or npos.
std::size_t next_span(const PassageScratch& p) {
    std::size_t best = std::string_view::npos;
    for (std::size_t i = 0; i < p.bounds.size(); ++i)
        if (!p.resolved[i] && (best == std::string_view::npos || p.bounds[i] > p.bounds[best]))
            best = i;
    return best;
}

std::optional<Snippet> snippet_from_passages(Analyzer& analyzer, std::string_view text,
                                             MatchGroups& groups, std::size_t length,
                                             Analysis& scratch, PassageScratch& p) {
    if (!text::scan_folded_spans(text, groups.wanted(), p.spans)) return std::nullopt;
    const auto& spans = p.spans;
    p.span_group.resize(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i)
        p.span_group[i] = groups.group_of_word(spans[i].word);
    span_bounds(p, groups.groups(), length);
    p.resolved.assign(spans.size(), false);

    const std::size_t before = length / 3 + passage_slack;
    const std::size_t after = length + passage_slack;
    Part part;
    Window best;
    std::size_t best_cp = no_limit;            // code-point position of the best window's start
    std::size_t best_begin = 0, best_end = 0;  // the stretch it was found in
    std::size_t passages = 0;
    for (std::size_t s = next_span(p); s != std::string_view::npos; s = next_span(p)) {
        if (best.score >= 0 && (p.bounds[s] < best.score ||
                                (p.bounds[s] == best.score && spans[s].char_begin > best_cp)))
            break;
        if (++passages > max_passages) return std::nullopt;
        const std::size_t begin = snap_back(text, back_chars(text, spans[s].begin, before));
        const std::size_t end = snap_forward(text, forward_chars(text, spans[s].begin, after));
        analyse_part(analyzer, text, begin, end, groups, scratch, part);
        // Starts whose window (and the room before it) lies inside the stretch, in code points
        // from the stretch's start; `origin` is the stretch's start in the whole text.
        const std::size_t origin =
            spans[s].char_begin - count_chars(text.substr(begin, spans[s].begin - begin));
        const std::size_t min_cp = begin == 0 ? 0 : length / 3 + 1;
        const std::size_t stretch_chars = count_chars(text.substr(begin, end - begin));
        const std::size_t max_cp = end == text.size()        ? no_limit
                                   : stretch_chars >= length ? stretch_chars - length
                                                             : 0;
        if (max_cp < min_cp) return std::nullopt;
        const Window w = best_window(part, groups.groups(), length, min_cp, max_cp);
        if (w.score >= 0) {
            const std::size_t cp = origin + part.cp_begin[w.first];
            if (w.score > best.score || (w.score == best.score && cp < best_cp)) {
                best = w;
                best_cp = cp;
                best_begin = begin;
                best_end = end;
            }
        }
        for (std::size_t k = 0; k < spans.size(); ++k) {
            const std::size_t cp = spans[k].char_begin;
            if (cp >= origin + min_cp && (max_cp == no_limit || cp <= origin + max_cp))
                p.resolved[k] = true;
        }
        if (!p.resolved[s]) return std::nullopt;  // cannot happen: the stretch is built around it
    }
    if (best.score < 0) {
        // No real match anywhere: the text's opening, as the whole text would give.
        const std::size_t end =
            snap_forward(text, forward_chars(text, 0, 2 * length + passage_slack));
        analyse_part(analyzer, text, 0, end, groups, scratch, part);
        if (part.analysis->tokens.empty()) return std::nullopt;
        const bool complete =
            end == text.size() || part.cp_begin[0] + length < count_chars(text.substr(0, end));
        if (!complete) return std::nullopt;
        return render(text, part, Window{}, length);
    }
    if (part.begin != best_begin || part.end != best_end) {
        // The same stretch gives the same tokens: `best` still indexes them.
        analyse_part(analyzer, text, best_begin, best_end, groups, scratch, part);
    }
    return render(text, part, best, length);
}

}  // namespace

struct SnippetMaker::Impl {
    Impl(Analyzer& a, const Highlighter& h, std::size_t l, Analysis* s)
        : analyzer(a), groups(h), length(l == 0 ? 1 : l), scratch(s ? *s : own_scratch) {}
    Analyzer& analyzer;
    MatchGroups groups;
    std::size_t length;
    Analysis own_scratch;
    Analysis& scratch;
    PassageScratch passages;
};

SnippetMaker::SnippetMaker(Analyzer& analyzer, const Highlighter& highlighter, std::size_t length,
                           Analysis* scratch)
    : impl_(std::make_unique<Impl>(analyzer, highlighter, length, scratch)) {}
SnippetMaker::~SnippetMaker() = default;

Snippet SnippetMaker::make(std::string_view full_text) {
    Impl& m = *impl_;
    const std::string_view text = cut_at_char(full_text, max_snippet_source_bytes);
    if (m.groups.scannable())
        if (std::optional<Snippet> s =
                snippet_from_passages(m.analyzer, text, m.groups, m.length, m.scratch, m.passages))
            return std::move(*s);
    return snippet_from_whole_text(m.analyzer, text, m.groups, m.length, m.scratch);
}

Snippet SnippetMaker::make_from_whole_text(std::string_view full_text) {
    Impl& m = *impl_;
    const std::string_view text = cut_at_char(full_text, max_snippet_source_bytes);
    return snippet_from_whole_text(m.analyzer, text, m.groups, m.length, m.scratch);
}

std::vector<std::pair<std::size_t, std::size_t>> SnippetMaker::highlights(std::string_view text) {
    Impl& m = *impl_;
    Part part;
    analyse_part(m.analyzer, text, 0, text.size(), m.groups, m.scratch, part);
    std::vector<std::pair<std::size_t, std::size_t>> marks;
    for (std::size_t i = 0; i < part.matched.size(); ++i)
        if (part.matched[i] != unmatched)
            marks.emplace_back(part.analysis->tokens[i].begin, part.analysis->tokens[i].end);
    return marks;
}

Snippet make_snippet(Analyzer& analyzer, std::string_view text, const Highlighter& highlighter,
                     std::size_t length) {
    return SnippetMaker(analyzer, highlighter, length).make(text);
}

Snippet make_snippet_from_whole_text(Analyzer& analyzer, std::string_view text,
                                     const Highlighter& highlighter, std::size_t length) {
    return SnippetMaker(analyzer, highlighter, length).make_from_whole_text(text);
}

}  // namespace vnsearch::search
