// SPDX-License-Identifier: Apache-2.0
// One function per subcommand, each in its own cmd_<name>.cpp (CLI11's subcom_in_files shape).
// The CLI is the library's first embedder: it includes public headers only.
#pragma once
#include <CLI/CLI.hpp>

namespace vnsearch::cli {

/// Exit code for a runtime failure (usage errors use CLI11's own code, 2 or above).
inline constexpr int exit_runtime_error = 1;

void add_analyze_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_search_command(CLI::App& app);
void add_index_command(CLI::App& app);
void add_stats_command(CLI::App& app);
void add_delete_command(CLI::App& app);
void add_serve_command(CLI::App& app);
// index, search, stats, delete, convert: add their declarations here

}  // namespace vnsearch::cli
