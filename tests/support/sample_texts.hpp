// SPDX-License-Identifier: Apache-2.0
// The texts of the bundled sample corpus (data/sample), for property tests.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vnsearch::test {

/// Every JSON text field (title, summary, body) of data/sample/articles.jsonl, and every plain
/// article of data/sample/plain, whole.
inline std::vector<std::string> sample_texts() {
    const std::filesystem::path root =
        std::filesystem::path(VNSEARCH_SOURCE_DIR) / "data" / "sample";
    std::vector<std::string> texts;
    std::ifstream jsonl(root / "articles.jsonl");
    std::string line;
    while (std::getline(jsonl, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object()) continue;
        for (const char* field : {"title", "summary", "body"})
            if (j.contains(field) && j[field].is_string()) texts.push_back(j[field]);
    }
    if (std::filesystem::exists(root / "plain")) {
        for (const auto& e : std::filesystem::directory_iterator(root / "plain")) {
            std::ifstream f(e.path(), std::ios::binary);
            std::ostringstream s;
            s << f.rdbuf();
            texts.push_back(s.str());
        }
    }
    return texts;
}

}  // namespace vnsearch::test
