// SPDX-License-Identifier: Apache-2.0
#include "search/match_bits.hpp"

#include <algorithm>

namespace vnsearch::search {

namespace {

// Sets the bits of the documents a spy is shown (by the shard's own ids).
class BitSetter final : public Xapian::MatchSpy {
public:
    explicit BitSetter(DocBits& bits) : bits_(bits) {}
    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        const Xapian::docid did = doc.get_docid();
        bits_[did / 64] |= std::uint64_t{1} << (did % 64);
    }

private:
    DocBits& bits_;
};

// Adds the documents an unweighted Xapian match of `q` finds: the parts not evaluated here.
void add_by_match(const Xapian::Database& shard, const Xapian::Query& q, DocBits& out) {
    BitSetter setter(out);
    Xapian::Enquire enquire(shard);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&setter);
    (void)enquire.get_mset(0, 0, shard.get_doccount());
}

void add_matches(const Xapian::Database& shard, const Xapian::Query& q, DocBits& out);

// The documents matching `q`, in a bitmap of its own.
DocBits matches_of(const Xapian::Database& shard, const Xapian::Query& q, std::size_t words) {
    DocBits bits(words, 0);
    add_matches(shard, q, bits);
    return bits;
}

// Adds the documents matching an AND, FILTER or AND_NOT.
void add_intersection(const Xapian::Database& shard, const Xapian::Query& q, DocBits& out) {
    const std::size_t n = q.get_num_subqueries();
    DocBits acc = matches_of(shard, q.get_subquery(0), out.size());
    if (q.get_type() == Xapian::Query::OP_AND_NOT) {
        // Everything after the first is excluded: their union, taken away once.
        DocBits excluded(out.size(), 0);
        for (std::size_t i = 1; i < n; ++i) add_matches(shard, q.get_subquery(i), excluded);
        for (std::size_t w = 0; w < out.size(); ++w) acc[w] &= ~excluded[w];
    } else {
        for (std::size_t i = 1; i < n; ++i) {
            const DocBits next = matches_of(shard, q.get_subquery(i), out.size());
            for (std::size_t w = 0; w < out.size(); ++w) acc[w] &= next[w];
        }
    }
    for (std::size_t w = 0; w < out.size(); ++w) out[w] |= acc[w];
}

void add_matches(const Xapian::Database& shard, const Xapian::Query& q, DocBits& out) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const std::string term = *q.get_unique_terms_begin();
            if (term.empty()) break;  // the empty term matches every document: Xapian knows how
            const Xapian::PostingIterator end = shard.postlist_end(term);
            for (Xapian::PostingIterator p = shard.postlist_begin(term); p != end; ++p) {
                const Xapian::docid did = *p;
                out[did / 64] |= std::uint64_t{1} << (did % 64);
            }
            return;
        }
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                add_matches(shard, q.get_subquery(i), out);
            return;
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            if (q.get_num_subqueries() == 0) break;
            add_intersection(shard, q, out);
            return;
        case Xapian::Query::OP_SCALE_WEIGHT:
        case Xapian::Query::OP_AND_MAYBE:
            // What matches is what the first matches; the rest only weighs.
            if (q.get_num_subqueries() == 0) break;
            add_matches(shard, q.get_subquery(0), out);
            return;
        default:
            break;
    }
    add_by_match(shard, q, out);
}

}  // namespace

bool bits_pay(const Xapian::Database& shard, const Xapian::Query& query) {
    std::uint64_t postings = 0;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        postings += shard.get_termfreq(*t);
    return postings >= shard.get_lastdocid() / 64;
}

DocBits matching_bits(const Xapian::Database& shard, const Xapian::Query& query) {
    return matches_of(shard, query, static_cast<std::size_t>(shard.get_lastdocid()) / 64 + 1);
}

}  // namespace vnsearch::search
