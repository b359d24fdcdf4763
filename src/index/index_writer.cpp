// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/index_writer.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include <vnsearch/error.hpp>

#include "index/database_writer.hpp"
#include "index/document_builder.hpp"
#include "index/segments.hpp"
#include "index/shard_layout.hpp"
#include "index/term_scheme.hpp"
#include "index/user_lists.hpp"
#include "store/shard_set.hpp"
#include "store/stored_article.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch {

namespace fs = std::filesystem;

namespace {

// Segments a killed batch job left hold older copies of documents: they go in (or, for an
// index being overwritten, away) before this writer can write anything newer.
index::DatabaseWriter open_writer(const std::string& path, OpenMode mode, bool no_sync) {
    if (mode != OpenMode::create) (void)index::fold_in_leftover_segments(path, true, no_sync);
    index::DatabaseWriter writer(path, mode, no_sync);
    if (mode == OpenMode::create) index::discard_segments(path);
    return writer;
}

}  // namespace

// One DatabaseWriter per shard (a plain index: one); every id goes to its shard.
struct IndexWriter::Impl {
    Impl(const std::string& path, const WriterOptions& o)
        : options(o), layout(index::resolve_layout(path, {})) {
        for (std::size_t k = 0; k < layout.shards.size(); ++k) {
            writers.push_back(open_writer(layout.shards[k], o.mode, o.no_sync));
            writers.back().set_shard_label(layout.label(k));
        }
        if (layout.sharded) index::finish_layout(layout);
        // Documents written one by one are segmented with the index's word list, as the batch
        // job's are (the lists are set by index_documents()).
        if (options.analyzer.words.empty())
            options.analyzer.words = store::xapian_call("cannot read index \"" + path + "\"", [&] {
                return index::read_user_lists(writers.front().database()).words;
            });
    }

    index::DatabaseWriter& writer_for(const std::string& id) {
        return writers[layout.shard_for(id)];
    }

    WriterOptions options;
    index::ShardLayout layout;
    std::vector<index::DatabaseWriter> writers;
    std::optional<index::DocumentBuilder> builder;  // built on first use: loads the dictionary
    bool dirty = false;

    void commit() {
        for (index::DatabaseWriter& w : writers) w.commit();
        dirty = false;
    }

    WriteOutcome put(const Document& doc, bool skip_unchanged) {
        if (doc.id.empty()) throw Error(Errc::invalid_input, "document has no id");
        if (doc.id.size() + index::id_prefix.size() > index::max_term_bytes) {
            throw Error(Errc::invalid_input, "document id is longer than 244 bytes");
        }
        if (!layout.owns(doc.id)) {
            throw Error(Errc::invalid_input,
                        "document \"" + doc.id + "\" belongs to another shard: \"" + layout.path +
                            "\" holds shard " + index::to_string(*layout.part));
        }
        index::DatabaseWriter& writer = writer_for(doc.id);
        index::PreparedDocument prepared;
        prepared.data = store::encode(doc);
        prepared.hash = index::content_hash(doc, options.analyzer);
        const std::string stored = writer.stored_hash(doc.id);
        if (skip_unchanged && !stored.empty() && stored == prepared.hash) {
            return WriteOutcome::unchanged;
        }
        if (!builder) builder.emplace(options.analyzer);
        builder->build(doc, prepared);
        const bool exists = !stored.empty() ||
                            writer.database().term_exists(std::string(index::id_prefix) + doc.id);
        writer.write(prepared, !exists);
        dirty = true;
        return exists ? WriteOutcome::updated : WriteOutcome::added;
    }
};

IndexWriter::IndexWriter(const std::string& path, WriterOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {}

IndexWriter::IndexWriter(const std::string& path, OpenMode mode)
    : IndexWriter(path, WriterOptions{.mode = mode, .analyzer = {}, .no_sync = false}) {}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
    if (!impl_ || !impl_->dirty) return;
    try {
        impl_->commit();
    } catch (...) {
        // A destructor must not throw; Xapian discards the pending changes, the index is intact.
    }
}

WriteOutcome IndexWriter::add(const Document& doc) { return impl_->put(doc, true); }

WriteOutcome IndexWriter::replace(const Document& doc) { return impl_->put(doc, false); }

bool IndexWriter::remove(const std::string& id) {
    const bool removed = impl_->writer_for(id).remove(id);
    impl_->dirty = impl_->dirty || removed;
    return removed;
}

