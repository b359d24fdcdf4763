// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <exception>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/version.hpp>

#include "cli/commands.hpp"

namespace {

// CLI11 reports usage errors with its own codes, which may be 0 (help) or 1 and above; our
// contract is 0 ok, 1 runtime error, 2 usage error.
int usage_exit(CLI::App& app, const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vnsearch: full-text search for Vietnamese text", "vnsearch"};
    app.set_version_flag("--version", VNSEARCH_VERSION_STRING);
    app.require_subcommand(1);
    vnsearch::cli::add_analyze_command(app);
    vnsearch::cli::add_convert_command(app);
    vnsearch::cli::add_search_command(app);
    vnsearch::cli::add_index_command(app);
    vnsearch::cli::add_stats_command(app);
    vnsearch::cli::add_delete_command(app);
    vnsearch::cli::add_serve_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return usage_exit(app, e);
    } catch (const vnsearch::Error& e) {
        fmt::print(stderr, "vnsearch: {}\n", e.what());
        return vnsearch::cli::exit_runtime_error;
    } catch (const std::exception& e) {
        fmt::print(stderr, "vnsearch: {}\n", e.what());
        return vnsearch::cli::exit_runtime_error;
    }
    return 0;
}
