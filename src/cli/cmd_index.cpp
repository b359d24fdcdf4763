// SPDX-License-Identifier: Apache-2.0
// `vnsearch index`: reads files, folders or stdin into the index. A progress line on stderr when
// stderr is a terminal; every issue (a skipped, repaired or converted record, a repeated id) on
// stderr as "FILE:LINE: message"; a summary at the end (stderr, or the whole report as JSON on
// stdout with --format json). Exit 1 when an input could not be read at all, or with --strict when
// any issue but a conversion was found.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>

#include "cli/commands.hpp"
#include "cli/index_path.hpp"

namespace vnsearch::cli {

namespace {

struct IndexArgs {
    std::vector<std::string> inputs;
    std::string db;
    std::string encoding;
    std::string format = "text";
    std::size_t batch_size = IndexOptions{}.batch_size;
    std::size_t segment_size = IndexOptions{}.segment_size;
    unsigned threads = 0;
    unsigned shards = 0;
    std::string shard;  // "K/N"
    bool prune = false;
    bool rebuild = false;
    bool strict = false;
    bool quiet = false;
    bool no_segment = false;
    std::string words, synonyms;  // list files
    bool reindex_changed = false;
};

std::string duration(double seconds) {
    const auto s = static_cast<long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
    if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
    return fmt::format("{}s", s);
}

void show_progress(const Progress& p) {
    const double mb = static_cast<double>(p.bytes_read) / 1e6;
    const double rate = p.seconds > 0 ? mb / p.seconds : 0;
    std::string eta = "?";
    if (p.bytes_total > 0 && p.bytes_read > 0 && p.bytes_read <= p.bytes_total && rate > 0) {
        eta = duration(static_cast<double>(p.bytes_total - p.bytes_read) / 1e6 / rate);
    }
    if (p.done) {
        fmt::print(stderr, "\r\033[K");
    } else {
        fmt::print(stderr, "\r\033[K{} documents  {:.1f} MB/s  ETA {}", p.documents, rate, eta);
    }
    std::fflush(stderr);
}

std::string_view kind_name(IssueKind kind) {
    switch (kind) {
        case IssueKind::skipped:
            return "skipped";
        case IssueKind::repaired:
            return "repaired";
        case IssueKind::converted:
            return "converted";
        case IssueKind::duplicate:
            return "duplicate";
        case IssueKind::notice:
            return "notice";
    }
    return "notice";
}

std::string where(const ReadIssue& issue) {
    if (issue.line == 0) return issue.file.empty() ? "-" : issue.file;
    return fmt::format("{}:{}", issue.file.empty() ? "-" : issue.file, issue.line);
}

nlohmann::json to_json(const IndexReport& r, const std::string& db) {
    nlohmann::json issues = nlohmann::json::array();
    for (const ReadIssue& i : r.issues) {
        issues.push_back({{"file", i.file},
                          {"line", i.line},
                          {"kind", kind_name(i.kind)},
                          {"message", i.message}});
    }
    return {{"db", db},
            {"added", r.added},
            {"updated", r.updated},
            {"unchanged", r.unchanged},
            {"deleted", r.deleted},
            {"skipped", r.skipped},
            {"errors", r.errors},
            {"duplicates", r.duplicates},
            {"other_shards", r.other_shards},
            {"seconds", r.seconds},
            {"bytes_read", r.bytes_read},
            {"compacted", r.compacted},
            {"reindexed", r.reindexed},
            {"stale", r.stale},
            {"stale_ids", r.stale_ids},
            {"issues", issues}};
}

// "K/N" with K < N.
void parse_shard(const std::string& text, IndexOptions& options) {
    unsigned k = 0, n = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%u/%u%c", &k, &n, &tail) != 2 || n == 0 || k >= n ||
        text.find_first_not_of("0123456789/") != std::string::npos) {
        throw Error(Errc::invalid_input,
                    "--shard \"" + text + "\": expected K/N with 0 <= K < N (e.g. 0/3)");
    }
    options.shard_index = k;
    options.shard_count = n;
}

void run_index(const IndexArgs& args) {
    // A run may only set the lists or re-analyse: then it reads nothing. Else no input is a
    // usage error (exit 2).
    if (args.inputs.empty() && args.words.empty() && args.synonyms.empty() && !args.reindex_changed)
        throw CLI::RequiredError("inputs (files, folders, or - for standard input)");
    IndexOptions options;
    options.shards = args.shards;
    if (!args.shard.empty()) parse_shard(args.shard, options);
    options.db_path = args.db.empty() ? default_index_path() : args.db;
    options.inputs = args.inputs;
    if (!args.encoding.empty()) {
        options.reader.encoding = parse_encoding(args.encoding);
        if (!options.reader.encoding) {
            throw Error(Errc::invalid_input, "unknown encoding \"" + args.encoding + "\"");
        }
    }
    options.analyzer.segment_words = !args.no_segment;
    options.batch_size = args.batch_size;
    options.segment_size = args.segment_size;
    options.threads = args.threads;
    options.prune = args.prune;
    options.rebuild = args.rebuild;
    if (!args.words.empty()) options.words = read_word_list(args.words);
    if (!args.synonyms.empty()) options.synonyms = read_synonym_groups(args.synonyms);
    options.reindex_changed = args.reindex_changed;
    // A run may only set the lists or re-analyse: then it reads nothing.
    if (args.inputs.empty() && !options.words && !options.synonyms && !args.reindex_changed)
        throw Error(Errc::invalid_input,
                    "no input given (files, folders, or - for standard input)");
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    if (!args.quiet && terminal) options.progress = show_progress;
    // Issues go to stderr as they are found, over the progress line if there is one.
    options.on_issue = [terminal](const ReadIssue& issue) {
        fmt::print(stderr, "{}vnsearch: {}: {}\n", terminal ? "\r\033[K" : "", where(issue),
                   issue.message);
    };

    const IndexReport r = index_documents(options);
    if (args.format == "json") {
        fmt::print("{}\n", to_json(r, options.db_path).dump());
    } else if (!args.quiet) {
        const double mb = static_cast<double>(r.bytes_read) / 1e6;
        fmt::print(stderr,
                   "{}: {} added, {} updated, {} unchanged, {} deleted, {} skipped, {} errors, "
                   "{} duplicate ids{} in {:.1f} s ({:.1f} MB/s)\n",
                   options.db_path, r.added, r.updated, r.unchanged, r.deleted, r.skipped, r.errors,
                   r.duplicates,
                   r.other_shards > 0 ? fmt::format(", {} of other shards left out", r.other_shards)
                                      : std::string(),
                   r.seconds, r.seconds > 0 ? mb / r.seconds : 0.0);
        if (r.reindexed > 0)
            fmt::print(stderr, "{}: {} documents re-analysed with the new word list\n",
                       options.db_path, r.reindexed);
    }
    if (r.stale > 0 && args.format != "json") {
        std::string ids;
        for (const std::string& id : r.stale_ids) ids += (ids.empty() ? "" : ", ") + id;
        fmt::print(stderr,
                   "vnsearch: {} documents contain words added to or removed from the word list "
                   "since they were indexed ({}{}): run `vnsearch index --db {} "
                   "--reindex-changed` to re-analyse them\n",
                   r.stale, ids, r.stale > r.stale_ids.size() ? ", ..." : "", options.db_path);
    }
    if (r.errors > 0) {
        throw Error(Errc::io, fmt::format("{} input(s) could not be read", r.errors));
    }
    // A conversion from VIQR loses nothing, so it is no reason to fail a strict run.
    const auto problems = std::count_if(r.issues.begin(), r.issues.end(), [](const ReadIssue& i) {
        return i.kind != IssueKind::converted;
    });
    if (args.strict && (r.skipped > 0 || r.duplicates > 0 || problems > 0)) {
        throw Error(Errc::invalid_input,
                    fmt::format("--strict: {} record(s) skipped, {} duplicate id(s), {} issue(s)",
                                r.skipped, r.duplicates, problems));
    }
}

}  // namespace

