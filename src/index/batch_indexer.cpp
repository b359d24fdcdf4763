// SPDX-License-Identifier: Apache-2.0
// index_documents(): the batch job. Three kinds of thread:
//   the calling thread reads documents, computes their stored data and content hash, and drops
//     the unchanged ones *before* any analysis; the rest are grouped into small chunks, and each
//     document is routed to a writer by a hash of its id;
//   `threads` analysis workers, each with its own DocumentBuilder (own Analyzer), turn chunks into
//     flat documents (terms, positions, values: index::FlatDocument);
//   one writer thread per core makes each Xapian document from its flat one (so the Xapian
//     document's many small allocations never cross threads) and writes it, in input order, into
//     segments of its own (small fresh databases, index/segments.hpp), committing every
//     batch_size documents.
// At most `max_chunks` chunks are in flight, so memory stays bounded whatever the input size.
// At the end the segments are folded into the index (merged by compaction when much changed,
// else replayed into it), and the index switches to the result atomically. A segment commit is
// atomic in Xapian: after a kill, the segments hold exactly the committed batches, the next run
// folds them in first and then skips their documents by their hash.
// A sharded index (index/shard_layout.hpp) keeps all of this per shard: each shard has its own
// segments (`shard-NNN.segments` inside the index folder), a writer thread fills the segments
// of the shards it owns, and the shards are folded in in parallel, one per writer thread, so
// the single-core merge at the end of a plain index's run is split N ways. Segments rather than
// direct writes into the shards keep what they buy a plain index: cheap inserts into small
// fresh databases, and a kill at any moment losing at most one batch per writer.
#include <vnsearch/index_writer.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <vnsearch/error.hpp>

#include "index/database_writer.hpp"
#include "index/document_builder.hpp"
#include "index/rebuild.hpp"
#include "index/segments.hpp"
#include "index/shard_layout.hpp"
#include "index/term_scheme.hpp"
#include "index/user_lists.hpp"
#include "store/shard_set.hpp"
#include "store/stored_article.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t chunk_documents = 32;
constexpr std::size_t chunk_bytes = 512 * 1024;

// More writers than this only add segments to merge.
constexpr unsigned max_writers = 8;

struct Item {
    Document doc;
    index::PreparedDocument prepared;
    unsigned writer = 0;
    unsigned shard = 0;
    bool may_exist = false;  ///< an earlier copy of this id was written in this run
};

struct Chunk {
    std::vector<Item> items;
    bool analysed = false;
    unsigned writers_left = 0;  ///< writers that have not written their items of it yet
};

// The queues shared by the three kinds of thread, under one mutex (a chunk is ~32 documents, so
// the lock is taken a few thousand times a second at most). Every writer sees every chunk, in
// input order, and writes the items routed to it; a chunk leaves when all writers are done.
class Pipeline {
public:
    Pipeline(std::size_t max_chunks, unsigned writers)
        : max_chunks_(max_chunks), next_(writers, 0) {}

    // Reader: blocks while `max_chunks` chunks are in flight.
    void push(std::unique_ptr<Chunk> chunk) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return order_.size() < max_chunks_ || failed_; });
        if (failed_) return;
        chunk->writers_left = static_cast<unsigned>(next_.size());
        to_analyse_.push_back(chunk.get());
        order_.push_back(std::move(chunk));
        work_.notify_one();
    }
    void finish_input() {
        std::lock_guard lock(mutex_);
        input_done_ = true;
        work_.notify_all();
        ready_.notify_all();
    }
    // Worker: the next chunk to analyse, or nullptr when there is none left.
    Chunk* take_work() {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [&] { return !to_analyse_.empty() || input_done_ || failed_; });
        if (to_analyse_.empty() || failed_) return nullptr;
        Chunk* c = to_analyse_.front();
        to_analyse_.pop_front();
        return c;
    }
    void analysed(Chunk* c) {
        std::lock_guard lock(mutex_);
        c->analysed = true;
        ready_.notify_all();
    }
    // Writer `w`: its next chunk once analysed, in input order; nullptr at the end.
    Chunk* take_ready(unsigned w) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] {
            const std::size_t i = next_[w] - first_;
            return (i < order_.size() && order_[i]->analysed) ||
                   (i == order_.size() && input_done_) || failed_;
        });
        const std::size_t i = next_[w] - first_;
        if (i == order_.size() || failed_) return nullptr;
        return order_[i].get();
    }
    // Writer `w` is done with the chunk take_ready(w) gave it.
    void written(unsigned w) {
        std::lock_guard lock(mutex_);
        --order_[next_[w] - first_]->writers_left;
        ++next_[w];
        bool freed = false;
        while (!order_.empty() && order_.front()->writers_left == 0) {
            order_.pop_front();
            ++first_;
            freed = true;
        }
        if (freed) space_.notify_all();
    }
    void fail(std::exception_ptr e) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = e;
        failed_ = true;
        space_.notify_all();
        work_.notify_all();
        ready_.notify_all();
    }
    [[nodiscard]] bool failed() {
        std::lock_guard lock(mutex_);
        return failed_;
    }
    void rethrow() {
        std::lock_guard lock(mutex_);
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::mutex mutex_;
    std::condition_variable space_, work_, ready_;
    std::size_t max_chunks_;
    std::deque<std::unique_ptr<Chunk>> order_;  // chunks first_, first_ + 1, ...
    std::size_t first_ = 0;                     // sequence number of order_.front()
    std::vector<std::size_t> next_;             // per writer: sequence number of its next chunk
    std::deque<Chunk*> to_analyse_;
    bool input_done_ = false;
    bool failed_ = false;
    std::exception_ptr error_;
};

