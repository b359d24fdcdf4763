// SPDX-License-Identifier: Apache-2.0
// The first pass of a query on two threads. The documents are split by id in two halves (of
// each shard's own ids on a sharded index: search/shard_docids.hpp); the calling thread matches
// the first half, a helper thread the second with its own handle on the same revision of the
// same shards (a Xapian::Database serves one thread), and the two best lists merge. Every
// document's weight is the one a single match gives: both handles see the whole index's statistics.
// The first pass is a third to a half of a query's time, and each half costs about two thirds of
// the whole (each opens every posting list), so the pass ends about a third sooner.
//
// A single match can end with a slightly different list: Xapian's pruning (an OR turned into an
// AND_MAYBE once the weakest kept weight passes a term's bound) skipped, in 4 of 1,046
// news-keywords queries, a document that scores above the 22nd to 30th kept one. Each half keeps
// its own, lower, threshold, and finds them. Estimated match counts are the sums of the halves'.
#pragma once
#include <atomic>
#include <vector>

#include <xapian.h>

#include "search/helper_thread.hpp"
#include "search/ranked_hit.hpp"

namespace vnsearch::search {

/// Below this many documents (the index's last document id) one match is quicker: each half
/// opens every posting list. The default of SplitMatch::min_documents; tests lower it to split
/// a small index searched through a Searcher, and put it back.
inline constexpr Xapian::docid default_split_min_documents = 10000;
inline std::atomic<Xapian::docid> split_min_documents{default_split_min_documents};

/// What a split first pass needs: the helper thread and its database handle, which must be on
/// the same shards in the same order as the calling thread's (document ids interleave by the
/// shard count) and at the same revisions (same_revisions()).
struct SplitMatch {
    HelperThread* helper = nullptr;
    const Xapian::Database* helper_db = nullptr;  ///< used only by the helper thread
    Xapian::docid min_documents = split_min_documents.load();
};

/// True if `a` and `b` are handles on the same shards, in the same order, each at the same
/// revision. False where a shard has no revision to compare (remote or in-memory databases).
bool same_revisions(const Xapian::Database& a, const Xapian::Database& b);

/// Runs `half(part, db)` for both halves of the documents (part 0 and 1 of each shard's ids,
/// shard_part()): part 1 on the helper with its handle, part 0 on the calling thread with `db`
/// (and part 1 too, with `db`, if the helper has not started it by then). `half` must not share
/// Xapian objects between its two calls: Xapian's reference counts are not atomic.
void run_halves(const SplitMatch& split, const Xapian::Database& db,
                const std::function<void(unsigned part, const Xapian::Database& db)>& half);

/// The best `depth` documents of `query` under ranking_weight(), in order (weight, then id), and
/// the match's estimated count and upper bound; `first_half` is the calling thread's own match
/// (for term statistics). Matches on the calling thread and the helper when `split` is given,
/// else on the calling thread alone.
struct FirstPass {
    std::vector<RankedHit> hits;
    Xapian::doccount estimated = 0;
    Xapian::doccount upper_bound = 0;
    Xapian::MSet first_half;
};

FirstPass match_first_pass(const Xapian::Database& db, Xapian::Enquire& enquire,
                           const Xapian::Query& query, Xapian::doccount depth,
                           const SplitMatch* split);

}  // namespace vnsearch::search
