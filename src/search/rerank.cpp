// SPDX-License-Identifier: Apache-2.0
#include "search/rerank.hpp"

#include "search/id_filter.hpp"
#include "search/remote_match.hpp"
#include "search/shard_docids.hpp"
#include "search/split_match.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace vnsearch::search {

namespace {

// Adds the weight of `evidence` (OR-ed: plain terms only, so Xapian's match is exact) to each
// hit's weight. `first` is the match that found the hits (for a remote shard's fallback).
void add_evidence(const Xapian::Database& db, const std::vector<Xapian::Query>& evidence,
                  const Xapian::MSet& first, std::vector<RankedHit>& hits) {
    std::unordered_map<Xapian::docid, std::size_t> index;
    std::vector<Xapian::docid> ids;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        index.emplace(hits[i].did, i);
        ids.push_back(hits[i].did);
    }
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking_weight());
    const Xapian::Query any(Xapian::Query::OP_OR, evidence.begin(), evidence.end());
    // Filtered to the hits by their ids (Xapian 1.4 has no query over a list of ids, and
    // unique-id terms would open one posting list each), which on a sharded index each shard
    // must read in its own ids (search/shard_docids.hpp).
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, any, only_documents(db, std::move(ids))));
    const auto size = static_cast<Xapian::doccount>(hits.size());
    const auto by_id_terms = [&] {
        enquire.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, any, id_term_filter(first, hits)));
        return enquire.get_mset(0, size);
    };
    // A remote shard on a stock xapian-tcpsrv takes no custom posting source
    // (search/id_filter.hpp): an unnamed one fails here, before anything is sent, a named one
    // the server has not registered fails there.
    Xapian::MSet matched;
    try {
        matched = enquire.get_mset(0, size);
    } catch (const Xapian::UnimplementedError&) {
        matched = by_id_terms();
    } catch (const Xapian::SerialisationError&) {
        matched = by_id_terms();
    }
    for (auto it = matched.begin(); it != matched.end(); ++it)
        if (const auto at = index.find(*it); at != index.end())
            hits[at->second].weight += it.get_weight();
}

// Xapian's BM25Weight (weight/bm25weight.cc, no relevance set, wqf 1) for one term, with the
// parameters of ranking_weight(): what the term adds to a document's score.
class TermWeight {
public:
    TermWeight(const Xapian::Database& db, Xapian::doccount termfreq)
        : average_length_(db.get_avlength()) {
        const double n = db.get_doccount();
        double tw = (n - termfreq + 0.5) / (termfreq + 0.5);
        if (tw < 2) tw = tw * 0.5 + 1;
        termweight_ = std::log(tw) * (k1 + 1);
    }
    double operator()(Xapian::termcount wdf, Xapian::termcount length) const {
        const double normlen =
            std::max(average_length_ > 0 ? length / average_length_ : 0.0, min_normlen);
        return termweight_ * wdf / (k1 * (normlen * b + (1 - b)) + wdf);
    }
    static constexpr double k1 = 0.8, b = 0.5, min_normlen = 0.5;  // as ranking_weight()

private:
    double average_length_;
    double termweight_ = 0;
};

// True if each syllable 0..count-1 can take its own position among `candidates` (position,
// syllable; a term that spells two syllables lists its positions once for each).
bool assign(const std::vector<std::pair<Xapian::termpos, std::size_t>>& candidates,
            std::size_t syllable, std::size_t count, std::vector<Xapian::termpos>& taken) {
    if (syllable == count) return true;
    for (const auto& [pos, s] : candidates) {
        if (s != syllable || std::find(taken.begin(), taken.end(), pos) != taken.end()) continue;
        taken.push_back(pos);
        if (assign(candidates, syllable + 1, count, taken)) return true;
        taken.pop_back();
    }
    return false;
}

