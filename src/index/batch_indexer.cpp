// SPDX-License-Identifier: Apache-2.0
// index_documents(): the batch job. Three kinds of thread:
//   the calling thread reads documents, computes their stored data and content hash, and drops
//     the unchanged ones *before* any analysis; the rest are grouped into small chunks;
//   `threads` analysis workers, each with its own DocumentBuilder (own Analyzer), turn chunks into
//     Xapian documents;
//   one writer thread applies the chunks to the database in input order (so the last duplicate
//     wins) and commits every batch_size documents.
// At most `max_chunks` chunks are in flight, so memory stays bounded whatever the input size.
// A commit is atomic in Xapian: after a kill, the index holds exactly the committed batches, and a
// rerun skips them by their hash.
#include <vnsearch/index_writer.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <vnsearch/error.hpp>

#include "index/database_writer.hpp"
#include "index/document_builder.hpp"
#include "index/rebuild.hpp"
#include "index/term_scheme.hpp"

namespace vnsearch {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t chunk_documents = 32;
constexpr std::size_t chunk_bytes = 512 * 1024;

struct Item {
    Document doc;
    index::PreparedDocument prepared;
    bool known_new = false;
};

struct Chunk {
    std::vector<Item> items;
    bool analysed = false;
};

// The queues shared by the three kinds of thread, under one mutex (a chunk is ~32 documents, so
// the lock is taken a few thousand times a second at most).
class Pipeline {
public:
    explicit Pipeline(std::size_t max_chunks) : max_chunks_(max_chunks) {}

    // Reader: blocks while `max_chunks` chunks are in flight.
    void push(std::unique_ptr<Chunk> chunk) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return order_.size() < max_chunks_ || failed_; });
        if (failed_) return;
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
    // Writer: the oldest chunk once analysed, in input order; nullptr at the end.
    std::unique_ptr<Chunk> take_ready() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] {
            return (!order_.empty() && order_.front()->analysed) ||
                   (order_.empty() && input_done_) || failed_;
        });
        if (order_.empty() || failed_) return nullptr;
        auto c = std::move(order_.front());
        order_.pop_front();
        space_.notify_all();
        return c;
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
    std::deque<std::unique_ptr<Chunk>> order_;
    std::deque<Chunk*> to_analyse_;
    bool input_done_ = false;
    bool failed_ = false;
    std::exception_ptr error_;
};

bool is_repair(const ReadIssue& issue) {
    return issue.message.find("repaired") != std::string::npos ||
           issue.message.find("replaced with U+FFFD") != std::string::npos;
}

class Job {
public:
    Job(const IndexOptions& options, const std::string& target)
        : options_(options),
          writer_(target, OpenMode::create_or_open, options.no_sync_batches),
          pipeline_(2 * thread_count() + 4) {}

    IndexReport run();
    /// True if enough changed for a compaction to pay (a tenth of the index or more).
    [[nodiscard]] bool worth_compacting() const {
        return written_ > 0 && written_ * 10 >= doc_count_;
    }
    void close() { writer_.close(); }

private:
    unsigned thread_count() const {
        if (options_.threads > 0) return options_.threads;
        return std::max(1u, std::thread::hardware_concurrency());
    }
    void read_all();
    void accept(Document doc);
    void flush_chunk();
    void analyse();
    void write();
    void report_progress(bool done);
    void take_issues(DocumentReader& reader);
    void add_issue(ReadIssue issue) {
        if (options_.on_issue) options_.on_issue(issue);
        report_.issues.push_back(std::move(issue));
    }

