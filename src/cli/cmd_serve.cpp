// SPDX-License-Identifier: Apache-2.0
// `vnsearch serve`: the HTTP JSON API and the search page (src/server, docs/http-api.md). This
// file only reads the options; the server is the src/server module.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <vnsearch/error.hpp>

#include "cli/commands.hpp"
#include "cli/index_path.hpp"
#include "server/http_server.hpp"
#include "server/options.hpp"

namespace vnsearch::cli {

namespace {

struct ServeArgs {
    server::ServerOptions options;
    std::string listen = "127.0.0.1:8080";
    std::string admin_token_file;
};

// "HOST:PORT", "[IPv6]:PORT" or ":PORT" (loopback).
void read_listen(const std::string& listen, server::ServerOptions& o) {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw CLI::ValidationError("--listen", "expected HOST:PORT, got \"" + listen + "\"");
    std::string host = listen.substr(0, colon);
    const std::string port = listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (!host.empty()) o.host = host;
    std::size_t used = 0;
    unsigned long value = 0;
    try {
        value = std::stoul(port, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (port.empty() || used != port.size() || value > 65535)
        throw CLI::ValidationError("--listen", "bad port \"" + port + "\"");
    o.port = static_cast<unsigned>(value);
}

// The token is the file's first line; a token on the command line would show in `ps`.
std::string read_token(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(Errc::io, "cannot read the admin token file \"" + path + "\"");
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16)
        throw Error(Errc::invalid_input,
                    "the admin token in \"" + path + "\" must have 16 characters or more");
    return token;
}

void run_serve(ServeArgs args) {
    server::ServerOptions& o = args.options;
    if (o.db.empty()) o.db = default_index_path();
    read_listen(args.listen, o);
    if (!args.admin_token_file.empty()) o.admin_token = read_token(args.admin_token_file);
    server::run_server(o);
}

}  // namespace

void add_serve_command(CLI::App& app) {
    auto args = std::make_shared<ServeArgs>();
    server::ServerOptions& o = args->options;
    auto* cmd = app.add_subcommand(
        "serve", "Serve the HTTP JSON API and the search page (docs/http-api.md)");
    cmd->add_option("--db", o.db, "Index folder (default: as for index)");
    cmd->add_option("--listen", args->listen,
                    "Address and port (HOST:PORT, [IPv6]:PORT; port 0: any)")
        ->capture_default_str();
    cmd->add_option("--threads", o.threads, "Searchers, one thread each (default: one per core)");
    cmd->add_option("--admin-token-file", args->admin_token_file,
                    "Enable POST /api/documents and DELETE /api/documents/{id} for requests "
                    "with \"Authorization: Bearer TOKEN\", TOKEN the first line of FILE");
    cmd->add_flag("-q,--quiet", o.quiet, "No access log on stderr");
    cmd->add_option("--max-query-bytes", o.max_query_bytes, "Longest q")->capture_default_str();
    cmd->add_option("--max-limit", o.max_limit, "Largest limit")->capture_default_str();
    cmd->add_option("--max-offset", o.max_offset, "Largest offset")->capture_default_str();
    cmd->add_option("--max-snippet-length", o.max_snippet_length, "Largest snippet_length")
        ->capture_default_str();
    cmd->add_option("--max-body-bytes", o.max_body_bytes, "Largest request body (413 beyond)")
        ->capture_default_str();
    cmd->add_option("--max-uri-bytes", o.max_uri_bytes, "Longest path and query (414 beyond)")
        ->capture_default_str();
    cmd->add_option("--max-header-bytes", o.max_header_bytes, "Largest header block (431 beyond)")
        ->capture_default_str();
    cmd->add_option("--max-connections", o.max_connections,
                    "Open connections (503 beyond, refused 16 further)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--max-queue", o.max_queue, "Requests waiting for a searcher (503 beyond)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--timeout", o.timeout_seconds,
                    "Seconds a connection may stay idle, reading or writing, before it is closed")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--drain-timeout", o.drain_seconds,
                    "On SIGTERM, seconds the requests in flight may take to finish")
        ->capture_default_str();
    cmd->add_option("--remote-timeout", o.opening.remote_timeout_ms,
                    "Milliseconds a remote shard may take to answer before it counts as missing")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--remote-connect-timeout", o.opening.remote_connect_timeout_ms,
                    "Milliseconds connecting to a remote shard may take (a missing shard is "
                    "tried again on each search)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--require-all-shards", o.opening.require_all_shards,
                  "Answer 503 if a shard of the index does not answer, instead of answering "
                  "from the others (\"missing_shards\")");
    cmd->callback([args] { run_serve(*args); });
}

}  // namespace vnsearch::cli
