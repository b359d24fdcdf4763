// SPDX-License-Identifier: Apache-2.0
#include "server/api.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/reader.hpp>

#include "server/http_util.hpp"
#include "server/results_json.hpp"
#include "server/web_assets.hpp"

namespace vnsearch::server {

namespace {

constexpr std::string_view documents_prefix = "/api/documents/";

// The page's policy: scripts and styles from this server only (no inline script, so an injected
// tag cannot run), no plugins, no framing, requests to this origin only.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

Response json_response(const nlohmann::json& j, unsigned status = 200) {
    Response r;
    r.status = status;
    r.body = dump(j);
    r.body.push_back('\n');
    return r;
}

// For objects whose key order means something (the facets: count descending).
Response ordered_json_response(const nlohmann::ordered_json& j) {
    Response r;
    r.body = dump(j);
    r.body.push_back('\n');
    return r;
}

Response not_allowed(std::string_view allow) {
    Response r =
        error_response(405, "method not allowed; this resource allows " + std::string(allow));
    r.headers.emplace_back("Allow", std::string(allow));
    return r;
}

bool is_read(const std::string& method) { return method == "GET" || method == "HEAD"; }

std::string_view content_type_of(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    return "application/octet-stream";
}

const WebAsset* asset_at(std::string_view path) {
    const std::string_view name = path == "/" ? std::string_view("index.html") : path.substr(1);
    for (const WebAsset& a : web_assets())
        if (a.name == name) return &a;
    return nullptr;
}

// The page: the browser checks back each time (no-cache) and gets a 304 while the binary is the
// same, so a new release is never hidden behind a stale script.
Response static_response(const WebAsset& asset, const Request& request) {
    Response r;
    r.content_type = content_type_of(asset.name);
    r.headers = {{"ETag", std::string(asset.etag)},
                 {"Cache-Control", "no-cache"},
                 {"Content-Security-Policy", std::string(content_security_policy)},
                 {"Referrer-Policy", "same-origin"},
                 {"X-Frame-Options", "DENY"}};
    if (request.if_none_match == asset.etag) {
        r.status = 304;
        return r;
    }
    r.static_body = asset.body;
    return r;
}

// A decimal parameter in [0, max]; an error message otherwise.
std::optional<std::string> read_number(std::string_view name, std::string_view text,
                                       std::size_t max, std::size_t& out) {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::string(name) + " must be a whole number, not \"" + loggable(text, 40) + "\"";
    if (value > max) return std::string(name) + " must be at most " + std::to_string(max);
    out = value;
    return std::nullopt;
}

constexpr std::string_view facet_names[] = {"source", "category", "author", "tag", "year", "month"};

// facets=source,year: known names, each once; empty: none.
std::optional<std::string> read_facets(std::string_view list, std::vector<std::string>& out) {
    out.clear();
    std::size_t from = 0;
    while (from < list.size()) {
        std::size_t comma = list.find(',', from);
        if (comma == std::string_view::npos) comma = list.size();
        const std::string_view name = list.substr(from, comma - from);
        bool known = false;
        for (const std::string_view f : facet_names) known = known || f == name;
        if (!known)
            return "unknown facet \"" + loggable(name, 40) +
                   "\"; facets are source, category, author, tag, year, month";
        for (const std::string& seen : out)
            if (seen == name) return "facet \"" + std::string(name) + "\" is named twice";
        out.emplace_back(name);
        from = comma + 1;
    }
    return std::nullopt;
}

Plan answered(Response r) {
    Plan p;
    p.response = std::move(r);
    return p;
}

Plan plan_search(const Request& request, const ServerOptions& options) {
    Plan p;
    p.work = Work::search;
    bool has_q = false;
    for (const auto& [raw_key, raw_value] : request.raw_args) {
        const auto key = percent_decode(raw_key, true);
        const auto value = percent_decode(raw_value, true);
        if (!key || !value)
            return answered(error_response(400, "bad percent-encoding in the query string"));
        std::optional<std::string> problem;
        if (*key == "q") {
            if (value->size() > options.max_query_bytes)
                return answered(error_response(
                    400, "q is longer than " + std::to_string(options.max_query_bytes) + " bytes"));
            if (!is_valid_utf8(*value))
                return answered(error_response(400, "q is not valid UTF-8"));
            p.query = *value;
            has_q = true;
        } else if (*key == "limit") {
            problem = read_number("limit", *value, options.max_limit, p.search.limit);
        } else if (*key == "offset") {
            problem = read_number("offset", *value, options.max_offset, p.search.offset);
        } else if (*key == "snippet_length") {
            problem = read_number("snippet_length", *value, options.max_snippet_length,
                                  p.search.snippet_length);
            if (!problem && p.search.snippet_length == 0)
                problem = "snippet_length must be at least 1";
        } else if (*key == "sort") {
            if (*value == "relevance")
                p.search.sort = SortOrder::relevance;
            else if (*value == "date")
                p.search.sort = SortOrder::date;
            else
                problem = "sort must be relevance or date";
        } else if (*key == "facets") {
            problem = read_facets(*value, p.search.facets);
        } else if (*key == "prefix") {
            if (*value == "true" || *value == "1")
                p.search.prefix_last = true;
            else if (*value == "false" || *value == "0")
                p.search.prefix_last = false;
            else
                problem = "prefix must be true or false";
        } else {
            problem =
                "unknown parameter \"" + loggable(*key, 40) +
                "\"; /api/search takes q, limit, offset, sort, facets, snippet_length, prefix";
        }
        if (problem) return answered(error_response(400, *problem));
    }
    if (!has_q) return answered(error_response(400, "missing parameter q"));
    p.search.threads = 1;  // one Searcher per worker thread: parallelism comes from the workers
    return p;
}

// The id in /api/documents/{id}: percent-decoded ('/' in an id is sent as %2F), valid UTF-8.
std::optional<Response> read_id(std::string_view raw, std::string& id) {
    const auto decoded = percent_decode(raw, false);
    if (!decoded) return error_response(400, "bad percent-encoding in the path");
    if (decoded->empty()) return error_response(404, "no document id in the path");
    if (!is_valid_utf8(*decoded)) return error_response(400, "the document id is not valid UTF-8");
    id = *decoded;
    return std::nullopt;
}

// Any "." or ".." segment, literal or encoded, is refused: no route has one, and a path that
// means something else after normalisation is not one to guess about.
bool has_dot_segment(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto segment = percent_decode(path.substr(start, end - start), false);
        if (segment && (*segment == "." || *segment == "..")) return true;
        start = end + 1;
    }
    return false;
}

bool admin_allowed(const Request& request, const ServerOptions& options) {
    constexpr std::string_view bearer = "Bearer ";
    const std::string_view given = request.authorization;
    if (!given.starts_with(bearer)) return false;
    return equal_constant_time(given.substr(bearer.size()), options.admin_token);
}

Response unauthorized() {
    Response r = error_response(401, "a valid admin token is required (Authorization: Bearer)");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
}

Plan plan_documents(const Request& request, const ServerOptions& options) {
    const bool admin = !options.admin_token.empty();
    const std::string_view path = request.raw_path;
    if (path == "/api/documents") {
        if (!admin)
            return answered(error_response(404, "no such resource (the server is read-only)"));
        if (request.method != "POST") return answered(not_allowed("POST"));
        if (!admin_allowed(request, options)) return answered(unauthorized());
        // A body of unannounced size could only be cut off without an answer once it passed
        // the limit (libmicrohttpd 0.9.75 cannot answer in the middle of a body): refused before
        // it is read, so that every body over the limit gets its 413.
        if (request.chunked)
            return answered(error_response(
                411, "send the body with a Content-Length header (chunked bodies are refused)"));
        if (request.content_length > options.max_body_bytes)
            return answered(body_too_large(options.max_body_bytes));
        Plan p;
        p.work = Work::add_documents;
        p.needs_body = true;
        return p;
    }
    Plan p;
    if (auto bad = read_id(path.substr(documents_prefix.size()), p.id)) return answered(*bad);
    if (is_read(request.method)) {
        p.work = Work::document;
        return p;
    }
    if (!admin || request.method != "DELETE")
        return answered(not_allowed(admin ? "GET, HEAD, DELETE" : "GET, HEAD"));
    if (!admin_allowed(request, options)) return answered(unauthorized());
    p.work = Work::delete_document;
    return p;
}

Plan plan_read(const Request& request, Work work) {
    if (!is_read(request.method)) return answered(not_allowed("GET, HEAD"));
    Plan p;
    p.work = work;
    return p;
}

nlohmann::json document_json(const Document& d) {
    return {{"id", d.id},         {"title", d.title},       {"summary", d.summary},
            {"body", d.body},     {"date", d.date},         {"url", d.url},
            {"source", d.source}, {"category", d.category}, {"author", d.author},
            {"tags", d.tags},     {"fields", d.fields}};
}

// The body in a temporary file, so that the same reader as `vnsearch index` reads it (dates,
// encodings and bad lines handled alike).
class TempUpload {
public:
    explicit TempUpload(std::string_view body) {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                "/vnsearch-upload-XXXXXX.jsonl";
        const int fd = ::mkstemps(path_.data(), 6);
        if (fd < 0) throw Error(Errc::io, "cannot create a temporary file for the upload");
        std::size_t done = 0;
        while (done < body.size()) {
            const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
            if (n <= 0) {
                ::close(fd);
                std::remove(path_.c_str());
                throw Error(Errc::io, "cannot write the upload to a temporary file");
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    TempUpload(const TempUpload&) = delete;
    TempUpload& operator=(const TempUpload&) = delete;
    ~TempUpload() { std::remove(path_.c_str()); }
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

Response add_documents(std::string_view body, Backend& backend) {
    const TempUpload upload(body);
    DocumentReader reader(upload.path());
    std::size_t added = 0, updated = 0, unchanged = 0;
    nlohmann::json rejected = nlohmann::json::array();
    {
        std::lock_guard lock(backend.writer_mutex);
        IndexWriter writer(backend.options.db, OpenMode::open);
        while (auto doc = reader.next()) {
            try {
                switch (writer.add(*doc)) {
                    case WriteOutcome::added:
                        ++added;
                        break;
                    case WriteOutcome::updated:
                        ++updated;
                        break;
                    case WriteOutcome::unchanged:
                        ++unchanged;
                        break;
                }
            } catch (const Error& e) {
                if (e.code() != Errc::invalid_input) throw;
                rejected.push_back({{"line", reader.line()}, {"message", e.what()}});
            }
        }
        writer.commit();
    }
    nlohmann::json issues = nlohmann::json::array();
    for (const ReadIssue& issue : reader.issues())
        issues.push_back({{"line", issue.line}, {"message", issue.message}});
    for (auto& r : rejected) issues.push_back(std::move(r));
    nlohmann::json j = {{"added", added},
                        {"updated", updated},
                        {"unchanged", unchanged},
                        {"issues", std::move(issues)}};
    if (added + updated + unchanged == 0 && !j["issues"].empty()) {
        j["error"] = {{"status", 400}, {"message", "no document in the body could be read"}};
        return json_response(j, 400);
    }
    return json_response(j);
}

Response delete_document(const std::string& id, Backend& backend) {
    std::lock_guard lock(backend.writer_mutex);
    IndexWriter writer(backend.options.db, OpenMode::open);
    const bool found = writer.remove(id);
    writer.commit();
    if (!found) return error_response(404, "no document with this id");
    return json_response({{"deleted", id}});
}

nlohmann::json stats_of(const ServerOptions& options) {
    return stats_json(index_stats(options.db));
}

unsigned status_of(const Error& e) {
    switch (e.code()) {
        case Errc::invalid_query:
        case Errc::invalid_input:
            return 400;
        case Errc::index_locked:
        case Errc::shard_unavailable:
            return 503;
        default:
            return 500;
    }
}

}  // namespace

Response error_response(unsigned status, std::string_view message) {
    return json_response({{"error", {{"status", status}, {"message", message}}}}, status);
}

Response body_too_large(std::size_t max_body_bytes) {
    return error_response(413,
                          "the body is larger than " + std::to_string(max_body_bytes) + " bytes");
}

Plan plan(const Request& request, const ServerOptions& options) {
    const std::string_view path = request.raw_path;
    if (path.empty() || path[0] != '/')
        return answered(error_response(400, "the path must start with /"));
    if (has_dot_segment(path))
        return answered(error_response(400, "the path must not have . or .. segments"));
    if (path == "/api/search") {
        if (!is_read(request.method)) return answered(not_allowed("GET, HEAD"));
        return plan_search(request, options);
    }
    if (path == "/api/documents" || path.starts_with(documents_prefix))
        return plan_documents(request, options);
    if (path == "/api/stats") return plan_read(request, Work::stats);
    if (path == "/healthz") return plan_read(request, Work::health);
    if (const WebAsset* asset = asset_at(path)) {
        if (!is_read(request.method)) return answered(not_allowed("GET, HEAD"));
        return answered(static_response(*asset, request));
    }
    return answered(error_response(404, "no such resource"));
}

Response perform(const Plan& plan, std::string_view body, const Searcher& searcher,
                 Backend& backend) {
    try {
        switch (plan.work) {
            case Work::none:
                return plan.response;
            case Work::search: {
                const auto start = std::chrono::steady_clock::now();
                const SearchResults r = searcher.search(plan.query, plan.search);
                nlohmann::ordered_json j = results_json(plan.query, r);
                j["took_ms"] = std::chrono::duration<double, std::milli>(
                                   std::chrono::steady_clock::now() - start)
                                   .count();
                return ordered_json_response(j);
            }
            case Work::document: {
                const auto doc = searcher.document(plan.id);
                if (!doc) return error_response(404, "no document with this id");
                return json_response(document_json(*doc));
            }
            case Work::stats:
                return json_response(stats_of(backend.options));
            case Work::health:
                return json_response({{"status", "ok"}, {"documents", searcher.doc_count()}});
            case Work::add_documents:
                return add_documents(body, backend);
            case Work::delete_document:
                return delete_document(plan.id, backend);
        }
    } catch (const Error& e) {
        Response r = error_response(status_of(e), e.what());
        if (r.status == 503) r.headers.emplace_back("Retry-After", "1");
        return r;
    } catch (const std::exception& e) {
        return error_response(500, e.what());
    }
    return error_response(500, "unhandled request");
}

}  // namespace vnsearch::server