class Job {
public:
    Job(const IndexOptions& options, std::string target, index::LayoutRequest request)
        : options_(options),
          analyzer_(options.analyzer),
          target_(std::move(target)),
          request_(request),
          writers_(std::min(max_writers, thread_count())),
          pipeline_(2 * thread_count() + 4, writers_) {}

    IndexReport run();

private:
    unsigned thread_count() const {
        if (options_.threads > 0) return options_.threads;
        return std::max(1u, std::thread::hardware_concurrency());
    }
    void read_all();
    void accept(Document doc, std::uint64_t line);
    void flush_chunk();
    void analyse();
    void write(unsigned w);
    void open_shards();
    void apply_user_lists();
    [[nodiscard]] std::vector<std::string> ids_containing(const std::vector<std::string>& words);
    void reindex_stale();
    void settle_stale();
    [[nodiscard]] std::vector<std::string> sorted_stale() const;
    void prune();
    void fold_in_segments();
    [[nodiscard]] index::FoldResult fold_in_shard(index::DatabaseWriter& shard,
                                                  std::uint64_t deleted) const;
    void report_progress(bool done);
    void take_issues(DocumentReader& reader);
    void add_issue(ReadIssue issue) {
        if (options_.on_issue) options_.on_issue(issue);
        report_.issues.push_back(std::move(issue));
    }

    const IndexOptions& options_;
    AnalyzerOptions analyzer_;  // options_.analyzer with the index's word list
    // Documents that contain a word added to or removed from the word list since they were
    // analysed, until this run analyses them again.
    std::unordered_set<std::string> stale_;
    index::DatabaseWriter::ListValues lists_;  // what every shard stores
    std::string target_;
    index::LayoutRequest request_;
    index::ShardLayout layout_;
    std::vector<index::DatabaseWriter> shards_;  // one per shard (a plain index: one)
    std::vector<std::uint64_t> deleted_;         // per shard, by prune
    unsigned writers_;
    Pipeline pipeline_;
    IndexReport report_;
    std::unordered_map<std::string, index::StoredEntry> entries_;
    std::vector<DocumentReader> readers_;
    std::uint64_t bytes_done_ = 0;  // bytes of the readers already finished
    std::uint64_t bytes_total_ = 0;
    std::uint64_t documents_ = 0;
    DocumentReader* current_ = nullptr;
    std::size_t issues_taken_ = 0;  // of current_'s issues
    std::unique_ptr<Chunk> chunk_;
    std::size_t chunk_size_ = 0;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_progress_{};
};

// Called after every next(), so the readers' issues and ours (duplicates) stay in input order.
void Job::take_issues(DocumentReader& reader) {
    const auto& issues = reader.issues();
    for (; issues_taken_ < issues.size(); ++issues_taken_) {
        add_issue(issues[issues_taken_]);
        if (issues[issues_taken_].kind == IssueKind::skipped) ++report_.skipped;
    }
}

void Job::report_progress(bool done) {
    if (!options_.progress) return;
    const auto now = Clock::now();
    if (!done && now - last_progress_ < std::chrono::milliseconds(250)) return;
    last_progress_ = now;
    Progress p;
    p.documents = documents_;
    p.bytes_read = bytes_done_ + (current_ ? current_->bytes_read() : 0);
    p.bytes_total = bytes_total_;
    p.seconds = std::chrono::duration<double>(now - start_).count();
    p.done = done;
    options_.progress(p);
}

