// SPDX-License-Identifier: Apache-2.0
// Whether a query's strict form (BuiltQuery::strict: every word, every phrase as written) has a
// match, decided cheaply: SearchResults::partial says the hits are the best partial matches when
// none has. The ranked query carries weight-only parts (field evidence, optional terms, scaling)
// that an unweighted yes/no test does not need; match_only() rewrites a query without them.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

#include "search/ranked_hit.hpp"

namespace vnsearch::search {

/// True if every document matching `c` (an OR/SYNONYM child) matches one of its `siblings`: `c`
/// is made of S<t>/XSUM<t> terms whose plain <t> is a sibling leaf. The index writes <t> wherever
/// it writes S<t> or XSUM<t> (docs/index-scheme.md), so such field evidence never widens a match.
[[nodiscard]] bool covered_field_evidence(const Xapian::Query& c,
                                          const std::vector<Xapian::Query>& siblings);

/// `q` with only what decides whether a document matches: the optional side of AND_MAYBE, weight
/// scaling and field evidence covered by its plain terms are dropped. Used for the unweighted
/// "does any document have every word" test, where they only cost time.
[[nodiscard]] Xapian::Query match_only(const Xapian::Query& q);

/// True if some document matches `q` (an unweighted match of match_only(q) that stops at the
/// first document).
[[nodiscard]] bool has_match(const Xapian::Database& db, const Xapian::Query& q);

/// True if the first of `hits` provably matches `strict`, from the terms it has (one termlist
/// read, against a second match that opens every posting list again).
[[nodiscard]] bool top_hit_is_full(const Xapian::Database& db, const std::vector<RankedHit>& hits,
                                   const Xapian::Query& strict);

}  // namespace vnsearch::search
