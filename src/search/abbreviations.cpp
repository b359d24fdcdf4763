// SPDX-License-Identifier: Apache-2.0
// The abbreviation table; search/query_abbreviations.cpp is what the query builder does with it.
#include "search/abbreviations.hpp"

#include <algorithm>
#include <utility>

#include "data/embedded.hpp"

namespace vnsearch::search {

namespace {

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p;
    return out;
}

}  // namespace

AbbreviationTable::AbbreviationTable(std::string_view tsv, Analyzer& analyzer) {
    while (!tsv.empty()) {
        const std::size_t eol = tsv.find('\n');
        const std::string_view line = tsv.substr(0, eol);
        tsv = eol == std::string_view::npos ? std::string_view{} : tsv.substr(eol + 1);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        const std::size_t end = line.find('\t', tab + 1);
        const std::string_view abbr = line.substr(0, tab);
        const std::string_view expansion = line.substr(tab + 1, end - tab - 1);
        Abbreviation entry;
        bool ok = true;
        for (const Token& t : analyzer.analyze(abbr).tokens) {
            ok = ok && (t.kind == TokenKind::word || t.kind == TokenKind::abbreviation ||
                        t.kind == TokenKind::syllable);
            entry.plain_letters = entry.plain_letters && t.kind != TokenKind::syllable;
            entry.parts.push_back(t.exact);
        }
        for (const Token& t : analyzer.analyze(expansion).tokens) {
            ok = ok && t.kind == TokenKind::syllable;
            entry.expansion.push_back(t.exact);
            entry.expansion_base.push_back(t.base);
        }
        if (!ok || entry.parts.empty() || entry.expansion.size() < 2) continue;
        if (!by_letters_.try_emplace(joined(entry.parts), entries_.size()).second) {
            // Same letters, other punctuation (TN-MT beside TNMT): the expansion reaches both.
            if (entry.parts.size() == 1) continue;
        }
        by_first_base_.emplace(entry.expansion_base.front(), entries_.size());
        entries_.push_back(std::move(entry));
    }
}

const Abbreviation* AbbreviationTable::find(std::string_view letters) const {
    const auto it = by_letters_.find(std::string(letters));
    return it == by_letters_.end() ? nullptr : &entries_[it->second];
}

void AbbreviationTable::add_synonym_groups(const std::vector<std::vector<std::string>>& groups,
                                           Analyzer& analyzer) {
    struct Member {
        std::vector<std::string> exact, base;
        bool syllables = true;
    };
    for (const auto& group : groups) {
        std::vector<Member> members;
        for (const std::string& text : group) {
            Member& m = members.emplace_back();
            for (const Token& t : analyzer.analyze(text).tokens) {
                m.exact.push_back(t.exact);
                m.base.push_back(t.base);
                m.syllables = m.syllables && t.kind == TokenKind::syllable;
            }
            if (m.exact.empty()) members.pop_back();
        }
        for (const Member& typed : members) {
            for (const Member& other : members) {
                if (&typed == &other || typed.exact == other.exact) continue;
                Abbreviation entry;
                if (typed.syllables) {
                    entry.parts = other.exact;
                    entry.expansion = typed.exact;
                    entry.expansion_base = typed.base;
                    by_first_base_.emplace(entry.expansion_base.front(), entries_.size());
                } else {
                    entry.parts = typed.exact;
                    entry.expansion = other.exact;
                    entry.expansion_base = other.base;
                    synonyms_by_letters_.emplace(joined(entry.parts), entries_.size());
                }
                entries_.push_back(std::move(entry));
            }
        }
    }
}

std::vector<const Abbreviation*> AbbreviationTable::find_all(std::string_view letters) const {
    std::vector<const Abbreviation*> out;
    if (const Abbreviation* a = find(letters)) out.push_back(a);
    std::vector<const Abbreviation*> groups;
    const auto [from, to] = synonyms_by_letters_.equal_range(std::string(letters));
    for (auto it = from; it != to; ++it) groups.push_back(&entries_[it->second]);
    std::sort(groups.begin(), groups.end());  // the file's order
    out.insert(out.end(), groups.begin(), groups.end());
    return out;
}

std::vector<const Abbreviation*> AbbreviationTable::expansions_from(std::string_view base) const {
    std::vector<const Abbreviation*> out;
    const auto [from, to] = by_first_base_.equal_range(std::string(base));
    for (auto it = from; it != to; ++it) out.push_back(&entries_[it->second]);
    // The multimap's order is unspecified; the file's (most used first) is the one to keep.
    std::sort(out.begin(), out.end());
    return out;
}

const AbbreviationTable& abbreviations() {
    static const AbbreviationTable table = [] {
        Analyzer analyzer;
        return AbbreviationTable(data::abbreviations, analyzer);
    }();
    return table;
}

}  // namespace vnsearch::search
