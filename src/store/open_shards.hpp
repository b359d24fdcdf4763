// SPDX-License-Identifier: Apache-2.0
// Opens a located index (store/shard_set.hpp) for reading, shard by shard, so that a remote shard
// that is down or slow leaves the others searchable instead of failing the whole open, as
// Xapian's own stub reader does. Local shards open with Xapian::Database(path); remote ones with
// Xapian::Remote::open under a timeout for each message and one for connecting: a refused port
// fails at once, an address that swallows packets within the connect timeout.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

#include "store/shard_set.hpp"

namespace vnsearch::store {

/// How long a remote shard may take. A shard on a LAN connects in well under a millisecond and
/// answers a match in milliseconds; these bounds only decide how long a dead or stalled machine
/// holds up a search.
struct RemoteTimeouts {
    /// Each exchange with a connected shard (Xapian's default is 10 s).
    unsigned timeout_ms = 5000;
    /// Connecting to it. Covers a LAN connect many times over; a lost SYN past it costs that
    /// shard one search, and it is tried again on the next.
    unsigned connect_timeout_ms = 1000;
};

/// The shards that answered, searched as one database, and the ones that did not.
struct OpenedShards {
    Xapian::Database all;                ///< the used shards, added in stub order
    std::vector<Xapian::Database> each;  ///< the same handles one by one (shared with `all`)
    std::vector<ShardLocation> used;     ///< parallel to `each`
    std::vector<ShardLocation> missing;  ///< remote shards that could not be reached

    [[nodiscard]] bool any_remote() const;
    /// ShardLocation::name() of each missing shard, in stub order.
    [[nodiscard]] std::vector<std::string> missing_names() const;
};

/// Opens one shard. A remote shard that cannot be reached throws Xapian::NetworkError (or its
/// subclass NetworkTimeoutError); other failures throw other Xapian errors.
[[nodiscard]] Xapian::Database open_shard(const ShardLocation& shard,
                                          const RemoteTimeouts& timeouts);

/// Opens `shards` (in their order). A remote shard that cannot be reached goes to `missing`; a
/// local shard that fails to open is an error of the index.
/// @throws Error{Errc::index_not_found}, index_corrupt, internal for a local shard.
[[nodiscard]] OpenedShards open_shards(const std::vector<ShardLocation>& shards,
                                       const RemoteTimeouts& timeouts);

}  // namespace vnsearch::store
