// SPDX-License-Identifier: Apache-2.0
#include "index/segments.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <vnsearch/error.hpp>

#include "index/folder_sync.hpp"
#include "index/rebuild.hpp"
#include "index/term_scheme.hpp"
#include "store/shard_set.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch::index {

namespace fs = std::filesystem;

namespace {

// The segment folders in fold-in order: by writer, then by sequence (the names sort that way).
std::vector<std::string> list_segments(const std::string& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_directory(ec)) out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// A segment with the ids it holds, in the order found (one Q term per document).
struct OpenSegment {
    std::string path;
    Xapian::WritableDatabase db;
    std::vector<std::string> ids;
};

std::vector<OpenSegment> open_segments(const std::string& folder, FoldResult& result) {
    std::vector<OpenSegment> out;
    const std::string prefix(id_prefix);
    for (const std::string& path : list_segments(folder)) {
        try {
            OpenSegment s{path, Xapian::WritableDatabase(path, Xapian::DB_OPEN), {}};
            for (auto t = s.db.allterms_begin(prefix); t != s.db.allterms_end(prefix); ++t) {
                s.ids.push_back((*t).substr(prefix.size()));
            }
            out.push_back(std::move(s));
        } catch (const Xapian::Error& e) {
            // Only a crash of the machine (not of the process) can leave a segment unreadable:
            // its documents are not in the index, so the next run indexes them again.
            result.discarded.push_back(
                "segment \"" + path +
                "\" could not be read and was discarded: " + e.get_description());
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    }
    return out;
}

// "The last copy wins" across one writer's segments: an id written again in a later segment is
// removed from the earlier ones.
void drop_superseded(std::vector<OpenSegment>& segments) {
    std::unordered_map<std::string_view, std::size_t> latest;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        for (const std::string& id : segments[i].ids) latest[id] = i;
    }
    if (latest.size() == [&] {
            std::size_t n = 0;
            for (const OpenSegment& s : segments) n += s.ids.size();
            return n;
        }()) {
        return;  // no id twice: the common case
    }
    const std::string prefix(id_prefix);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        bool changed = false;
        for (const std::string& id : segments[i].ids) {
            if (latest[id] == i) continue;
            segments[i].db.delete_document(prefix + id);
            changed = true;
        }
        if (changed) segments[i].db.commit();
    }
}

void merge(DatabaseWriter& live, std::vector<OpenSegment>& segments) {
    live.commit();  // the index's metadata (last update) wins over the segments'
    const std::string packed = store::without_trailing_slashes(live.path()) + ".compact";
    std::error_code ec;
    fs::remove_all(packed, ec);
    store::xapian_call("cannot merge segments into index \"" + live.path() + "\"", [&] {
        Xapian::Database sources(live.path());
        for (OpenSegment& s : segments) {
            s.db.close();
            sources.add_database(Xapian::Database(s.path));
        }
        sources.compact(packed);  // document numbers follow one another: sources in order
    });
    sync_folder(packed);
    exchange_folders(packed, live.path());
}

void replay(DatabaseWriter& live, std::vector<OpenSegment>& segments) {
    Xapian::WritableDatabase& db = live.database();
    const std::string prefix(id_prefix);
    store::xapian_call("cannot copy segments into index \"" + live.path() + "\"", [&] {
        for (OpenSegment& s : segments) {
            for (const std::string& id : s.ids) {
                const std::string term = prefix + id;
                const auto p = s.db.postlist_begin(term);
                if (p == s.db.postlist_end(term)) continue;  // superseded
                db.replace_document(term, s.db.get_document(*p));
            }
            for (auto k = s.db.synonym_keys_begin(); k != s.db.synonym_keys_end(); ++k) {
                for (auto t = s.db.synonyms_begin(*k); t != s.db.synonyms_end(*k); ++t) {
                    db.add_synonym(*k, *t);
                }
            }
            s.db.close();
        }
    });
    live.commit();
}

}  // namespace

std::string segments_path(const std::string& db_path) {
    return store::without_trailing_slashes(db_path) + ".segments";
}

std::uint64_t pending_segment_documents(const std::string& db_path) {
    std::uint64_t n = 0;
    for (const std::string& path : list_segments(segments_path(db_path))) {
        try {
            n += Xapian::Database(path).get_doccount();
        } catch (const Xapian::Error&) {
            // being created, or unreadable: it holds nothing committed we can count
        }
    }
    return n;
}

