// SPDX-License-Identifier: Apache-2.0
// Switching a rebuilt index into place. The new database is built in a sibling folder
// (`<db>.rebuild`) and then exchanged with the live folder in one renameat2(RENAME_EXCHANGE)
// call: a reader that opens `<db>` gets the old database or the new one, never a mix or nothing.
// The old database then sits at `<db>.rebuild` and is removed. Where the file system cannot
// exchange (EINVAL: some network file systems), two renames are used and the switch is not
// atomic (a reader opening the path in between gets index_not_found).
#pragma once
#include <string>

namespace vnsearch::index {

/// The folder a rebuild of `db_path` is built in.
[[nodiscard]] std::string rebuild_path(const std::string& db_path);

/// Writes a compacted copy of the committed state of the database at `source` to `output`
/// (removed first if present), keeping document ids. Compaction packs the B-tree blocks that
/// frequent small commits leave half full: it takes a fraction of a second per 100 MB.
/// @throws Error{Errc::io}, Error{Errc::internal}.
void compact_copy(const std::string& source, const std::string& output);

/// Exchanges two existing folders atomically: renameat2(RENAME_EXCHANGE), or two renames where
/// the file system cannot exchange. The caller holds whatever lock protects them.
/// @throws Error{Errc::io}.
void exchange_folders(const std::string& a, const std::string& b);

/// Moves the finished index at `rebuilt` to `live`, atomically replacing what is there (a plain
/// database or a sharded folder, either way round). Holds every live shard's writer lock during
/// the switch, so a concurrent `index` run fails with
/// index_locked rather than writing into the folder being retired.
/// @throws Error{Errc::index_locked}, Error{Errc::io}.
void switch_into_place(const std::string& rebuilt, const std::string& live);

}  // namespace vnsearch::index
