// SPDX-License-Identifier: Apache-2.0
// The write side's view of an index's layout (store/shard_set.hpp owns the format): which local
// databases a writer opens and which of them a document goes to. Three cases:
// - a plain database: every document goes to it;
// - a sharded folder of N shards: a document goes to shard_of(id, N);
// - a plain database that holds part K of N of a cluster's index (`--shard K/N`): only documents
//   with shard_of(id, N) == K belong to it; the others are another machine's.
// The shard count (and a cluster part) is fixed when the index is created and recorded in each
// database's metadata (term_scheme.hpp, shard_key); a writer asking for another fails with
// invalid_input. Stub files vnsearch did not write, and remote shards, cannot be written here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::index {

/// Part `index` of a sharding into `count` (the "K/N" of `--shard K/N`).
struct ShardPart {
    std::uint32_t index = 0;
    std::uint32_t count = 1;
    friend bool operator==(const ShardPart&, const ShardPart&) = default;
};

/// "K/N".
[[nodiscard]] std::string to_string(ShardPart part);
/// Parses "K/N" (K < N, N >= 1); nullopt if malformed.
[[nodiscard]] std::optional<ShardPart> parse_shard_part(std::string_view text);

/// The databases a writer of one index opens.
struct ShardLayout {
    std::string path;                 ///< the index as given (trailing slashes removed)
    std::vector<std::string> shards;  ///< one path (plain) or the N shard folders, in order
    bool sharded = false;             ///< a sharded folder (XAPIANDB stub + shard-NNN)
    bool exists = false;              ///< the index (or some of its shards) is on disk
    std::optional<ShardPart> part;    ///< a plain database holding one part of a cluster's index

    /// The position in `shards` of the document with this id.
    [[nodiscard]] std::size_t shard_for(std::string_view id) const;
    /// False for a document of another part of a cluster's index.
    [[nodiscard]] bool owns(std::string_view id) const;
    /// The metadata value each shard carries ("k/N"), empty for a whole plain database.
    [[nodiscard]] std::string label(std::size_t k) const;
};

/// A new index of `input_bytes` of input (as read: compressed files count compressed bytes) gets
/// one shard below this, else one per core.
inline constexpr std::uint64_t shard_input_bytes = 256ull << 20;
inline constexpr unsigned max_default_shards = 8;
/// The shard count of a new index when none is asked for (see shard_layout.cpp for why).
[[nodiscard]] std::uint32_t default_shard_count(std::uint64_t input_bytes, unsigned cores);

/// What a writer asks for.
struct LayoutRequest {
    /// Shards of the index: 0 keeps an existing index's count, and gives a new one
    /// `count_if_new`; any other value must equal an existing index's count.
    std::uint32_t shards = 0;
    std::uint32_t count_if_new = 1;
    /// A cluster part: nullopt keeps an existing database's part (if any).
    std::optional<ShardPart> part;
};

/// Reads the layout of the index at `path` (which need not exist) and checks it against
/// `request`. Creates nothing.
/// @throws Error{Errc::invalid_input} for a count or part that differs from the existing one, a
/// stub file vnsearch did not write or a remote shard; index_corrupt, internal.
[[nodiscard]] ShardLayout resolve_layout(const std::string& path, const LayoutRequest& request);

/// Reads the layout of an existing index as it is. Same errors, and index_not_found.
[[nodiscard]] ShardLayout existing_layout(const std::string& path);

/// Writes the XAPIANDB stub of a sharded layout whose shard databases exist, unless it is there.
/// Written after the shards, so a reader never finds a stub naming missing databases.
void finish_layout(const ShardLayout& layout);

}  // namespace vnsearch::index
