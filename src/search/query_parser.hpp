// SPDX-License-Identifier: Apache-2.0
// The query language, parsed into a small tree before any analysis: plain text, "phrases",
// -exclusion, OR, parentheses and field:value. Parsing never fails on syntax: unbalanced quotes
// close at the end, unbalanced parentheses are closed or ignored, unknown fields read as text, and
// control and bidi characters read as spaces. Only a malformed date is an error
// (Errc::invalid_query), because silently ignoring a filter would answer a different question.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::search {

/// Fields a query may name; `none` is free text.
enum class Field { none, title, author, source, category, tag, date };

struct QueryNode {
    enum class Kind {
        text,    ///< free text: adjacent plain words, analysed together so words can span chunks
        phrase,  ///< "quoted" text: every token, in order, adjacent
        field,   ///< field:value (value in `text`; `phrase` true when it was quoted)
        date,    ///< date range [date_from, date_to] as YYYYMMDD strings (inclusive)
        all,     ///< every child must match (except negated ones, which must not)
        any,     ///< at least one child must match
    };
    Kind kind = Kind::all;
    bool negated = false;
    bool phrase = false;
    Field field = Field::none;
    std::string text;
    std::string date_from, date_to;
    std::vector<QueryNode> children;
};

/// Limits that keep hostile queries cheap.
inline constexpr std::size_t max_query_bytes = 4096;  ///< longer queries are cut at a character
inline constexpr std::size_t max_depth = 16;          ///< deeper parentheses read as grouping-free

/// Parses `query`. The root is always an `all` or `any` node.
/// @throws Error{Errc::invalid_query} for a malformed date value.
QueryNode parse_query(std::string_view query);

/// Replaces control, bidi and other invisible format characters with spaces and cuts the query to
/// max_query_bytes on a character boundary. Invalid UTF-8 is kept for the analyzer (U+FFFD).
std::string clean_query(std::string_view query);

/// Parses a date value: YYYY, YYYY-MM, YYYY-MM-DD or a range A..B (either side may be empty).
/// Returns false when the value is malformed.
bool parse_date_range(std::string_view value, std::string& from, std::string& to);

}  // namespace vnsearch::search
