// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/index_writer.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include <vnsearch/error.hpp>

#include "index/database_writer.hpp"
#include "index/document_builder.hpp"
#include "index/segments.hpp"
#include "index/term_scheme.hpp"
#include "store/stored_article.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch {

namespace fs = std::filesystem;

struct IndexWriter::Impl {
    Impl(const std::string& path, const WriterOptions& o)
        : options(o), writer(open_writer(path, o)) {}

    // Segments a killed batch job left hold older copies of documents: they go in (or, for an
    // index being overwritten, away) before this writer can write anything newer.
    static index::DatabaseWriter open_writer(const std::string& path, const WriterOptions& o) {
        if (o.mode != OpenMode::create) {
            (void)index::fold_in_leftover_segments(path, true, o.no_sync);
        }
        index::DatabaseWriter writer(path, o.mode, o.no_sync);
        if (o.mode == OpenMode::create) index::discard_segments(path);
        return writer;
    }

    WriterOptions options;
    index::DatabaseWriter writer;
    std::optional<index::DocumentBuilder> builder;  // built on first use: loads the dictionary
    bool dirty = false;

    WriteOutcome put(const Document& doc, bool skip_unchanged) {
        if (doc.id.empty()) throw Error(Errc::invalid_input, "document has no id");
        if (doc.id.size() + index::id_prefix.size() > index::max_term_bytes) {
            throw Error(Errc::invalid_input, "document id is longer than 244 bytes");
        }
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
        impl_->writer.commit();
    } catch (...) {
        // A destructor must not throw; Xapian discards the pending changes, the index is intact.
    }
}

WriteOutcome IndexWriter::add(const Document& doc) { return impl_->put(doc, true); }

WriteOutcome IndexWriter::replace(const Document& doc) { return impl_->put(doc, false); }

bool IndexWriter::remove(const std::string& id) {
    const bool removed = impl_->writer.remove(id);
    impl_->dirty = impl_->dirty || removed;
    return removed;
}

bool IndexWriter::contains(const std::string& id) const {
    auto& db = impl_->writer.database();
    return store::xapian_call("cannot read index \"" + impl_->writer.path() + "\"",
                              [&] { return db.term_exists(std::string(index::id_prefix) + id); });
}

void IndexWriter::commit() {
    impl_->writer.commit();
    impl_->dirty = false;
}

std::uint64_t IndexWriter::doc_count() const {
    auto& db = impl_->writer.database();
    return store::xapian_call("cannot read index \"" + impl_->writer.path() + "\"",
                              [&] { return db.get_doccount(); });
}

IndexStats index_stats(const std::string& path) {
    Xapian::Database db = store::open_for_reading(path);
    IndexStats stats;
    std::error_code ec;
    stats.path = fs::canonical(path, ec).string();
    if (ec) stats.path = path;
    store::xapian_call("cannot read index \"" + path + "\"", [&] {
        stats.documents = db.get_doccount();
        stats.revision = db.get_revision();
        std::uint64_t terms = 0;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++terms;
        stats.terms = terms;
        const std::string updated = db.get_metadata(std::string(index::last_update_key));
        if (!updated.empty()) stats.last_modified = std::strtoll(updated.c_str(), nullptr, 10);
    });
    stats.pending = index::pending_segment_documents(path);
    for (const auto& entry : fs::directory_iterator(stats.path, ec)) {
        std::error_code size_ec;
        if (entry.is_regular_file(size_ec)) stats.size_bytes += entry.file_size(size_ec);
    }
    return stats;
}

std::size_t delete_documents(const std::string& path, const std::vector<std::string>& ids) {
    // Segments a killed batch left would bring deleted documents back: fold them in first.
    std::error_code ec;
    if (fs::exists(path, ec)) (void)index::fold_in_leftover_segments(path, true, false);
    index::DatabaseWriter writer(path, OpenMode::open, false);
    std::size_t removed = 0;
    for (const std::string& id : ids) removed += writer.remove(id) ? 1 : 0;
    if (removed > 0) writer.commit();
    return removed;
}

}  // namespace vnsearch
