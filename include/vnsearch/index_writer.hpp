// SPDX-License-Identifier: Apache-2.0
// The write side of a vnsearch index (a Xapian database, or a folder of shard databases searched
// as one, IndexOptions::shards): IndexWriter adds, replaces and removes single documents;
// index_documents() runs a whole batch job (read, analyse on every core, write, commit in bounded
// batches, skip unchanged documents, prune, rebuild beside the live index and switch atomically).
// An IndexWriter holds the database's single-writer lock until it is destroyed; it is move-only and
// not safe for concurrent use. The free functions are safe to call from any thread
// (index_documents() starts and joins its own threads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>
#include <vnsearch/export.hpp>
#include <vnsearch/reader.hpp>

namespace vnsearch {

/// How IndexWriter opens its database.
enum class OpenMode {
    open,            ///< the index must exist (Errc::index_not_found otherwise)
    create_or_open,  ///< open it, or create an empty one
    create,          ///< create it; an existing index is overwritten (emptied)
};

/// What IndexWriter::add() or IndexWriter::replace() did with a document.
enum class WriteOutcome {
    added,      ///< no document had this id: the document was written
    updated,    ///< a document with this id was written over
    unchanged,  ///< (add() only) the stored document has the same content: nothing written
};

/// Options of an IndexWriter, fixed at construction.
struct WriterOptions {
    OpenMode mode = OpenMode::create_or_open;
    /// Analyzer options used to turn documents into terms (the search side must use the same).
    AnalyzerOptions analyzer;
    /// Skip fsync at each commit (default off). A commit is still atomic if the process dies,
    /// only not if the machine loses power before the OS writes the pages back.
    bool no_sync = false;
};

/// Writes documents into the index at `path`. Changes become visible to readers (and durable) at
/// commit(); the destructor commits what is pending unless the writer was moved from. On a sharded
/// index every id goes to its shard (each shard commits on its own, so a crash mid-commit can
/// leave some shards committed and others not); on one part of a cluster's index
/// (IndexOptions::shard_count), a document of another part is refused. A new index is one
/// plain database (sharded ones are made by index_documents()).
class VNSEARCH_API IndexWriter {
public:
    /// @throws Error{Errc::index_not_found} (mode open and no index), Error{Errc::index_locked}
    /// (another writer holds it or one of its shards), Error{Errc::index_corrupt}, Error{Errc::io},
    /// Error{Errc::invalid_input} (a stub file vnsearch did not write, or one with remote shards:
    /// those are written on the machine that holds them).
    explicit IndexWriter(const std::string& path, WriterOptions options = {});
    /// The same with default options and this open mode.
    IndexWriter(const std::string& path, OpenMode mode);
    IndexWriter(IndexWriter&&) noexcept;
    IndexWriter& operator=(IndexWriter&&) noexcept;
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;
    ~IndexWriter();

