// SPDX-License-Identifier: Apache-2.0
// A simulated LAN for bench/shards.sh, in place of `tc qdisc ... netem delay` (the bench
// machine's kernel has no netem: "Specified qdisc kind is unknown"): a TCP forwarder on loopback
// that holds every chunk it reads for a fixed delay before writing it on, each way, in order.
// It also counts exchanges: a burst of client bytes after server bytes (or opening a
// connection) is one round trip of Xapian's remote protocol.
//
//   lan_proxy DELAY_US STATS_FILE LISTEN_PORT=UPSTREAM_PORT...
//
// Listens on 127.0.0.1:LISTEN_PORT for each pair and forwards to 127.0.0.1:UPSTREAM_PORT.
// Writes "exchanges N connections M" to STATS_FILE on SIGUSR1 and on SIGTERM (then exits).
// Four threads a connection (a reader and a writer each way): enough for a benchmark's handful.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<long> exchanges{0};
std::atomic<long> connections{0};
std::chrono::microseconds delay{0};

// One direction of a connection: chunks wait here until their time comes.
struct Lane {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<Clock::time_point, std::string>> chunks;
    bool closed = false;
};

struct Connection {
    int client = -1, server = -1;
    std::atomic<bool> client_spoke_last{false};
    Lane up, down;  // client -> server, server -> client
};

void reader(const std::shared_ptr<Connection>& c, bool from_client) {
    Lane& lane = from_client ? c->up : c->down;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(from_client ? c->client : c->server, buffer, sizeof buffer);
        if (n <= 0) break;
        if (from_client && !c->client_spoke_last.exchange(true)) ++exchanges;
        if (!from_client) c->client_spoke_last = false;
        const std::lock_guard lock(lane.mutex);
        lane.chunks.emplace_back(Clock::now() + delay, std::string(buffer, std::size_t(n)));
        lane.ready.notify_one();
    }
    const std::lock_guard lock(lane.mutex);
    lane.closed = true;
    lane.ready.notify_one();
}

void writer(const std::shared_ptr<Connection>& c, bool to_server) {
    Lane& lane = to_server ? c->up : c->down;
    const int fd = to_server ? c->server : c->client;
    for (;;) {
        std::unique_lock lock(lane.mutex);
        lane.ready.wait(lock, [&] { return lane.closed || !lane.chunks.empty(); });
        if (lane.chunks.empty()) break;
        auto [due, bytes] = std::move(lane.chunks.front());
        lane.chunks.pop_front();
        lock.unlock();
        std::this_thread::sleep_until(due);
        for (std::size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0) return;
            done += std::size_t(n);
        }
    }
    ::shutdown(fd, SHUT_WR);
}

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    return a;
}

void serve(int listener, int upstream) {
    for (;;) {
        const int client = ::accept(listener, nullptr, nullptr);
        if (client < 0) continue;
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        const sockaddr_in a = loopback(upstream);
        if (::connect(server, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
            ::close(client);
            ::close(server);
            continue;
        }
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ++connections;
        auto c = std::make_shared<Connection>();
        c->client = client;
        c->server = server;
        std::thread([c] {
            std::thread up_read(reader, c, true), down_read(reader, c, false);
            std::thread up_write(writer, c, true), down_write(writer, c, false);
            up_read.join();
            up_write.join();
            down_read.join();
            down_write.join();
            ::close(c->client);
            ::close(c->server);
        }).detach();
    }
}

const char* stats_path = nullptr;

void write_stats() {
    if (FILE* f = std::fopen(stats_path, "w")) {
        std::fprintf(f, "exchanges %ld connections %ld\n", exchanges.load(), connections.load());
        std::fclose(f);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: lan_proxy DELAY_US STATS_FILE LISTEN_PORT=UPSTREAM_PORT...\n");
        return 2;
    }
    delay = std::chrono::microseconds(std::atol(argv[1]));
    stats_path = argv[2];
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGUSR1);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // threads inherit: only sigwait() sees them
    std::signal(SIGPIPE, SIG_IGN);
    for (int i = 3; i < argc; ++i) {
        const std::string pair = argv[i];
        const auto eq = pair.find('=');
        if (eq == std::string::npos) {
            std::fprintf(stderr, "lan_proxy: expected LISTEN_PORT=UPSTREAM_PORT, got %s\n",
                         argv[i]);
            return 2;
        }
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        const sockaddr_in a = loopback(std::atoi(pair.substr(0, eq).c_str()));
        if (::bind(listener, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(listener, 64) != 0) {
            std::perror("lan_proxy: listen");
            return 1;
        }
        std::thread(serve, listener, std::atoi(pair.substr(eq + 1).c_str())).detach();
    }
    for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        write_stats();
        if (sig != SIGUSR1) std::_Exit(0);
    }
}
