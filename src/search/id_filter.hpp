// SPDX-License-Identifier: Apache-2.0
// A filter to a given set of hits that a stock xapian-tcpsrv can run. A custom PostingSource
// over document ids cannot reach a remote shard: Xapian 1.4 serialises the query for it, and a
// source without a name() throws Xapian::UnimplementedError ("serialise() not supported for this
// PostingSource"); one with a name the server has not registered fails on the server. Each
// document's unique-id term (index::id_prefix) is a boolean term every server knows, and a
// document id seen by one match means the same document to every handle that lists the same
// shards in the same order.
#pragma once
#include <vector>

#include <xapian.h>

#include "search/ranked_hit.hpp"

namespace vnsearch::search {

/// OP_OR of the unique-id terms of `hits`, each of which must be a document of `match` (the
/// match that found them). The ids come from the id value slot of `match`'s documents, fetched
/// together (Xapian::MSet::fetch: one pipelined exchange per remote shard), or from a
/// document's termlist where the slot is empty.
[[nodiscard]] Xapian::Query id_term_filter(const Xapian::MSet& match,
                                           const std::vector<RankedHit>& hits);

}  // namespace vnsearch::search