    /// Puts `doc` in the index. A stored document with the same id and the same content (a hash
    /// of the document and the analyzer options) is left alone, so adding a document twice writes
    /// it once: the cheap path for re-indexing. Returns `added` (no document had this id),
    /// `updated` (one with other content was replaced) or `unchanged` (nothing written).
    /// @throws Error{Errc::invalid_input} if doc.id is empty or longer than 244 bytes or belongs
    /// to another part of a cluster's index, Error{Errc::internal} on a Xapian failure.
    WriteOutcome add(const Document& doc);
    /// Writes `doc` over the document with the same id, even if its content is the same (to
    /// rebuild its terms after a change the content hash does not see). Returns `added` (no
    /// document had this id) or `updated`, never `unchanged`.
    /// @throws the same as add().
    WriteOutcome replace(const Document& doc);
    /// Removes the document with this id. Returns false if there was none.
    bool remove(const std::string& id);
    /// True if a document with this id is in the index (committed or pending).
    [[nodiscard]] bool contains(const std::string& id) const;
    /// Makes every change so far visible and durable, atomically.
    void commit();
    /// Documents in the index, pending changes included.
    [[nodiscard]] std::uint64_t doc_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Progress of a batch job, reported every few hundred documents and once at the end.
struct Progress {
    std::uint64_t documents = 0;    ///< documents read so far (good ones)
    std::uint64_t bytes_read = 0;   ///< input bytes consumed (compressed bytes for .gz/.zst)
    std::uint64_t bytes_total = 0;  ///< input size, 0 if unknown (standard input)
    double seconds = 0;             ///< since the job started
    bool done = false;              ///< true for the last call
};

/// A batch job: read `inputs`, write `db_path`.
struct IndexOptions {
    std::string db_path;              ///< the index (created if missing)
    std::vector<std::string> inputs;  ///< files, folders, or "-" for standard input
    ReaderOptions reader;             ///< encoding and record size limit
    AnalyzerOptions analyzer;         ///< must match the search side's
    /// Documents per commit: the work a kill can lose. Small commits keep Xapian's in-memory
    /// posting maps small (see bench/README.md, "Indexing").
    std::size_t batch_size = 50;
    /// Documents per segment. Each writer thread (one per analysis thread, at most 8) writes
    /// into small fresh databases of its own, `<db_path>.segments/` (a sharded index: each
    /// shard's `<db_path>/shard-NNN.segments/`), folded into the index at the
    /// end of the run (or at the start of the next one, after a kill): until then searches do
    /// not see this run's documents, and index_stats() counts them as `pending`.
    std::size_t segment_size = 500;
    unsigned threads = 0;  ///< analysis threads; 0: one per core
    /// Delete every indexed document that this run's inputs did not produce. Not done (an issue
    /// says so) when an input could not be read or a record was skipped: what it held may exist.
    bool prune = false;
    /// Build a fresh index beside the live one (`<db_path>.rebuild`, resumed if a previous
    /// rebuild was killed), then switch it into place atomically: readers see the old index or
    /// the new one, never a half-built one. Implies prune on the new index.
    bool rebuild = false;
    /// When at least 1 % of the index changed, fold the segments in by rewriting the index
    /// packed with them appended (Xapian's compaction, about a second per 100 MB) and switch the
    /// result into place atomically. Otherwise, or when false, the segments' documents are
    /// copied into the index in place.
    bool compact = true;
    /// Skip fsync at the intermediate commits (the last commit always syncs). See WriterOptions.
    bool no_sync_batches = true;
    /// Shards of the index: a sharded index is a folder of `shards` Xapian databases searched
    /// as one (stock Xapian opens the folder through its XAPIANDB stub file), each document in
    /// the shard a stable hash of its id picks. Every writer thread fills its own shards and the
    /// end-of-run merge runs on every core. 1: one plain database. The count is fixed when the
    /// index is created: 0 (the default) keeps an existing index's count, and makes a new index
    /// of one shard per core (at most 8) when the inputs hold 256 MB or more (a compressed file
    /// counts its compressed size), else a plain database (small indexes search faster as one
    /// database, and gain little at indexing). Another count than an existing index's fails with
    /// Errc::invalid_input; with `rebuild` it rebuilds the index with the new count.
    unsigned shards = 0;
    /// A cluster's batch job (with shard_count > 0): `db_path` is one plain database holding
    /// shard `shard_index` (0-based) of `shard_count`. Only the documents of that shard are
    /// indexed (the others are counted in IndexReport::other_shards), and prune only ever deletes
    /// documents of it. The part is recorded in the database; another part later fails with
    /// Errc::invalid_input. 0 (the default): an existing database keeps its part, if any.
    unsigned shard_index = 0;
    unsigned shard_count = 0;
    /// The index's word list: words of 2 to 4 syllables ("Vin Phát") the segmenter joins, in
    /// this run and in every later run and search of the index (stored in it, every shard
    /// alike; read_word_list() reads a file). nullopt (the default): the index keeps its list;
    /// an empty list removes it. Documents already indexed that contain a word added or removed
    /// were segmented with the old list: they are counted in IndexReport::stale until a run
    /// with `reindex_changed` (or one whose inputs hold them) analyses them again.
    std::optional<std::vector<std::string>> words;
    /// The index's synonym groups ({"xe máy", "xe gắn máy", "mô tô"}): a query with one member
    /// also finds the others, ranked below it. Stored like `words`; used by queries only, so a
    /// change needs no re-indexing. nullopt: kept; empty: removed.
    std::optional<std::vector<std::vector<std::string>>> synonyms;
    /// Re-analyse, from their stored copies, the documents that contain a word added to or
    /// removed from the word list since they were analysed (IndexReport::reindexed). Inputs
    /// may be empty for a run that only does this. Ignored with prune and rebuild (every kept
    /// document then comes from the inputs).
    bool reindex_changed = false;
    /// Called on the calling thread as the job goes; may be empty.
    std::function<void(const Progress&)> progress;
    /// Called on the calling thread for each issue as soon as it is found (it is also in the
    /// report); may be empty.
    std::function<void(const ReadIssue&)> on_issue;
};

/// The outcome of a batch job. `issues` lists every skipped record (from the readers) and every
/// duplicated id (the last one wins), in input order.
struct IndexReport {
    std::uint64_t added = 0;
    std::uint64_t updated = 0;
    std::uint64_t unchanged = 0;     ///< same content hash as the indexed document: not analysed
    std::uint64_t deleted = 0;       ///< by prune
    std::uint64_t skipped = 0;       ///< bad records reported by the readers
    std::uint64_t errors = 0;        ///< inputs that could not be opened at all
    std::uint64_t duplicates = 0;    ///< ids seen more than once in this run
    std::uint64_t other_shards = 0;  ///< documents of other shards of a cluster (not indexed)
    double seconds = 0;
    std::uint64_t bytes_read = 0;
    bool compacted = false;  ///< the index was rewritten packed at the end
    /// Documents segmented with an older word list that contain a word since added or removed,
    /// not analysed again in this run (IndexOptions::reindex_changed does), and the first
    /// `stale_ids` of them.
    std::uint64_t stale = 0;
    std::vector<std::string> stale_ids;
    /// Documents re-analysed from their stored copies (IndexOptions::reindex_changed).
    std::uint64_t reindexed = 0;
    std::vector<ReadIssue> issues;
};

/// Runs a batch job. Bad records never stop it; a bad index always does.
/// @throws Error{Errc::index_locked}, Error{Errc::index_corrupt}, Error{Errc::io} (an input
/// that does not exist, an index folder that cannot be written), Error{Errc::internal}.
VNSEARCH_API IndexReport index_documents(const IndexOptions& options);

/// index_documents() with `rebuild` set: a fresh index built beside the live one and switched
/// into place when done.
VNSEARCH_API IndexReport reindex(IndexOptions options);

/// One shard of an index (a plain database is its own single shard).
struct ShardStats {
    std::string path;              ///< local: the database folder (empty for a remote shard)
    std::string remote;            ///< remote: "HOST:PORT" or ":PROGRAM ARGS" as the stub names it
    bool reachable = true;         ///< false: a remote shard that did not answer
    std::uint64_t documents = 0;   ///< 0 if not reachable
    std::uint64_t size_bytes = 0;  ///< size on disk (0 for a remote shard: not known)
};

/// Facts about an index.
struct IndexStats {
    std::uint64_t documents = 0;
    std::uint64_t terms = 0;         ///< distinct terms (all prefixes)
    std::uint64_t size_bytes = 0;    ///< size on disk of the database files
    std::int64_t last_modified = 0;  ///< Unix time of the last commit (0 if unknown)
    std::uint64_t revision = 0;      ///< Xapian revision (commit count)
    /// Documents committed by a batch job that is still running (or was killed) and not yet in
    /// the index: they are searchable once the job ends (or the next run starts).
    std::uint64_t pending = 0;
    std::string path;  ///< the database directory, symlinks resolved
    /// The index's word list and synonym groups (IndexOptions::words, synonyms): their sizes,
    /// and the documents segmented with an older word list (IndexReport::stale).
    std::uint64_t words = 0;
    std::uint64_t synonym_groups = 0;
    std::uint64_t stale_documents = 0;
    /// Every shard, in stub order (one entry for a plain database). Totals above cover the
    /// shards that could be read; `revision` is 0 for more than one shard.
    std::vector<ShardStats> shards;
};

/// @throws Error{Errc::index_not_found}, Error{Errc::index_corrupt}.
VNSEARCH_API IndexStats index_stats(const std::string& path);

/// A word list file (IndexOptions::words): UTF-8, one word a line, syllables separated by spaces
/// or `_`, blank lines and `#` comment lines skipped; each word 2 to 4 Vietnamese syllables.
/// @throws Error{Errc::invalid_input} "PATH:LINE: why" for the first bad line (invalid UTF-8,
/// a one-syllable or foreign word), Error{Errc::io} if it cannot be read.
VNSEARCH_API std::vector<std::string> read_word_list(const std::string& path);
/// A synonym groups file (IndexOptions::synonyms): UTF-8, one group a line, members separated
/// by commas ("xe máy, xe gắn máy, mô tô"), blank and `#` lines skipped; at least two
/// different members a group. @throws as read_word_list().
VNSEARCH_API std::vector<std::vector<std::string>> read_synonym_groups(const std::string& path);

/// Removes the documents with these ids in one commit; returns how many were found.
/// @throws the errors of IndexWriter's constructor.
VNSEARCH_API std::size_t delete_documents(const std::string& path,
                                          const std::vector<std::string>& ids);

}  // namespace vnsearch
