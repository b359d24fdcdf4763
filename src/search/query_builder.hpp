// SPDX-License-Identifier: Apache-2.0
// Turns a parsed query into Xapian queries over the term scheme (index/term_scheme.hpp).
//
// Each query syllable expands, through the index's synonym table, to the indexed spellings that
// carry every mark the user typed (OP_SYNONYM): "ha" finds hà, hạ, hả...; "hà" only hà; "viêt"
// việt and viết. A multi-syllable word requires its syllables and adds the W word term as
// optional evidence, so documents with the word outrank those with the syllables apart. Phrases
// are OP_PHRASE over the expansions. Stopwords are left out of ranking unless the query has
// nothing else. Two queries come out: `strict` (every word required) and `relaxed` (any word),
// the fallback when strict matches nothing.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>

#include "search/query_parser.hpp"

namespace vnsearch::search {

struct BuiltQuery {
    Xapian::Query strict;
    Xapian::Query relaxed;  ///< empty when it would equal `strict`
    /// Exact forms (lower-case, canonical) of every indexed spelling a positive query word may
    /// match: the snippet highlights tokens whose exact form is in this set.
    std::unordered_set<std::string> highlight;
    /// Multi-token spellings to highlight as one unit ("tp hcm" for a query "TPHCM").
    std::vector<std::vector<std::string>> highlight_sequences;
};

/// True if `candidate` (an exact form) carries every mark `typed` (an exact form with the same
/// base) carries: the same tone if one was typed, the same modifier on every letter that has one.
bool carries_marks(std::string_view typed, std::string_view candidate);

class QueryBuilder {
public:
    /// Both are borrowed for the builder's lifetime.
    QueryBuilder(const Xapian::Database& db, Analyzer& analyzer) : db_(db), analyzer_(analyzer) {}

    BuiltQuery build(const QueryNode& root);

    /// The indexed exact spellings of `token` that carry its marks (cached per builder).
    const std::vector<std::string>& expand(const Token& token);

private:
    struct Part;
    Part build_node(const QueryNode& node, BuiltQuery& out);
    Part build_all(const QueryNode& node, BuiltQuery& out);
    Part build_text(const QueryNode& node, BuiltQuery& out);
    Part build_phrase(std::string_view text, std::string_view prefix, bool phrase, BuiltQuery& out);
    Xapian::Query syllable_query(const Token& token, std::string_view prefix, BuiltQuery& out,
                                 bool in_phrase = false);
    Xapian::Query word_query(const Analysis& a, const Word& w, BuiltQuery& out);
    Xapian::Query word_terms(const Analysis& a, const Word& w);
    Xapian::Query split_abbreviation(const Token& token, BuiltQuery& out);
    std::string filter_term(Field field, std::string_view value);

    const Xapian::Database& db_;
    Analyzer& analyzer_;
    std::unordered_map<std::string, std::vector<std::string>> expansions_;
};

}  // namespace vnsearch::search
