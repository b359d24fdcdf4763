// SPDX-License-Identifier: Apache-2.0
// Facet counts worked out from the documents themselves, for the tests to hold the Searcher's
// counts against: a brute-force count over the documents a query matches (their ids, from its
// hits), with the index's own rules for a value (filter value, spelling shown, the people of an
// author line, one entry per filter value in a document) but none of its counting code.
#pragma once
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>
#include <vnsearch/searcher.hpp>

#include "index/term_scheme.hpp"

namespace vnsearch::test {

/// Each facet as its name and its (value, count) pairs, in the order given.
using FlatFacets =
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::size_t>>>>;

inline FlatFacets flat_facets(const SearchResults& r) {
    FlatFacets out;
    for (const Facet& f : r.facets) {
        auto& values = out.emplace_back(f.name, FlatFacets::value_type::second_type{}).second;
        for (const FacetValue& v : f.values) values.emplace_back(v.value, v.count);
    }
    return out;
}

/// The ids of every document `query` matches in `searcher` (all its hits, and as many as the
/// exact total its facets give).
inline std::set<std::string> matching_ids(const Searcher& searcher, const std::string& query) {
    SearchOptions options;
    options.limit = 100000;
    options.snippets = false;
    options.facets = {"year"};
    const SearchResults r = searcher.search(query, options);
    std::set<std::string> out;
    for (const Hit& h : r.hits) out.insert(h.id);
    if (out.size() != r.estimated_total) return {};  // not every match: the caller's check fails
    return out;
}

/// The facets `fields` of the documents of `docs` whose ids are in `ids`, every value.
inline FlatFacets brute_force_facets(const std::vector<Document>& docs,
                                     const std::set<std::string>& ids,
                                     const std::vector<std::string>& fields) {
    Analyzer analyzer;
    FlatFacets out;
    for (const std::string& field : fields) {
        // Filter value -> spelling -> documents.
        std::map<std::string, std::map<std::string, std::size_t>> tally;
        for (const Document& d : docs) {
            if (!ids.contains(d.id)) continue;
            std::vector<std::string> values;
            if (field == "source") values = {d.source};
            if (field == "category") values = {d.category};
            if (field == "tag") values = d.tags;
            if (field == "author") {
                const auto names = index::author_names(d.author);
                if (names.size() > 1)
                    values.assign(names.begin(), names.end());
                else
                    values = {d.author};
            }
            std::set<std::string> seen;  // one entry per filter value in a document
            for (const std::string& v : values) {
                const std::string key = index::filter_value(analyzer, v);
                if (key.empty() || !seen.insert(key).second) continue;
                ++tally[key][index::display_value(v)];
            }
            const std::string date = index::date_value(d.date);
            if (!date.empty() && (field == "year" || field == "month")) {
                const std::string key = field == "year"
                                            ? date.substr(0, 4)
                                            : date.substr(0, 4) + "-" + date.substr(4, 2);
                ++tally[key][key];
            }
        }
        std::vector<std::pair<std::string, std::size_t>> values;
        for (const auto& [key, spellings] : tally) {
            std::size_t total = 0;
            auto shown = spellings.begin();  // the most used; ties: the first in byte order
            for (auto it = spellings.begin(); it != spellings.end(); ++it) {
                total += it->second;
                if (it->second > shown->second) shown = it;
            }
            values.emplace_back(shown->first, total);
        }
        std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        out.emplace_back(field, std::move(values));
    }
    return out;
}

}  // namespace vnsearch::test