// True if `positions` (position, syllable; sorted) holds a distinct position for each of the
// `count` syllables within `window` positions: Xapian's OP_NEAR.
bool near_enough(const std::vector<std::pair<Xapian::termpos, std::size_t>>& positions,
                 std::size_t count, unsigned window) {
    std::vector<std::pair<Xapian::termpos, std::size_t>> candidates;
    std::vector<Xapian::termpos> taken;
    for (std::size_t first = 0; first < positions.size(); ++first) {
        candidates.clear();
        for (std::size_t i = first;
             i < positions.size() && positions[i].first - positions[first].first < window; ++i)
            candidates.push_back(positions[i]);
        taken.clear();
        if (assign(candidates, 0, count, taken)) return true;
    }
    return false;
}

// How often each of some terms occurs in each of some hits, from one posting iterator per term
// moved through the hits in document order (a posting list passes a document it lacks cheaply,
// where a position list would be a table lookup).
class TermCounts {
public:
    /// Over remote shards (`remote`; the hits carry their ids), whether each term is there
    /// (wdf 1) from remote_match.hpp's bit masks, instead of reading every posting list whole.
    TermCounts(const Xapian::Database& db, std::vector<std::string> terms,
               const std::vector<RankedHit>& hits, bool remote = false)
        : terms_(std::move(terms)) {
        for (const RankedHit& hit : hits) dids_.push_back(hit.did);
        std::sort(dids_.begin(), dids_.end());
        dids_.erase(std::unique(dids_.begin(), dids_.end()), dids_.end());
        for (std::size_t t = 0; t < terms_.size(); ++t) index_.emplace(terms_[t], t);
        wdf_.assign(dids_.size() * terms_.size(), 0);
        if (remote) {
            const auto present = terms_present(db, terms_, hits);
            for (std::size_t h = 0; h < dids_.size(); ++h)
                for (std::size_t t = 0; t < terms_.size(); ++t)
                    wdf_[h * terms_.size() + t] = present.at(dids_[h])[t] ? 1 : 0;
            return;
        }
        for (std::size_t t = 0; t < terms_.size(); ++t) {
            const Xapian::PostingIterator end = db.postlist_end(terms_[t]);
            Xapian::PostingIterator p = db.postlist_begin(terms_[t]);
            for (std::size_t h = 0; h < dids_.size() && p != end; ++h) {
                p.skip_to(dids_[h]);
                if (p != end && *p == dids_[h]) wdf_[h * terms_.size() + t] = p.get_wdf();
            }
        }
    }

    /// The wdf of each term in `did` (one of the hits), in the order of the terms given.
    [[nodiscard]] const Xapian::termcount* row(Xapian::docid did) const {
        const auto h = static_cast<std::size_t>(std::lower_bound(dids_.begin(), dids_.end(), did) -
                                                dids_.begin());
        return &wdf_[h * terms_.size()];
    }
    /// The wdf of `term` in `did` (one of the hits); 0 if the term was not counted.
    [[nodiscard]] Xapian::termcount wdf_of(Xapian::docid did, const std::string& term) const {
        const auto it = index_.find(term);
        return it == index_.end() ? 0 : row(did)[it->second];
    }
    /// The index of `term` among the terms given (which must include it).
    [[nodiscard]] std::size_t index(const std::string& term) const { return index_.at(term); }
    [[nodiscard]] const std::vector<std::string>& terms() const { return terms_; }

private:
    std::vector<std::string> terms_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Xapian::docid> dids_;
    std::vector<Xapian::termcount> wdf_;  // hit-major: wdf_[h * terms + t]
};

// Every distinct term of the pairs, once.
std::vector<std::string> pair_terms(const std::vector<ProximityPair>& pairs) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (const ProximityPair& pair : pairs)
        for (const auto& spellings : pair.syllables)
            for (const std::string& term : spellings)
                if (seen.insert(term).second) out.push_back(term);
    return out;
}

