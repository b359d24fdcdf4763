// SPDX-License-Identifier: Apache-2.0
// A ranked hit and the order of a ranked list, shared by the first pass (search/split_match.hpp)
// and the rerank that follows it (search/rerank.hpp): both merge and sort lists that must come
// out as one Xapian match would order them.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

namespace vnsearch::search {

struct RankedHit {
    Xapian::docid did = 0;
    double weight = 0;
    /// The document's id (index::id_slot) when the match carried it as its collapse key (over
    /// remote shards: see remote_match.hpp), else empty.
    std::string id{};
};

/// Xapian's order of a match: higher weight first, then lower document id.
inline bool ranks_before(const RankedHit& x, const RankedHit& y) {
    return x.weight != y.weight ? x.weight > y.weight : x.did < y.did;
}

/// The hits of `mset`, in its order.
inline std::vector<RankedHit> hits_of(const Xapian::MSet& mset) {
    std::vector<RankedHit> hits;
    hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        hits.push_back({*it, it.get_weight(), it.get_collapse_key()});
    return hits;
}

}  // namespace vnsearch::search
