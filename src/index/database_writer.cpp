// SPDX-License-Identifier: Apache-2.0
#include "index/database_writer.hpp"

#include <chrono>
#include <filesystem>
#include <system_error>

#include "index/folder_sync.hpp"
#include "index/term_scheme.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch::index {

namespace fs = std::filesystem;

DatabaseWriter::DatabaseWriter(const std::string& path, OpenMode mode, bool no_sync)
    : path_(path), mode_(mode), no_sync_(no_sync) {
    open(no_sync);
}

void DatabaseWriter::open(bool no_sync) {
    std::error_code ec;
    const bool exists = fs::exists(path_, ec);
    if (mode_ == OpenMode::open && !exists) {
        throw Error(Errc::index_not_found, "cannot open index \"" + path_ + "\": no such index");
    }
    if (!exists) {
        // Xapian creates the database folder itself but not its parents (~/.local/share/...).
        const fs::path parent = fs::path(path_).parent_path();
        if (!parent.empty() && !fs::create_directories(parent, ec) && ec) {
            throw Error(Errc::io,
                        "cannot create folder \"" + parent.string() + "\": " + ec.message());
        }
    }
    int flags = Xapian::DB_BACKEND_GLASS;
    switch (mode_) {
        case OpenMode::open:
            flags |= Xapian::DB_OPEN;
            break;
        case OpenMode::create_or_open:
            flags |= Xapian::DB_CREATE_OR_OPEN;
            break;
        case OpenMode::create:
            flags |= Xapian::DB_CREATE_OR_OVERWRITE;
            break;
    }
    if (no_sync) flags |= Xapian::DB_NO_SYNC;
    db_ = store::xapian_call("cannot open index \"" + path_ + "\" for writing",
                             [&] { return Xapian::WritableDatabase(path_, flags); });
}

std::unordered_map<std::string, StoredEntry> DatabaseWriter::stored_entries() {
    return store::xapian_call("cannot read index \"" + path_ + "\"", [&] {
        std::unordered_map<Xapian::docid, std::string> hashes;
        hashes.reserve(db_.get_doccount());
        for (auto it = db_.valuestream_begin(content_hash_slot);
             it != db_.valuestream_end(content_hash_slot); ++it) {
            hashes.emplace(it.get_docid(), *it);
        }
        std::unordered_map<std::string, StoredEntry> out;
        out.reserve(db_.get_doccount());
        const std::string prefix(id_prefix);
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
            const std::string term = *t;
            const auto p = db_.postlist_begin(term);
            if (p == db_.postlist_end(term)) continue;
            StoredEntry entry;
            if (const auto h = hashes.find(*p); h != hashes.end()) entry.hash = h->second;
            out.emplace(term.substr(prefix.size()), std::move(entry));
        }
        return out;
    });
}

std::string DatabaseWriter::stored_hash(const std::string& id) {
    return store::xapian_call("cannot read index \"" + path_ + "\"", [&]() -> std::string {
        const std::string term = std::string(id_prefix) + id;
        const auto p = db_.postlist_begin(term);
        if (p == db_.postlist_end(term)) return {};
        return db_.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(content_hash_slot);
    });
}

void DatabaseWriter::write(PreparedDocument& doc, bool known_new) {
    store::xapian_call("cannot write document \"" + doc.id + "\" to index \"" + path_ + "\"", [&] {
        // Made here, on the thread that adds and frees it (see FlatDocument).
        Xapian::Document document;
        doc.document.to_xapian(document);
        if (known_new) {
            db_.add_document(document);
        } else {
            db_.replace_document(std::string(id_prefix) + doc.id, document);
        }
        std::string key;
        for (const SynonymPair& s : doc.synonyms) {
            key.assign(s.first).push_back('\0');
            key += s.second;
            if (synonyms_.insert(key).second) pending_synonyms_[s.first].push_back(s.second);
        }
    });
}

bool DatabaseWriter::remove(const std::string& id) {
    return store::xapian_call("cannot delete document \"" + id + "\" from index \"" + path_ + "\"",
                              [&] {
                                  const std::string term = std::string(id_prefix) + id;
                                  if (!db_.term_exists(term)) return false;
                                  db_.delete_document(term);
                                  return true;
                              });
}

void DatabaseWriter::commit() {
    store::xapian_call("cannot commit index \"" + path_ + "\"", [&] {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        for (const auto& [key, terms] : pending_synonyms_) {
            for (const std::string& term : terms) db_.add_synonym(key, term);
        }
        pending_synonyms_.clear();
        db_.set_metadata(std::string(scheme_key), std::to_string(scheme_version));
        if (!shard_label_.empty()) db_.set_metadata(std::string(shard_key), shard_label_);
        if (lists_) {  // an empty value removes the key
            db_.set_metadata(std::string(words_key), lists_->words);
            db_.set_metadata(std::string(synonyms_key), lists_->synonyms);
            db_.set_metadata(std::string(stale_ids_key), lists_->stale);
        }
        db_.set_metadata(
            std::string(last_update_key),
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
        db_.commit();
    });
}

void DatabaseWriter::close() {
    store::xapian_call("cannot close index \"" + path_ + "\"", [&] { db_.close(); });
}

void DatabaseWriter::sync_to_disk() {
    if (no_sync_) sync_folder(path_);
}

}  // namespace vnsearch::index