// One hit's counts, and its positions of each term, read once and only when a pair needs them.
class TermsAtHit {
public:
    TermsAtHit(const Xapian::Database& db, const TermCounts& counts, Xapian::docid did)
        : db_(db),
          counts_(counts),
          did_(did),
          wdf_(counts.row(did)),
          positions_(counts.terms().size()),
          read_(counts.terms().size()) {}

    [[nodiscard]] Xapian::termcount wdf(std::size_t t) const { return wdf_[t]; }
    const std::vector<Xapian::termpos>& positions(std::size_t t) {
        if (!read_[t]) {
            const std::string& term = counts_.terms()[t];
            positions_[t].assign(db_.positionlist_begin(did_, term),
                                 db_.positionlist_end(did_, term));
            read_[t] = true;
        }
        return positions_[t];
    }

private:
    const Xapian::Database& db_;
    const TermCounts& counts_;
    Xapian::docid did_;
    const Xapian::termcount* wdf_;
    std::vector<std::vector<Xapian::termpos>> positions_;
    std::vector<bool> read_;
};

// True if the current hit has a spelling of each syllable of the pair within `window`.
bool pair_is_near(const std::vector<std::vector<std::size_t>>& syllables, unsigned window,
                  TermsAtHit& at) {
    const auto present = [&](const std::vector<std::size_t>& ids) {
        return std::any_of(ids.begin(), ids.end(), [&](std::size_t t) { return at.wdf(t) > 0; });
    };
    if (!std::all_of(syllables.begin(), syllables.end(), present)) return false;
    std::vector<std::pair<Xapian::termpos, std::size_t>> positions;
    for (std::size_t k = 0; k < syllables.size(); ++k)
        for (const std::size_t t : syllables[k])
            if (at.wdf(t) > 0)
                for (const Xapian::termpos pos : at.positions(t)) positions.emplace_back(pos, k);
    std::sort(positions.begin(), positions.end());
    return near_enough(positions, syllables.size(), window);
}

// add_proximity() with the counts of (at least) the pairs' terms in (at least) the hits.
void add_proximity(const Xapian::Database& db, const std::vector<ProximityPair>& pairs,
                   std::vector<RankedHit>& hits, const TermFrequency& termfreq,
                   const TermCounts& counts) {
    // Each pair's syllables as the indexes of their spellings among the counted terms.
    std::vector<std::vector<std::vector<std::size_t>>> ids(pairs.size());
    for (std::size_t p = 0; p < pairs.size(); ++p)
        for (const auto& spellings : pairs[p].syllables) {
            auto& syllable = ids[p].emplace_back();
            for (const std::string& term : spellings) syllable.push_back(counts.index(term));
        }
    std::vector<std::optional<TermWeight>> weights(counts.terms().size());
    std::vector<std::pair<Xapian::docid, std::size_t>> sorted;
    for (std::size_t i = 0; i < hits.size(); ++i) sorted.emplace_back(hits[i].did, i);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [did, h] : sorted) {
        TermsAtHit at(db, counts, did);
        Xapian::termcount length = 0;
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            if (!pair_is_near(ids[p], pairs[p].window, at)) continue;
            if (length == 0) length = db.get_doclength(did);
            for (const auto& syllable : ids[p])
                for (const std::size_t t : syllable) {
                    if (at.wdf(t) == 0) continue;
                    if (!weights[t]) weights[t].emplace(db, termfreq(counts.terms()[t]));
                    hits[h].weight += pairs[p].factor * (*weights[t])(at.wdf(t), length);
                }
        }
    }
}

// Whether `built` asks for coordination (it needs two content syllables to tell documents apart).
bool coordinated(const BuiltQuery& built) {
    return built.coordination > 0 && built.coverage.size() > 1;
}

