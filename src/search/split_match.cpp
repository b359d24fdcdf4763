// SPDX-License-Identifier: Apache-2.0
#include "search/split_match.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "search/query_builder.hpp"

namespace vnsearch::search {

namespace {

// The documents [first, last] as a boolean posting list.
class DocidRange final : public Xapian::PostingSource {
public:
    DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return last_ - first_ + 1; }
    Xapian::doccount get_termfreq_max() const override { return last_ - first_ + 1; }
    Xapian::docid get_docid() const override { return at_; }
    bool at_end() const override { return at_ > last_; }
    void next(double) override { at_ = at_ == 0 ? first_ : at_ + 1; }
    void skip_to(Xapian::docid did, double) override { at_ = std::max(did, first_); }
    void init(const Xapian::Database&) override { at_ = 0; }
    PostingSource* clone() const override { return new DocidRange(first_, last_); }

private:
    Xapian::docid first_, last_;
    Xapian::docid at_ = 0;  // 0: before the first
};

Xapian::Query in_range(const Xapian::Query& query, Xapian::docid first, Xapian::docid last) {
    auto* range = new DocidRange(first, last);
    return {Xapian::Query::OP_FILTER, query, Xapian::Query(range->release())};
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
    const Xapian::docid middle = last / 2;
    // The query travels serialised: Xapian's reference counts are not atomic, so no Query is
    // shared between threads. If the helper is late, this thread runs its half too (lane 0).
    const std::string serialised = query.serialise();
    Half second;
    const std::function<void(std::size_t, int)> job = [&](std::size_t, int lane) {
        Xapian::Enquire own(lane == 1 ? *split->helper_db : db);
        own.set_weighting_scheme(ranking_weight());
        own.set_query(in_range(Xapian::Query::unserialise(serialised), middle + 1, last));
        const Xapian::MSet mset = own.get_mset(0, depth);
        second = {hits_of(mset), mset.get_matches_estimated(), mset.get_matches_upper_bound()};
    };
    split->helper->open(job);
    RunGuard guard(*split->helper);
    split->helper->add(1);
    enquire.set_query(in_range(query, 1, middle));
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

}  // namespace vnsearch::search
