// SPDX-License-Identifier: Apache-2.0
#include "server/results_json.hpp"

#include <cstddef>
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

}  // namespace

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

nlohmann::json results_json(std::string_view query, const SearchResults& r) {
    nlohmann::json hits = nlohmann::json::array();
    for (const Hit& h : r.hits) hits.push_back(hit_json(h));
    nlohmann::json j = {{"query", query},
                        {"total", r.estimated_total},
                        {"suggestion", r.suggestion},
                        {"partial", r.partial},
                        {"hits", std::move(hits)}};
    if (!r.missing_shards.empty()) j["missing_shards"] = r.missing_shards;
    return j;
}

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vnsearch::server
