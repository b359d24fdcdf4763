// SPDX-License-Identifier: Apache-2.0
#include "server/results_json.hpp"

#include <cstddef>
#include <ctime>
#include <utility>
#include <vector>

namespace vnsearch::server {

namespace {

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

nlohmann::json ranges_json(const Ranges& ranges) {
    nlohmann::json marks = nlohmann::json::array();
    for (const auto& [b, e] : ranges) marks.push_back({b, e});
    return marks;
}

nlohmann::json shards_json(const IndexStats& s) {
    nlohmann::json out = nlohmann::json::array();
    for (const ShardStats& shard : s.shards) {
        nlohmann::json j;
        if (shard.remote.empty()) {
            j = {{"path", shard.path},
                 {"documents", shard.documents},
                 {"size_bytes", shard.size_bytes}};
        } else {
            j = {{"remote", shard.remote}, {"reachable", shard.reachable}};
            if (shard.reachable) j["documents"] = shard.documents;
        }
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

std::string iso_time(std::int64_t unix_seconds) {
    if (unix_seconds <= 0) return "";
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json stats_json(const IndexStats& s) {
    return {{"path", s.path},
            {"documents", s.documents},
            {"terms", s.terms},
            {"size_bytes", s.size_bytes},
            {"last_update", iso_time(s.last_modified)},
            {"revision", s.revision},
            {"pending", s.pending},
            {"words", s.words},
            {"synonym_groups", s.synonym_groups},
            {"stale_documents", s.stale_documents},
            {"shards", shards_json(s)}};
}

nlohmann::json hit_json(const Hit& h) {
    return {
        {"rank", h.rank},
        {"id", h.id},
        {"score", h.score},
        {"title", h.title},
        {"title_highlights", ranges_json(h.title_highlights)},
        {"date", h.date},
        {"source", h.source},
        {"author", h.author},
        {"url", h.url},
        {"snippet", {{"text", h.snippet.text}, {"highlights", ranges_json(h.snippet.highlights)}}}};
}

nlohmann::ordered_json facets_json(const std::vector<Facet>& facets) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Facet& f : facets) {
        nlohmann::ordered_json values = nlohmann::ordered_json::object();
        for (const FacetValue& v : f.values) values[v.value] = v.count;
        out[f.name] = std::move(values);
    }
    return out;
}

nlohmann::ordered_json results_json(std::string_view query, const SearchResults& r) {
    nlohmann::json hits = nlohmann::json::array();
    for (const Hit& h : r.hits) hits.push_back(hit_json(h));
    nlohmann::ordered_json j = {{"query", query},
                                {"total", r.estimated_total},
                                {"suggestion", r.suggestion},
                                {"partial", r.partial},
                                {"hits", std::move(hits)}};
    if (!r.interpreted.empty()) j["interpreted"] = r.interpreted;
    if (!r.missing_shards.empty()) j["missing_shards"] = r.missing_shards;
    if (!r.facets.empty()) j["facets"] = facets_json(r.facets);
    return j;
}

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dump(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace vnsearch::server