// Multiplies each hit's weight by 1 + c * (the share of `coverage` it has: a syllable counts if
// the hit has any of its spellings). Weights only grow, so the hits stay above those not
// coordinated, as they were.
void coordinate(const std::vector<std::vector<std::string>>& coverage, double c,
                const TermCounts& counts, std::vector<RankedHit>& hits) {
    const auto n = static_cast<double>(coverage.size());
    for (RankedHit& hit : hits) {
        const Xapian::termcount* wdf = counts.row(hit.did);
        std::size_t has = 0;
        for (const auto& spellings : coverage)
            has += std::any_of(spellings.begin(), spellings.end(), [&](const std::string& term) {
                return wdf[counts.index(term)] > 0;
            });
        hit.weight *= 1 + c * static_cast<double>(has) / n;
    }
}

}  // namespace

// Proximity is computed by our own code over the hits' postings and position lists (see
// TermCounts, TermsAtHit). (Matching each pair with Xapian's OP_NEAR gives the same weights but
// opens every posting list again for each pair; OR-ing the pairs into one query is wrong, see
// rerank.hpp.)
void add_proximity(const Xapian::Database& db, const std::vector<ProximityPair>& pairs,
                   std::vector<RankedHit>& hits, const TermFrequency& termfreq) {
    add_proximity(db, pairs, hits, termfreq, TermCounts(db, pair_terms(pairs), hits));
}

// Every pair of a long question costs position reads in every reranked document, and pairs of
// common words say little.
std::vector<ProximityPair> informative_pairs(const Xapian::Database& db, const BuiltQuery& built,
                                             const TermFrequency& termfreq) {
    const std::size_t keep = proximity_checks / min_proximity_depth;
    if (!built.accented || built.proximity.size() <= keep) return built.proximity;
    std::vector<std::pair<double, std::size_t>> by_weight;
    for (std::size_t p = 0; p < built.proximity.size(); ++p) {
        double weight = 0;
        for (const auto& spellings : built.proximity[p].syllables) {
            double best = 0;  // of one occurrence: in the order of the spellings' rarity
            for (const std::string& term : spellings)
                best = std::max(best, TermWeight(db, termfreq(term))(1, 1));
            weight += best;
        }
        by_weight.emplace_back(-weight, p);
    }
    std::stable_sort(by_weight.begin(), by_weight.end());
    by_weight.resize(keep);
    std::sort(by_weight.begin(), by_weight.end(),
              [](const auto& x, const auto& y) { return x.second < y.second; });
    std::vector<ProximityPair> out;
    for (const auto& [weight, p] : by_weight) out.push_back(built.proximity[p]);
    return out;
}

namespace {

// Adds to each hit's weight the weight of `evidence` and of every proximity pair in the hit,
// and sorts the hits by weight (ties by document id, as Xapian orders them). `first` is (a half
// of) the first pass: its statistics give the terms' frequencies.
// Returns true if one of the hits provably matches `built.strict` (from the counted terms).
// Over remote shards (`remote`: the hits carry their ids), the terms' presence and proximity
// come from matches (remote_match.hpp).
bool rerank(const Xapian::Database& db, const BuiltQuery& built, const Xapian::MSet& first,
            std::vector<RankedHit>& hits, bool remote) {
    // An index written before the id slot carries no ids: read as on local shards.
    remote = remote && std::all_of(hits.begin(), hits.end(),
                                   [](const RankedHit& hit) { return !hit.id.empty(); });
    if (!built.evidence.empty()) {
        add_evidence(db, built.evidence, first, hits);
        std::sort(hits.begin(), hits.end(), ranks_before);
    }
    const bool coordinate_hits = coordinated(built);
    if (built.proximity.empty() && !coordinate_hits) return false;
    // Term frequencies from the first pass's statistics (its query has every proximity term).
    const TermFrequency termfreq = [&](const std::string& term) {
        return first.get_termfreq(term);
    };
    const std::vector<ProximityPair> pairs = informative_pairs(db, built, termfreq);
    // Proximity, the costlier evidence, reranks only the best of those.
    const std::size_t depth =
        std::min(pairs.empty() ? min_proximity_depth : proximity_depth(built), hits.size());
    std::vector<RankedHit> best(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(depth));
    // One count of the terms in the hits serves both: the pairs' terms are content syllables.
    std::vector<std::string> terms = pair_terms(pairs);
    if (coordinate_hits) {
        std::unordered_set<std::string> seen(terms.begin(), terms.end());
        for (const auto& spellings : built.coverage)
            for (const std::string& term : spellings)
                if (seen.insert(term).second) terms.push_back(term);
    }
    const TermCounts counts(db, std::move(terms), best, remote);
    if (remote)
        add_proximity_by_match(db, pairs, best);
    else if (!pairs.empty())
        add_proximity(db, pairs, best, termfreq, counts);
    if (coordinate_hits) coordinate(built.coverage, built.coordination, counts, best);
    std::sort(best.begin(), best.end(), ranks_before);
    std::copy(best.begin(), best.end(), hits.begin());
    if (!coordinate_hits) return false;
    // Usually the best hit has every word; the counts show it without reading its termlist.
    return std::any_of(best.begin(), best.end(), [&](const RankedHit& hit) {
        return satisfied(built.strict, [&](const std::string& term) {
                   return counts.wdf_of(hit.did, term) > 0;
               }) == true;
    });
}

}  // namespace