void Job::flush_chunk() {
    if (!chunk_ || chunk_->items.empty()) return;
    pipeline_.push(std::move(chunk_));
    chunk_.reset();
    chunk_size_ = 0;
}

// Decides, before any analysis, what a document needs: nothing (same hash as stored or as the
// earlier copy in this run), an add (id unknown), or a replace.
void Job::accept(Document doc, std::uint64_t line) {
    ++documents_;
    if (!layout_.owns(doc.id)) {
        ++report_.other_shards;  // another machine's part of a cluster's index
        return;
    }
    if (doc.id.size() + index::id_prefix.size() > index::max_term_bytes) {
        add_issue({doc.origin, line, IssueKind::skipped,
                   "id \"" + doc.id.substr(0, 40) + "...\" is longer than 244 bytes: skipped"});
        ++report_.skipped;
        return;
    }
    std::string data = store::encode(doc);
    std::string hash = index::content_hash(doc, options_.analyzer);
    auto [it, inserted] = entries_.try_emplace(doc.id);
    index::StoredEntry& entry = it->second;
    if (entry.seen) {
        ++report_.duplicates;
        add_issue({doc.origin, line, IssueKind::duplicate,
                   "duplicate id \"" + doc.id + "\": the last one wins"});
        if (entry.hash == hash) return;
    } else if (inserted) {
        ++report_.added;
    } else if (entry.hash == hash && !stale_.contains(doc.id)) {
        ++report_.unchanged;
        entry.seen = true;
        return;
    } else {
        ++report_.updated;
    }
    const bool may_exist = entry.seen;
    entry.seen = true;
    stale_.erase(doc.id);
    entry.hash = hash;
    if (!chunk_) chunk_ = std::make_unique<Chunk>();
    chunk_size_ += data.size();
    Item& item = chunk_->items.emplace_back();
    item.prepared.data = std::move(data);
    item.prepared.hash = std::move(hash);
    // Every copy of an id goes to the same writer, so the last one wins within its segments; a
    // writer owns whole shards when there are enough of them to go round.
    item.shard = static_cast<unsigned>(layout_.shard_for(doc.id));
    item.writer = layout_.shards.size() >= writers_ ? item.shard % writers_
                                                    : store::shard_of(doc.id, writers_);
    item.may_exist = may_exist;
    item.doc = std::move(doc);
    if (chunk_->items.size() >= chunk_documents || chunk_size_ >= chunk_bytes) flush_chunk();
}

void Job::read_all() {
    for (DocumentReader& reader : readers_) {
        current_ = &reader;
        issues_taken_ = 0;
        while (auto doc = reader.next()) {
            take_issues(reader);
            accept(std::move(*doc), reader.line());
            report_progress(false);
            if (pipeline_.failed()) return;
        }
        bytes_done_ += reader.bytes_read();
        current_ = nullptr;
        take_issues(reader);
    }
    if (options_.reindex_changed && !options_.prune && !options_.rebuild) reindex_stale();
    flush_chunk();
}

void Job::analyse() {
    try {
        index::DocumentBuilder builder(analyzer_);
        while (Chunk* c = pipeline_.take_work()) {
            for (Item& item : c->items) {
                builder.build(item.doc, item.prepared);
                item.doc = Document();  // the text now lives in prepared.data
            }
            pipeline_.analysed(c);
        }
    } catch (...) {
        pipeline_.fail(std::current_exception());
    }
}

void Job::write(unsigned w) {
    try {
        std::map<unsigned, index::SegmentWriter> segments;  // by shard, made on first use
        while (Chunk* c = pipeline_.take_ready(w)) {
            for (Item& item : c->items) {
                if (item.writer != w) continue;
                auto it = segments.find(item.shard);
                if (it == segments.end()) {
                    it = segments
                             .try_emplace(item.shard,
                                          index::segments_path(layout_.shards[item.shard]), w,
                                          options_.batch_size, options_.segment_size)
                             .first;
                }
                it->second.write(item.prepared, item.may_exist);
                item.prepared = index::PreparedDocument();
            }
            pipeline_.written(w);
        }
        if (!pipeline_.failed()) {
            for (auto& [shard, writer] : segments) writer.finish();
        }
    } catch (...) {
        pipeline_.fail(std::current_exception());
    }
}

