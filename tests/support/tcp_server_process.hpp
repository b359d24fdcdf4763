// SPDX-License-Identifier: Apache-2.0
// A stock `xapian-tcpsrv` serving databases on a loopback port, for the remote-shard tests. The
// server runs in its own process group (it forks a process per connection), and stop() and the
// destructor kill that group, whose id is the pid this object started, and reap it. Every wait
// is bounded.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace vnsearch::test {

/// A loopback port nothing listened on a moment ago: bound with port 0, then released.
inline unsigned free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot bind a loopback port");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

/// True if something accepts connections on the loopback port.
inline bool accepts(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

/// A listening loopback socket that never accepts: the kernel completes each connection, and
/// the client then waits for a greeting that never comes (a stalled machine).
class SilentListener {
public:
    SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
            if (fd_ >= 0) ::close(fd_);
            throw std::runtime_error("cannot listen on a loopback port");
        }
        port_ = ntohs(a.sin_port);
    }
    ~SilentListener() { ::close(fd_); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    [[nodiscard]] unsigned port() const { return port_; }

private:
    int fd_;
    unsigned port_ = 0;
};

class TcpServerProcess {
public:
    /// Serves `databases` (as one database, like xapian-tcpsrv does) on a free loopback port.
    explicit TcpServerProcess(std::vector<std::string> databases)
        : databases_(std::move(databases)) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = free_loopback_port();
            if (launch()) return;
        }
        throw std::runtime_error("xapian-tcpsrv did not start");
    }
    ~TcpServerProcess() { stop(); }
    TcpServerProcess(const TcpServerProcess&) = delete;
    TcpServerProcess& operator=(const TcpServerProcess&) = delete;

    [[nodiscard]] unsigned port() const { return port_; }
    /// "127.0.0.1:PORT", as a stub line names it and as missing_shards reports it.
    [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

    /// Kills the server and every connection it forked.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

    /// Starts the server again on the same port (retrying for a few seconds while the port is
    /// still held).
    void restart() {
        stop();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!launch()) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("xapian-tcpsrv did not start again");
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

private:
    // Starts the server on port_ and waits until it accepts; false if it exited (port taken).
    bool launch() {
        const std::string port = std::to_string(port_);
        std::vector<const char*> argv = {"xapian-tcpsrv", "--port",    port.c_str(),
                                         "--interface",   "127.0.0.1", "--quiet"};
        for (const std::string& db : databases_) argv.push_back(db.c_str());
        argv.push_back(nullptr);
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execvp(argv[0], const_cast<char* const*>(argv.data()));
            ::_exit(127);
        }
        ::setpgid(pid, pid);  // also here: the child may not have run yet when stop() kills
        pid_ = pid;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            if (accepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop();
        return false;
    }

    std::vector<std::string> databases_;
    unsigned port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace vnsearch::test
