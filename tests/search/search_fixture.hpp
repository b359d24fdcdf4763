// SPDX-License-Identifier: Apache-2.0
// A temporary index for the search tests: a handful of hand-written Vietnamese articles, written
// by the library's IndexWriter (so the tests cover the scheme both sides agree on).
#pragma once
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <vnsearch/document.hpp>
#include <vnsearch/index_writer.hpp>

namespace vnsearch::test {

/// A fresh directory under the system temp folder, removed with everything in it.
class SearchTempDir {
public:
    SearchTempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vnsearch-search-XXXXXX");
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~SearchTempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    SearchTempDir(const SearchTempDir&) = delete;
    SearchTempDir& operator=(const SearchTempDir&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Writes `docs` into a new index at `path` with the library's IndexWriter.
inline void write_index(const std::string& path, const std::vector<Document>& docs) {
    IndexWriter writer(path, OpenMode::create);
    for (const Document& d : docs) writer.add(d);
    writer.commit();
}

}  // namespace vnsearch::test
