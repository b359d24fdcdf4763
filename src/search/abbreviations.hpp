// SPDX-License-Identifier: Apache-2.0
// Vietnamese abbreviations and what they stand for (data/abbreviations.tsv: UBND = uỷ ban nhân
// dân, TP.HCM = thành phố hồ chí minh). The query builder searches a typed abbreviation's
// expansion beside it, and an expansion's abbreviation beside it (docs/query-language.md). An
// index's synonym groups (store/user_lists.hpp) are entries of the same kind: a member typed
// finds the other members the way an abbreviation finds its expansion.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <vnsearch/analyzer.hpp>

namespace vnsearch::search {

struct Abbreviation {
    /// Exact forms of the abbreviation's tokens as the analyzer indexes them: {"tp", "hcm"} for
    /// TP.HCM, {"ubnd"} for UBND, {"gd", "đt"} for GD-ĐT.
    std::vector<std::string> parts;
    /// Exact and base forms of the expansion's syllables: {"uỷ", "ban", "nhân", "dân"}.
    std::vector<std::string> expansion;
    std::vector<std::string> expansion_base;
    /// No part reads as a Vietnamese syllable: the abbreviation's terms mean the abbreviation
    /// only, so an expansion in a query may search them (CA, the syllable "ca", may not).
    bool plain_letters = true;
};

class AbbreviationTable {
public:
    AbbreviationTable() = default;
    /// Reads `tsv` (data/abbreviations.tsv: abbreviation, tab, expansion, other columns
    /// ignored; `#` lines skipped) with `analyzer`. A line the analyzer cannot read as letters
    /// and syllables is skipped; of two abbreviations written with the same letters, the first
    /// is kept (the file lists the most used first).
    AbbreviationTable(std::string_view tsv, Analyzer& analyzer);

    /// Adds synonym groups ({"xe máy", "xe gắn máy", "mô tô"}, {"iPhone", "ai phôn"}), read
    /// with `analyzer`. For each member A and other member B, an entry that searches B beside a
    /// typed A: A of syllables is matched as an expansion (B's tokens are the entry's parts);
    /// A with other tokens (iPhone, COVID-19) as an abbreviation's letters (B is the expansion).
    void add_synonym_groups(const std::vector<std::vector<std::string>>& groups,
                            Analyzer& analyzer);

    /// The abbreviation whose parts, joined, are `letters` ("ubnd", "tphcm" for TP.HCM, TPHCM
    /// and TP HCM alike), or nullptr.
    [[nodiscard]] const Abbreviation* find(std::string_view letters) const;
    /// The same, and every synonym group entry typed with these letters.
    [[nodiscard]] std::vector<const Abbreviation*> find_all(std::string_view letters) const;
    /// Every abbreviation whose expansion starts with a syllable of base form `base`.
    [[nodiscard]] std::vector<const Abbreviation*> expansions_from(std::string_view base) const;
    [[nodiscard]] std::size_t size() const { return entries_.size(); }

private:
    std::vector<Abbreviation> entries_;
    std::unordered_map<std::string, std::size_t> by_letters_;
    std::unordered_multimap<std::string, std::size_t> by_first_base_;
    std::unordered_multimap<std::string, std::size_t> synonyms_by_letters_;
};

/// The built-in table (data/abbreviations.tsv), read once per process.
const AbbreviationTable& abbreviations();

}  // namespace vnsearch::search
