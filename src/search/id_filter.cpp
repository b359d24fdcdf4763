// SPDX-License-Identifier: Apache-2.0
#include "search/id_filter.hpp"

#include <string>
#include <unordered_set>

#include "index/term_scheme.hpp"

namespace vnsearch::search {

Xapian::Query id_term_filter(const Xapian::MSet& match, const std::vector<RankedHit>& hits) {
    std::vector<std::string> terms;
    const std::string prefix(index::id_prefix);
    // Ids the match carried (remote_match.hpp) cost no document read.
    std::unordered_set<Xapian::docid> wanted;
    for (const RankedHit& hit : hits) {
        if (hit.id.empty())
            wanted.insert(hit.did);
        else
            terms.push_back(prefix + hit.id);
    }
    if (wanted.empty()) return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
    match.fetch();  // Xapian 1.4: no-op on remote shards, each get_document() a round trip
    for (auto it = match.begin(); it != match.end(); ++it) {
        if (!wanted.contains(*it)) continue;
        const Xapian::Document doc = it.get_document();
        std::string id = doc.get_value(index::id_slot);
        if (id.empty()) {
            Xapian::TermIterator t = doc.termlist_begin();
            t.skip_to(prefix);
            if (t == doc.termlist_end() || !(*t).starts_with(prefix)) continue;
            id = (*t).substr(prefix.size());
        }
        terms.push_back(prefix + id);
    }
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

}  // namespace vnsearch::search