bool IndexWriter::contains(const std::string& id) const {
    index::DatabaseWriter& writer = impl_->writer_for(id);
    return store::xapian_call("cannot read index \"" + writer.path() + "\"", [&] {
        return writer.database().term_exists(std::string(index::id_prefix) + id);
    });
}

void IndexWriter::commit() { impl_->commit(); }

std::uint64_t IndexWriter::doc_count() const {
    std::uint64_t n = 0;
    for (index::DatabaseWriter& writer : impl_->writers) {
        n += store::xapian_call("cannot read index \"" + writer.path() + "\"",
                                [&] { return writer.database().get_doccount(); });
    }
    return n;
}

namespace {

std::uint64_t folder_bytes(const std::string& folder) {
    std::uint64_t bytes = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        std::error_code size_ec;
        if (entry.is_regular_file(size_ec)) bytes += entry.file_size(size_ec);
    }
    return bytes;
}

// Stats only counts a remote shard's documents, so it waits briefly: a shard that is down is
// listed as unreachable, not a reason to fail.
constexpr unsigned remote_stats_timeout_ms = 2000;

std::optional<Xapian::Database> open_remote(const store::ShardLocation& shard) {
    try {
        if (shard.kind == store::ShardLocation::Kind::remote_tcp) {
            return Xapian::Remote::open(shard.host, shard.port, remote_stats_timeout_ms,
                                        remote_stats_timeout_ms);
        }
        const auto space = shard.program.find(' ');
        return Xapian::Remote::open(
            shard.program.substr(0, space),
            space == std::string::npos ? std::string() : shard.program.substr(space + 1),
            remote_stats_timeout_ms);
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
}

}  // namespace

IndexStats index_stats(const std::string& path) {
    const store::IndexLocation location = store::locate_index(path);
    IndexStats stats;
    std::error_code ec;
    stats.path = fs::canonical(path, ec).string();
    if (ec) stats.path = path;
    Xapian::Database all;
    for (const store::ShardLocation& shard : location.shards) {
        ShardStats& s = stats.shards.emplace_back();
        std::optional<Xapian::Database> db;
        if (shard.is_remote()) {
            s.remote = shard.name();
            db = open_remote(shard);
            s.reachable = db.has_value();
        } else {
            s.path = fs::canonical(shard.path, ec).string();
            if (ec) s.path = shard.path;
            db = store::open_for_reading(shard.path);
            s.size_bytes = folder_bytes(shard.path);
            stats.size_bytes += s.size_bytes;
            stats.pending += index::pending_segment_documents(shard.path);
        }
        if (!db) continue;
        store::xapian_call("cannot read index \"" + shard.name() + "\"", [&] {
            s.documents = db->get_doccount();
            const std::string updated = db->get_metadata(std::string(index::last_update_key));
            if (!updated.empty()) {
                stats.last_modified = std::max<std::int64_t>(
                    stats.last_modified, std::strtoll(updated.c_str(), nullptr, 10));
            }
            if (location.shards.size() == 1) stats.revision = db->get_revision();
            if (stats.shards.size() == 1) {  // every shard holds the same lists
                const index::UserLists lists = index::read_user_lists(*db);
                stats.words = lists.words.size();
                stats.synonym_groups = lists.synonyms.size();
                stats.stale_documents =
                    store::decode_ids(db->get_metadata(std::string(index::stale_ids_key))).size();
            }
            all.add_database(*db);
        });
        stats.documents += s.documents;
    }
    store::xapian_call("cannot read index \"" + path + "\"", [&] {
        std::uint64_t terms = 0;
        for (auto t = all.allterms_begin(); t != all.allterms_end(); ++t) ++terms;
        stats.terms = terms;
    });
    return stats;
}

std::vector<std::string> read_word_list(const std::string& path) {
    return store::parse_word_list(store::read_list_file(path), path);
}

std::vector<std::vector<std::string>> read_synonym_groups(const std::string& path) {
    return store::parse_synonym_groups(store::read_list_file(path), path);
}

std::size_t delete_documents(const std::string& path, const std::vector<std::string>& ids) {
    // IndexWriter folds in the segments a killed batch left (they would bring deleted documents
    // back) and routes each id to its shard.
    IndexWriter writer(path, OpenMode::open);
    std::size_t removed = 0;
    for (const std::string& id : ids) removed += writer.remove(id) ? 1 : 0;
    if (removed > 0) writer.commit();
    return removed;
}

}  // namespace vnsearch
