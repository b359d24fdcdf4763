// SPDX-License-Identifier: Apache-2.0
#include "search/snippet.hpp"

#include <algorithm>
#include <cstdint>

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
    int add(std::string_view form) {
        if (2 * (size() + 1) > slots_.size()) grow();
        for (std::size_t i = hash(form) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].id < 0) {
                slots_[i] = {form, count_};
                return count_++;
            }
            if (slots_[i].form == form) return slots_[i].id;
        }
    }
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(count_); }

private:
    struct Slot {
        std::string_view form;
        int id = -1;
    };
    static std::size_t hash(std::string_view s) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        count_ = 0;
        std::vector<Slot> sorted;  // re-add in id order, so ids stay the same
        for (const Slot& slot : old)
            if (slot.id >= 0) sorted.push_back(slot);
        std::sort(sorted.begin(), sorted.end(),
                  [](const Slot& x, const Slot& y) { return x.id < y.id; });
        for (const Slot& slot : sorted) add(slot.form);
    }
    std::vector<Slot> slots_;
    int count_ = 0;
};

// For each token, the id of its exact form if it matches a term or belongs to a matching
// sequence, else -1.
std::vector<int> match_tokens(const Analysis& a, const Highlighter& h, FormIds& ids) {
    std::vector<int> matched(a.tokens.size(), -1);
    for (std::size_t i = 0; i < a.tokens.size(); ++i) matched[i] = ids.find(a.tokens[i].exact);
    for (const auto& seq : h.sequences) {
        if (seq.empty()) continue;
        for (std::size_t i = 0; i + seq.size() <= a.tokens.size(); ++i) {
            bool all = true;
            for (std::size_t k = 0; k < seq.size() && all; ++k)
                all = a.tokens[i + k].exact == seq[k];
            if (all)
                for (std::size_t k = 0; k < seq.size(); ++k)
                    matched[i + k] = ids.add(a.tokens[i + k].exact);
        }
    }
    return matched;
}

struct Window {
    std::size_t first = 0, last = 0;  // token indexes of the first and last match, inclusive
};

// The window starting at a matched token with the most distinct matched forms, then matches.
Window best_window(const Analysis& a, const std::vector<int>& matched, std::size_t forms,
                   const std::vector<std::size_t>& cp_begin, const std::vector<std::size_t>& cp_end,
                   std::size_t length) {
    Window best;
    long best_score = -1;
    std::vector<int> counts(forms, 0);  // per form id, its matches in the window
    long distinct = 0;
    std::size_t j = 0;  // one past the last token in the window
    long matches = 0;
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        if (j < i) j = i;
        while (j < a.tokens.size() && cp_end[j] - cp_begin[i] <= length) {
            if (matched[j] >= 0) {
                if (counts[static_cast<std::size_t>(matched[j])]++ == 0) ++distinct;
                ++matches;
            }
            ++j;
        }
        if (matched[i] >= 0) {
            const long score = distinct * 1000 + matches;
            if (score > best_score) {
                best_score = score;
                std::size_t last_match = j > i ? j - 1 : i;
                while (last_match > i && matched[last_match] < 0) --last_match;
                best = {i, last_match};
            }
        }
        if (matched[i] >= 0 && i < j) {
            if (--counts[static_cast<std::size_t>(matched[i])] == 0) --distinct;
            --matches;
        }
    }
    return best;
}

}  // namespace

Snippet make_snippet(Analyzer& analyzer, std::string_view full_text, const Highlighter& highlighter,
                     std::size_t length) {
    Analysis scratch;
    return make_snippet(analyzer, full_text, highlighter, length, scratch);
}

Snippet make_snippet(Analyzer& analyzer, std::string_view full_text, const Highlighter& highlighter,
                     std::size_t length, Analysis& scratch) {
    Snippet out;
    const std::string_view text = cut_at_char(full_text, max_snippet_source_bytes);
    if (length == 0) length = 1;
    analyzer.analyze(text, scratch);
    const Analysis& a = scratch;
    if (a.tokens.empty()) {
        out.text = std::string(cut_at_char(text, length));
        return out;
    }
    // Character positions of the tokens, counted once.
    std::vector<std::size_t> cp_begin(a.tokens.size()), cp_end(a.tokens.size());
    std::size_t byte = 0, chars = 0;
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
        chars += count_chars(text.substr(byte, a.tokens[i].begin - byte));
        cp_begin[i] = chars;
        chars += count_chars(text.substr(a.tokens[i].begin, a.tokens[i].end - a.tokens[i].begin));
        cp_end[i] = chars;
        byte = a.tokens[i].end;
    }
    FormIds ids(highlighter.terms);
    const std::vector<int> matched = match_tokens(a, highlighter, ids);
    Window w;
    if (std::any_of(matched.begin(), matched.end(), [](int id) { return id >= 0; }))
        w = best_window(a, matched, ids.size(), cp_begin, cp_end, length);
    // Back off towards a sentence start, using only the room the matches leave (at most a third
    // of the length), so that the window still ends after its last match.
    const std::size_t used = cp_end[w.last] - cp_begin[w.first];
    const std::size_t room = std::min(length > used ? length - used : 0, length / 3);
    std::size_t first = w.first;
    for (std::size_t k = w.first; k > 0 && cp_begin[w.first] - cp_begin[k - 1] <= room; --k) {
        const auto& prev = a.tokens[k - 1];
        if (ends_sentence(text.substr(prev.end, a.tokens[k].begin - prev.end))) {
            first = k;
            break;
        }
        first = k - 1;
    }
    std::size_t last = first;
    while (last + 1 < a.tokens.size() && cp_end[last + 1] - cp_begin[first] <= length) ++last;

    std::size_t begin = first == 0 ? 0 : a.tokens[first].begin;
    if (first == 0)
        while (begin < a.tokens[0].begin && is_white(text[begin])) ++begin;
    std::size_t end = a.tokens[last].end;
    // Keep closing punctuation that sticks to the last word.
    while (end < text.size() &&
           std::string_view(".,;:!?)\"'").find(text[end]) != std::string_view::npos)
        ++end;

    if (begin > 0) out.text += ellipsis;
    std::size_t pos = begin;
    for (std::size_t i = first; i <= last; ++i) {
        const Token& t = a.tokens[i];
        bool space = false;
        for (; pos < t.begin; ++pos) {  // the gap before the token: white space collapses
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
        out.text.append(text.substr(t.begin, t.end - t.begin));
        if (matched[i] >= 0) out.highlights.emplace_back(at, out.text.size());
        pos = t.end;
    }
    out.text.append(text.substr(pos, end - pos));
    if (end < text.size()) {
        const std::string_view rest = text.substr(end);
        const bool only_white = std::all_of(rest.begin(), rest.end(), is_white);
        if (!only_white) out.text += ellipsis;
    }
    return out;
}

}  // namespace vnsearch::search
