// SPDX-License-Identifier: Apache-2.0
// Facet counting on local shards without a string per document. A facet column holds, for each
// document of one shard, the facet entries (value and spelling) of one field as small integers;
// it is read once from the shard's value stream and kept until the shard's revision changes.
// Counting a matching document is then an array increment per entry, against a B-tree lookup and
// a std::map insert per document and slot for Xapian's stock ValueCountMatchSpy. The same idea
// as Lucene's doc values ordinals. Remote shards keep the stock spy: a stock xapian-tcpsrv knows
// no other, and counts on its own machine.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/searcher.hpp>

#include "search/facet_fields.hpp"

namespace vnsearch::search {

/// A hash map from strings to numbers that is searched with a std::string_view.
struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Ids = std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>>;

/// The facet entries of one field met on any shard, numbered: an entry is a (filter value,
/// spelling) pair, a key is a filter value. Shared by the shards' columns, so that counts by
/// entry add up across shards without a string.
class FacetDictionary {
public:
    /// The number of the entry named `name` (its bytes in a facet slot value, or a date key),
    /// given one if new.
    std::uint32_t entry(std::string_view name, std::string_view key, std::string_view spelling);

    [[nodiscard]] std::size_t entry_count() const { return entry_key_.size(); }
    [[nodiscard]] std::size_t key_count() const { return key_ids_.size(); }
    [[nodiscard]] std::uint32_t key_of(std::uint32_t entry) const { return entry_key_[entry]; }
    /// How an entry's documents spell its key ("Dân trí", "DÂN TRÍ").
    [[nodiscard]] const std::string& spelling(std::uint32_t entry) const {
        return spellings_[entry];
    }

private:
    Ids key_ids_;
    Ids entry_ids_;
    std::vector<std::uint32_t> entry_key_;
    std::vector<std::string> spellings_;
};

/// One field's facet entries for every document of one shard (a single database), by the
/// shard's own document ids. The year facet reads the month column (year_values()).
class FacetColumn {
public:
    /// Reads `field` (not year) of every document of `shard` from its value stream; entries
    /// numbered in `dictionary`.
    FacetColumn(const Xapian::Database& shard, FacetField field, FacetDictionary& dictionary);

    /// Adds document `did`'s entries to `counts` (by entry number).
    void count(Xapian::docid did, Xapian::doccount* counts) const {
        if (did >= at_.size()) return;
        const std::uint32_t at = at_[did];
        if (at < list) {
            ++counts[at];
        } else if (at != none) {
            const std::uint32_t* l = lists_.data() + (at - list);
            for (const std::uint32_t* e = l + 1; e <= l + *l; ++e) ++counts[*e];
        }
    }

private:
    // What at_[did] holds: no entry (none), one entry's number (below `list`), or `list` plus the
    // offset in lists_ of the document's entries (how many, then each). A document's single
    // entry is read with no second lookup; lists of values met in docid order lie in that order.
    static constexpr std::uint32_t none = ~std::uint32_t{0};
    static constexpr std::uint32_t list = std::uint32_t{1} << 31;
    std::vector<std::uint32_t> at_;
    std::vector<std::uint32_t> lists_;
};

/// The facet columns of the shards a Searcher reads, by the shard's place in its list, its uuid
/// and the revision its handle reads: a new revision reads the column again on first use. Not
/// thread-safe; what it returns may be read from any thread until the next call.
class FacetColumns {
public:
    /// The column of `field` (year: the month column) for shard number `position`, `shard` a
    /// handle on it alone. Read now unless read before at the revision `shard` reads.
    const FacetColumn& get(std::size_t position, const Xapian::Database& shard, FacetField field);
    /// The numbers of the entries of `field` (year: month) in every column of it.
    [[nodiscard]] const FacetDictionary& dictionary(FacetField field) const;
    /// Forgets every column (the Searcher opened other shards).
    void clear() {
        columns_.clear();
        dictionaries_.clear();
    }

private:
    struct Kept {
        std::size_t position = 0;
        FacetField field = FacetField::source;
        std::string uuid;
        std::optional<Xapian::rev> revision;
        std::unique_ptr<const FacetColumn> column;
    };
    std::vector<Kept> columns_;
    std::vector<std::pair<FacetField, std::unique_ptr<FacetDictionary>>> dictionaries_;
};

/// A match spy that counts, for each of `columns` (one shard's), how many documents it is shown
/// have each entry; `sizes` are the entry counts of their dictionaries. Shown only documents of
/// that shard: a spy sees a document by its shard's own id.
class ColumnCounter final : public Xapian::MatchSpy {
public:
    ColumnCounter(std::vector<const FacetColumn*> columns, const std::vector<std::size_t>& sizes);

    void operator()(const Xapian::Document& doc, double weight) override;

    /// For each column, the count of each entry.
    [[nodiscard]] const std::vector<std::vector<Xapian::doccount>>& counts() const {
        return counts_;
    }

private:
    std::vector<const FacetColumn*> columns_;
    std::vector<std::vector<Xapian::doccount>> counts_;
};

/// The `max_values` most frequent keys of `dictionary` under `entry_counts` (0: all), each shown
/// in the spelling most of its documents use (ties: the first in byte order), ordered by count
/// then by that spelling.
[[nodiscard]] std::vector<FacetValue> top_values(const FacetDictionary& dictionary,
                                                 const std::vector<Xapian::doccount>& entry_counts,
                                                 std::size_t max_values);

/// The same for years, from the counts of a month dictionary ("2020-10": a year's months).
[[nodiscard]] std::vector<FacetValue> year_values(const FacetDictionary& months,
                                                  const std::vector<Xapian::doccount>& entry_counts,
                                                  std::size_t max_values);

/// The column a field is counted with: its own, or for year the month column.
[[nodiscard]] inline FacetField column_field(FacetField field) {
    return field == FacetField::year ? FacetField::month : field;
}

}  // namespace vnsearch::search