    const IndexOptions& options_;
    index::DatabaseWriter writer_;
    Pipeline pipeline_;
    IndexReport report_;
    std::unordered_map<std::string, index::StoredEntry> entries_;
    std::vector<DocumentReader> readers_;
    std::uint64_t bytes_done_ = 0;  // bytes of the readers already finished
    std::uint64_t bytes_total_ = 0;
    std::uint64_t documents_ = 0;
    std::uint64_t written_ = 0;    // documents added, replaced or deleted
    std::uint64_t doc_count_ = 0;  // at the end
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
        if (!is_repair(issues[issues_taken_])) ++report_.skipped;
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
void Job::accept(Document doc) {
    ++documents_;
    if (doc.id.size() + index::id_prefix.size() > index::max_term_bytes) {
        add_issue({doc.origin, 0,
                   "id \"" + doc.id.substr(0, 40) + "...\" is longer than 244 bytes: skipped"});
        ++report_.skipped;
        return;
    }
    std::string data = index::stored_data(doc);
    std::string hash = index::content_hash(doc, options_.analyzer);
    auto [it, inserted] = entries_.try_emplace(doc.id);
    index::StoredEntry& entry = it->second;
    bool known_new = false;
    if (entry.seen) {
        ++report_.duplicates;
        add_issue({doc.origin, 0, "duplicate id \"" + doc.id + "\": the last one wins"});
        if (entry.hash == hash) return;
    } else if (inserted) {
        ++report_.added;
        known_new = true;
    } else if (entry.hash == hash) {
        ++report_.unchanged;
        entry.seen = true;
        return;
    } else {
        ++report_.updated;
    }
    entry.seen = true;
    entry.hash = hash;
    if (!chunk_) chunk_ = std::make_unique<Chunk>();
    chunk_size_ += data.size();
    Item& item = chunk_->items.emplace_back();
    item.prepared.data = std::move(data);
    item.prepared.hash = std::move(hash);
    item.known_new = known_new;
    item.doc = std::move(doc);
    if (chunk_->items.size() >= chunk_documents || chunk_size_ >= chunk_bytes) flush_chunk();
}

void Job::read_all() {
    for (DocumentReader& reader : readers_) {
        current_ = &reader;
        issues_taken_ = 0;
        while (auto doc = reader.next()) {
            take_issues(reader);
            accept(std::move(*doc));
            report_progress(false);
            if (pipeline_.failed()) return;
        }
        bytes_done_ += reader.bytes_read();
        current_ = nullptr;
        take_issues(reader);
    }
    flush_chunk();
}

void Job::analyse() {
    try {
        index::DocumentBuilder builder(options_.analyzer);
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

void Job::write() {
    try {
        std::size_t since_commit = 0;
        while (auto c = pipeline_.take_ready()) {
            for (Item& item : c->items) {
                writer_.write(item.prepared, item.known_new);
                if (++since_commit >= std::max<std::size_t>(1, options_.batch_size)) {
                    writer_.commit();
                    since_commit = 0;
                }
            }
        }
    } catch (...) {
        pipeline_.fail(std::current_exception());
    }
}

IndexReport Job::run() {
    for (const std::string& input : options_.inputs) {
        try {
            readers_.emplace_back(input, options_.reader);
            bytes_total_ += readers_.back().bytes_total();
        } catch (const Error& e) {
            add_issue({input, 0, e.what()});
            ++report_.errors;
        }
    }
    entries_ = writer_.stored_entries();

    std::vector<std::thread> workers;
    for (unsigned i = 0; i < thread_count(); ++i) workers.emplace_back([this] { analyse(); });
    std::thread writer_thread([this] { write(); });
    try {
        read_all();
    } catch (...) {
        pipeline_.fail(std::current_exception());
    }
    pipeline_.finish_input();
    for (std::thread& t : workers) t.join();
    writer_thread.join();
    pipeline_.rethrow();

    if (options_.prune || options_.rebuild) {
        if (report_.errors > 0) {
            add_issue({options_.db_path, 0, "an input could not be read: nothing pruned"});
        } else {
            for (const auto& [id, entry] : entries_) {
                if (!entry.seen && writer_.remove(id)) ++report_.deleted;
            }
        }
    }
    writer_.commit();
    writer_.sync_to_disk();
    written_ = report_.added + report_.updated + report_.deleted + report_.duplicates;
    doc_count_ = writer_.database().get_doccount();
    report_.bytes_read = bytes_done_;
    report_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    report_progress(true);
    return std::move(report_);
}

}  // namespace

IndexReport index_documents(const IndexOptions& options) {
    if (options.db_path.empty()) throw Error(Errc::invalid_input, "no index path given");
    std::string live = options.db_path;
    while (live.size() > 1 && live.back() == '/') live.pop_back();
    const std::string packed = live + ".compact";
    std::error_code ec;

    if (!options.rebuild) {
        Job job(options, live);
        IndexReport report = job.run();
        if (options.compact && job.worth_compacting()) {
            // Our writer still holds the lock of the folder being retired, so no other writer
            // can slip a change into it between the copy and the exchange.
            index::compact_copy(live, packed);
            index::exchange_folders(packed, live);
            job.close();
            std::filesystem::remove_all(packed, ec);
            report.compacted = true;
        }
        return report;
    }

    const std::string side = index::rebuild_path(live);
    IndexReport report;
    {
        Job job(options, side);
        report = job.run();
        if (report.errors > 0) {
            ReadIssue kept{options.db_path, 0,
                           "an input could not be read: the rebuilt index was left at \"" + side +
                               "\" and the live one kept"};
            if (options.on_issue) options.on_issue(kept);
            report.issues.push_back(std::move(kept));
            return report;
        }
        if (options.compact) {
            index::compact_copy(side, packed);
            report.compacted = true;
        }
    }  // the rebuilt database is closed before it moves
    if (report.compacted) {
        index::switch_into_place(packed, live);
        std::filesystem::remove_all(side, ec);
    } else {
        index::switch_into_place(side, live);
    }
    return report;
}

IndexReport reindex(IndexOptions options) {
    options.rebuild = true;
    return index_documents(options);
}

}  // namespace vnsearch
