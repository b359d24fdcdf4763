// SPDX-License-Identifier: Apache-2.0
#include "store/open_shards.hpp"

#include <algorithm>

#include <vnsearch/error.hpp>

#include "store/xapian_util.hpp"

namespace vnsearch::store {

bool OpenedShards::any_remote() const {
    return std::any_of(used.begin(), used.end(),
                       [](const ShardLocation& s) { return s.is_remote(); });
}

std::vector<std::string> OpenedShards::missing_names() const {
    std::vector<std::string> names;
    names.reserve(missing.size());
    for (const ShardLocation& s : missing) names.push_back(s.name());
    return names;
}

Xapian::Database open_shard(const ShardLocation& shard, const RemoteTimeouts& timeouts) {
    switch (shard.kind) {
        case ShardLocation::Kind::remote_tcp:
            return Xapian::Remote::open(shard.host, shard.port, timeouts.timeout_ms,
                                        timeouts.connect_timeout_ms);
        case ShardLocation::Kind::remote_program: {
            // As Xapian's stub reader: the program, then its arguments after the first space.
            const auto space = shard.program.find(' ');
            const std::string program = shard.program.substr(0, space);
            const std::string args =
                space == std::string::npos ? std::string() : shard.program.substr(space + 1);
            return Xapian::Remote::open(program, args, timeouts.timeout_ms);
        }
        case ShardLocation::Kind::local:
            break;
    }
    return Xapian::Database(shard.path);
}

OpenedShards open_shards(const std::vector<ShardLocation>& shards, const RemoteTimeouts& timeouts) {
    OpenedShards out;
    for (const ShardLocation& shard : shards) {
        if (!shard.is_remote()) {
            out.each.push_back(open_for_reading(shard.path));
        } else {
            try {
                out.each.push_back(open_shard(shard, timeouts));
            } catch (const Xapian::NetworkError&) {
                // Down, refused, unreachable or too slow: searched without it.
                out.missing.push_back(shard);
                continue;
            }
        }
        out.used.push_back(shard);
        out.all.add_database(out.each.back());
    }
    return out;
}

}  // namespace vnsearch::store
