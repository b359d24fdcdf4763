// SPDX-License-Identifier: Apache-2.0
// Facet counts: how many of a query's matching documents have each value of a field, read from
// the facet slots (index/term_scheme.hpp) in a walk of its own over every matching document,
// unweighted, so the counts are exact whatever the page, and the same on a sharded index as on
// one database holding the same documents. Local shards count with facet columns
// (search/facet_columns.hpp) over a bitmap of the matches (search/match_bits.hpp) or, for a
// sparse query, a Xapian match; an index with a remote shard with Xapian's stock
// ValueCountMatchSpy, the one spy a stock xapian-tcpsrv knows, in a match that examines every
// document (check_at_least = the document count).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include <vnsearch/searcher.hpp>

#include "search/facet_fields.hpp"

namespace vnsearch::search {

/// The fields named by SearchOptions::facets, in order.
/// @throws Error{Errc::invalid_input} for an unknown or repeated name.
std::vector<FacetField> facet_fields(const std::vector<std::string>& names);

/// The facets of the documents matching `query` in `db`, and how many there are.
struct FacetCounts {
    std::vector<Facet> facets;  ///< one per field, in the order of `fields`
    Xapian::doccount matches = 0;
};

class FacetColumns;

/// Counts `fields` over every document matching `query`; keeps the `max_values` most frequent
/// values of each (0: all). With `columns`, every shard of `db` must be local: counted with the
/// columns it keeps (read on first use), on this thread; without, with stock spies (one match
/// over every shard, remote ones counting on their servers).
FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<FacetField>& fields, std::size_t max_values,
                         FacetColumns* columns = nullptr);

/// @throws Error{Errc::invalid_query} if `fields` needs the facet slots and `db` was written
/// by a scheme without them (an index made before facets, not yet indexed again).
void require_facet_slots(const Xapian::Database& db, const std::vector<FacetField>& fields);

/// The facets of `fields` with no values (a query that matches nothing).
std::vector<Facet> empty_facets(const std::vector<FacetField>& fields);

}  // namespace vnsearch::search
