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
#include "search/match_only.hpp"
#include "search/shard_docids.hpp"
#include "search/split_match.hpp"

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

// What one match counted, as plain values (the halves of a split count cross threads).
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

Xapian::valueno facet_slot(FacetField field) {
    switch (field) {
        case FacetField::source:
            return index::source_facet_slot;
        case FacetField::category:
            return index::category_facet_slot;
        case FacetField::author:
            return index::author_facet_slot;
        case FacetField::tag:
            return index::tag_facet_slot;
        case FacetField::year:
        case FacetField::month:
            break;
    }
    return index::date_slot;
}

std::string date_facet_key(std::string_view date, FacetField field) {
    if (date.size() < 8) return {};
    std::string key(date.substr(0, 4));
    if (field == FacetField::month) key.append("-").append(date.substr(4, 2));
    return key;
}

namespace {

// The documents a split count gives each thread, or nothing when one thread counts them all.
bool splits(const Xapian::Database& db, const SplitMatch* split) {
    return split != nullptr &&
           db.get_lastdocid() >= std::max<Xapian::docid>(split->min_documents, 2);
}

// Counts with stock spies, on one thread or two.
FacetCounts count_with_spies(const Xapian::Database& db, const Xapian::Query& query,
                             const std::vector<FacetField>& fields, std::size_t max_values,
                             const SplitMatch* split) {
    const std::vector<Xapian::valueno> slots = slots_of(fields);
    std::vector<Counted> parts;
    if (!splits(db, split)) {
        parts.push_back(count_slots(db, query, slots));
    } else {
        // Each half of the documents counted on its own thread; the query travels serialised.
        const std::string serialised = query.serialise();
        parts.resize(2);
        run_halves(*split, db, [&](unsigned part, const Xapian::Database& handle) {
            const Xapian::Query half(Xapian::Query::OP_FILTER,
                                     Xapian::Query::unserialise(serialised), shard_part(part, 2));
            parts[part] = count_slots(handle, half, slots);
        });
    }
    FacetCounts out;
    out.facets = empty_facets(fields);
    for (const Counted& c : parts) out.matches += c.matches;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto slot = static_cast<std::size_t>(
            std::find(slots.begin(), slots.end(), facet_slot(fields[i])) - slots.begin());
        Tallies tallies;
        for (const Counted& c : parts) {
            if (fields[i] == FacetField::year || fields[i] == FacetField::month)
                tally_dates(c.slots[slot], fields[i], tallies);
            else
                tally_entries(c.slots[slot], tallies);
        }
        out.facets[i].values = ordered_values(tallies, max_values);
    }
    return out;
}

// A handle on shard `i` of `db` alone, sharing its internals (the same revision).
Xapian::Database shard_of(const Xapian::Database& db, std::size_t i) {
    return db.size() == 1 ? db : Xapian::Database(db.internal[i].get());
}

// What one match counted: each field's entry counts (by its dictionary), and the documents.
struct EntryCounts {
    std::vector<std::vector<Xapian::doccount>> fields;
    Xapian::doccount matches = 0;
};

// Counts every shard of `db` with its columns (`columns[shard][field]`), one match per shard: a
// spy sees documents by their shard's own ids.
EntryCounts count_shards(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<std::vector<const FacetColumn*>>& columns,
                         const std::vector<std::size_t>& sizes) {
    EntryCounts out;
    for (const std::size_t n : sizes) out.fields.emplace_back(n, 0);
    for (std::size_t i = 0; i < db.size(); ++i) {
        const Xapian::Database shard = shard_of(db, i);
        ColumnCounter counter(columns[i], sizes);
        Xapian::Enquire enquire(shard);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(&counter);
        const Xapian::MSet mset = enquire.get_mset(0, 0, shard.get_doccount());
        out.matches += mset.get_matches_estimated();
        for (std::size_t f = 0; f < sizes.size(); ++f)
            for (std::size_t e = 0; e < sizes[f]; ++e) out.fields[f][e] += counter.counts()[f][e];
    }
    return out;
}

// Counts with the columns of every (local) shard, on one thread or two.
FacetCounts count_with_columns(const Xapian::Database& db, const Xapian::Query& query,
                               const std::vector<FacetField>& fields, std::size_t max_values,
                               const SplitMatch* split, FacetColumns& kept) {
    std::vector<FacetField> counted;  // the columns, each once (year and month: one)
    for (const FacetField f : fields)
        if (std::find(counted.begin(), counted.end(), column_field(f)) == counted.end())
            counted.push_back(column_field(f));
    // Read on this thread before any match: the helper only reads them.
    std::vector<std::vector<const FacetColumn*>> columns(db.size());
    for (std::size_t i = 0; i < db.size(); ++i) {
        const Xapian::Database shard = shard_of(db, i);
        for (const FacetField f : counted) columns[i].push_back(&kept.get(i, shard, f));
    }
    std::vector<std::size_t> sizes;
    for (const FacetField f : counted) sizes.push_back(kept.dictionary(f).entry_count());
    std::vector<EntryCounts> parts;
    if (!splits(db, split)) {
        parts.push_back(count_shards(db, query, columns, sizes));
    } else {
        const std::string serialised = query.serialise();
        parts.resize(2);
        run_halves(*split, db, [&](unsigned part, const Xapian::Database& handle) {
            const Xapian::Query half(Xapian::Query::OP_FILTER,
                                     Xapian::Query::unserialise(serialised), shard_part(part, 2));
            parts[part] = count_shards(handle, half, columns, sizes);
        });
    }
    FacetCounts out;
    out.facets = empty_facets(fields);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        out.matches += parts[p].matches;
        if (p > 0)
            for (std::size_t c = 0; c < counted.size(); ++c)
                for (std::size_t e = 0; e < sizes[c]; ++e)
                    parts[0].fields[c][e] += parts[p].fields[c][e];
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
        const auto c = static_cast<std::size_t>(
            std::find(counted.begin(), counted.end(), column_field(fields[f])) - counted.begin());
        const FacetDictionary& dictionary = kept.dictionary(counted[c]);
        out.facets[f].values = fields[f] == FacetField::year
                                   ? year_values(dictionary, parts[0].fields[c], max_values)
                                   : top_values(dictionary, parts[0].fields[c], max_values);
    }
    return out;
}

}  // namespace

FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<FacetField>& fields, std::size_t max_values,
                         const SplitMatch* split, FacetColumns* columns) {
    // Only what decides a match: the ranked query's field evidence and optional parts only
    // weigh, and cost time on every document.
    const Xapian::Query walk = match_only(query);
    if (columns == nullptr) return count_with_spies(db, walk, fields, max_values, split);
    return count_with_columns(db, walk, fields, max_values, split, *columns);
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
