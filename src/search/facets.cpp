// SPDX-License-Identifier: Apache-2.0
#include "search/facets.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "search/facet_columns.hpp"
#include "search/match_bits.hpp"
#include "search/match_only.hpp"

namespace vnsearch {

namespace search {

namespace {

struct FieldName {
    FacetField field;
    std::string_view name;
};
constexpr FieldName field_names[] = {
    {FacetField::source, "source"}, {FacetField::category, "category"},
    {FacetField::author, "author"}, {FacetField::tag, "tag"},
    {FacetField::year, "year"},     {FacetField::month, "month"},
};

std::string_view name_of(FacetField field) {
    for (const FieldName& f : field_names)
        if (f.field == field) return f.name;
    return {};
}

// The counts of one field, by filter value: the documents, and how many spell it each way.
struct Tally {
    Xapian::doccount count = 0;
    std::map<std::string, Xapian::doccount> spellings;
};
using Tallies = std::unordered_map<std::string, Tally>;

// Each distinct value of a slot among the matching documents, and how many have it.
using SlotCounts = std::vector<std::pair<std::string, Xapian::doccount>>;

// Adds counts of date_slot values ("YYYYMMDD") to the year or month tallies.
void tally_dates(const SlotCounts& counts, FacetField field, Tallies& out) {
    for (const auto& [day, n] : counts) {
        const std::string key = date_facet_key(day, field);
        if (!key.empty()) out[key].count += n;
    }
}

// Adds counts of facet slot values (each a list of entries) to the tallies.
void tally_entries(const SlotCounts& counts, Tallies& out) {
    for (const auto& [value, n] : counts) {
        for (const index::FacetEntry& e : index::facet_entries(value)) {
            Tally& t = out[std::string(e.filter)];
            t.count += n;
            t.spellings[std::string(e.display)] += n;
        }
    }
}

// The slots `fields` read (year and month share date_slot), each once.
std::vector<Xapian::valueno> slots_of(const std::vector<FacetField>& fields) {
    std::vector<Xapian::valueno> out;
    for (const FacetField f : fields)
        if (std::find(out.begin(), out.end(), facet_slot(f)) == out.end())
            out.push_back(facet_slot(f));
    return out;
}

// What one match counted, as plain values.
struct Counted {
    std::vector<SlotCounts> slots;  // in the order of the slots asked
    Xapian::doccount matches = 0;
};

// Counts the values of `slots` over every document matching `query`: Xapian's stock spies, in
// an unweighted match that examines them all (without check_at_least a spy sees only the
// documents the matcher examined).
Counted count_slots(const Xapian::Database& db, const Xapian::Query& query,
                    const std::vector<Xapian::valueno>& slots) {
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (const Xapian::valueno slot : slots) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        enquire.add_matchspy(spies.back().get());
    }
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    Counted out;
    out.matches = mset.get_matches_estimated();
    for (const auto& spy : spies) {
        SlotCounts& counts = out.slots.emplace_back();
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
            counts.emplace_back(*it, it.get_termfreq());
    }
    return out;
}

// The spelling most documents use (ties: the first in byte order); dates have only their key.
std::string display_of(const std::string& key, const Tally& t) {
    if (t.spellings.empty()) return key;
    auto best = t.spellings.begin();
    for (auto it = t.spellings.begin(); it != t.spellings.end(); ++it)
        if (it->second > best->second) best = it;
    return best->first;
}

std::vector<FacetValue> ordered_values(const Tallies& tallies, std::size_t max_values) {
    std::vector<FacetValue> out;
    out.reserve(tallies.size());
    for (const auto& [key, t] : tallies) out.push_back({display_of(key, t), t.count});
    const auto before = [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    };
    if (max_values > 0 && out.size() > max_values) {
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(max_values),
                          out.end(), before);
        out.resize(max_values);
    } else {
        std::sort(out.begin(), out.end(), before);
    }
    return out;
}

}  // namespace

std::vector<FacetField> facet_fields(const std::vector<std::string>& names) {
    std::vector<FacetField> out;
    for (const std::string& name : names) {
        const auto* f = std::find_if(std::begin(field_names), std::end(field_names),
                                     [&](const FieldName& n) { return n.name == name; });
        if (f == std::end(field_names))
            throw Error(Errc::invalid_input,
                        "unknown facet \"" + name +
                            "\": expected source, category, author, tag, year or month");
        if (std::find(out.begin(), out.end(), f->field) != out.end())
            throw Error(Errc::invalid_input, "facet \"" + name + "\" asked for twice");
        out.push_back(f->field);
    }
    return out;
}

void require_facet_slots(const Xapian::Database& db, const std::vector<FacetField>& fields) {
    const auto slotted = std::find_if(fields.begin(), fields.end(), [](FacetField f) {
        return f != FacetField::year && f != FacetField::month;
    });
    if (slotted == fields.end()) return;
    const std::string scheme = db.get_metadata(std::string(index::scheme_key));
    if (scheme != "1") return;  // the one scheme without facet slots; empty: nothing written yet
    throw Error(Errc::invalid_query, "cannot count facet \"" + std::string(name_of(*slotted)) +
                                         "\": the index was written before facets (scheme " +
                                         scheme + "); run `vnsearch index` on it again");
}

std::vector<Facet> empty_facets(const std::vector<FacetField>& fields) {
    std::vector<Facet> out;
    for (const FacetField f : fields) out.push_back({std::string(name_of(f)), {}});
    return out;
}

