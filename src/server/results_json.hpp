// SPDX-License-Identifier: Apache-2.0
// The JSON shape of search results and index statistics, one definition for every place that writes
// it: `vnsearch search --format json|jsonl` and --batch --snippets, and the server's GET
// /api/search. Keeping it in one function means the command line and the HTTP API cannot drift
// apart. Public API only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

namespace vnsearch::server {

/// One hit: rank, id, score, title, title_highlights, date, source, author, url and
/// snippet {text, highlights}. Highlights are byte ranges [begin, end) of the text they mark.
[[nodiscard]] nlohmann::json hit_json(const Hit& hit);

/// {"source": {"Dân trí": 120, ...}, "year": {...}}: facets and values in the library's order
/// (count descending), which nlohmann::json would sort by key.
[[nodiscard]] nlohmann::ordered_json facets_json(const std::vector<Facet>& facets);

/// The answer to `query`: query, total, suggestion, partial, hits, missing_shards when a shard
/// did not answer, and facets when some were asked (SearchOptions::facets), in this order.
[[nodiscard]] nlohmann::ordered_json results_json(std::string_view query,
                                                  const SearchResults& results);

/// Facts about an index: path, documents, terms, size_bytes, last_update (ISO 8601 UTC, empty
/// if unknown), revision, pending and shards (`vnsearch stats --format json`, GET /api/stats).
[[nodiscard]] nlohmann::json stats_json(const IndexStats& stats);

/// Unix time as "YYYY-MM-DDTHH:MM:SSZ"; empty for 0 or less (unknown).
[[nodiscard]] std::string iso_time(std::int64_t unix_seconds);

/// `j` as compact UTF-8; invalid UTF-8 in a string (which the index should never hold) becomes
/// U+FFFD instead of an exception.
[[nodiscard]] std::string dump(const nlohmann::json& j);
[[nodiscard]] std::string dump(const nlohmann::ordered_json& j);

}  // namespace vnsearch::server
