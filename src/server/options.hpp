// SPDX-License-Identifier: Apache-2.0
// Everything `vnsearch serve` can be told, each limit explicit with its default. The defaults
// suit a server on loopback behind a reverse proxy (docs/http-api.md, "Limits").
#pragma once
#include <cstddef>
#include <string>

#include <vnsearch/searcher.hpp>

namespace vnsearch::server {

struct ServerOptions {
    std::string db;                          ///< the index folder (or stub file)
    std::string host = "127.0.0.1";          ///< address to listen on (loopback by default)
    unsigned port = 8080;                    ///< 0: any free port (the log line names it)
    unsigned threads = 0;                    ///< searchers, one thread each; 0: one per core
    std::string admin_token;                 ///< empty: read-only (no write endpoints)
    bool quiet = false;                      ///< no access log
    std::size_t max_query_bytes = 1024;      ///< q, in bytes after decoding
    std::size_t max_limit = 100;             ///< limit=
    std::size_t max_offset = 10000;          ///< offset= (deep pages cost offset+limit hits)
    std::size_t max_snippet_length = 1000;   ///< snippet_length=
    std::size_t max_body_bytes = 16u << 20;  ///< a POST body
    std::size_t max_uri_bytes = 8192;        ///< path and query string
    std::size_t max_header_bytes = 16384;    ///< all header lines together
    unsigned max_connections = 512;          ///< open connections; beyond: 503, then refused
    std::size_t max_queue = 256;             ///< requests waiting for a searcher; beyond: 503
    unsigned timeout_seconds = 30;           ///< a connection idle this long is closed
    unsigned drain_seconds = 10;             ///< SIGTERM: how long in-flight requests may finish
    SearcherOptions opening;                 ///< remote shard timeouts; all shards required
};

}  // namespace vnsearch::server
