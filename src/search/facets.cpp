// SPDX-License-Identifier: Apache-2.0
#include "search/facets.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
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

Xapian::valueno slot_of(FacetField field) {
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

// The counts of one field, by filter value: the documents, and how many spell it each way.
struct Tally {
    Xapian::doccount count = 0;
    std::map<std::string, Xapian::doccount> spellings;
};
using Tallies = std::unordered_map<std::string, Tally>;

// Each distinct value of a slot among the matching documents, and how many have it.
using SlotCounts = std::vector<std::pair<std::string, Xapian::doccount>>;

// Adds counts of date_slot values ("YYYYMMDD") to the year or month tallies.
void tally_dates(const SlotCounts& counts, bool months, Tallies& out) {
    for (const auto& [day, n] : counts) {
        if (day.size() < 8) continue;
        std::string key = day.substr(0, 4);
        if (months) key.append("-").append(day, 4, 2);  // the spelling of date:YYYY-MM
        out[key].count += n;
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
        if (std::find(out.begin(), out.end(), slot_of(f)) == out.end()) out.push_back(slot_of(f));
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

std::vector<Facet> empty_facets(const std::vector<FacetField>& fields) {
    std::vector<Facet> out;
    for (const FacetField f : fields) out.push_back({std::string(name_of(f)), {}});
    return out;
}

FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query,
                         const std::vector<FacetField>& fields, std::size_t max_values,
                         const SplitMatch* split) {
    const std::vector<Xapian::valueno> slots = slots_of(fields);
    std::vector<Counted> parts;
    if (split == nullptr || db.get_lastdocid() < std::max<Xapian::docid>(split->min_documents, 2)) {
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
            std::find(slots.begin(), slots.end(), slot_of(fields[i])) - slots.begin());
        Tallies tallies;
        for (const Counted& c : parts) {
            if (fields[i] == FacetField::year || fields[i] == FacetField::month)
                tally_dates(c.slots[slot], fields[i] == FacetField::month, tallies);
            else
                tally_entries(c.slots[slot], tallies);
        }
        out.facets[i].values = ordered_values(tallies, max_values);
    }
    return out;
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