// Prune's deletions, then the segments into the shard. Merging (see worth_merging) also packs
// the B-tree blocks that commits leave half full, which is why heavy pruning alone triggers it.
index::FoldResult Job::fold_in_shard(index::DatabaseWriter& shard, std::uint64_t deleted) const {
    shard.commit();
    const bool compact = options_.compact;
    index::FoldResult fold = index::finish_segments(
        shard, [&](std::uint64_t segment_documents_, std::uint64_t index_documents) {
            const std::uint64_t changed = segment_documents_ + deleted;
            return compact && index::worth_merging(changed, index_documents);
        });
    if (fold.merged) {
        index::retire_after_merge(shard);
    } else {
        shard.sync_to_disk();
    }
    return fold;
}

// One thread per writer, each folding the shards it owns: the merges run side by side. Their
// issues are reported afterwards, on the calling thread.
void Job::fold_in_segments() {
    std::vector<index::FoldResult> folds(shards_.size());
    if (shards_.size() == 1) {
        folds[0] = fold_in_shard(shards_[0], deleted_[0]);
    } else {
        const auto threads = static_cast<unsigned>(std::min<std::size_t>(writers_, shards_.size()));
        std::vector<std::exception_ptr> errors(threads);
        std::vector<std::thread> folders;
        for (unsigned t = 0; t < threads; ++t) {
            folders.emplace_back([this, t, threads, &errors, &folds] {
                try {
                    for (std::size_t k = t; k < shards_.size(); k += threads) {
                        folds[k] = fold_in_shard(shards_[k], deleted_[k]);
                    }
                } catch (...) {
                    errors[t] = std::current_exception();
                }
            });
        }
        for (std::thread& f : folders) f.join();
        for (const std::exception_ptr& e : errors) {
            if (e) std::rethrow_exception(e);
        }
    }
    for (std::size_t k = 0; k < folds.size(); ++k) {
        for (const std::string& message : folds[k].discarded)
            add_issue({layout_.shards[k], 0, IssueKind::notice, message});
        report_.compacted = report_.compacted || folds[k].merged;
    }
}

// Leftover segments first (a killed run's committed batches), then every shard's writer lock,
// then the stub that makes a new folder a sharded index.
void Job::open_shards() {
    for (const std::string& path : layout_.shards) {
        for (std::string& message :
             index::fold_in_leftover_segments(path, options_.compact, options_.no_sync_batches)) {
            add_issue({path, 0, IssueKind::notice, std::move(message)});
        }
    }
    shards_.reserve(layout_.shards.size());
    for (std::size_t k = 0; k < layout_.shards.size(); ++k) {
        index::DatabaseWriter& shard = shards_.emplace_back(
            layout_.shards[k], OpenMode::create_or_open, options_.no_sync_batches);
        const std::string label = layout_.label(k);
        shard.set_shard_label(label);
        // A new shard records its part at once, before the stub names it.
        const std::string stored = store::xapian_call(
            "cannot read index \"" + shard.path() + "\"",
            [&] { return shard.database().get_metadata(std::string(index::shard_key)); });
        if (stored != label) shard.commit();
    }
    deleted_.assign(shards_.size(), 0);
    index::finish_layout(layout_);
    for (index::DatabaseWriter& shard : shards_) {
        auto entries = shard.stored_entries();
        if (entries_.empty()) {
            entries_ = std::move(entries);
        } else {
            entries_.merge(entries);
        }
    }
}

// The lists this run uses: the options' (checked as a file's lines are) or, when not given, the
// index's. Every shard stores them. The documents that contain a word added or removed are
// stale until analysed again, this run or a later one: the index keeps their ids.
void Job::apply_user_lists() {
    index::DatabaseWriter& first = shards_.front();
    const std::string what = "cannot read index \"" + first.path() + "\"";
    const index::UserLists stored =
        store::xapian_call(what, [&] { return index::read_user_lists(first.database()); });
    const std::string stored_stale = store::xapian_call(
        what, [&] { return first.database().get_metadata(std::string(index::stale_ids_key)); });
    index::UserLists lists = stored;
    if (options_.words)
        lists.words = store::parse_word_list(store::encode_words(*options_.words), "word list");
    if (options_.synonyms)
        lists.synonyms = store::parse_synonym_groups(store::encode_synonyms(*options_.synonyms),
                                                     "synonym groups");
    analyzer_.words = lists.words;
    for (std::string& id : store::decode_ids(stored_stale))
        if (entries_.contains(id)) stale_.insert(std::move(id));
    const std::vector<std::string> changed = store::changed_words(stored.words, lists.words);
    if (!changed.empty() && !entries_.empty()) {
        for (std::string& id : ids_containing(changed)) stale_.insert(std::move(id));
    }
    lists_ = {store::encode_words(lists.words), store::encode_synonyms(lists.synonyms),
              store::encode_ids(sorted_stale())};
    for (index::DatabaseWriter& shard : shards_) shard.set_user_lists(lists_);
    // Stored at once: a killed run still knows which documents are stale.
    if (!(lists == stored) || lists_.stale != stored_stale) {
        for (index::DatabaseWriter& shard : shards_) shard.commit();
    }
}

