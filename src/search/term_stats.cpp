// SPDX-License-Identifier: Apache-2.0
#include "search/term_stats.hpp"

#include <algorithm>

namespace vnsearch::search {

Xapian::doccount TermStats::termfreq(const std::string& term) {
    // Xapian's frequency of the empty term is the document count (cached by every backend).
    if (!batched_ || term.empty()) return db_.get_termfreq(term);
    const auto [it, added] = termfreqs_.try_emplace(term, 0);
    if (added) missing_terms_.push_back(term);
    return it->second;
}

bool TermStats::exists(const std::string& term) {
    if (!batched_) return db_.term_exists(term);
    return termfreq(term) > 0;
}

bool TermStats::has_prefix(const std::string& prefix) {
    if (!batched_) return db_.allterms_begin(prefix) != db_.allterms_end(prefix);
    const auto [it, added] = prefixes_.try_emplace(prefix, false);
    if (added) missing_prefixes_.push_back(prefix);
    return it->second;
}

bool TermStats::fetch_missing() {
    if (missing_terms_.empty() && missing_prefixes_.empty()) return false;
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (!missing_terms_.empty()) {
        // No document is asked for: the match's statistics carry every term's frequency,
        // summed over the shards.
        enquire.set_query(
            Xapian::Query(Xapian::Query::OP_OR, missing_terms_.begin(), missing_terms_.end()));
        const Xapian::MSet stats = enquire.get_mset(0, 0);
        for (const std::string& term : missing_terms_) termfreqs_[term] = stats.get_termfreq(term);
        missing_terms_.clear();
    }
    for (const std::string& prefix : missing_prefixes_) {
        // Expanded by each shard's own server, to its first term with the prefix at most.
        enquire.set_query(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, 1,
                                        Xapian::Query::WILDCARD_LIMIT_FIRST));
        prefixes_[prefix] = !enquire.get_mset(0, 1).empty();
    }
    missing_prefixes_.clear();
    return true;
}

void TermStats::forget() {
    termfreqs_.clear();
    prefixes_.clear();
    missing_terms_.clear();
    missing_prefixes_.clear();
}

}  // namespace vnsearch::search
