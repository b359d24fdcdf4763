// SPDX-License-Identifier: Apache-2.0
#include "server/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <microhttpd.h>

#include <vnsearch/error.hpp>
#include <vnsearch/searcher.hpp>

#include "server/api.hpp"
#include "server/http_util.hpp"

namespace vnsearch::server {

namespace {

using Clock = std::chrono::steady_clock;

// One request, from the first call of the access handler to MHD's completion callback.
struct RequestState {
    Clock::time_point start = Clock::now();
    std::string method;
    std::string raw_path;
    Plan plan;
    std::optional<Response> answer;  // decided without a worker (an error, a file of the page)
    std::string body;
    std::size_t body_bytes = 0;
    bool dispatched = false;  // handed to the workers
    // Written by a worker before it resumes the connection, read by the network thread after.
    std::optional<Response> response;
    std::atomic<bool> ready{false};
    unsigned status = 0;  // for the access log; 0: no response was sent
};

struct Job {
    MHD_Connection* connection;
    RequestState* state;
};

// The address to listen on, numeric ("127.0.0.1", "::1", "0.0.0.0"); "localhost" is 127.0.0.1.
struct ListenAddress {
    sockaddr_storage storage{};
    bool v6 = false;
};

ListenAddress listen_address(const std::string& host, unsigned port) {
    ListenAddress a;
    const std::string h = host == "localhost" ? "127.0.0.1" : host;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (::inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(port));
    } else if (::inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(port));
        a.v6 = true;
    } else {
        throw Error(Errc::invalid_input,
                    "cannot listen on \"" + host + "\": not a numeric IPv4 or IPv6 address");
    }
    return a;
}

// MHD would decode "%HH" in the path and the arguments itself, silently keeping what is
// malformed; the API decodes them strictly (server/api.cpp), so MHD leaves them as sent.
size_t keep_escaped(void*, MHD_Connection*, char* s) { return std::strlen(s); }

void mhd_log(void*, const char* format, va_list ap) {
    std::fputs("vnsearch serve: ", stderr);
    std::vfprintf(stderr, format, ap);
}

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    Backend backend{options};
    std::vector<Searcher> searchers;
    std::vector<std::thread> threads;
    MHD_Daemon* daemon = nullptr;
    unsigned bound_port = 0;

    std::mutex queue_mutex;
    std::condition_variable queue_ready;
    std::deque<Job> queue;
    bool stopping = false;

    std::atomic<unsigned> in_flight{0};
    std::atomic<bool> draining{false};

    explicit Impl(const ServerOptions& o) : options(o) {}

    void start();
    void stop_workers();
    void work(const Searcher& searcher);
    bool dispatch(MHD_Connection* connection, RequestState* state);
    MHD_Result send(MHD_Connection* connection, RequestState* state, const Response& response);
    Request request_of(MHD_Connection* connection, const char* url, const char* method) const;
    std::optional<Response> over_a_limit(MHD_Connection* connection, const Request& r) const;
    MHD_Result first_call(MHD_Connection* connection, RequestState* state, const char* url);
    MHD_Result handle(MHD_Connection* connection, const char* url, const char* method,
                      const char* upload_data, size_t* upload_size, void** context);
    void completed(RequestState* state);

    static MHD_Result on_request(void* self, MHD_Connection* connection, const char* url,
                                 const char* method, const char*, const char* upload_data,
                                 size_t* upload_size, void** context) {
        return static_cast<Impl*>(self)->handle(connection, url, method, upload_data, upload_size,
                                                context);
    }
    static void on_completed(void* self, MHD_Connection*, void** context,
                             MHD_RequestTerminationCode) {
        auto* state = static_cast<RequestState*>(*context);
        *context = nullptr;
        if (state != nullptr) static_cast<Impl*>(self)->completed(state);
    }
};

