// SPDX-License-Identifier: Apache-2.0
#include "search/remote_match.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "index/term_scheme.hpp"

namespace vnsearch::search {

namespace {

constexpr unsigned bits_per_match = 52;  // sums of distinct powers of two below 2^52 are exact

std::unordered_map<Xapian::docid, std::size_t> positions_of(const std::vector<RankedHit>& hits) {
    std::unordered_map<Xapian::docid, std::size_t> at;
    for (std::size_t i = 0; i < hits.size(); ++i) at.emplace(hits[i].did, i);
    return at;
}

}  // namespace

void carry_ids(Xapian::Enquire& enquire) {
    enquire.set_collapse_key(index::id_slot, std::numeric_limits<Xapian::doccount>::max());
}

Xapian::Query id_terms(const std::vector<RankedHit>& hits) {
    std::vector<std::string> terms;
    terms.reserve(hits.size());
    for (const RankedHit& hit : hits) terms.push_back(std::string(index::id_prefix) + hit.id);
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

std::unordered_map<Xapian::docid, store::StoredRecord> fetch_records(
    const Xapian::Database& db, const std::vector<RankedHit>& hits) {
    std::vector<RankedHit> named;
    for (const RankedHit& hit : hits)
        if (!hit.id.empty()) named.push_back(hit);
    std::unordered_map<Xapian::docid, store::StoredRecord> out;
    if (named.empty()) return out;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_collapse_key(index::stored_slot, std::numeric_limits<Xapian::doccount>::max());
    enquire.set_query(id_terms(named));
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(named.size()));
    for (auto it = mset.begin(); it != mset.end(); ++it)
        if (std::string record = it.get_collapse_key(); !record.empty())
            out.emplace(*it, store::StoredRecord{std::move(record), true});
    return out;
}

std::unordered_map<Xapian::docid, std::vector<bool>> terms_present(
    const Xapian::Database& db, const std::vector<std::string>& terms,
    const std::vector<RankedHit>& hits) {
    std::unordered_map<Xapian::docid, std::vector<bool>> out;
    for (const RankedHit& hit : hits) out[hit.did].assign(terms.size(), false);
    if (terms.empty() || hits.empty()) return out;
    const Xapian::Query only_hits = id_terms(hits);
    // Not BoolWeight, which zeroes posting sources' weights too: each term is scaled to 0.
    Xapian::Enquire enquire(db);
    for (std::size_t first = 0; first < terms.size(); first += bits_per_match) {
        const std::size_t end = std::min(terms.size(), first + bits_per_match);
        std::vector<Xapian::Query> flagged;
        for (std::size_t t = first; t < end; ++t) {
            // released: the query owns the source
            auto* bit =
                new Xapian::FixedWeightPostingSource(std::ldexp(1.0, static_cast<int>(t - first)));
            flagged.emplace_back(
                Xapian::Query::OP_AND, Xapian::Query(bit->release()),
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(terms[t]), 0.0));
        }
        enquire.set_query(Xapian::Query(
            Xapian::Query::OP_FILTER,
            Xapian::Query(Xapian::Query::OP_OR, flagged.begin(), flagged.end()), only_hits));
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const auto found = out.find(*it);
            if (found == out.end()) continue;
            auto mask = static_cast<std::uint64_t>(it.get_weight());
            for (std::size_t t = first; t < end; ++t, mask >>= 1)
                found->second[t] = (mask & 1) != 0;
        }
    }
    return out;
}

void add_proximity_by_match(const Xapian::Database& db, const std::vector<ProximityPair>& pairs,
                            std::vector<RankedHit>& hits) {
    if (pairs.empty() || hits.empty()) return;
    const std::unordered_map<Xapian::docid, std::size_t> at = positions_of(hits);
    const Xapian::Query only_hits = id_terms(hits);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking_weight());
    for (const ProximityPair& pair : pairs) {
        std::vector<Xapian::Query> syllables;
        for (const auto& spellings : pair.syllables)
            syllables.emplace_back(Xapian::Query::OP_OR, spellings.begin(), spellings.end());
        const Xapian::Query near(Xapian::Query::OP_NEAR, syllables.begin(), syllables.end(),
                                 pair.window);
        enquire.set_query(Xapian::Query(
            Xapian::Query::OP_FILTER,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, pair.factor), only_hits));
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
        for (auto it = mset.begin(); it != mset.end(); ++it)
            if (const auto found = at.find(*it); found != at.end())
                hits[found->second].weight += it.get_weight();
    }
}

}  // namespace vnsearch::search