Xapian::doccount rerank_depth(const BuiltQuery& built) {
    return built.accented ? accented_rerank_depth : unaccented_rerank_depth;
}

std::size_t proximity_depth(const BuiltQuery& built) {
    if (!built.accented) return unaccented_rerank_depth;
    const std::size_t pairs = std::max<std::size_t>(built.proximity.size(), 1);
    return std::clamp<std::size_t>(proximity_checks / pairs, min_proximity_depth,
                                   accented_rerank_depth);
}

namespace {

std::vector<RankedHit> page_of(const std::vector<RankedHit>& hits, Xapian::doccount offset,
                               Xapian::doccount limit) {
    const std::size_t from = std::min<std::size_t>(offset, hits.size());
    const std::size_t to = std::min<std::size_t>(from + limit, hits.size());
    return {hits.begin() + static_cast<std::ptrdiff_t>(from),
            hits.begin() + static_cast<std::ptrdiff_t>(to)};
}

}  // namespace

RankedPage rank_page(const Xapian::Database& db, Xapian::Enquire& enquire, const BuiltQuery& built,
                     bool by_relevance, Xapian::doccount offset, Xapian::doccount limit,
                     const FirstPassHook& before_rerank, const SplitMatch* split, bool remote) {
    RankedPage out;
    enquire.set_query(built.ranked);
    const Xapian::doccount depth = rerank_depth(built);
    const bool rerank = by_relevance && limit > 0 && offset < depth &&
                        !(built.evidence.empty() && built.proximity.empty() && !coordinated(built));
    if (!rerank) {
        const Xapian::MSet mset = enquire.get_mset(offset, limit);
        out.estimated_total = mset.get_matches_estimated();
        out.upper_bound = mset.get_matches_upper_bound();
        out.hits = hits_of(mset);
        return out;
    }
    FirstPass first =
        match_first_pass(db, enquire, built.ranked, std::max(depth, offset + limit), split);
    out.estimated_total = first.estimated;
    out.upper_bound = first.upper_bound;
    out.hits = std::move(first.hits);
    if (before_rerank) before_rerank(page_of(out.hits, offset, limit));
    std::vector<RankedHit> best(
        out.hits.begin(), out.hits.begin() + static_cast<std::ptrdiff_t>(
                                                 std::min<std::size_t>(depth, out.hits.size())));
    out.full_match_seen = search::rerank(db, built, first.first_half, best, remote);
    std::copy(best.begin(), best.end(), out.hits.begin());
    out.hits = page_of(out.hits, offset, limit);
    return out;
}

}  // namespace vnsearch::search