namespace {

// Counts with stock spies, one match over every shard.
FacetCounts count_with_spies(const Xapian::Database& db, const Xapian::Query& query,
                             const std::vector<FacetField>& fields, std::size_t max_values) {
    const std::vector<Xapian::valueno> slots = slots_of(fields);
    const Counted counted = count_slots(db, query, slots);
    FacetCounts out;
    out.facets = empty_facets(fields);
    out.matches = counted.matches;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto slot = static_cast<std::size_t>(
            std::find(slots.begin(), slots.end(), facet_slot(fields[i])) - slots.begin());
        Tallies tallies;
        if (fields[i] == FacetField::year || fields[i] == FacetField::month)
            tally_dates(counted.slots[slot], fields[i], tallies);
        else
            tally_entries(counted.slots[slot], tallies);
        out.facets[i].values = ordered_values(tallies, max_values);
    }
    return out;
}

// A handle on shard `i` of `db` alone, sharing its internals (the same revision).
Xapian::Database shard_of(const Xapian::Database& db, std::size_t i) {
    return db.size() == 1 ? db : Xapian::Database(db.internal[i].get());
}

// Counts the documents of `shard` matching `query` into `counts` (one per column, by entry),
// and returns how many match: walked as a bitmap where that pays, else by Xapian's matcher with
// a spy, which sees documents by the shard's own ids.
Xapian::doccount count_shard(const Xapian::Database& shard, const Xapian::Query& query,
                             const std::vector<const FacetColumn*>& columns,
                             std::vector<std::vector<Xapian::doccount>>& counts) {
    if (bits_pay(shard, query)) {
        const DocBits bits = matching_bits(shard, query);
        // A pass over the matches for each column: its arrays stay in cache, its branches
        // predictable.
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const FacetColumn& column = *columns[c];
            Xapian::doccount* n = counts[c].data();
            for_each_doc(bits, [&](Xapian::docid did) { column.count(did, n); });
        }
        Xapian::doccount matches = 0;
        for (const std::uint64_t word : bits)
            matches += static_cast<Xapian::doccount>(__builtin_popcountll(word));
        return matches;
    }
    std::vector<std::size_t> sizes;
    for (const auto& c : counts) sizes.push_back(c.size());
    ColumnCounter counter(columns, sizes);
    Xapian::Enquire enquire(shard);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&counter);
    const Xapian::MSet mset = enquire.get_mset(0, 0, shard.get_doccount());
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (std::size_t e = 0; e < counts[c].size(); ++e) counts[c][e] += counter.counts()[c][e];
    return mset.get_matches_estimated();
}

// Counts with the columns of every (local) shard. One thread: the bitmap walk is cheap, and a
// split would read every posting list twice.
FacetCounts count_with_columns(const Xapian::Database& db, const Xapian::Query& query,
                               const std::vector<FacetField>& fields, std::size_t max_values,
                               FacetColumns& kept) {
    std::vector<FacetField> counted;  // the columns, each once (year and month: one)
    for (const FacetField f : fields)
        if (std::find(counted.begin(), counted.end(), column_field(f)) == counted.end())
            counted.push_back(column_field(f));
    // Every shard's columns first: the entry numbers they add to the dictionaries count too.
    std::vector<std::vector<const FacetColumn*>> columns(db.size());
    for (std::size_t i = 0; i < db.size(); ++i) {
        const Xapian::Database shard = shard_of(db, i);
        for (const FacetField f : counted) columns[i].push_back(&kept.get(i, shard, f));
    }
    std::vector<std::vector<Xapian::doccount>> counts;
    for (const FacetField f : counted) counts.emplace_back(kept.dictionary(f).entry_count(), 0);
    FacetCounts out;
    out.facets = empty_facets(fields);
    for (std::size_t i = 0; i < db.size(); ++i)
        out.matches += count_shard(shard_of(db, i), query, columns[i], counts);
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const auto c = static_cast<std::size_t>(
            std::find(counted.begin(), counted.end(), column_field(fields[f])) - counted.begin());
        const FacetDictionary& dictionary = kept.dictionary(counted[c]);
        out.facets[f].values = fields[f] == FacetField::year
                                   ? year_values(dictionary, counts[c], max_values)
                                   : top_values(dictionary, counts[c], max_values);
    }
    return out;
}

}  // namespace

FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<FacetField>& fields, std::size_t max_values,
                         FacetColumns* columns) {
    // Only what decides a match: the ranked query's field evidence and optional parts only
    // weigh, and cost time on every document.
    const Xapian::Query walk = match_only(query);
    if (columns == nullptr) return count_with_spies(db, walk, fields, max_values);
    return count_with_columns(db, walk, fields, max_values, *columns);
}

}  // namespace search

std::string facet_filter(std::string_view facet, std::string_view value) {
    const std::vector<search::FacetField> field = search::facet_fields({std::string(facet)});
    if (field[0] == search::FacetField::year || field[0] == search::FacetField::month)
        return "date:" + std::string(value);
    // A quote would end the quoted value; the filter reads words only, so a space does as well.
    std::string quoted(value);
    std::replace(quoted.begin(), quoted.end(), '"', ' ');
    return std::string(facet) + ":\"" + quoted + "\"";
}

}  // namespace vnsearch
