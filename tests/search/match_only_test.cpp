// SPDX-License-Identifier: Apache-2.0
#include "search/match_only.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

using vnsearch::search::covered_field_evidence;
using vnsearch::search::match_only;

namespace {

Xapian::Query term(const std::string& t) { return Xapian::Query(t); }

Xapian::Query op(Xapian::Query::op o, const std::vector<Xapian::Query>& children) {
    return {o, children.begin(), children.end()};
}

}  // namespace

TEST_CASE("match_only: weight-only parts are dropped, what decides a match is kept") {
    // Title and summary evidence beside the plain term never widens the match.
    const Xapian::Query hanoi = op(Xapian::Query::OP_OR, {term("hà"), term("Shà"), term("XSUMhà")});
    CHECK(match_only(hanoi).get_description() == term("hà").get_description());

    const Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, term("nội"), 2.0);
    const Xapian::Query maybe(Xapian::Query::OP_AND_MAYBE, term("mùa"), term("thu"));
    const Xapian::Query all = op(Xapian::Query::OP_AND, {hanoi, scaled, maybe});
    const Xapian::Query expected =
        op(Xapian::Query::OP_AND, {term("hà"), term("nội"), term("mùa")});
    CHECK(match_only(all).get_description() == expected.get_description());

    SUBCASE("evidence without its plain term is kept: it decides the match") {
        const Xapian::Query title_only = op(Xapian::Query::OP_OR, {term("Shà"), term("nội")});
        CHECK(match_only(title_only).get_description() == title_only.get_description());
        CHECK_FALSE(covered_field_evidence(term("Shà"), {term("Shà"), term("nội")}));
        CHECK(covered_field_evidence(term("Shà"), {term("Shà"), term("hà")}));
    }
}
