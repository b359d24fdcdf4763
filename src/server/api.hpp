// SPDX-License-Identifier: Apache-2.0
// The HTTP API without the HTTP library: a Request in, a Response out. plan() does the cheap part
// on the network thread (route, method, parameters, limits, the admin token), so that a bad
// request never waits for a searcher; perform() does the work on a worker thread with that
// worker's own Searcher. Every error is a JSON object {"error": {"status", "message"}}.
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <vnsearch/searcher.hpp>

#include "server/options.hpp"

namespace vnsearch::server {

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// What the HTTP layer hands over: the path and query arguments as sent (not yet decoded).
struct Request {
    std::string method;
    std::string raw_path;
    Pairs raw_args;
    std::string authorization;  ///< the Authorization header
    std::string if_none_match;  ///< the If-None-Match header
    std::size_t content_length = 0;
    bool has_body = false;  ///< Content-Length above 0 or chunked
    bool chunked = false;   ///< Transfer-Encoding given: a body of unannounced size
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::string_view static_body;  ///< an embedded file, sent without a copy (body is then empty)
    Pairs headers;
};

/// {"error": {"status": S, "message": M}} with status S.
[[nodiscard]] Response error_response(unsigned status, std::string_view message);
/// 413: a request body over --max-body-bytes.
[[nodiscard]] Response body_too_large(std::size_t max_body_bytes);

/// What a request needs after plan().
enum class Work {
    none,             ///< answered by plan() (Plan::response)
    search,           ///< GET /api/search
    document,         ///< GET /api/documents/{id}
    stats,            ///< GET /api/stats
    health,           ///< GET /healthz
    add_documents,    ///< POST /api/documents (admin)
    delete_document,  ///< DELETE /api/documents/{id} (admin)
};

struct Plan {
    Work work = Work::none;
    Response response;  ///< when work is none
    std::string query;
    SearchOptions search;
    std::string id;
    bool needs_body = false;  ///< read the body before perform()
};

/// Route, method, parameters and limits; the admin token for the write endpoints.
[[nodiscard]] Plan plan(const Request& request, const ServerOptions& options);

/// What perform() shares between workers.
struct Backend {
    explicit Backend(const ServerOptions& o) : options(o) {}
    const ServerOptions& options;
    std::mutex writer_mutex;  ///< one IndexWriter at a time (the index has one writer lock)
};

/// Does the work of `plan` with `searcher` (this worker's own); `body` is the request body for
/// the write endpoints.
[[nodiscard]] Response perform(const Plan& plan, std::string_view body, const Searcher& searcher,
                               Backend& backend);

}  // namespace vnsearch::server
