// SPDX-License-Identifier: Apache-2.0
// Every document of one shard that matches an unweighted query, as a bitmap by the shard's own
// document ids, for facet counting (search/facets.hpp). Xapian's matcher spends about 150 ns on
// each matching document of a keyword query's OR of spellings (merging posting lists, one
// virtual call per level); reading each posting list straight into a bitmap and combining the
// bitmaps word by word costs a third to a half of that on vietnews-150k. Boolean operators over
// terms are evaluated here; any other part of a query (a phrase, a value range) by an
// unweighted Xapian match of that part alone.
#pragma once
#include <cstdint>
#include <vector>

#include <xapian.h>

namespace vnsearch::search {

/// A set of document ids of one shard: bit `did % 64` of word `did / 64`.
using DocBits = std::vector<std::uint64_t>;

/// True if a bitmap is the cheaper way to walk `query` on `shard`: its terms' posting lists
/// hold at least one entry for every 64 document ids (a bitmap's every word is read once or
/// more; a sparse query on a large shard is cheaper in Xapian's matcher).
[[nodiscard]] bool bits_pay(const Xapian::Database& shard, const Xapian::Query& query);

/// The documents of `shard` (a single database, not several) that `query` matches, weights
/// aside: what an unweighted Xapian match of `query` on `shard` finds.
[[nodiscard]] DocBits matching_bits(const Xapian::Database& shard, const Xapian::Query& query);

/// Calls `f(did)` for each document in `bits`, in id order.
template <class F>
void for_each_doc(const DocBits& bits, F&& f) {
    for (std::size_t w = 0; w < bits.size(); ++w)
        for (std::uint64_t word = bits[w]; word != 0; word &= word - 1)
            f(static_cast<Xapian::docid>(w * 64 + static_cast<unsigned>(__builtin_ctzll(word))));
}

}  // namespace vnsearch::search
