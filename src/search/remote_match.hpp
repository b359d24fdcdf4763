// SPDX-License-Identifier: Apache-2.0
// Reads for a page over remote shards in a bounded number of exchanges. Xapian 1.4's remote
// backend answers each document, termlist, position list or posting list read with its own round
// trip (and a posting list is sent whole, a message a posting); MSet::fetch() pipelines nothing
// there (Database::Internal::request_document is a no-op in 1.4). A match, though, is sent to
// every shard at once and answered by each in parallel: two round trips for any number of
// documents. So over remote shards the search asks matches for what it would otherwise read:
// - each hit's id travels as the match's collapse key (index::id_slot; ids are unique, so no
//   document is collapsed), which names the hits to later matches by their Q terms;
// - the stored records of a page travel the same way, as the collapse keys of a match over the
//   page's Q terms (index::stored_slot);
// - which of the rerank's terms each reranked hit has is a bit mask: a match of
//   OR(AND(FixedWeightPostingSource(2^k), term k)) over the hits, with BoolWeight, scores each
//   hit with the sum of its terms' bits (exact in a double up to 2^52);
// - proximity is Xapian's OP_NEAR, one match per proximity pair over the hits (rerank.hpp: matched
//   one pair at a time it gives add_proximity()'s weights), at most proximity_checks /
//   min_proximity_depth pairs for a query typed with diacritics.
// Every posting source and weight here is one a stock xapian-tcpsrv has registered.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "search/query_builder.hpp"
#include "search/ranked_hit.hpp"
#include "store/stored_article.hpp"

namespace vnsearch::search {

/// Makes `enquire`'s matches carry each hit's id (RankedHit::id, through hits_of()).
void carry_ids(Xapian::Enquire& enquire);

/// OP_OR of the unique-id terms of `hits`, which must all carry their ids.
[[nodiscard]] Xapian::Query id_terms(const std::vector<RankedHit>& hits);

/// The stored records (index::stored_slot) of those of `hits` that carry their ids, by
/// document id, from one match; a document whose record is in its data instead is left out.
[[nodiscard]] std::unordered_map<Xapian::docid, store::StoredRecord> fetch_records(
    const Xapian::Database& db, const std::vector<RankedHit>& hits);

/// For each of `hits` (which carry their ids), a bit per term of `terms` (in order): whether the
/// hit has it. One match per 52 terms.
[[nodiscard]] std::unordered_map<Xapian::docid, std::vector<bool>> terms_present(
    const Xapian::Database& db, const std::vector<std::string>& terms,
    const std::vector<RankedHit>& hits);

/// add_proximity() by Xapian's OP_NEAR: one match per pair over `hits` (which carry their ids).
void add_proximity_by_match(const Xapian::Database& db, const std::vector<ProximityPair>& pairs,
                            std::vector<RankedHit>& hits);

}  // namespace vnsearch::search
