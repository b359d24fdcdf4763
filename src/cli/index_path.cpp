// SPDX-License-Identifier: Apache-2.0
#include "cli/index_path.hpp"

#include <cstdlib>
#include <filesystem>

#include <vnsearch/error.hpp>

namespace vnsearch::cli {

std::string default_index_path() {
    namespace fs = std::filesystem;
    const auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? v : "";
    };
    if (std::string db = env("VNSEARCH_DB"); !db.empty()) return db;
    if (std::string data = env("XDG_DATA_HOME"); !data.empty() && data.front() == '/') {
        return (fs::path(data) / "vnsearch" / "index").string();
    }
    if (std::string home = env("HOME"); !home.empty()) {
        return (fs::path(home) / ".local" / "share" / "vnsearch" / "index").string();
    }
    throw Error(Errc::invalid_input,
                "no index location: pass --db or set VNSEARCH_DB, XDG_DATA_HOME or HOME");
}

}  // namespace vnsearch::cli
