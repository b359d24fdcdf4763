// SPDX-License-Identifier: Apache-2.0
// `vnsearch search`: answers one query (readable hits with highlighted snippets, or json, jsonl,
// tsv), or, with --batch, one query per "qid<TAB>query" line, writing one JSON object per line
// (the contract of ../shared/tools/eval.py). The database is opened once either way.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

#include "cli/commands.hpp"
#include "cli/index_path.hpp"
#include "server/results_json.hpp"

namespace vnsearch::cli {

namespace {

struct SearchArgs {
    std::vector<std::string> words;
    std::string db;
    std::string format = "text";
    std::string sort = "relevance";
    std::string batch;
    std::string color = "auto";
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::size_t snippet_length = 200;
    unsigned threads = 2;
    bool snippets = false;  // in batch mode
    bool no_suggest = false;
    bool suggest = false;  // in batch mode
    bool timing = false;   // in batch mode
    bool prefix = false;
    bool require_all_shards = false;
    unsigned remote_timeout_ms = SearcherOptions{}.remote_timeout_ms;
    unsigned remote_connect_timeout_ms = SearcherOptions{}.remote_connect_timeout_ms;
    std::string facets;  // comma-separated
    std::size_t facet_values = SearchOptions{}.max_facet_values;
};

using server::dump;
using server::facets_json;
using server::hit_json;

constexpr const char* facet_fields[] = {"source", "category", "author", "tag", "year", "month"};

std::vector<std::string> split_commas(const std::string& list) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= list.size() && !list.empty()) {
        const std::size_t comma = std::min(list.find(',', from), list.size());
        out.push_back(list.substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

// `text` with its highlighted ranges between `open` and `close`.
std::string marked(const std::string& text, const Ranges& ranges, std::string_view open,
                   std::string_view close) {
    std::string out;
    std::size_t pos = 0;
    for (const auto& [b, e] : ranges) {
        out.append(text, pos, b - pos);
        out.append(open);
        out.append(text, b, e - b);
        out.append(close);
        pos = e;
    }
    out.append(text, pos);
    return out;
}

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return ::isatty(STDOUT_FILENO) != 0;
}

void print_text(const std::string& query, const SearchResults& r, bool color) {
    const std::string bold = color ? "\033[1m" : "", reset = color ? "\033[0m" : "";
    const std::string dim = color ? "\033[2m" : "";
    if (!r.interpreted.empty())
        fmt::print("Searched for: {}{}{} (typed as Telex or VNI keys)\n", bold, r.interpreted,
                   reset);
    if (!r.suggestion.empty()) fmt::print("Did you mean: {}{}{}\n", bold, r.suggestion, reset);
    if (r.partial)
        fmt::print("No document matches every word of \"{}\"; showing partial matches.\n", query);
    fmt::print("{} result{}\n", r.estimated_total, r.estimated_total == 1 ? "" : "s");
    const std::string open = color ? "\033[1;33m" : "**", close = color ? "\033[0m" : "**";
    for (const Hit& h : r.hits) {
        // The title is bold; a highlight in it ends with a reset, so bold resumes after it.
        const std::string title =
            h.title.empty() ? h.id
                            : one_line(marked(h.title, h.title_highlights, open, close + bold));
        fmt::print("\n{:>2}. {}{}{}\n", h.rank, bold, title, reset);
        std::string meta = h.id;
        for (const std::string* part : {&h.date, &h.source, &h.author, &h.url})
            if (!part->empty()) meta += " · " + *part;
        fmt::print("    {}{}{}\n", dim, meta, reset);
        if (!h.snippet.text.empty())
            fmt::print("    {}\n",
                       one_line(marked(h.snippet.text, h.snippet.highlights, open, close)));
    }
    // Under the hits, each facet on a line: its ten most frequent values.
    constexpr std::size_t shown = 10;
    if (!r.facets.empty()) fmt::print("\n");
    for (const Facet& f : r.facets) {
        std::string line;
        for (std::size_t i = 0; i < f.values.size() && i < shown; ++i)
            line += fmt::format("{}{} ({})", i > 0 ? " · " : "", one_line(f.values[i].value),
                                f.values[i].count);
        if (f.values.size() > shown) line += fmt::format(" · +{} more", f.values.size() - shown);
        fmt::print("{}{}:{} {}\n", bold, f.name, reset, line);
    }
}

// Shards that did not answer: named on stderr, where a reader of the readable, jsonl and tsv
// output sees them without a change to its format.
void warn_missing(const SearchResults& r) {
    if (r.missing_shards.empty()) return;
    fmt::print(stderr,
               "vnsearch: warning: {} shard{} did not answer; results are from the others: {}\n",
               r.missing_shards.size(), r.missing_shards.size() == 1 ? "" : "s",
               fmt::join(r.missing_shards, ", "));
}

SearchOptions options_of(const SearchArgs& args, bool batch) {
    SearchOptions o;
    o.limit = args.limit;
    o.offset = args.offset;
    o.sort = args.sort == "date" ? SortOrder::date : SortOrder::relevance;
    o.snippet_length = args.snippet_length;
    o.threads = args.threads;
    o.snippets = !batch || args.snippets;
    o.suggest = !args.no_suggest;
    o.facets = split_commas(args.facets);
    o.max_facet_values = args.facet_values;
    o.prefix_last = args.prefix;
    return o;
}

void run_batch(const Searcher& searcher, const SearchArgs& args, SearchOptions o) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.batch != "-") {
        file.open(args.batch);
        if (!file) throw Error(Errc::io, "cannot read batch file \"" + args.batch + "\"");
        in = &file;
    }
    std::string line;
    std::size_t number = 0;
    std::string out;
    while (std::getline(*in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::size_t tab = line.find('\t');
        const std::string qid =
            tab == std::string::npos ? std::to_string(number) : line.substr(0, tab);
        const std::string query = tab == std::string::npos ? line : line.substr(tab + 1);
        nlohmann::ordered_json j = {{"qid", qid}};
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        try {
            const SearchResults r = searcher.search(query, o);
            // Timed: the search, up to results in memory, as the peers in bench/eval.sh are
            // timed; writing the JSON line is output, not search.
            const double elapsed_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            const double cpu_ms =
                1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
            j["total"] = r.estimated_total;
            nlohmann::json hits = nlohmann::json::array();
            for (const Hit& h : r.hits) {
                if (args.snippets)
                    hits.push_back(hit_json(h));
                else
                    hits.push_back({{"id", h.id}, {"score", h.score}});
            }
            j["hits"] = std::move(hits);
            if (r.partial) j["partial"] = true;
            if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
            if (!r.interpreted.empty()) j["interpreted"] = r.interpreted;
            if (!r.missing_shards.empty()) j["missing_shards"] = r.missing_shards;
            if (!o.facets.empty()) j["facets"] = facets_json(r.facets);
            if (args.timing) {
                j["ms"] = elapsed_ms;
                // CPU time too: on a loaded machine wall time measures the neighbours.
                j["cpu_ms"] = cpu_ms;
            }
        } catch (const Error& e) {
            if (e.code() != Errc::invalid_query) throw;  // a bad index ends the batch
            j["total"] = 0;
            j["hits"] = nlohmann::ordered_json::array();
            j["error"] = e.what();
        }
        out = dump(j);
        out.push_back('\n');
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    std::fflush(stdout);
}

void run_search(const SearchArgs& args) {
    const std::string db = args.db.empty() ? default_index_path() : args.db;
    SearcherOptions opening;
    opening.require_all_shards = args.require_all_shards;
    opening.remote_timeout_ms = args.remote_timeout_ms;
    opening.remote_connect_timeout_ms = args.remote_connect_timeout_ms;
    const Searcher searcher(db, opening);
    if (!args.batch.empty()) {
        SearchOptions o = options_of(args, true);
        o.suggest = args.suggest;  // batch callers want ids fast; a suggestion is one more pass
        run_batch(searcher, args, o);
        return;
    }
    std::string query;
    for (const auto& w : args.words) {
        if (!query.empty()) query.push_back(' ');
        query += w;
    }
    const SearchResults r = searcher.search(query, options_of(args, false));
    if (args.format == "json") {
        fmt::print("{}\n", dump(server::results_json(query, r)));
        return;
    }
    warn_missing(r);
    if (args.format == "jsonl") {
        for (const Hit& h : r.hits) fmt::print("{}\n", dump(hit_json(h)));
    } else if (args.format == "tsv") {
        fmt::print("rank\tid\tscore\ttitle\tdate\tsource\tauthor\turl\tsnippet\n");
        for (const Hit& h : r.hits)
            fmt::print("{}\t{}\t{:.4f}\t{}\t{}\t{}\t{}\t{}\t{}\n", h.rank, one_line(h.id), h.score,
                       one_line(h.title), h.date, one_line(h.source), one_line(h.author),
                       one_line(h.url), one_line(h.snippet.text));
    } else {
        print_text(query, r, use_color(args.color));
    }
}

}  // namespace

void add_search_command(CLI::App& app) {
    auto args = std::make_shared<SearchArgs>();
    auto* cmd = app.add_subcommand("search", "Search the index");
    cmd->add_option("query", args->words,
                    "Query: words, \"phrases\", -word, OR, ( ), title: author: source: "
                    "category: tag: date:2020 or date:2020-01-01..2020-06-30");
    cmd->add_option("--db", args->db,
                    "Index folder (default: $VNSEARCH_DB, else $XDG_DATA_HOME/vnsearch/index)");
    cmd->add_option("-n,--limit", args->limit, "Number of hits (batch default: 100)");
    cmd->add_option("--offset", args->offset, "Hits to skip");
    cmd->add_option("--sort", args->sort, "Order of hits")
        ->check(CLI::IsMember({"relevance", "date"}));
    cmd->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json", "jsonl", "tsv"}));
    cmd->add_option("--snippet-length", args->snippet_length, "Characters per snippet")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--threads", args->threads,
                    "Threads that answer a query: 2 (this one and a helper that matches half "
                    "the documents and cuts snippets) or 1")
        ->check(CLI::Range(1, 2));
    cmd->add_option("--color", args->color,
                    "Highlight with colour (auto: on a terminal, unless NO_COLOR is set)")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_option("--batch", args->batch,
                    "Read \"qid<TAB>query\" lines from FILE or - (stdin); write one JSON object a "
                    "line: {\"qid\", \"total\", \"hits\": [{\"id\", \"score\"}]}");
    cmd->add_flag("--snippets", args->snippets, "In batch mode, include full hits with snippets");
    cmd->add_flag("--no-suggest", args->no_suggest, "Do not compute a did-you-mean suggestion");
    cmd->add_flag("--suggest", args->suggest,
                  "In batch mode, also compute the did-you-mean suggestion (\"suggestion\"), as "
                  "an interactive search or the server does");
    cmd->add_flag("--prefix", args->prefix,
                  "The last word is typed so far: match the words it begins (search as you type)");
    cmd->add_flag("--require-all-shards", args->require_all_shards,
                  "Fail (exit 1) if a shard of the index does not answer, instead of answering "
                  "from the others with a warning (json: \"missing_shards\")");
    cmd->add_option("--remote-timeout", args->remote_timeout_ms,
                    "Milliseconds a remote shard may take to answer before it counts as missing")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--remote-connect-timeout", args->remote_connect_timeout_ms,
                    "Milliseconds connecting to a remote shard may take (a missing shard is "
                    "tried again on each search)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    // One comma-separated argument (a CLI11 delimiter would also take the query words).
    const CLI::Validator facet_names(
        [](const std::string& list) {
            for (const std::string& name : split_commas(list))
                if (std::find(std::begin(facet_fields), std::end(facet_fields), name) ==
                    std::end(facet_fields))
                    return "unknown facet \"" + name +
                           "\": expected source, category, author, tag, year or month";
            return std::string();
        },
        "FACET,...");
    cmd->add_option("--facets", args->facets,
                    "Count the matching documents by value of these fields, comma-separated "
                    "(json: \"facets\"; text: under the hits)")
        ->check(facet_names);
    cmd->add_option("--facet-values", args->facet_values,
                    "The most frequent values kept of each facet (0: all)");
    cmd->add_flag("--timing", args->timing,
                  "In batch mode, add \"ms\" and \"cpu_ms\": the wall and CPU time (of every "
                  "thread) of each search, up to its results in memory (snippets included, "
                  "writing the line not)");
    cmd->callback([args, cmd] {
        SearchArgs a = *args;
        if (!a.batch.empty() && cmd->count("--limit") == 0) a.limit = 100;
        if (a.batch.empty() && a.words.empty())
            throw CLI::ValidationError("query", "a query or --batch is required");
        if (!a.batch.empty() && !a.words.empty())
            throw CLI::ValidationError("query", "give either a query or --batch, not both");
        run_search(a);
    });
}

}  // namespace vnsearch::cli
