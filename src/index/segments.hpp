// SPDX-License-Identifier: Apache-2.0
// Segments: how a batch job writes. Every writer thread fills small fresh databases of its own
// (`<db>.segments/w<writer>-<sequence>`), committing every batch and starting a new one at a size
// limit, and the job ends by folding them into the index. Xapian spends most of an insert in its
// in-memory posting maps and in merging them into the B-trees at each commit; a small fresh
// database keeps both small and cheap, and writers on separate databases run in parallel, which
// one WritableDatabase cannot (bench/README.md, "Indexing", has the figures).
//
// Folding in (finish_segments) either merges, rewriting the index packed with the segments
// appended (Xapian's compaction, a merge of sorted lists: cheap per document, but it rewrites
// the whole index), or replays the segments' documents into the index in place (no rewrite, but
// each document is inserted again). Which one is decided by how much changed.
//
// Crash safety: the segments folder belongs to whoever holds the index's writer lock. A segment
// holds exactly its committed batches after a kill; a run that finds segments left by a killed
// run folds them in before anything else, so their documents are neither lost nor analysed
// again. Folding in is idempotent until the folder is removed: the index first loses every id a
// segment holds, so nothing is ever there twice.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "index/database_writer.hpp"
#include "index/document_builder.hpp"

namespace vnsearch::index {

/// The folder of the segments of the index at `db_path`.
[[nodiscard]] std::string segments_path(const std::string& db_path);

/// Documents committed to segments not yet folded into the index at `db_path` (a run in
/// progress, or one that was killed); 0 if there are none. Never throws.
[[nodiscard]] std::uint64_t pending_segment_documents(const std::string& db_path);

/// One writer thread's segments. Documents for a given id must always go to the same writer
/// (the job routes by a hash of the id), so "the last copy wins" only ever involves one writer's
/// segments, in their sequence order.
class SegmentWriter {
public:
    /// `batch_size`: documents per commit; `segment_size`: documents per segment.
    SegmentWriter(std::string folder, unsigned writer, std::size_t batch_size,
                  std::size_t segment_size);

    /// Adds `doc`. `may_exist`: an earlier copy of this id may have been written in this run
    /// (replaced here if it is in the current segment; folding in resolves older segments).
    void write(PreparedDocument& doc, bool may_exist);
    /// Commits and closes the current segment.
    void finish();

private:
    void open_next();

    std::string folder_;
    unsigned writer_;
    std::size_t batch_size_;
    std::size_t segment_size_;
    unsigned sequence_ = 0;
    std::size_t in_segment_ = 0;
    std::size_t since_commit_ = 0;
    std::optional<DatabaseWriter> current_;
};

/// What finish_segments did.
struct FoldResult {
    std::uint64_t documents = 0;  ///< documents taken from the segments
    bool merged = false;          ///< the index was rewritten (packed) with the segments in it
    std::vector<std::string> discarded;  ///< segments that could not be read (corrupt): messages
};

/// Folds the segments of `live` (whose writer lock `live` holds) into it, then removes them.
/// Merges when `should_merge(segment_documents, index_documents)` says so, else replays them.
/// After a merge the index folder has been exchanged: `live` then holds the retired copy (at
/// `<db>.compact`), which the caller closes and removes with retire_after_merge().
/// @throws Error (io, index_corrupt, internal).
FoldResult finish_segments(DatabaseWriter& live,
                           const std::function<bool(std::uint64_t, std::uint64_t)>& should_merge);

/// Closes `live` (the retired copy after a merge) and removes its folder.
void retire_after_merge(DatabaseWriter& live);

/// Whether folding in `changed` documents (segment documents plus deletions) into an index of
/// `index_documents` should merge rather than copy.
[[nodiscard]] bool worth_merging(std::uint64_t changed, std::uint64_t index_documents);

/// Folds in the segments a killed batch job left beside the index at `db_path` (nothing if there
/// are none; merging only if `compact`) and returns the messages of discarded segments. Whoever
/// opens the index for writing calls this first, so no later write can be overwritten by an
/// older copy of a document waiting in a segment.
/// @throws Error (index_locked if another writer holds the index, io, index_corrupt, internal).
std::vector<std::string> fold_in_leftover_segments(const std::string& db_path, bool compact,
                                                   bool no_sync);

/// Removes the segments beside `db_path` (an index being overwritten does not want them).
void discard_segments(const std::string& db_path);

}  // namespace vnsearch::index