void add_index_command(CLI::App& app) {
    auto args = std::make_shared<IndexArgs>();
    auto* cmd = app.add_subcommand(
        "index", "Index JSON-lines files, plain-text articles or folders of them ('-': stdin)");
    cmd->add_option("inputs", args->inputs,
                    "Files, folders, or - for standard input (none: only set the lists or "
                    "re-analyse)");
    cmd->add_option("--db", args->db,
                    "Index folder (default: $VNSEARCH_DB, else $XDG_DATA_HOME/vnsearch/index)");
    cmd->add_option("--encoding", args->encoding,
                    "Read every file in this encoding (default: detect)");
    cmd->add_option("--batch-size", args->batch_size, "Documents per commit (what a kill can lose)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--segment-size", args->segment_size,
                    "Documents per segment (each writer thread fills segments, merged at the end)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--threads", args->threads, "Analysis threads (default: one per core)");
    cmd->add_option("--shards", args->shards,
                    "Shards of a new index (default: one per core for 256 MB of input or more, "
                    "else one; an existing index keeps its count, changed only with --rebuild)")
        ->check(CLI::Range(1u, 1000u));
    cmd->add_option("--shard", args->shard,
                    "K/N: a cluster's batch job; the index is one database holding only the "
                    "documents of shard K of N");
    cmd->add_flag("--prune", args->prune, "Delete indexed documents the inputs no longer have");
    cmd->add_flag("--rebuild", args->rebuild,
                  "Build a fresh index beside the live one, then switch atomically");
    cmd->add_flag("--strict", args->strict,
                  "Exit 1 if any record was skipped or repaired, or an id repeated "
                  "(conversions from VIQR are reported, not failed)");
    cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
    cmd->add_flag("--no-segment", args->no_segment, "Do not group syllables into words");
    cmd->add_option("--words", args->words,
                    "Word list file stored with the index (one word of 2-4 syllables a line; "
                    "an empty file removes it; default: keep the index's)");
    cmd->add_option("--synonyms", args->synonyms,
                    "Synonym groups file stored with the index (one group a line, members "
                    "separated by commas; an empty file removes it; default: keep the index's)");
    cmd->add_flag("--reindex-changed", args->reindex_changed,
                  "Re-analyse the indexed documents that contain words added to or removed from "
                  "the word list (from their stored copies)");
    cmd->add_option("--format", args->format, "Summary format")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->callback([args] { run_index(*args); });
}

}  // namespace vnsearch::cli
