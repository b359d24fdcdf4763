// SPDX-License-Identifier: Apache-2.0
// Helpers for the index tests: JSON-lines fixtures written on the fly, and a
// generated corpus of Vietnamese-looking articles big enough for a kill to land mid-batch.
#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>

#include "index/term_scheme.hpp"
#include "support/temp_dir.hpp"

namespace vnsearch::test {

/// Runs index_documents(options) in a child process, kills it with SIGKILL (no warning, no
/// cleanup) once at least `at_least` documents are committed (index_stats' documents + pending),
/// and returns the committed count after the kill. Requires the child to have been killed, not
/// to have finished, so a test built on it is meaningful.
inline std::size_t index_then_kill(const IndexOptions& options, std::size_t at_least) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        try {
            (void)index_documents(options);
        } catch (...) {
            ::_exit(3);
        }
        ::_exit(0);
    }
    const auto committed = [&]() -> std::size_t {
        try {
            const IndexStats s = index_stats(options.db_path);
            return s.documents + s.pending;
        } catch (const Error&) {
            return 0;  // not created yet
        }
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline && committed() < at_least) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    return committed();
}

inline void write_file(const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

inline std::string json_line(const std::string& id, const std::string& title,
                             const std::string& body) {
    return nlohmann::json{{"id", id}, {"title", title}, {"body", body}}.dump() + "\n";
}

/// `count` articles "g0".."g<count-1>", each ~`words` syllables drawn deterministically.
inline std::string generated_corpus(std::size_t count, std::size_t words) {
    static const char* syllables[] = {"hà",   "nội",    "việt", "nam",   "kinh", "tế",     "xã",
                                      "hội",  "người",  "dân",  "thành", "phố",  "đường",  "mới",
                                      "năm",  "nay",    "công", "trình", "giao", "thông",  "học",
                                      "sinh", "trường", "bệnh", "viện",  "nông", "nghiệp", "lúa"};
    constexpr std::size_t n = sizeof syllables / sizeof syllables[0];
    std::string out;
    std::uint64_t x = 88172645463325252ULL;
    for (std::size_t i = 0; i < count; ++i) {
        std::string body;
        for (std::size_t w = 0; w < words; ++w) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (w > 0) body += (w % 12 == 0) ? ". " : " ";
            body += syllables[x % n];
        }
        std::string id = "g", title = "Bài số ";  // (operator+ trips GCC 12's -Wrestrict)
        id += std::to_string(i);
        title += std::to_string(i);
        out += json_line(id, title, body);
    }
    return out;
}

/// Every id in the index, from its Q terms; fails the test if any id has more than one document.
inline std::set<std::string> indexed_ids(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::set<std::string> ids;
    const std::string prefix(index::id_prefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        if (t.get_termfreq() != 1) throw std::runtime_error("id indexed twice: " + *t);
        ids.insert((*t).substr(prefix.size()));
    }
    return ids;
}

}  // namespace vnsearch::test
