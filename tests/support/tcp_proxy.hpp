// SPDX-License-Identifier: Apache-2.0
// A loopback TCP forwarder for the remote-shard tests, run by a thread of the test process. It
// counts round trips: Xapian's remote protocol sends a request and waits for the answer, so each
// burst of client bytes that follows server bytes (or starts a connection) is one exchange;
// requests sent before any answer (MSet::fetch) count once. It can also cut every connection at
// a chosen exchange, which is how a shard dies in the middle of a search.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace vnsearch::test {

class TcpProxy {
public:
    /// Forwards connections to 127.0.0.1:`upstream`.
    explicit TcpProxy(unsigned upstream) : upstream_(upstream) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a = loopback(0);
        socklen_t len = sizeof a;
        if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(listener_, 16) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0 ||
            ::pipe2(wake_, O_CLOEXEC) != 0) {
            throw std::runtime_error("cannot start the proxy");
        }
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~TcpProxy() {
        stopping_ = true;
        (void)!::write(wake_[1], "x", 1);
        thread_.join();
        for (const Pair& p : pairs_) close_pair(p);
        ::close(listener_);
        ::close(wake_[0]);
        ::close(wake_[1]);
    }
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    /// Client bursts (exchanges) forwarded so far, over every connection.
    [[nodiscard]] std::size_t exchanges() const { return exchanges_; }
    /// Closes every open connection when the `n`-th exchange from now begins, before
    /// forwarding it, and closes later connections at once (a machine that went down) until
    /// forward_again().
    void cut_at(std::size_t n) { cut_at_ = exchanges_ + n; }
    void forward_again() { refusing_ = false; }

private:
    struct Pair {
        int client, server;
        bool client_spoke_last;
    };

    static sockaddr_in loopback(unsigned port) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        return a;
    }
    static void close_pair(const Pair& p) {
        ::close(p.client);
        ::close(p.server);
    }
    static bool write_all(int fd, const char* data, std::size_t size) {
        while (size > 0) {
            const ssize_t n = ::write(fd, data, size);
            if (n <= 0) return false;
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }

    void accept_one() {
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) return;
        if (refusing_) {
            ::close(client);
            return;
        }
        const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in a = loopback(upstream_);
        if (server < 0 || ::connect(server, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
            ::close(client);
            if (server >= 0) ::close(server);
            return;
        }
        pairs_.push_back({client, server, false});
    }

    // Forwards what `from` has; false when the pair must close. Sets `cut` when every
    // connection must close.
    bool forward(Pair& p, bool from_client, bool& cut) {
        char buffer[65536];
        const ssize_t n = ::read(from_client ? p.client : p.server, buffer, sizeof buffer);
        if (n <= 0) return false;
        if (from_client && !p.client_spoke_last && ++exchanges_ == cut_at_) {
            cut = true;
            refusing_ = true;
            return false;
        }
        p.client_spoke_last = from_client;
        return write_all(from_client ? p.server : p.client, buffer, static_cast<std::size_t>(n));
    }

    void loop() {
        while (!stopping_) {
            std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
            for (const Pair& p : pairs_) {
                fds.push_back({p.client, POLLIN, 0});
                fds.push_back({p.server, POLLIN, 0});
            }
            const std::size_t polled = pairs_.size();
            if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
            if (fds[1].revents & POLLIN) accept_one();
            const auto ready = [&](std::size_t at) {
                return (fds[at].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
            };
            std::vector<Pair> kept;
            bool cut = false;
            for (std::size_t i = 0; i < pairs_.size(); ++i) {
                Pair& p = pairs_[i];
                bool open = !cut;
                if (open && i < polled && ready(2 + 2 * i)) open = forward(p, true, cut);
                if (open && i < polled && ready(3 + 2 * i)) open = forward(p, false, cut);
                if (open) {
                    kept.push_back(p);
                    continue;
                }
                close_pair(p);
                if (cut) {
                    for (const Pair& k : kept) close_pair(k);
                    kept.clear();
                }
            }
            pairs_ = std::move(kept);
        }
    }

    unsigned upstream_;
    unsigned port_ = 0;
    int listener_ = -1;
    int wake_[2] = {-1, -1};
    std::vector<Pair> pairs_;  // the loop thread's, until it is joined
    std::atomic<std::size_t> exchanges_{0};
    std::atomic<std::size_t> cut_at_{0};
    std::atomic<bool> refusing_{false};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace vnsearch::test
