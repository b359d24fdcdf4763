// SPDX-License-Identifier: Apache-2.0
// DatabaseWriter owns a Xapian::WritableDatabase and applies PreparedDocuments to it: replace by
// id, synonyms, metadata at each commit. Both IndexWriter and the batch job's writer thread use
// it; every Xapian call inside goes through xapian_call. Not thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/index_writer.hpp>

#include "index/document_builder.hpp"

namespace vnsearch::index {

/// What the index holds for one id: enough to skip it unchanged, or prune it.
struct StoredEntry {
    std::string hash;
    bool seen = false;  ///< produced by the current run (batch job bookkeeping)
};

class DatabaseWriter {
public:
    /// @throws Error (index_not_found, index_locked, index_corrupt, io).
    DatabaseWriter(const std::string& path, OpenMode mode, bool no_sync);

    /// Every stored document's id and content hash, read from the value stream and the Q terms
    /// in two sequential passes (no per-document lookups).
    [[nodiscard]] std::unordered_map<std::string, StoredEntry> stored_entries();

    /// The stored content hash of `id`, empty if there is no such document.
    [[nodiscard]] std::string stored_hash(const std::string& id);

    /// Writes `doc`. With `known_new` the caller guarantees no document has this id (skips the
    /// id lookup that replace_document does).
    void write(PreparedDocument& doc, bool known_new);
    /// Removes the document with this id; false if none.
    bool remove(const std::string& id);
    void commit();
    /// Which part of a sharded index this database is ("k/N", shard_layout.hpp): written to the
    /// metadata at each commit. Empty (the default): a whole index, nothing written.
    void set_shard_label(std::string label) { shard_label_ = std::move(label); }
    /// The index's word list, synonym groups and stale document ids as metadata values
    /// (store/user_lists.hpp), written at each commit. Not set (the default): left as they are.
    struct ListValues {
        std::string words, synonyms, stale;
    };
    void set_user_lists(ListValues values) { lists_ = std::move(values); }
    /// fsyncs every database file and the folder: after commits made with no_sync, this makes
    /// them durable (the batch job does it once at the end instead of at every commit).
    void sync_to_disk();

    /// Releases the database and its lock (pending changes are discarded: commit first).
    void close();

    [[nodiscard]] Xapian::WritableDatabase& database() { return db_; }
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    void open(bool no_sync);

    std::string path_;
    OpenMode mode_;
    bool no_sync_;
    Xapian::WritableDatabase db_;
    std::string shard_label_;
    std::optional<ListValues> lists_;
    std::unordered_set<std::string> synonyms_;  ///< "key\0term" already added by this writer
    // Synonyms wait here until commit and are then applied in key order: Xapian's synonym table
    // rewrites its cached entry each time the key changes, so interleaved keys cost a B-tree
    // write each.
    std::map<std::string, std::vector<std::string>> pending_synonyms_;
};

}  // namespace vnsearch::index
