// SPDX-License-Identifier: Apache-2.0
// Facet counts: how many of a query's matching documents have each value of a field. Counted
// by Xapian's stock ValueCountMatchSpy over the facet slots (index/term_scheme.hpp), in a match
// of its own that examines every matching document (check_at_least = the document count)
// without weighing them, so the counts are exact whatever the page, and the same on a sharded
// index (local or remote shards on a stock xapian-tcpsrv, whose registry knows only stock
// spies) as on one database holding the same documents.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include <vnsearch/searcher.hpp>

namespace vnsearch::search {

enum class FacetField { source, category, author, tag, year, month };

/// The fields named by SearchOptions::facets, in order.
/// @throws Error{Errc::invalid_input} for an unknown or repeated name.
std::vector<FacetField> facet_fields(const std::vector<std::string>& names);

/// The facets of the documents matching `query` in `db`, and how many there are.
struct FacetCounts {
    std::vector<Facet> facets;  ///< one per field, in the order of `fields`
    Xapian::doccount matches = 0;
};

struct SplitMatch;

/// Counts `fields` over every document matching `query`; keeps the `max_values` most frequent
/// values of each (0: all). With `split`, each half of the documents is counted on its own
/// thread (search/split_match.hpp), as the first pass is.
FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<FacetField>& fields, std::size_t max_values,
                         const SplitMatch* split = nullptr);

/// The facets of `fields` with no values (a query that matches nothing).
std::vector<Facet> empty_facets(const std::vector<FacetField>& fields);

}  // namespace vnsearch::search
