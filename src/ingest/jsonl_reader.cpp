// SPDX-License-Identifier: Apache-2.0
#include "ingest/jsonl_reader.hpp"

#include <utility>

#include <nlohmann/json.hpp>

#include "ingest/date.hpp"

namespace vnsearch::ingest {
namespace {

using nlohmann::json;

std::string_view trim(std::string_view s) {
    constexpr std::string_view space = " \t\r\n";
    const auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// Steals the string out of `value` when it is one (no copy of a long body), else its JSON text.
std::string take_text(json& value) {
    if (value.is_string()) return std::move(value.get_ref<std::string&>());
    if (value.is_null()) return {};
    return value.dump();
}

void split_tags(std::string_view text, std::vector<std::string>& out) {
    while (!text.empty()) {
        const auto cut = text.find_first_of(",;");
        const std::string_view tag = trim(text.substr(0, cut));
        if (!tag.empty()) out.emplace_back(tag);
        if (cut == std::string_view::npos) break;
        text.remove_prefix(cut + 1);
    }
}

void take_tags(json& value, std::vector<std::string>& out) {
    if (value.is_array()) {
        for (json& tag : value) {
            std::string text = take_text(tag);
            if (!trim(text).empty()) out.push_back(std::move(text));
        }
    } else if (value.is_string()) {
        split_tags(value.get_ref<const std::string&>(), out);
    } else if (!value.is_null()) {
        out.push_back(value.dump());
    }
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix, shortened.
std::string describe_parse_error(std::string_view line) {
    try {
        const json parsed = json::parse(line.begin(), line.end());
        (void)parsed;
    } catch (const json::exception& e) {
        std::string_view what = e.what();
        if (const auto close = what.find("] "); close != std::string_view::npos) {
            what.remove_prefix(close + 2);
        }
        if (what.size() > 160) what = what.substr(0, 160);
        return "malformed json: " + std::string(what);
    }
    return "malformed json";
}

// Moves one key of the record into the document; an unusable id sets `problem`.
void take_field(const std::string& key, json& value, Document& doc, std::string& problem) {
    if (key == "id") {
        if (value.is_string() || value.is_number_integer() || value.is_number_unsigned()) {
            doc.id = take_text(value);
        } else if (!value.is_null()) {
            problem = std::string("invalid id: a json ") + value.type_name() +
                      ", not a string or an integer";
        }
    } else if (key == "title") {
        doc.title = take_text(value);
    } else if (key == "summary") {
        doc.summary = take_text(value);
    } else if (key == "body") {
        doc.body = take_text(value);
    } else if (key == "date") {
        std::string raw = take_text(value);
        doc.date = normalize_date(raw);
        if (doc.date.empty() && !trim(raw).empty()) doc.fields.emplace(key, std::move(raw));
    } else if (key == "url") {
        doc.url = take_text(value);
    } else if (key == "source") {
        doc.source = take_text(value);
    } else if (key == "category") {
        doc.category = take_text(value);
    } else if (key == "author") {
        doc.author = take_text(value);
    } else if (key == "tags") {
        take_tags(value, doc.tags);
    } else if (!value.is_null()) {
        doc.fields.emplace(key, take_text(value));
    }
}

}  // namespace

JsonRecord parse_json_record(std::string_view line) {
    json record = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded()) return {std::nullopt, describe_parse_error(line)};
    if (!record.is_object()) {
        return {std::nullopt, std::string("not a json object but a json ") + record.type_name()};
    }
    Document doc;
    std::string problem;
    for (auto& [key, value] : record.get_ref<json::object_t&>()) {
        take_field(key, value, doc, problem);
    }
    if (!problem.empty()) return {std::nullopt, std::move(problem)};
    if (trim(doc.id).empty()) return {std::nullopt, "missing id"};
    return {std::move(doc), {}};
}

}  // namespace vnsearch::ingest