void HttpServer::Impl::start() {
    const ListenAddress address = listen_address(options.host, options.port);
    // MHD's own hard limits sit above ours, so that a request over our limit gets our JSON
    // answer, and only what is far beyond it (a request head past 256 KiB, or past four times
    // our limits) is cut by MHD with its own HTML 414 or 431. The pool is reserved per
    // connection but its pages are touched only as a request fills them.
    const size_t pool_bytes = std::max<size_t>(
        256 * 1024, 4 * (options.max_header_bytes + options.max_uri_bytes) + 16384);
    const unsigned hard_connections = options.max_connections + 16;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    if (address.v6) flags |= MHD_USE_IPv6;
    daemon = MHD_start_daemon(
        flags, static_cast<std::uint16_t>(options.port), nullptr, nullptr, &Impl::on_request, this,
        MHD_OPTION_EXTERNAL_LOGGER, &mhd_log, nullptr, MHD_OPTION_SOCK_ADDR, &address.storage,
        MHD_OPTION_CONNECTION_LIMIT, hard_connections, MHD_OPTION_CONNECTION_TIMEOUT,
        options.timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool_bytes,
        MHD_OPTION_NOTIFY_COMPLETED, &Impl::on_completed, this, MHD_OPTION_UNESCAPE_CALLBACK,
        &keep_escaped, nullptr, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
    if (daemon == nullptr)
        throw Error(Errc::io, "cannot listen on " + options.host + ":" +
                                  std::to_string(options.port) +
                                  " (address in use, or not an address of this machine)");
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    bound_port = info != nullptr ? info->port : options.port;
}

void HttpServer::Impl::work(const Searcher& searcher) {
    for (;;) {
        Job job{};
        {
            std::unique_lock lock(queue_mutex);
            queue_ready.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty()) return;  // stopping, and nothing left to answer
            job = queue.front();
            queue.pop_front();
        }
        job.state->response = perform(job.state->plan, job.state->body, searcher, backend);
        job.state->ready.store(true, std::memory_order_release);
        // Last: once resumed, the network thread may answer and free the state.
        MHD_resume_connection(job.connection);
    }
}

void HttpServer::Impl::stop_workers() {
    {
        std::lock_guard lock(queue_mutex);
        stopping = true;
    }
    queue_ready.notify_all();
    for (std::thread& t : threads)
        if (t.joinable()) t.join();
    threads.clear();
}

bool HttpServer::Impl::dispatch(MHD_Connection* connection, RequestState* state) {
    std::lock_guard lock(queue_mutex);
    if (stopping || queue.size() >= options.max_queue) return false;
    // Suspended before a worker can see it, so that the worker's resume never comes first.
    MHD_suspend_connection(connection);
    state->dispatched = true;
    queue.push_back({connection, state});
    queue_ready.notify_one();
    return true;
}

MHD_Result HttpServer::Impl::send(MHD_Connection* connection, RequestState* state,
                                  const Response& r) {
    MHD_Response* response =
        r.static_body.empty()
            ? MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()),
                                              MHD_RESPMEM_MUST_COPY)
            : MHD_create_response_from_buffer(r.static_body.size(),
                                              const_cast<char*>(r.static_body.data()),
                                              MHD_RESPMEM_PERSISTENT);
    if (response == nullptr) return MHD_NO;
    MHD_add_response_header(response, "Content-Type", r.content_type.c_str());
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    bool cache_set = false;
    for (const auto& [name, value] : r.headers) {
        MHD_add_response_header(response, name.c_str(), value.c_str());
        cache_set = cache_set || name == "Cache-Control";
    }
    // API answers change with every commit of the index: never cached on the way.
    if (!cache_set) MHD_add_response_header(response, "Cache-Control", "no-store");
    if (draining.load()) MHD_add_response_header(response, "Connection", "close");
    state->status = r.status;
    const MHD_Result result = MHD_queue_response(connection, r.status, response);
    MHD_destroy_response(response);
    return result;
}

