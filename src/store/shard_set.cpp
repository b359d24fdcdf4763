// SPDX-License-Identifier: Apache-2.0
#include "store/shard_set.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <vnsearch/error.hpp>

namespace vnsearch::store {
namespace {

namespace fs = std::filesystem;

// A stub may name another stub (a front machine's stub naming a local sharded folder); deeper
// nesting than this is a loop.
constexpr int max_stub_depth = 4;
constexpr std::string_view count_comment = "# vnsearch shards ";

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

[[noreturn]] void bad_line(const std::string& stub, std::size_t line, const std::string& why) {
    throw Error(Errc::invalid_input,
                "stub \"" + stub + "\" line " + std::to_string(line) + ": " + why);
}

ShardLocation remote_location(std::string_view spec, const std::string& stub, std::size_t line) {
    ShardLocation shard;
    if (spec.starts_with(':')) {
        shard.kind = ShardLocation::Kind::remote_program;
        shard.program = std::string(trim(spec.substr(1)));
        if (shard.program.empty()) bad_line(stub, line, "remote program is empty");
        return shard;
    }
    const auto colon = spec.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        bad_line(stub, line, "remote needs HOST:PORT or :PROGRAM");
    }
    std::string_view host = spec.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);  // [::1]:PORT
    }
    const std::string_view port = spec.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
        bad_line(stub, line, "bad port \"" + std::string(port) + "\"");
    }
    shard.kind = ShardLocation::Kind::remote_tcp;
    shard.host = std::string(host);
    shard.port = value;
    return shard;
}

void expand(const fs::path& path, int depth, IndexLocation& out);

// Reads the stub file `stub`, appending its shards to `out`.
void read_stub(const fs::path& stub, int depth, IndexLocation& out) {
    std::ifstream in(stub);
    if (!in) throw Error(Errc::io, "cannot read stub \"" + stub.string() + "\"");
    const fs::path base = stub.parent_path();
    std::string text;
    std::size_t number = 0;
    std::uint32_t declared = 0;
    std::size_t lines_here = 0;
    while (std::getline(in, text)) {
        ++number;
        const std::string_view line = trim(text);
        if (line.starts_with(count_comment)) {
            const std::string_view n = trim(line.substr(count_comment.size()));
            std::from_chars(n.data(), n.data() + n.size(), declared);
            continue;
        }
        if (line.empty() || line.front() == '#') continue;
        const auto space = line.find_first_of(" \t");
        if (space == std::string_view::npos) bad_line(stub.string(), number, "no path");
        const std::string_view type = line.substr(0, space);
        const std::string_view arg = trim(line.substr(space + 1));
        ++lines_here;
        if (type == "remote") {
            out.shards.push_back(remote_location(arg, stub.string(), number));
        } else if (type == "auto" || type == "glass") {
            fs::path target(arg);
            if (target.is_relative()) target = base / target;
            expand(target, depth + 1, out);
        } else {
            bad_line(stub.string(), number,
                     "unsupported backend \"" + std::string(type) + "\" (auto, glass or remote)");
        }
    }
    if (depth == 0 && declared != 0) {
        if (declared != lines_here) {
            throw Error(Errc::index_corrupt, "sharded index \"" + base.string() + "\" declares " +
                                                 std::to_string(declared) + " shards but lists " +
                                                 std::to_string(lines_here));
        }
        out.declared_shards = declared;
    }
}

void expand(const fs::path& path, int depth, IndexLocation& out) {
    if (depth > max_stub_depth) {
        throw Error(Errc::invalid_input, "stub \"" + path.string() + "\": stubs nest too deep");
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) {
        throw Error(Errc::index_not_found,
                    "cannot open index \"" + path.string() + "\": no such index");
    }
    if (fs::is_regular_file(status)) {
        read_stub(path, depth, out);
        return;
    }
    const fs::path stub = path / shard_stub_name;
    if (fs::is_regular_file(stub, ec)) {
        read_stub(stub, depth, out);
        return;
    }
    ShardLocation shard;
    shard.path = path.string();
    out.shards.push_back(std::move(shard));
}

}  // namespace

std::uint32_t shard_of(std::string_view id, std::uint32_t count) {
    std::uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : id) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return count == 0 ? 0 : static_cast<std::uint32_t>(h % count);
}

std::string without_trailing_slashes(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

std::string shard_folder_name(std::uint32_t k) {
    char name[32];
    std::snprintf(name, sizeof name, "shard-%03u", k);
    return name;
}

std::string ShardLocation::name() const {
    switch (kind) {
        case Kind::remote_tcp:
            return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                   std::to_string(port);
        case Kind::remote_program:
            return ":" + program;
        case Kind::local:
            break;
    }
    return path;
}

IndexLocation locate_index(const std::string& path) {
    IndexLocation location;
    location.path = path;
    expand(fs::path(path), 0, location);
    std::error_code ec;
    if (fs::is_regular_file(fs::path(path), ec)) {
        location.layout = IndexLocation::Layout::stub;
    } else if (fs::is_regular_file(fs::path(path) / shard_stub_name, ec)) {
        location.layout = location.declared_shards != 0 ? IndexLocation::Layout::sharded
                                                        : IndexLocation::Layout::stub;
    }
    return location;
}

void write_shard_stub(const std::string& folder, std::uint32_t count) {
    std::ostringstream text;
    text << "# A vnsearch index of " << count
         << " shards, searched as one database (Xapian stub file).\n"
         << count_comment << count << '\n';
    for (std::uint32_t k = 0; k < count; ++k) text << "glass " << shard_folder_name(k) << '\n';
    const fs::path target = fs::path(folder) / shard_stub_name;
    const fs::path temporary = fs::path(folder) / (std::string(shard_stub_name) + ".tmp");
    const std::string bytes = text.str();
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok =
        fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ok = ok && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    if (ok) fs::rename(temporary, target, ec);
    if (!ok || ec) {
        fs::remove(temporary, ec);
        throw Error(Errc::io, "cannot write \"" + target.string() + "\"");
    }
    // The rename is durable once the folder is synced.
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace vnsearch::store
