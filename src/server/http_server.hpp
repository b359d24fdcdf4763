// SPDX-License-Identifier: Apache-2.0
// `vnsearch serve`: the HTTP API (server/api.hpp) on libmicrohttpd. One network thread (epoll)
// reads requests and writes responses; it never searches. A request that needs the index is
// parked (the connection suspended) in a bounded queue for a pool of worker threads, each with
// its own Searcher (Xapian handles are not thread-safe), and resumed with its response. Idle or
// slow clients therefore cost a socket and a little memory, never a thread.
#pragma once
#include <memory>

#include "server/options.hpp"

namespace vnsearch::server {

class HttpServer {
public:
    /// Opens a Searcher per worker and starts listening.
    /// @throws Error{Errc::index_not_found} and the other errors of Searcher's constructor;
    /// Error{Errc::invalid_input} for an address that is not one; Error{Errc::io} if the address
    /// cannot be listened on.
    explicit HttpServer(const ServerOptions& options);
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    ~HttpServer();  ///< stops at once (drain() first for a graceful stop)

    /// The port listened on (the one the system chose for port 0).
    [[nodiscard]] unsigned port() const;
    /// Worker threads (and Searchers).
    [[nodiscard]] unsigned workers() const;
    /// Stops accepting connections, lets the requests in flight finish (at most
    /// ServerOptions::drain_seconds), then stops every thread. Returns the requests that were
    /// still in flight at the deadline (0 for a clean drain).
    unsigned drain();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Serves until SIGTERM or SIGINT, then drains and returns. Prints the address it listens on,
/// and (unless options.quiet) one access-log line per request, on stderr.
void run_server(const ServerOptions& options);

}  // namespace vnsearch::server