Request HttpServer::Impl::request_of(MHD_Connection* connection, const char* url,
                                     const char* method) const {
    Request r;
    r.method = method;
    r.raw_path = url;
    MHD_get_connection_values(
        connection, MHD_GET_ARGUMENT_KIND,
        [](void* out, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
            static_cast<Pairs*>(out)->emplace_back(key, value != nullptr ? value : "");
            return MHD_YES;
        },
        &r.raw_args);
    auto header = [&](const char* name) {
        const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
        return std::string(v != nullptr ? v : "");
    };
    r.authorization = header(MHD_HTTP_HEADER_AUTHORIZATION);
    r.if_none_match = header(MHD_HTTP_HEADER_IF_NONE_MATCH);
    const std::string length = header(MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!length.empty()) {
        r.content_length = std::strtoull(length.c_str(), nullptr, 10);
        r.has_body = r.content_length > 0;
    }
    if (!header(MHD_HTTP_HEADER_TRANSFER_ENCODING).empty()) {
        r.has_body = true;
        r.chunked = true;
    }
    return r;
}

std::optional<Response> HttpServer::Impl::over_a_limit(MHD_Connection* connection,
                                                       const Request& r) const {
    std::size_t uri = r.raw_path.size();
    for (const auto& [k, v] : r.raw_args) uri += k.size() + v.size() + 2;
    if (uri > options.max_uri_bytes)
        return error_response(
            414, "the URI is longer than " + std::to_string(options.max_uri_bytes) + " bytes");
    std::size_t header_bytes = 0;
    MHD_get_connection_values(
        connection, MHD_HEADER_KIND,
        [](void* total, MHD_ValueKind, const char* key, const char* value) -> MHD_Result {
            *static_cast<std::size_t*>(total) +=
                std::strlen(key) + (value != nullptr ? std::strlen(value) : 0) + 4;
            return MHD_YES;
        },
        &header_bytes);
    if (header_bytes > options.max_header_bytes)
        return error_response(431, "the headers are larger than " +
                                       std::to_string(options.max_header_bytes) + " bytes");
    // The connection's daemon, not `daemon`: the first requests can come in before
    // MHD_start_daemon() has returned and `daemon` is set.
    const MHD_ConnectionInfo* owner =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_DAEMON);
    const MHD_DaemonInfo* info =
        owner != nullptr ? MHD_get_daemon_info(owner->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS)
                         : nullptr;
    if (info != nullptr && info->num_connections > options.max_connections) {
        Response busy = error_response(503, "too many connections; try again shortly");
        busy.headers.emplace_back("Retry-After", "1");
        return busy;
    }
    return std::nullopt;
}

// libmicrohttpd 0.9.75 closes the connection after any response queued in the first call of
// the access handler (it cannot know yet whether a body follows): the first call only decides,
// and the answer goes out on the next one, when the whole request has been read. A request
// refused while a body is on its way is the exception: it is answered at once, and closing is
// then what we want (the body is never read).
MHD_Result HttpServer::Impl::first_call(MHD_Connection* connection, RequestState* state,
                                        const char* url) {
    const Request request = request_of(connection, url, state->method.c_str());
    if (auto refused = over_a_limit(connection, request)) {
        state->answer = std::move(*refused);
    } else {
        state->plan = plan(request, options);
        if (state->plan.work == Work::none) state->answer = std::move(state->plan.response);
    }
    if (state->answer && request.has_body) return send(connection, state, *state->answer);
    return MHD_YES;
}

