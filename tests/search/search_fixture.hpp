// SPDX-License-Identifier: Apache-2.0
// A temporary index for the search tests: a handful of hand-written Vietnamese articles, written
// by the library's IndexWriter (so the tests cover the scheme both sides agree on).
#pragma once
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <vnsearch/document.hpp>
#include <vnsearch/index_writer.hpp>

#include "support/temp_dir.hpp"

namespace vnsearch::test {

/// Writes `docs` into a new index at `path` with the library's IndexWriter.
inline void write_index(const std::string& path, const std::vector<Document>& docs) {
    IndexWriter writer(path, OpenMode::create);
    for (const Document& d : docs) writer.add(d);
    writer.commit();
}

/// Forty short articles that all have the words of "chính sách phát triển kinh tế biển đảo", a
/// third of them together, the rest apart among a few fillers: the first pass ranks them nearly
/// alike and proximity reorders them.
inline std::vector<Document> together_and_apart_corpus() {
    std::vector<Document> docs;
    const char* fillers[] = {"lúa", "cá", "mưa", "gió", "cây", "nhà", "xe", "sông"};
    for (int i = 0; i < 40; ++i) {
        Document d;
        // (Not "d" + std::to_string(i): GCC 12 warns falsely about that in Release builds.)
        d.id = "d";
        d.id += std::to_string(i);
        d.title = "Tin";
        for (int k = 0; k <= i % 8; ++k) d.body += std::string(fillers[(i + k) % 8]) + " ";
        d.body += i % 3 == 0 ? "phát triển kinh tế biển đảo" : "kinh tế. Biển. Phát triển. Đảo.";
        if (i % 5 == 0) d.body += " Chính sách.";
        docs.push_back(std::move(d));
    }
    return docs;
}

}  // namespace vnsearch::test
