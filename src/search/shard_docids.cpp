// SPDX-License-Identifier: Apache-2.0
#include "search/shard_docids.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

namespace vnsearch::search {

namespace {

const std::vector<Xapian::docid> no_ids;

void put_number(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out += static_cast<char>(0x80 | (n & 0x7f));
        n >>= 7;
    }
    out += static_cast<char>(n);
}

// Reads what put_number() wrote; throws at a truncated or oversized number.
std::uint64_t get_number(const char*& p, const char* end) {
    std::uint64_t n = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (p == end) break;
        const auto byte = static_cast<unsigned char>(*p++);
        n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return n;
    }
    throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
}

// A count that must fit in what is left of the input (each item takes a byte at least).
std::size_t get_count(const char*& p, const char* end) {
    const std::uint64_t n = get_number(p, end);
    if (n > static_cast<std::uint64_t>(end - p))
        throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
    return static_cast<std::size_t>(n);
}

}  // namespace

Xapian::Query shard_part(unsigned part, unsigned parts) {
    auto* source = new ShardDocids;
    source->mode_ = ShardDocids::Mode::part;
    source->part_ = part;
    source->parts_ = std::max(parts, 1U);
    return Xapian::Query(source->release());
}

Xapian::Query only_documents(const Xapian::Database& db, std::vector<Xapian::docid> ids) {
    auto source = std::make_unique<ShardDocids>();
    const std::size_t shards = std::max<std::size_t>(db.size(), 1);
    source->locals_.resize(shards);
    if (shards > 1) {
        // Xapian's uuid of a database of several shards is theirs, joined by ':'.
        const std::string all = db.get_uuid();
        std::size_t from = 0;
        while (from <= all.size() && !all.empty()) {
            const std::size_t colon = std::min(all.find(':', from), all.size());
            source->uuids_.push_back(all.substr(from, colon - from));
            from = colon + 1;
        }
        std::vector<std::string> sorted = source->uuids_;
        std::sort(sorted.begin(), sorted.end());
        if (sorted.size() != shards ||
            std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
            throw Xapian::InvalidArgumentError(
                "vnsearch::ShardDocids: the shards cannot be told apart: two have the same uuid (a "
                "copied database "
                "keeps the uuid of its original) or one has none");
    } else {
        source->uuids_.assign(1, std::string());
    }
    for (const Xapian::docid global : ids) {
        const ShardDocid at = to_local(global, shards);
        source->locals_[at.shard].push_back(at.local);
    }
    for (auto& locals : source->locals_) {
        std::sort(locals.begin(), locals.end());
        locals.erase(std::unique(locals.begin(), locals.end()), locals.end());
    }
    return Xapian::Query(source.release()->release());
}

Xapian::doccount ShardDocids::get_termfreq_min() const {
    return mode_ == Mode::only ? static_cast<Xapian::doccount>(list_->size()) : 0;
}

Xapian::doccount ShardDocids::get_termfreq_est() const {
    if (mode_ == Mode::only) return get_termfreq_min();
    const Xapian::docid last_id = std::max(last_, first_ - 1);
    // The range's share of the shard's documents (a range may hold ids of deleted documents).
    const Xapian::docid range = last_id - first_ + 1;
    return std::min<Xapian::doccount>(range, shard_documents_);
}

Xapian::doccount ShardDocids::get_termfreq_max() const { return get_termfreq_est(); }

Xapian::docid ShardDocids::get_docid() const {
    return mode_ == Mode::only ? (*list_)[at_] : current_;
}

bool ShardDocids::at_end() const {
    if (!started_) return false;
    return mode_ == Mode::only ? at_ >= list_->size() : current_ > last_;
}

void ShardDocids::next(double) {
    if (mode_ == Mode::only) {
        if (started_) ++at_;
    } else {
        current_ = started_ ? current_ + 1 : first_;
    }
    started_ = true;
}

void ShardDocids::skip_to(Xapian::docid did, double) {
    if (mode_ == Mode::only) {
        const auto from = list_->begin() + static_cast<std::ptrdiff_t>(started_ ? at_ : 0);
        at_ = static_cast<std::size_t>(std::lower_bound(from, list_->end(), did) - list_->begin());
    } else {
        current_ = std::max({did, first_, started_ ? current_ : first_});
    }
    started_ = true;
}

void ShardDocids::init(const Xapian::Database& db) {
    started_ = false;
    at_ = 0;
    current_ = 0;
    shard_documents_ = db.get_doccount();
    if (mode_ == Mode::part) {
        // This shard's own ids, whatever the others hold: each part has some of every shard.
        const std::uint64_t last = db.get_lastdocid();
        first_ = static_cast<Xapian::docid>(last * part_ / parts_ + 1);
        last_ = static_cast<Xapian::docid>(last * (part_ + 1) / parts_);
        return;
    }
    list_ = &no_ids;
    if (locals_.empty()) return;  // default-constructed
    if (locals_.size() == 1) {
        list_ = &locals_[0];  // a plain database: no uuid needed
        return;
    }
    const std::string uuid = db.get_uuid();
    const auto it = std::find(uuids_.begin(), uuids_.end(), uuid);
    if (uuid.empty() || it == uuids_.end())
        throw Xapian::InvalidArgumentError("vnsearch::ShardDocids: database " + uuid +
                                           " is not one of the shards it was made for");
    list_ = &locals_[static_cast<std::size_t>(it - uuids_.begin())];
}

ShardDocids* ShardDocids::clone() const {
    auto* copy = new ShardDocids;
    copy->mode_ = mode_;
    copy->part_ = part_;
    copy->parts_ = parts_;
    copy->uuids_ = uuids_;
    copy->locals_ = locals_;
    return copy;
}

std::string ShardDocids::name() const { return "vnsearch::ShardDocids"; }

// Part: 'p', part, parts. Only: 'o', shards, then each shard's uuid (length, bytes) and ids
// (count, then the gaps between them).
std::string ShardDocids::serialise() const {
    std::string out(1, static_cast<char>(mode_));
    if (mode_ == Mode::part) {
        put_number(out, part_);
        put_number(out, parts_);
        return out;
    }
    put_number(out, locals_.size());
    for (std::size_t s = 0; s < locals_.size(); ++s) {
        const std::string& uuid = s < uuids_.size() ? uuids_[s] : std::string();
        put_number(out, uuid.size());
        out += uuid;
        put_number(out, locals_[s].size());
        Xapian::docid previous = 0;
        for (const Xapian::docid id : locals_[s]) {
            put_number(out, id - previous);
            previous = id;
        }
    }
    return out;
}

ShardDocids* ShardDocids::unserialise(const std::string& serialised) const {
    const char* p = serialised.data();
    const char* const end = p + serialised.size();
    if (p == end) throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
    auto* out = new ShardDocids;
    try {
        const char mode = *p++;
        if (mode == static_cast<char>(Mode::part)) {
            out->mode_ = Mode::part;
            out->part_ = static_cast<unsigned>(get_number(p, end));
            out->parts_ = static_cast<unsigned>(get_number(p, end));
            if (out->parts_ == 0 || out->part_ >= out->parts_)
                throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
        } else if (mode == static_cast<char>(Mode::only)) {
            out->mode_ = Mode::only;
            const std::size_t shards = get_count(p, end);
            for (std::size_t s = 0; s < shards; ++s) {
                const std::size_t length = get_count(p, end);
                out->uuids_.emplace_back(p, length);
                p += length;
                auto& locals = out->locals_.emplace_back(get_count(p, end));
                Xapian::docid id = 0;
                for (Xapian::docid& local : locals) local = id += get_number(p, end);
            }
        } else {
            throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
        }
        if (p != end) throw Xapian::SerialisationError("bad serialised vnsearch::ShardDocids");
    } catch (...) {
        delete out;
        throw;
    }
    return out;
}

std::string ShardDocids::get_description() const {
    if (mode_ == Mode::part)
        return "vnsearch::ShardDocids(part " + std::to_string(part_) + " of " +
               std::to_string(parts_) + ")";
    std::size_t ids = 0;
    for (const auto& locals : locals_) ids += locals.size();
    return "vnsearch::ShardDocids(" + std::to_string(ids) + " documents on " +
           std::to_string(locals_.size()) + " shards)";
}

}  // namespace vnsearch::search
