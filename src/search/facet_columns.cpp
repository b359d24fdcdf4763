// SPDX-License-Identifier: Apache-2.0
#include "search/facet_columns.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "index/term_scheme.hpp"

namespace vnsearch::search {

std::uint32_t FacetDictionary::entry(std::string_view name, std::string_view key,
                                     std::string_view spelling) {
    if (const auto it = entry_ids_.find(name); it != entry_ids_.end()) return it->second;
    std::uint32_t k = 0;
    if (const auto it = key_ids_.find(key); it != key_ids_.end()) {
        k = it->second;
    } else {
        k = static_cast<std::uint32_t>(key_ids_.size());
        key_ids_.emplace(std::string(key), k);
    }
    const auto id = static_cast<std::uint32_t>(entry_key_.size());
    entry_ids_.emplace(std::string(name), id);
    entry_key_.push_back(k);
    spellings_.emplace_back(spelling);
    return id;
}

FacetColumn::FacetColumn(const Xapian::Database& shard, FacetField field,
                         FacetDictionary& dictionary) {
    const Xapian::valueno slot = facet_slot(field);
    at_.assign(static_cast<std::size_t>(shard.get_lastdocid()) + 1, none);
    std::vector<std::uint32_t> entries;
    const auto code_of = [&](std::string_view value) {
        entries.clear();
        if (field == FacetField::month) {
            const std::string key = date_facet_key(value, field);
            if (!key.empty()) entries.push_back(dictionary.entry(key, key, key));
        } else {
            for (const index::FacetEntry& e : index::facet_entries(value)) {
                // The entry's own bytes in the value (filter, 0xFE, display) name it.
                const std::string_view name(
                    e.filter.data(), static_cast<std::size_t>(e.display.data() - e.filter.data()) +
                                         e.display.size());
                entries.push_back(dictionary.entry(name, e.filter, e.display));
            }
        }
        if (entries.empty()) return none;
        if (entries.size() == 1) return entries.front();
        const auto at = list + static_cast<std::uint32_t>(lists_.size());
        lists_.push_back(static_cast<std::uint32_t>(entries.size()));
        lists_.insert(lists_.end(), entries.begin(), entries.end());
        return at;
    };
    // The codes of the first distinct slot values, each decoded once: sources, categories and
    // dates repeat; tag lists mostly do not, and remembering every one would cost more than
    // decoding it.
    constexpr std::size_t remembered = 256;
    Ids codes;
    std::string value;
    const Xapian::ValueIterator end = shard.valuestream_end(slot);
    for (Xapian::ValueIterator it = shard.valuestream_begin(slot); it != end; ++it) {
        value = *it;
        std::uint32_t code = none;
        if (const auto found = codes.find(value); found != codes.end()) {
            code = found->second;
        } else {
            code = code_of(value);
            if (codes.size() < remembered) codes.emplace(value, code);
        }
        const Xapian::docid did = it.get_docid();
        if (did < at_.size()) at_[did] = code;
    }
}

const FacetColumn& FacetColumns::get(std::size_t position, const Xapian::Database& shard,
                                     FacetField asked) {
    const FacetField field = column_field(asked);
    const std::string uuid = shard.get_uuid();
    // A backend without revisions (none that a Searcher opens locally today) reads anew each time.
    std::optional<Xapian::rev> revision;
    try {
        revision = shard.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
    } catch (const Xapian::UnimplementedError&) {
    }
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Kept& k) {
        return k.position == position && k.field == field;
    });
    if (it != columns_.end() && revision && it->uuid == uuid && it->revision == revision)
        return *it->column;
    auto d = std::find_if(dictionaries_.begin(), dictionaries_.end(),
                          [&](const auto& x) { return x.first == field; });
    if (d == dictionaries_.end())
        d = dictionaries_.insert(dictionaries_.end(), {field, std::make_unique<FacetDictionary>()});
    auto column = std::make_unique<const FacetColumn>(shard, field, *d->second);
    if (it == columns_.end()) {
        it = columns_.emplace(columns_.end());
        it->position = position;
        it->field = field;
    }
    it->uuid = uuid;
    it->revision = revision;
    it->column = std::move(column);
    return *it->column;
}

const FacetDictionary& FacetColumns::dictionary(FacetField asked) const {
    for (const auto& [f, d] : dictionaries_)
        if (f == column_field(asked)) return *d;
    static const FacetDictionary empty;
    return empty;
}

ColumnCounter::ColumnCounter(std::vector<const FacetColumn*> columns,
                             const std::vector<std::size_t>& sizes)
    : columns_(std::move(columns)) {
    for (const std::size_t n : sizes) counts_.emplace_back(n, 0);
}

void ColumnCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
    const Xapian::docid did = doc.get_docid();
    for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i]->count(did, counts_[i].data());
}

std::vector<FacetValue> top_values(const FacetDictionary& dictionary,
                                   const std::vector<Xapian::doccount>& entry_counts,
                                   std::size_t max_values) {
    // Each key's count and its most used spelling: integers only, strings at the end.
    constexpr std::uint32_t none = ~std::uint32_t{0};
    std::vector<Xapian::doccount> key_counts(dictionary.key_count(), 0);
    std::vector<std::uint32_t> best(dictionary.key_count(), none);
    for (std::uint32_t e = 0; e < entry_counts.size(); ++e) {
        const Xapian::doccount n = entry_counts[e];
        if (n == 0) continue;
        const std::uint32_t k = dictionary.key_of(e);
        key_counts[k] += n;
        const std::uint32_t b = best[k];
        if (b == none || n > entry_counts[b] ||
            (n == entry_counts[b] && dictionary.spelling(e) < dictionary.spelling(b)))
            best[k] = e;
    }
    std::vector<std::uint32_t> keys;
    for (std::uint32_t k = 0; k < key_counts.size(); ++k)
        if (key_counts[k] > 0) keys.push_back(k);
    const auto before = [&](std::uint32_t a, std::uint32_t b) {
        if (key_counts[a] != key_counts[b]) return key_counts[a] > key_counts[b];
        return dictionary.spelling(best[a]) < dictionary.spelling(best[b]);
    };
    if (max_values > 0 && keys.size() > max_values) {
        std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(max_values),
                          keys.end(), before);
        keys.resize(max_values);
    } else {
        std::sort(keys.begin(), keys.end(), before);
    }
    std::vector<FacetValue> out;
    out.reserve(keys.size());
    for (const std::uint32_t k : keys) out.push_back({dictionary.spelling(best[k]), key_counts[k]});
    return out;
}

std::vector<FacetValue> year_values(const FacetDictionary& months,
                                    const std::vector<Xapian::doccount>& entry_counts,
                                    std::size_t max_values) {
    std::map<std::string, std::size_t> years;
    for (std::uint32_t e = 0; e < entry_counts.size(); ++e)
        if (entry_counts[e] > 0) years[months.spelling(e).substr(0, 4)] += entry_counts[e];
    std::vector<FacetValue> out;
    for (const auto& [year, n] : years) out.push_back({year, n});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (max_values > 0 && out.size() > max_values) out.resize(max_values);
    return out;
}

}  // namespace vnsearch::search
