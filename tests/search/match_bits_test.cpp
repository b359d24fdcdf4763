// SPDX-License-Identifier: Apache-2.0
// The bitmap walk of a query finds exactly what Xapian's unweighted match finds, for every
// operator the search builds and for those it leaves to Xapian (phrases, value ranges).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/match_bits.hpp"
#include "support/temp_dir.hpp"

namespace {

using Q = Xapian::Query;

// Documents 1..n: term "all"; "even"/"odd"; "three" for multiples of 3; "a b" as a phrase in
// multiples of 5 and "b a" in multiples of 7; a value of the document number, zero-padded.
Xapian::Database numbered(const std::string& path, unsigned n) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    for (unsigned i = 1; i <= n; ++i) {
        Xapian::Document d;
        d.add_term("all");
        d.add_term(i % 2 ? "odd" : "even");
        if (i % 3 == 0) d.add_term("three");
        if (i % 5 == 0) {
            d.add_posting("a", 1);
            d.add_posting("b", 2);
        }
        if (i % 7 == 0) {
            d.add_posting("b", 10);
            d.add_posting("a", 11);
        }
        std::string v = std::to_string(i);
        d.add_value(0, std::string(4 - v.size(), '0') + v);
        db.add_document(d);
    }
    db.delete_document(4);  // a gap in the ids
    db.commit();
    return Xapian::Database(path);
}

std::vector<Xapian::docid> by_xapian(const Xapian::Database& db, const Q& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<Xapian::docid> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Xapian::docid> by_bits(const Xapian::Database& db, const Q& q) {
    std::vector<Xapian::docid> out;
    vnsearch::search::for_each_doc(vnsearch::search::matching_bits(db, q),
                                   [&](Xapian::docid did) { out.push_back(did); });
    return out;
}

}  // namespace

TEST_CASE("match bits: every operator matches what Xapian's match finds") {
    vnsearch::test::TempDir dir;
    const Xapian::Database db = numbered(dir.path(), 300);
    const std::vector<Q> queries = {
        Q("three"),
        Q("none"),
        Q(""),  // every document
        Q(),
        Q(Q::OP_OR, Q("three"), Q("a")),
        Q(Q::OP_SYNONYM, Q("odd"), Q("three")),
        Q(Q::OP_AND, Q("odd"), Q("three")),
        Q(Q::OP_AND, Q(Q::OP_OR, Q("a"), Q("three")), Q(Q::OP_OR, Q("even"), Q("none"))),
        Q(Q::OP_FILTER, Q("three"), Q("even")),
        Q(Q::OP_AND_NOT, Q("all"), Q("three")),
        Q(Q::OP_AND_NOT, Q("all"), Q(Q::OP_OR, Q("three"), Q("even"))),
        Q(Q::OP_AND_MAYBE, Q("three"), Q("odd")),
        Q(Q::OP_SCALE_WEIGHT, Q("three"), 0.5),
        Q(Q::OP_XOR, Q("three"), Q("odd")),
        Q(Q::OP_PHRASE, Q("a"), Q("b")),
        Q(Q::OP_OR, Q(Q::OP_PHRASE, Q("b"), Q("a")), Q(Q::OP_AND, Q("three"), Q("odd"))),
        Q(Q::OP_AND, Q(Q::OP_PHRASE, Q("a"), Q("b")), Q("even")),
        Q(Q::OP_VALUE_RANGE, 0, "0100", "0150"),
        Q(Q::OP_FILTER, Q(Q::OP_OR, Q("a"), Q("b")), Q(Q::OP_VALUE_RANGE, 0, "0001", "0070")),
        Q(Q::MatchAll),
        Q(Q::OP_AND_NOT, Q::MatchAll, Q("odd")),
    };
    for (const Q& q : queries) {
        const std::string description = q.get_description();
        CAPTURE(description);
        const auto want = by_xapian(db, q);
        CHECK(by_bits(db, q) == want);
    }
    CHECK(by_bits(db, Q("")).size() == 299);
    CHECK(by_bits(db, Q(Q::OP_PHRASE, Q("a"), Q("b"))).size() == 60);
}

TEST_CASE("match bits: a bitmap pays for dense posting lists, not for rare terms") {
    vnsearch::test::TempDir dir;
    const Xapian::Database db = numbered(dir.path(), 1000);
    CHECK(vnsearch::search::bits_pay(db, Q("three")));
    CHECK(vnsearch::search::bits_pay(db, Q(Q::OP_OR, Q("a"), Q("none"))));
    CHECK_FALSE(vnsearch::search::bits_pay(db, Q("none")));
    CHECK_FALSE(vnsearch::search::bits_pay(db, Q()));
}
