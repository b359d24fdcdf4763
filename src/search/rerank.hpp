// SPDX-License-Identifier: Apache-2.0
// Ranking in two passes. Some evidence only reorders documents that already score well: the
// words in the summary, stopwords beside content words, proximity, and coordination (the share
// of the query's content syllables a document has; BuiltQuery::evidence, ::proximity and
// ::coverage). Matched over every candidate, it costs as much as the rest of the match (summary
// terms double the posting lists; proximity reads position lists). So the ranked query alone
// picks the best `rerank_depth` documents, and the evidence is added to those only. Proximity
// and coordination, which count the query's terms in each document, reorder only the best
// `proximity_depth` of them (at least `min_proximity_depth`).
//
// Proximity is computed here, not by Xapian's OP_NEAR: OR-ed into a query, Xapian 1.4's OR asks
// the positional subquery whether it matches a given document (PostList::check), and can count
// its weight when only its terms are there; scores then depend on which other documents are in
// the match. Matched one pair at a time it is exact, and add_proximity() gives the same weights
// (tests/search/rerank_test.cpp) at half the cost.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/query_builder.hpp"
#include "search/ranked_hit.hpp"

namespace vnsearch::search {

/// How many of the first pass's best documents the evidence reranks (at least the page asked
/// for); documents below keep their order (the evidence only adds weight). A query typed with
/// diacritics matches its words' own spellings, and its first pass is precise enough that
/// reranking beyond 30 changes nothing measurable; an unaccented query matches every spelling
/// and gains from 100 (see bench/README.md, Relevance).
inline constexpr Xapian::doccount accented_rerank_depth = 30;
inline constexpr Xapian::doccount unaccented_rerank_depth = 100;
/// Proximity reranks fewer, as reading position lists is costly (see bench/README.md, Latency):
/// for a query typed with diacritics, about `proximity_checks` (pair, document) checks, within
/// these bounds (below 10 documents relevance falls); for an unaccented one, the whole rerank
/// depth.
inline constexpr std::size_t proximity_checks = 120;
inline constexpr std::size_t min_proximity_depth = 10;

/// One page of ranked hits and the counts of the whole match.
struct RankedPage {
    std::vector<RankedHit> hits;
    Xapian::doccount estimated_total = 0;
    Xapian::doccount upper_bound = 0;
    /// A reranked hit provably matches the strict query (BuiltQuery::strict), from the terms
    /// counted for coordination: then not all the results are partial. False says nothing.
    bool full_match_seen = false;
};

/// How many of the first pass's best documents the evidence reranks for `built`.
Xapian::doccount rerank_depth(const BuiltQuery& built);
/// How many of those proximity reranks.
std::size_t proximity_depth(const BuiltQuery& built);

/// Adds to each of `hits` the weight of every pair of `pairs` it has: the pair's factor times
/// the BM25 weights (ranking_weight()) of the pair's terms in it, where a spelling of each of
/// its syllables occurs within the window, at distinct positions (Xapian's OP_NEAR, scaled).
/// `termfreq` gives each term's document frequency (from a match's statistics, or the database).
using TermFrequency = std::function<Xapian::doccount(const std::string&)>;
void add_proximity(const Xapian::Database& db, const std::vector<ProximityPair>& pairs,
                   std::vector<RankedHit>& hits, const TermFrequency& termfreq);

/// The proximity pairs of `built` worth their position reads: all of them, except in a long query
/// typed with diacritics, where only the `proximity_checks / min_proximity_depth` pairs of the
/// rarest words (the highest sum of their syllables' BM25 term weights, from `termfreq`) are
/// kept, in query order: on the dev sets this changes no first hit and no relevance figure, and
/// cuts the slowest long queries (see bench/README.md, Latency).
std::vector<ProximityPair> informative_pairs(const Xapian::Database& db, const BuiltQuery& built,
                                             const TermFrequency& termfreq);

/// Called with the first pass's hits [offset, offset + limit) before the evidence reranks them:
/// most of them stay on the page, so work on them can start early (search/helper_thread.hpp).
using FirstPassHook = std::function<void(const std::vector<RankedHit>&)>;

struct SplitMatch;

/// The hits [offset, offset + limit) of `built.ranked` in `enquire`'s order (weighting scheme and
/// sort order set on it), reranked with the evidence when `by_relevance`. `enquire` is left with
/// `built.ranked` as its query. `before_rerank`, if set, is called when a rerank follows. The
/// first pass of a rerank runs on two threads when `split` is given (search/split_match.hpp).
/// `remote`: `db` has remote shards and `enquire` carries the hits' ids (remote_match.hpp), and
/// the rerank reads through matches.
RankedPage rank_page(const Xapian::Database& db, Xapian::Enquire& enquire, const BuiltQuery& built,
                     bool by_relevance, Xapian::doccount offset, Xapian::doccount limit,
                     const FirstPassHook& before_rerank = {}, const SplitMatch* split = nullptr,
                     bool remote = false);

}  // namespace vnsearch::search
