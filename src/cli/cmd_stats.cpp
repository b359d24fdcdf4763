// SPDX-License-Identifier: Apache-2.0
// `vnsearch stats`: documents, distinct terms, size on disk and last update of an index.
#include <ctime>
#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <vnsearch/index_writer.hpp>

#include "cli/commands.hpp"
#include "cli/index_path.hpp"
#include "server/results_json.hpp"

namespace vnsearch::cli {

namespace {

struct StatsArgs {
    std::string db;
    std::string format = "text";
};

using server::iso_time;

void run_stats(const StatsArgs& args) {
    const std::string db = args.db.empty() ? default_index_path() : args.db;
    const IndexStats s = index_stats(db);
    if (args.format == "json") {
        const nlohmann::json j = server::stats_json(s);
        fmt::print("{}\n", j.dump());
        return;
    }
    fmt::print("index        {}\n", s.path);
    fmt::print("documents    {}\n", s.documents);
    if (s.pending > 0) {
        fmt::print("pending      {} (written by an indexing run that has not finished)\n",
                   s.pending);
    }
    fmt::print("terms        {}\n", s.terms);
    fmt::print("word list    {} words{}\n", s.words,
               s.stale_documents > 0
                   ? fmt::format(" ({} documents segmented with an older list: index "
                                 "--reindex-changed)",
                                 s.stale_documents)
                   : std::string());
    fmt::print("synonyms     {} groups\n", s.synonym_groups);
    fmt::print("size         {:.1f} MB\n", static_cast<double>(s.size_bytes) / 1e6);
    const std::string updated = iso_time(s.last_modified);
    fmt::print("last update  {}\n", updated.empty() ? "unknown" : updated);
    if (s.shards.size() > 1) {
        fmt::print("shards       {}\n", s.shards.size());
        for (const ShardStats& shard : s.shards) {
            if (!shard.remote.empty()) {
                fmt::print("  remote {}  {}\n", shard.remote,
                           shard.reachable ? fmt::format("{} documents", shard.documents)
                                           : std::string("unreachable"));
            } else {
                fmt::print("  {}  {} documents  {:.1f} MB\n", shard.path, shard.documents,
                           static_cast<double>(shard.size_bytes) / 1e6);
            }
        }
    }
}

}  // namespace

void add_stats_command(CLI::App& app) {
    auto args = std::make_shared<StatsArgs>();
    auto* cmd = app.add_subcommand("stats", "Show documents, terms, size and last update");
    cmd->add_option("--db", args->db, "Index folder (default: as for index)");
    cmd->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->callback([args] { run_stats(*args); });
}

}  // namespace vnsearch::cli
