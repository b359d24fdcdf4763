// SPDX-License-Identifier: Apache-2.0
// The term statistics a query is built from: whether a term is indexed, in how many documents,
// whether any term has a field's prefix. On local shards each is a Xapian::Database call. Over
// remote shards (Xapian 1.4's remote backend) each call is a round trip to every remote shard in
// turn, and a field's check (allterms_begin) streams every term of the field, so a query of a
// few words paid dozens of round trips a shard before its match began.
//
// In batched mode, a question about a term the statistics do not know yet is answered "not
// indexed" and the term is noted; fetch_missing() then asks for every noted term at once, with
// one match of their OR (Xapian sends a query to every shard together and returns each term's
// frequency with the match's statistics: one exchange, the shards in parallel), and the query
// is built again. A build that asked only about known terms is exactly the build that direct
// calls give; the rounds it takes depend on how many times the builder's questions depend on
// earlier answers (a handful), not on how many terms it asks about. The answers stay valid for
// the revision they were read on: forget() drops them when the database moves on.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace vnsearch::search {

class TermStats {
public:
    /// Borrows `db`. Direct calls (no batching, no cache) until set_batched(true).
    explicit TermStats(const Xapian::Database& db) : db_(db) {}

    /// The number of documents that have `term`.
    Xapian::doccount termfreq(const std::string& term);
    /// True if some document has `term`.
    bool exists(const std::string& term);
    /// True if some document has a term that begins with `prefix` (a field's prefix).
    bool has_prefix(const std::string& prefix);

    /// Batched mode: unknown terms and prefixes are answered as absent and noted.
    void set_batched(bool batched) { batched_ = batched; }
    /// Fetches every noted term and prefix (one exchange for the terms, one for the prefixes);
    /// false if nothing was noted (the last build asked only about known terms).
    bool fetch_missing();
    /// Drops every answer (the database was reopened on a new revision).
    void forget();

private:
    const Xapian::Database& db_;
    bool batched_ = false;
    std::unordered_map<std::string, Xapian::doccount> termfreqs_;
    std::unordered_map<std::string, bool> prefixes_;
    std::vector<std::string> missing_terms_, missing_prefixes_;
};

}  // namespace vnsearch::search
