// SPDX-License-Identifier: Apache-2.0
#include "search/split_match.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "search/query_builder.hpp"
#include "search/shard_docids.hpp"

namespace vnsearch::search {

namespace {

// The query's documents in part `part` of two of each shard's ids.
Xapian::Query in_part(const Xapian::Query& query, unsigned part) {
    return {Xapian::Query::OP_FILTER, query, shard_part(part, 2)};
}

// The helper's half of a match, as plain values: no Xapian object crosses threads.
struct Half {
    std::vector<RankedHit> hits;
    Xapian::doccount estimated = 0, upper_bound = 0;
};

// Closes the helper's run however the calling thread's half ends: the job refers to its locals.
class RunGuard {
public:
    explicit RunGuard(HelperThread& helper) : helper_(helper) {}
    ~RunGuard() {
        if (closed_) return;
        helper_.skip(0);
        try {
            helper_.finish();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the calling thread's error goes on
        }
    }
    RunGuard(const RunGuard&) = delete;
    RunGuard& operator=(const RunGuard&) = delete;
    void finish() {
        closed_ = true;
        helper_.finish();
    }

private:
    HelperThread& helper_;
    bool closed_ = false;
};

}  // namespace

FirstPass match_first_pass(const Xapian::Database& db, Xapian::Enquire& enquire,
                           const Xapian::Query& query, Xapian::doccount depth,
                           const SplitMatch* split) {
    FirstPass out;
    const Xapian::docid last = db.get_lastdocid();
    if (split == nullptr || last < std::max<Xapian::docid>(split->min_documents, 2)) {
        enquire.set_query(query);
        out.first_half = enquire.get_mset(0, depth);
        out.hits = hits_of(out.first_half);
        out.estimated = out.first_half.get_matches_estimated();
        out.upper_bound = out.first_half.get_matches_upper_bound();
        return out;
    }
    // The query travels serialised: Xapian's reference counts are not atomic, so no Query is
    // shared between threads. If the helper is late, this thread runs its half too (lane 0).
    const std::string serialised = query.serialise();
    Half second;
    const std::function<void(std::size_t, int)> job = [&](std::size_t, int lane) {
        Xapian::Enquire own(lane == 1 ? *split->helper_db : db);
        own.set_weighting_scheme(ranking_weight());
        own.set_query(in_part(Xapian::Query::unserialise(serialised), 1));
        const Xapian::MSet mset = own.get_mset(0, depth);
        second = {hits_of(mset), mset.get_matches_estimated(), mset.get_matches_upper_bound()};
    };
    split->helper->open(job);
    RunGuard guard(*split->helper);
    split->helper->add(1);
    enquire.set_query(in_part(query, 0));
    out.first_half = enquire.get_mset(0, depth);
    guard.finish();
    enquire.set_query(query);

    out.hits = hits_of(out.first_half);
    out.hits.insert(out.hits.end(), second.hits.begin(), second.hits.end());
    std::sort(out.hits.begin(), out.hits.end(), ranks_before);
    if (out.hits.size() > depth) out.hits.resize(depth);
    out.estimated = out.first_half.get_matches_estimated() + second.estimated;
    out.upper_bound = out.first_half.get_matches_upper_bound() + second.upper_bound;
    return out;
}

void run_halves(const SplitMatch& split, const Xapian::Database& db,
                const std::function<void(unsigned, const Xapian::Database&)>& half) {
    const std::function<void(std::size_t, int)> job = [&](std::size_t, int lane) {
        half(1, lane == 1 ? *split.helper_db : db);
    };
    split.helper->open(job);
    RunGuard guard(*split.helper);
    split.helper->add(1);
    half(0, db);
    guard.finish();
}

bool same_revisions(const Xapian::Database& a, const Xapian::Database& b) {
    // The uuids name the shards in order (a database of several is theirs, joined by ':').
    if (a.size() != b.size() || a.get_uuid() != b.get_uuid()) return false;
    try {
        if (a.size() == 1) return a.get_revision() == b.get_revision();
        // Database::get_revision() wants a single database: ask each shard through a handle on
        // it alone, made from the shard's internals (Database::internal, a public member).
        for (std::size_t i = 0; i < a.size(); ++i)
            if (Xapian::Database(a.internal[i].get()).get_revision() !=
                Xapian::Database(b.internal[i].get()).get_revision())
                return false;
        return true;
    } catch (const Xapian::Error&) {
        return false;  // a shard with no revision to compare (remote, in memory)
    }
}

}  // namespace vnsearch::search
