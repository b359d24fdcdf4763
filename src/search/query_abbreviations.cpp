// SPDX-License-Identifier: Apache-2.0
// The parts of QueryBuilder that search an abbreviation and its expansion for each other
// (search/abbreviations.hpp, docs/query-language.md). The form typed always stays the exact
// match; the other form is an optional alternative scaled by BuildOptions::abbreviation_weight,
// so it finds what the exact form misses without outranking it, and never becomes a word the
// query requires.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/abbreviations.hpp"
#include "search/query_builder.hpp"

namespace vnsearch::search {

namespace {

using Queries = std::vector<Xapian::Query>;

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p;
    return out;
}

// A syllable-kind token is read as an abbreviation only when typed in capitals ("CA" is công an,
// "ca" a syllable). Abbreviations are written with the letters A-Z and Đ.
bool typed_in_capitals(std::string_view typed) {
    if (typed.find("đ") != std::string_view::npos) return false;
    return std::none_of(typed.begin(), typed.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

const AbbreviationTable& QueryBuilder::table() const {
    return options_.abbreviations != nullptr ? *options_.abbreviations : abbreviations();
}

std::vector<const Abbreviation*> QueryBuilder::typed_abbreviation(const Analysis& a,
                                                                  std::uint32_t first,
                                                                  std::uint32_t count,
                                                                  std::string_view typed) {
    if (options_.abbreviation_weight <= 0 || count == 0) return {};
    std::string letters;
    for (std::uint32_t i = first; i < first + count; ++i) {
        const Token& t = a.tokens[i];
        if (t.kind == TokenKind::syllable) {
            // ... and only beside lower case: a query all in capitals says nothing.
            if (t.end > typed.size() ||
                !typed_in_capitals(typed.substr(t.begin, t.end - t.begin)) ||
                typed_in_capitals(typed))
                return {};
        } else if (t.kind != TokenKind::word && t.kind != TokenKind::abbreviation &&
                   t.kind != TokenKind::number) {
            return {};
        }
        letters += t.exact;
    }
    return table().find_all(letters);
}

// Each expansion as a phrase of its exact syllables (the index's canonical spelling, whatever
// the document wrote: Ủy and Uỷ are one term), scaled to the weight of one of its syllables.
Xapian::Query QueryBuilder::with_expansion(Xapian::Query q,
                                           const std::vector<const Abbreviation*>& found,
                                           BuiltQuery& out) {
    for (const Abbreviation* abbreviation : found) {
        Queries terms;
        for (const std::string& s : abbreviation->expansion) {
            if (!stats_.exists(s)) break;
            terms.emplace_back(s);
        }
        if (terms.size() < abbreviation->expansion.size()) continue;
        out.highlight_sequences.push_back(abbreviation->expansion);
        // One word may stand between: GD-ĐT is written "Giáo dục và Đào tạo" as often as not.
        const Xapian::Query phrase =
            terms.size() == 1 ? terms.front()
                              : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                              static_cast<Xapian::termcount>(terms.size() + 1));
        const double scale = options_.abbreviation_weight / static_cast<double>(terms.size());
        q = Xapian::Query(Xapian::Query::OP_OR, q,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase, scale));
    }
    return q;
}

// The rarest syllable of the expansion: a reranked document that has it most likely has the
// expansion, so it counts for the abbreviation in coordination.
std::string QueryBuilder::expansion_marker(const Abbreviation& abbreviation) {
    std::string best;
    Xapian::doccount fewest = std::numeric_limits<Xapian::doccount>::max();
    for (const std::string& s : abbreviation.expansion) {
        const Xapian::doccount n = stats_.termfreq(s);
        if (n > 0 && n < fewest) {
            fewest = n;
            best = s;
        }
    }
    return best;
}

// log(N / df) of the rarest of `terms` (the idf BM25 weighs a term by, in order), at least a
// little above 0.
double QueryBuilder::rarity(const std::vector<std::string>& terms) {
    Xapian::doccount fewest = db_.get_doccount();
    for (const std::string& t : terms)
        if (const Xapian::doccount n = stats_.termfreq(t); n > 0) fewest = std::min(fewest, n);
    return std::log((db_.get_doccount() + 1.0) / (fewest + 0.5));
}

// The abbreviation's own terms: its parts in a row (TP.HCM, GD-ĐT) or the joined form (TPHCM,
// UBND).
Xapian::Query QueryBuilder::abbreviation_terms(const Abbreviation& abbreviation, BuiltQuery& out) {
    Queries alternatives;
    if (abbreviation.parts.size() > 1 &&
        std::all_of(abbreviation.parts.begin(), abbreviation.parts.end(),
                    [&](const std::string& p) { return stats_.exists(p); })) {
        Queries parts(abbreviation.parts.begin(), abbreviation.parts.end());
        alternatives.emplace_back(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                  static_cast<Xapian::termcount>(parts.size()));
        out.highlight_sequences.push_back(abbreviation.parts);
    }
    const std::string letters = joined(abbreviation.parts);
    if (stats_.exists(letters)) {
        alternatives.emplace_back(letters);
        out.highlight.insert(letters);
    }
    if (alternatives.empty()) return Xapian::Query();
    if (alternatives.size() == 1) return alternatives.front();
    return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

// Runs of whole words that spell an expansion with the marks typed ("uy ban nhan dan", "Ủy ban
// nhân dân"), longest first, each with the query for its abbreviations' terms.
std::vector<QueryBuilder::ExpansionRun> QueryBuilder::expansion_runs(const Analysis& a,
                                                                     BuiltQuery& out) {
    std::vector<ExpansionRun> runs;
    if (options_.abbreviation_weight <= 0) return runs;
    for (std::size_t wi = 0; wi < a.words.size(); ++wi) {
        const std::uint32_t first = a.words[wi].first_token;
        std::size_t longest = 0;
        std::vector<const Abbreviation*> found;
        for (const Abbreviation* abbr : table().expansions_from(a.tokens[first].base)) {
            const std::size_t n = abbr->expansion.size();
            if (!abbr->plain_letters || n < longest || first + n > a.tokens.size()) continue;
            bool match = first + n == a.tokens.size() ||
                         a.tokens[first + n].word != a.tokens[first + n - 1].word;
            for (std::size_t i = 0; i < n && match; ++i) {
                const Token& t = a.tokens[first + i];
                match = t.kind == TokenKind::syllable && t.base == abbr->expansion_base[i] &&
                        carries_marks(t.exact, abbr->expansion[i]);
            }
            if (!match) continue;
            if (n > longest) found.clear();
            longest = n;
            found.push_back(abbr);
        }
        if (found.empty()) continue;
        ExpansionRun run;
        run.first_word = wi;
        run.end_word = a.tokens[first + longest - 1].word + 1;
        Queries alternatives;
        for (const Abbreviation* abbr : found) {
            Xapian::Query q = abbreviation_terms(*abbr, out);
            if (q.empty()) continue;
            alternatives.push_back(q);
            for (const std::string& p : abbr->parts)
                if (stats_.exists(p)) run.terms.push_back(p);
            if (stats_.exists(joined(abbr->parts))) run.terms.push_back(joined(abbr->parts));
        }
        wi = run.end_word - 1;
        if (alternatives.empty()) continue;
        run.scale = options_.abbreviation_weight *
                    std::min(1.0, rarity({expansion_marker(*found.front())}) / rarity(run.terms));
        run.abbreviation =
            alternatives.size() == 1
                ? alternatives.front()
                : Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
        runs.push_back(std::move(run));
    }
    return runs;
}

// A run's words stay what they were in the ranked query (any of them scores), and the
// abbreviation is one more optional word there, scaled; in the strict query the run's words
// together or the abbreviation satisfy it. In coordination, the abbreviation's terms count for
// each syllable of the run.
void QueryBuilder::add_expansion_runs(const std::vector<ExpansionRun>& runs, const Analysis& a,
                                      const std::vector<std::size_t>& content_word,
                                      std::vector<Xapian::Query>& strict,
                                      std::vector<Xapian::Query>& ranked, BuiltQuery& out) {
    std::vector<bool> dropped(strict.size(), false);
    for (const ExpansionRun& run : runs) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < content_word.size(); ++i)
            if (content_word[i] >= run.first_word && content_word[i] < run.end_word)
                members.push_back(i);
        if (members.empty()) continue;
        Queries words;
        for (std::size_t i : members) words.push_back(strict[i]);
        const Xapian::Query all =
            words.size() == 1 ? words.front()
                              : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
        strict[members.front()] = Xapian::Query(Xapian::Query::OP_OR, all, run.abbreviation);
        for (std::size_t k = 1; k < members.size(); ++k) dropped[members[k]] = true;
        ranked.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, run.abbreviation, run.scale);
        for (std::size_t wi = run.first_word; wi < run.end_word; ++wi) {
            const Word& w = a.words[wi];
            for (std::uint32_t i = 0; i < w.token_count; ++i) {
                const Token& t = a.tokens[w.first_token + i];
                const auto& spellings = expand(t);
                const std::vector<std::string> terms =
                    spellings.empty() ? std::vector<std::string>{t.exact} : spellings;
                widen_coverage(out, terms, run.terms);
            }
        }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < strict.size(); ++i)
        if (!dropped[i]) strict[kept++] = strict[i];
    strict.resize(kept);
}

void QueryBuilder::widen_coverage(BuiltQuery& out, const std::vector<std::string>& entry,
                                  const std::vector<std::string>& extra) {
    const auto it = std::find(out.coverage.begin(), out.coverage.end(), entry);
    if (it == out.coverage.end()) return;
    for (const std::string& term : extra)
        if (!term.empty() && std::find(it->begin(), it->end(), term) == it->end())
            it->push_back(term);
}

}  // namespace vnsearch::search
