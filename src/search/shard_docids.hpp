// SPDX-License-Identifier: Apache-2.0
// Sets of documents on an index of several shards. A Xapian::Database made of n sub-databases
// (Database::add_database, a stub file, a folder with a XAPIANDB stub) numbers documents by
// interleaving: global id g is local id (g - 1) / n + 1 of shard (g - 1) % n. Xapian 1.4 clones a
// PostingSource for each shard and init()s it with that shard alone, which then sees only local
// ids and is not told which shard it is. A source written for global ids (a range, a list of
// hits) filters the wrong documents on a sharded index. ShardDocids is the one PostingSource the
// search uses to name documents: it finds its shard from the uuid of the database init() gets,
// among the uuids of the shards it was made for, and works in local ids from there. It is
// serialisable (name, serialise, unserialise) so that a server can register it and run it on a
// remote shard, which sees the same uuid.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace vnsearch::search {

/// A document's place on an index of `shards` sub-databases (one for a plain database).
struct ShardDocid {
    std::size_t shard = 0;
    Xapian::docid local = 0;
};

[[nodiscard]] inline ShardDocid to_local(Xapian::docid global, std::size_t shards) {
    return {(global - 1) % shards, static_cast<Xapian::docid>((global - 1) / shards + 1)};
}
[[nodiscard]] inline Xapian::docid to_global(ShardDocid at, std::size_t shards) {
    return static_cast<Xapian::docid>((at.local - 1) * shards + at.shard + 1);
}

/// The documents of part `part` (from 0) of `parts` ranges of equal length of each shard's own
/// document ids, as a boolean query to filter with: the parts of all `part` values cover every
/// document once, and each part has documents of every shard.
Xapian::Query shard_part(unsigned part, unsigned parts);

/// Exactly the documents `ids` (global ids of `db`), as a boolean query to filter with, to run
/// on `db` (or a handle on the same shards in the same order).
/// @throws Xapian::InvalidArgumentError if two of `db`'s shards have the same uuid (a copied
/// database keeps its uuid) or one has none: the source could not tell them apart.
Xapian::Query only_documents(const Xapian::Database& db, std::vector<Xapian::docid> ids);

/// The PostingSource behind shard_part() and only_documents(). Default-constructed it matches
/// nothing: the prototype for Xapian::Registry::register_posting_source().
class ShardDocids final : public Xapian::PostingSource {
public:
    ShardDocids() = default;

    Xapian::doccount get_termfreq_min() const override;
    Xapian::doccount get_termfreq_est() const override;
    Xapian::doccount get_termfreq_max() const override;
    Xapian::docid get_docid() const override;
    bool at_end() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    void init(const Xapian::Database& db) override;

    ShardDocids* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    ShardDocids* unserialise(const std::string& serialised) const override;
    std::string get_description() const override;

private:
    friend Xapian::Query shard_part(unsigned, unsigned);
    friend Xapian::Query only_documents(const Xapian::Database&, std::vector<Xapian::docid>);

    enum class Mode : unsigned char { part = 'p', only = 'o' };

    // The configuration: what serialise() writes and clone() copies.
    Mode mode_ = Mode::only;
    unsigned part_ = 0, parts_ = 1;
    std::vector<std::string> uuids_;                  // only: each shard's, in order
    std::vector<std::vector<Xapian::docid>> locals_;  // only: each shard's local ids, sorted

    // The state of one shard's iteration, set by init(): the ids [first_, last_] (part), or
    // (*list_)[at_...] (only).
    Xapian::docid first_ = 1, last_ = 0, current_ = 0;
    const std::vector<Xapian::docid>* list_ = nullptr;
    std::size_t at_ = 0;
    bool started_ = false;
    Xapian::doccount shard_documents_ = 0;
};

}  // namespace vnsearch::search