std::vector<std::string> Job::sorted_stale() const {
    std::vector<std::string> ids(stale_.begin(), stale_.end());
    std::sort(ids.begin(), ids.end());
    return ids;
}

// After the inputs (and prune, which deletes some stale documents): what is still stale is
// reported and kept for a later run (the shards' last commits store it).
void Job::settle_stale() {
    if (options_.prune || options_.rebuild) {
        std::erase_if(stale_, [&](const std::string& id) {
            const auto it = entries_.find(id);
            return it == entries_.end() || !it->second.seen;
        });
    }
    const std::vector<std::string> ids = sorted_stale();
    report_.stale = ids.size();
    report_.stale_ids.assign(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), 20));
    lists_.stale = store::encode_ids(ids);
    for (index::DatabaseWriter& shard : shards_) shard.set_user_lists(lists_);
}

// The ids of the stored documents that contain one of `words` in any spelling, every shard.
std::vector<std::string> Job::ids_containing(const std::vector<std::string>& words) {
    std::vector<std::string> ids;
    for (index::DatabaseWriter& shard : shards_) {
        store::xapian_call("cannot read index \"" + shard.path() + "\"", [&] {
            const Xapian::Database& db = shard.database();
            Xapian::Enquire enquire(db);
            enquire.set_query(store::words_query(db, words));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            const Xapian::MSet matches = enquire.get_mset(0, db.get_doccount());
            for (auto m = matches.begin(); m != matches.end(); ++m) {
                std::string id = m.get_document().get_value(index::id_slot);
                if (!id.empty()) ids.push_back(std::move(id));
            }
        });
    }
    return ids;
}

// The stale documents this run's inputs did not hold, from their stored copies, in id order.
void Job::reindex_stale() {
    const std::set<std::string> ids(stale_.begin(), stale_.end());
    for (const std::string& id : ids) {
        index::DatabaseWriter& shard = shards_[layout_.shard_for(id)];
        std::optional<Document> doc = store::xapian_call(
            "cannot read index \"" + shard.path() + "\"", [&]() -> std::optional<Document> {
                const Xapian::Database& db = shard.database();
                const std::string term = std::string(index::id_prefix) + id;
                const auto p = db.postlist_begin(term);
                if (p == db.postlist_end(term)) return std::nullopt;
                store::StoredArticle article;
                if (!store::decode(
                        store::encoded(store::read_record(db.get_document(*p), index::stored_slot)),
                        article))
                    return std::nullopt;
                if (article.id.empty()) article.id = id;
                return store::to_document(std::move(article));
            });
        if (!doc) {
            add_issue({options_.db_path, 0, IssueKind::notice,
                       "the stored copy of \"" + id + "\" cannot be read: not re-analysed"});
            continue;
        }
        const std::uint64_t updated = report_.updated;
        accept(std::move(*doc), 0);
        --documents_;  // not read from an input
        if (report_.updated > updated) {
            --report_.updated;
            ++report_.reindexed;
        }
    }
}

void Job::prune() {
    // A skipped record or an input cut short (a truncated .gz, an unreadable folder) may hold
    // documents that still exist: pruning then could delete them, so it waits for a clean run.
    if (report_.errors > 0) {
        add_issue(
            {options_.db_path, 0, IssueKind::notice, "an input could not be read: nothing pruned"});
    } else if (report_.skipped > 0) {
        add_issue({options_.db_path, 0, IssueKind::notice,
                   "records were skipped (their documents may still exist): nothing pruned"});
    } else {
        for (const auto& [id, entry] : entries_) {
            const std::size_t k = layout_.shard_for(id);
            if (!entry.seen && shards_[k].remove(id)) {
                ++report_.deleted;
                ++deleted_[k];
            }
        }
    }
}