SegmentWriter::SegmentWriter(std::string folder, unsigned writer, std::size_t batch_size,
                             std::size_t segment_size)
    : folder_(std::move(folder)),
      writer_(writer),
      batch_size_(std::max<std::size_t>(1, batch_size)),
      segment_size_(std::max<std::size_t>(1, segment_size)) {}

void SegmentWriter::open_next() {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec) throw Error(Errc::io, "cannot create folder \"" + folder_ + "\": " + ec.message());
    char name[32];
    std::snprintf(name, sizeof name, "w%02u-%06u", writer_, sequence_++);
    current_.emplace((fs::path(folder_) / name).string(), OpenMode::create, true);
    in_segment_ = 0;
    since_commit_ = 0;
}

void SegmentWriter::write(PreparedDocument& doc, bool may_exist) {
    if (!current_) open_next();
    current_->write(doc, !may_exist);
    ++in_segment_;
    if (++since_commit_ >= batch_size_) {
        current_->commit();
        since_commit_ = 0;
    }
    if (in_segment_ >= segment_size_) finish();
}

void SegmentWriter::finish() {
    if (!current_) return;
    if (since_commit_ > 0) current_->commit();
    current_->close();
    current_.reset();
}

FoldResult finish_segments(DatabaseWriter& live,
                           const std::function<bool(std::uint64_t, std::uint64_t)>& should_merge) {
    FoldResult result;
    const std::string folder = segments_path(live.path());
    std::vector<OpenSegment> segments =
        store::xapian_call("cannot read segments of index \"" + live.path() + "\"", [&] {
            auto s = open_segments(folder, result);
            drop_superseded(s);
            return s;
        });
    for (const OpenSegment& s : segments) result.documents += s.ids.size();
    const std::uint64_t index_documents =
        store::xapian_call("cannot read index \"" + live.path() + "\"",
                           [&] { return live.database().get_doccount(); });
    result.merged = should_merge(result.documents, index_documents);
    if (!segments.empty() || result.merged) {
        // The index loses every id a segment holds first, so a document is never there twice,
        // even when a kill interrupts this and the next run folds the same segments in again.
        for (const OpenSegment& s : segments) {
            for (const std::string& id : s.ids) (void)live.remove(id);
        }
        if (result.merged) {
            merge(live, segments);
        } else {
            replay(live, segments);
        }
    }
    // Done: the folder goes in one rename, so a kill leaves it whole or gone.
    std::error_code ec;
    if (fs::exists(folder, ec)) {
        const std::string done = folder + ".done";
        fs::remove_all(done, ec);
        fs::rename(folder, done, ec);
        fs::remove_all(done, ec);
    }
    return result;
}

void retire_after_merge(DatabaseWriter& live) {
    const std::string retired = store::without_trailing_slashes(live.path()) + ".compact";
    live.close();
    std::error_code ec;
    fs::remove_all(retired, ec);
}

// Folding segments in by merging rewrites the whole index, but Xapian's compaction is cheap;
// copying documents in is dear per document (Xapian's in-memory buffer merged into large
// B-trees). Merging wins from about 1 % of the index changed (see bench/README.md, Indexing);
// it needs room for a second copy of the index meanwhile.
bool worth_merging(std::uint64_t changed, std::uint64_t index_documents) {
    return changed > 0 && changed * 100 >= index_documents;
}

std::vector<std::string> fold_in_leftover_segments(const std::string& db_path, bool compact,
                                                   bool no_sync) {
    std::error_code ec;
    if (!fs::exists(segments_path(db_path), ec)) return {};
    DatabaseWriter writer(db_path, OpenMode::create_or_open, no_sync);
    FoldResult fold = finish_segments(writer, [&](std::uint64_t documents, std::uint64_t total) {
        return compact && worth_merging(documents, total);
    });
    if (fold.merged) {
        retire_after_merge(writer);
    } else {
        writer.sync_to_disk();
    }
    return std::move(fold.discarded);
}

void discard_segments(const std::string& db_path) {
    std::error_code ec;
    fs::remove_all(segments_path(db_path), ec);
}

}  // namespace vnsearch::index
