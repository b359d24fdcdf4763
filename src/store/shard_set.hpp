// SPDX-License-Identifier: Apache-2.0
// Where an index's documents live: one Xapian database, or many shards searched as one. This is
// the one owner of the layout; the write side creates it, the read side opens it.
//
// Every --db names one of:
// - a plain Xapian database folder (one shard, the layout of a small index);
// - a sharded index folder: a Xapian stub file named XAPIANDB listing `glass shard-000` ...
//   `glass shard-NNN`, with the shard count in a `# vnsearch shards N` comment. Stock Xapian
//   tools (xapian-delve, xapian-tcpsrv, xapian-compact) open the folder as one database too;
// - any Xapian stub file: `auto PATH`, `glass PATH`, `remote HOST:PORT` (TCP) or
//   `remote :PROGRAM ARGS` lines, `#` comments, paths relative to the stub's folder.
// A document's shard is fixed by its id alone (shard_of), so an update, a delete, a prune and a
// rerun after a crash all find it again, and each machine of a cluster can index its own shard
// from the same input.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::store {

/// The stub file that makes a folder a sharded index.
inline constexpr std::string_view shard_stub_name = "XAPIANDB";

/// The shard of a document with this id among `count` shards: FNV-1a (64 bits) of the id's
/// bytes, modulo count. Stable across machines, builds and releases: it is part of the format.
[[nodiscard]] std::uint32_t shard_of(std::string_view id, std::uint32_t count);

/// The folder name of shard `k` inside a sharded index ("shard-000").
[[nodiscard]] std::string shard_folder_name(std::uint32_t k);

/// `path` without trailing slashes ("idx/" -> "idx"), so that the folders made beside an index
/// ("idx.rebuild", "idx.segments") land next to it, not inside it.
[[nodiscard]] std::string without_trailing_slashes(std::string path);

/// One shard: a local database folder or a remote one.
struct ShardLocation {
    enum class Kind { local, remote_tcp, remote_program };
    Kind kind = Kind::local;
    std::string path;     ///< local: the database folder (absolute, or as given)
    std::string host;     ///< remote_tcp
    unsigned port = 0;    ///< remote_tcp
    std::string program;  ///< remote_program: the command and its arguments, as in the stub
    /// How messages and `missing_shards` name it: the path, "HOST:PORT" or ":PROGRAM ARGS".
    [[nodiscard]] std::string name() const;
    [[nodiscard]] bool is_remote() const { return kind != Kind::local; }
};

/// What a --db names.
struct IndexLocation {
    enum class Layout {
        single,   ///< a plain database folder
        sharded,  ///< a folder with a XAPIANDB stub written by vnsearch
        stub,     ///< a stub file (or a folder whose XAPIANDB vnsearch did not write)
    };
    Layout layout = Layout::single;
    std::string path;                   ///< as given
    std::vector<ShardLocation> shards;  ///< in stub order: the order fixes the docid interleaving
    /// The count a vnsearch sharded folder declares (0 for other layouts).
    std::uint32_t declared_shards = 0;
};

/// Reads what `path` names. Stub lines naming another stub or sharded folder are expanded in
/// place (up to a small depth). Does not open any database.
/// @throws Error{Errc::index_not_found} if nothing is at `path`; Error{Errc::invalid_input} for
/// a stub line that cannot be read (named with its file and line), or a sharded folder whose
/// declared count disagrees with its lines.
[[nodiscard]] IndexLocation locate_index(const std::string& path);

/// Writes the XAPIANDB stub of a sharded index of `count` shards into `folder` (atomically:
/// a temporary file renamed over the old one, then synced).
/// @throws Error{Errc::io}.
void write_shard_stub(const std::string& folder, std::uint32_t count);

}  // namespace vnsearch::store