IndexReport Job::run() {
    for (const std::string& input : options_.inputs) {
        try {
            readers_.emplace_back(input, options_.reader);
            bytes_total_ += readers_.back().bytes_total();
        } catch (const Error& e) {
            add_issue({input, 0, IssueKind::notice, e.what()});
            ++report_.errors;
        }
    }
    // A new index's shard count depends on the input's size, known once the inputs are open.
    request_.count_if_new =
        index::default_shard_count(bytes_total_, std::thread::hardware_concurrency());
    layout_ = index::resolve_layout(target_, request_);
    open_shards();
    apply_user_lists();

    std::vector<std::thread> workers;
    for (unsigned i = 0; i < thread_count(); ++i) workers.emplace_back([this] { analyse(); });
    std::vector<std::thread> writer_threads;
    for (unsigned w = 0; w < writers_; ++w) writer_threads.emplace_back([this, w] { write(w); });
    try {
        read_all();
    } catch (...) {
        pipeline_.fail(std::current_exception());
    }
    pipeline_.finish_input();
    for (std::thread& t : workers) t.join();
    for (std::thread& t : writer_threads) t.join();
    pipeline_.rethrow();

    if (options_.prune || options_.rebuild) prune();
    settle_stale();
    fold_in_segments();

    report_.bytes_read = bytes_done_;
    report_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    report_progress(true);
    return std::move(report_);
}

IndexReport run_job(const IndexOptions& options, const std::string& target,
                    const index::LayoutRequest& request) {
    return Job(options, target, request).run();
}

index::LayoutRequest requested_layout(const IndexOptions& options) {
    index::LayoutRequest request;
    request.shards = options.shards;
    if (options.shard_count > 0) {
        if (options.shard_index >= options.shard_count) {
            throw Error(Errc::invalid_input, "shard " + std::to_string(options.shard_index) +
                                                 " of " + std::to_string(options.shard_count) +
                                                 " does not exist (0 to " +
                                                 std::to_string(options.shard_count - 1) + ")");
        }
        request.part = index::ShardPart{options.shard_index, options.shard_count};
    }
    return request;
}

}  // namespace

IndexReport index_documents(const IndexOptions& options) {
    if (options.db_path.empty()) throw Error(Errc::invalid_input, "no index path given");
    const std::string live = store::without_trailing_slashes(options.db_path);
    index::LayoutRequest request = requested_layout(options);
    if (!options.rebuild) return run_job(options, live, request);

    // A rebuild keeps the live index's count and part unless told otherwise.
    std::error_code ec;
    if (std::filesystem::exists(live, ec)) {
        const index::ShardLayout current = index::resolve_layout(live, {});
        if (current.exists && request.shards == 0 && !request.part) {
            request.shards = static_cast<std::uint32_t>(current.shards.size());
            request.part = current.part;
        }
    }
    const std::string side = index::rebuild_path(live);
    // The rebuilt index keeps the live one's lists unless given others.
    IndexOptions with_lists = options;
    if (std::filesystem::exists(live, ec) && (!options.words || !options.synonyms)) {
        const index::UserLists lists = store::xapian_call(
            "cannot read index \"" + live + "\"",
            [&] { return index::read_user_lists(store::open_for_reading(live)); });
        if (!with_lists.words) with_lists.words = lists.words;
        if (!with_lists.synonyms) with_lists.synonyms = lists.synonyms;
    }
    try {
        (void)index::resolve_layout(side, request);
    } catch (const Error& e) {
        // A killed rebuild with another layout: start afresh rather than resume it.
        if (e.code() != Errc::invalid_input) throw;
        index::discard_segments(side);
        std::filesystem::remove_all(side, ec);
    }
    IndexReport report = run_job(with_lists, side, request);
    if (report.errors > 0) {
        ReadIssue kept{options.db_path, 0, IssueKind::notice,
                       "an input could not be read: the rebuilt index was left at \"" + side +
                           "\" and the live one kept"};
        if (options.on_issue) options.on_issue(kept);
        report.issues.push_back(std::move(kept));
        return report;
    }
    index::switch_into_place(side, live);
    return report;
}

IndexReport reindex(IndexOptions options) {
    options.rebuild = true;
    return index_documents(options);
}

}  // namespace vnsearch
