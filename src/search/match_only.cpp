// SPDX-License-Identifier: Apache-2.0
#include "search/match_only.hpp"

#include <string_view>
#include <unordered_set>

#include "index/term_scheme.hpp"
#include "search/query_builder.hpp"

namespace vnsearch::search {

namespace {

// A leaf term S<t> or XSUM<t> stripped to <t>; empty for any other query.
std::string field_term_base(const Xapian::Query& q) {
    if (q.get_type() != Xapian::Query::LEAF_TERM) return {};
    const std::string term = *q.get_unique_terms_begin();
    for (const std::string_view prefix : {index::summary_prefix, index::title_prefix})
        if (term.size() > prefix.size() && term.starts_with(prefix))
            return term.substr(prefix.size());
    return {};
}

}  // namespace

bool top_hit_is_full(const Xapian::Database& db, const std::vector<RankedHit>& hits,
                     const Xapian::Query& strict) {
    if (hits.empty()) return false;
    std::unordered_set<std::string> has;
    // The query's terms come sorted: one forward pass over the document's termlist (skip_to),
    // without Enquire::get_matching_terms()'s copy of every term of the document.
    Xapian::TermIterator doc_term = db.termlist_begin(hits.front().did);
    const Xapian::TermIterator doc_end = db.termlist_end(hits.front().did);
    for (auto t = strict.get_unique_terms_begin();
         t != strict.get_unique_terms_end() && doc_term != doc_end; ++t) {
        doc_term.skip_to(*t);
        if (doc_term != doc_end && *doc_term == *t) has.insert(*t);
    }
    return satisfied(strict, [&](const std::string& t) { return has.contains(t); }) == true;
}

bool covered_field_evidence(const Xapian::Query& c, const std::vector<Xapian::Query>& siblings) {
    Xapian::Query inner = c;
    while (inner.get_type() == Xapian::Query::OP_SCALE_WEIGHT) inner = inner.get_subquery(0);
    std::vector<std::string> bases;
    if (inner.get_type() == Xapian::Query::LEAF_TERM) {
        bases.push_back(field_term_base(inner));
    } else if (inner.get_type() == Xapian::Query::OP_SYNONYM ||
               inner.get_type() == Xapian::Query::OP_OR) {
        for (std::size_t i = 0; i < inner.get_num_subqueries(); ++i)
            bases.push_back(field_term_base(inner.get_subquery(i)));
    }
    if (bases.empty()) return false;
    for (const std::string& base : bases) {
        if (base.empty()) return false;
        bool found = false;
        for (const Xapian::Query& s : siblings) {
            Xapian::Query leaf = s;
            if (leaf.get_type() == Xapian::Query::OP_SYNONYM ||
                leaf.get_type() == Xapian::Query::OP_OR) {
                for (std::size_t i = 0; i < leaf.get_num_subqueries() && !found; ++i) {
                    const Xapian::Query x = leaf.get_subquery(i);
                    found = x.get_type() == Xapian::Query::LEAF_TERM &&
                            *x.get_unique_terms_begin() == base;
                }
            } else {
                found = leaf.get_type() == Xapian::Query::LEAF_TERM &&
                        *leaf.get_unique_terms_begin() == base;
            }
            if (found) break;
        }
        if (!found) return false;
    }
    return true;
}

Xapian::Query match_only(const Xapian::Query& q) {
    const std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
        case Xapian::Query::OP_SCALE_WEIGHT:
        case Xapian::Query::OP_AND_MAYBE:
            return n == 0 ? q : match_only(q.get_subquery(0));
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            std::vector<Xapian::Query> children;
            for (std::size_t i = 0; i < n; ++i) children.push_back(q.get_subquery(i));
            std::vector<Xapian::Query> kept;
            for (std::size_t i = 0; i < n; ++i) {
                if (q.get_type() != Xapian::Query::OP_AND &&
                    covered_field_evidence(children[i], children))
                    continue;
                kept.push_back(match_only(children[i]));
            }
            if (kept.size() == 1) return kept.front();
            const auto op = q.get_type() == Xapian::Query::OP_AND ? Xapian::Query::OP_AND
                                                                  : Xapian::Query::OP_OR;
            return Xapian::Query(op, kept.begin(), kept.end());
        }
        default:
            return q;
    }
}

bool has_match(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(match_only(q));
    return !enquire.get_mset(0, 1).empty();
}

}  // namespace vnsearch::search
