// SPDX-License-Identifier: Apache-2.0
#include "store/user_lists.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

#include "text/utf8.hpp"

namespace vnsearch::store {

namespace {

// The segmenter joins at most this many syllables into one word.
constexpr std::size_t max_word_syllables = 4;

AnalyzerOptions tokens_only() {
    AnalyzerOptions o;
    o.segment_words = false;
    return o;
}

std::string_view trimmed(std::string_view s) {
    const std::size_t first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

[[noreturn]] void bad_line(const std::string& origin, std::size_t line, const std::string& why) {
    throw Error(Errc::invalid_input, origin + ":" + std::to_string(line) + ": " + why);
}

// Calls `each(line, number)` for every line that is neither blank nor a comment, after checking
// that the whole text is UTF-8 (a bad byte is named by its line).
template <typename Each>
void for_each_entry(std::string_view text, const std::string& origin, Each each) {
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t eol = text.find('\n');
        const std::string_view raw = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (!text::is_valid_utf8(raw)) bad_line(origin, number, "not valid UTF-8");
        const std::string_view line = trimmed(raw);
        if (line.empty() || line.front() == '#') continue;
        each(line, number);
    }
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

std::vector<std::string> parse_word_list(std::string_view text, const std::string& origin) {
    Analyzer analyzer(tokens_only());
    std::vector<std::string> words;
    std::set<std::string> seen;
    for_each_entry(text, origin, [&](std::string_view line, std::size_t number) {
        std::string spaced(line);
        for (char& c : spaced)
            if (c == '_') c = ' ';
        const Analysis a = analyzer.analyze(spaced);
        std::string word;
        for (const Token& t : a.tokens) {
            if (t.kind != TokenKind::syllable)
                bad_line(origin, number,
                         quoted(spaced.substr(t.begin, t.end - t.begin)) +
                             " is not a Vietnamese syllable: a word list lists words of "
                             "syllables (put names like iPhone in a synonym group)");
            if (!word.empty()) word.push_back(' ');
            word += t.exact;
        }
        if (a.tokens.size() < 2)
            bad_line(origin, number,
                     quoted(line) +
                         " is one syllable: only words of 2 to 4 syllables change how "
                         "text is split into words");
        if (a.tokens.size() > max_word_syllables)
            bad_line(origin, number,
                     quoted(line) + " has " + std::to_string(a.tokens.size()) +
                         " syllables: a word has at most 4");
        if (a.tokens.back().end < spaced.size() || a.tokens.front().begin > 0 ||
            spaced.find_first_of(",.;:!?()\"") != std::string::npos)
            bad_line(origin, number, quoted(line) + " holds punctuation: one word a line");
        if (seen.insert(word).second) words.push_back(std::move(word));
    });
    return words;
}

std::vector<std::vector<std::string>> parse_synonym_groups(std::string_view text,
                                                           const std::string& origin) {
    Analyzer analyzer(tokens_only());
    std::vector<std::vector<std::string>> groups;
    for_each_entry(text, origin, [&](std::string_view line, std::size_t number) {
        std::vector<std::string> group;
        std::set<std::string> members;  // analysed forms, to find repeats
        while (true) {
            const std::size_t comma = line.find(',');
            const std::string_view member = trimmed(line.substr(0, comma));
            if (member.empty())
                bad_line(origin, number, "an empty member: separate members with one comma");
            const Analysis a = analyzer.analyze(member);
            std::string form;
            for (const Token& t : a.tokens) {
                if (t.kind == TokenKind::email || t.kind == TokenKind::url ||
                    t.kind == TokenKind::date)
                    bad_line(origin, number,
                             quoted(member) + ": a member is made of words, not " +
                                 std::string(to_string(t.kind)) + "s");
                form += t.exact + " ";
            }
            if (a.tokens.empty()) bad_line(origin, number, quoted(member) + " has no word");
            if (members.insert(form).second) group.emplace_back(member);
            if (comma == std::string_view::npos) break;
            line.remove_prefix(comma + 1);
        }
        if (group.size() < 2)
            bad_line(origin, number, "a group needs at least two different members");
        groups.push_back(std::move(group));
    });
    return groups;
}

std::string read_list_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::io, "cannot read \"" + path + "\": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(Errc::io, "cannot read \"" + path + "\": read error");
    return text.str();
}

std::string encode_words(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += w + "\n";
    return out;
}

std::string encode_synonyms(const std::vector<std::vector<std::string>>& groups) {
    std::string out;
    for (const auto& group : groups) {
        for (std::size_t i = 0; i < group.size(); ++i) out += (i ? ", " : "") + group[i];
        out += "\n";
    }
    return out;
}

std::vector<std::string> decode_words(std::string_view value) {
    std::vector<std::string> words;
    for_each_entry(value, "index",
                   [&](std::string_view line, std::size_t) { words.emplace_back(line); });
    return words;
}

std::vector<std::vector<std::string>> decode_synonyms(std::string_view value) {
    std::vector<std::vector<std::string>> groups;
    for_each_entry(value, "index", [&](std::string_view line, std::size_t) {
        auto& group = groups.emplace_back();
        while (true) {
            const std::size_t comma = line.find(',');
            group.emplace_back(trimmed(line.substr(0, comma)));
            if (comma == std::string_view::npos) break;
            line.remove_prefix(comma + 1);
        }
    });
    return groups;
}

std::string encode_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids)
        if (id.find('\n') == std::string::npos) out += id + "\n";
    return out;
}

std::vector<std::string> decode_ids(std::string_view value) {
    std::vector<std::string> ids;
    while (!value.empty()) {
        const std::size_t eol = std::min(value.find('\n'), value.size());
        if (eol > 0) ids.emplace_back(value.substr(0, eol));
        value.remove_prefix(std::min(eol + 1, value.size()));
    }
    return ids;
}

std::vector<std::string> changed_words(const std::vector<std::string>& before,
                                       const std::vector<std::string>& after) {
    const std::set<std::string> a(before.begin(), before.end()), b(after.begin(), after.end());
    std::vector<std::string> out;
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

Xapian::Query words_query(const Xapian::Database& db, const std::vector<std::string>& words) {
    Analyzer analyzer(tokens_only());
    std::vector<Xapian::Query> phrases;
    for (const std::string& word : words) {
        std::vector<Xapian::Query> syllables;
        for (const Token& t : analyzer.analyze(word).tokens) {
            std::vector<Xapian::Query> spellings{Xapian::Query(t.base)};
            for (auto s = db.synonyms_begin(t.base); s != db.synonyms_end(t.base); ++s)
                spellings.emplace_back(*s);
            syllables.emplace_back(Xapian::Query::OP_OR, spellings.begin(), spellings.end());
        }
        if (syllables.size() < 2) continue;
        phrases.emplace_back(Xapian::Query::OP_PHRASE, syllables.begin(), syllables.end(),
                             static_cast<Xapian::termcount>(syllables.size()));
    }
    return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

}  // namespace vnsearch::store