MHD_Result HttpServer::Impl::handle(MHD_Connection* connection, const char* url, const char* method,
                                    const char* upload_data, size_t* upload_size, void** context) {
    auto* state = static_cast<RequestState*>(*context);
    if (state == nullptr) {
        state = new RequestState;
        *context = state;
        in_flight.fetch_add(1);
        state->method = method;
        state->raw_path = url;
        return first_call(connection, state, url);
    }
    if (state->ready.load(std::memory_order_acquire))
        return send(connection, state, *state->response);
    if (state->dispatched) return MHD_YES;
    if (*upload_size > 0) {
        state->body_bytes += *upload_size;
        if (state->body_bytes > options.max_body_bytes) {
            // Not reached for the write endpoint, which answers a chunked body 411 before
            // reading it (libmicrohttpd 0.9.75 cannot answer in the middle of a body); a
            // safeguard for any later endpoint that takes a body.
            return MHD_NO;
        }
        if (state->plan.needs_body) state->body.append(upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (state->answer) return send(connection, state, *state->answer);
    if (dispatch(connection, state)) return MHD_YES;
    Response busy = error_response(503, "the server is busy; try again shortly");
    busy.headers.emplace_back("Retry-After", "1");
    return send(connection, state, busy);
}

void HttpServer::Impl::completed(RequestState* state) {
    if (!options.quiet) {
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - state->start).count();
        const std::string status = state->status != 0 ? std::to_string(state->status) : "-";
        std::fprintf(stderr, "%s %s %s %.1fms\n", loggable(state->method, 16).c_str(),
                     loggable(state->raw_path).c_str(), status.c_str(), ms);
    }
    delete state;
    in_flight.fetch_sub(1);
}

HttpServer::HttpServer(const ServerOptions& options) : impl_(std::make_unique<Impl>(options)) {
    Impl& s = *impl_;
    unsigned n = options.threads;
    if (n == 0) n = std::max(1U, std::thread::hardware_concurrency());
    s.searchers.reserve(n);
    for (unsigned i = 0; i < n; ++i) s.searchers.emplace_back(options.db, options.opening);
    for (const Searcher& searcher : s.searchers)
        s.threads.emplace_back([&s, &searcher] { s.work(searcher); });
    try {
        s.start();
    } catch (...) {
        s.stop_workers();
        throw;
    }
}

HttpServer::~HttpServer() {
    if (impl_->daemon == nullptr) return;
    impl_->stop_workers();  // answers what is queued, resuming every suspended connection
    MHD_stop_daemon(impl_->daemon);
}

unsigned HttpServer::port() const { return impl_->bound_port; }

unsigned HttpServer::workers() const { return static_cast<unsigned>(impl_->searchers.size()); }

unsigned HttpServer::drain() {
    Impl& s = *impl_;
    s.draining.store(true);
    // No new connections; the listening socket is ours to close.
    const MHD_socket listener = MHD_quiesce_daemon(s.daemon);
    if (listener != MHD_INVALID_SOCKET) ::close(listener);
    const auto deadline = Clock::now() + std::chrono::seconds(s.options.drain_seconds);
    while (s.in_flight.load() > 0 && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const unsigned left = s.in_flight.load();
    s.stop_workers();
    MHD_stop_daemon(s.daemon);
    s.daemon = nullptr;
    return left;
}

void run_server(const ServerOptions& options) {
    // SIGTERM and SIGINT are taken by sigwait() below, never by a handler: every thread started
    // from here inherits the blocked mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is an error on its socket only
    {
        HttpServer server(options);
        std::fprintf(stderr, "vnsearch serve: listening on http://%s%s%s:%u (%u searchers, %s)\n",
                     options.host.find(':') != std::string::npos ? "[" : "", options.host.c_str(),
                     options.host.find(':') != std::string::npos ? "]" : "", server.port(),
                     server.workers(), options.admin_token.empty() ? "read-only" : "admin");
        int received = 0;
        sigwait(&signals, &received);
        std::fprintf(stderr, "vnsearch serve: %s: finishing the requests in flight\n",
                     received == SIGTERM ? "SIGTERM" : "SIGINT");
        const unsigned left = server.drain();
        if (left > 0)
            std::fprintf(stderr, "vnsearch serve: %u requests cut off after %us\n", left,
                         options.drain_seconds);
        std::fprintf(stderr, "vnsearch serve: stopped\n");
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

}  // namespace vnsearch::server
