// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <string>

#include <vnsearch/error.hpp>

#include "search/query_parser.hpp"

using vnsearch::search::Field;
using vnsearch::search::QueryNode;
using Kind = vnsearch::search::QueryNode::Kind;

namespace {

// A compact, readable rendering of a tree: text[...] phrase"..." field:... date[a..b] AND(...)
// OR(...)
std::string show(const QueryNode& n) {
    std::string s = n.negated ? "-" : "";
    switch (n.kind) {
        case Kind::text:
            return s + "text[" + n.text + "]";
        case Kind::phrase:
            return s + "phrase\"" + n.text + "\"";
        case Kind::field: {
            const char* names[] = {"", "title", "author", "source", "category", "tag", "date"};
            return s + names[static_cast<int>(n.field)] + ":" + (n.phrase ? "\"" : "") + n.text +
                   (n.phrase ? "\"" : "");
        }
        case Kind::date:
            return s + "date[" + n.date_from + ".." + n.date_to + "]";
        case Kind::all:
        case Kind::any: {
            s += n.kind == Kind::all ? "AND(" : "OR(";
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                if (i) s += " ";
                s += show(n.children[i]);
            }
            return s + ")";
        }
    }
    return s;
}

}  // namespace

TEST_CASE("query_parser: query forms parse into the expected tree") {
    struct Case {
        const char* why;
        std::string in;
        std::string tree;
    };
    const Case cases[] = {
        {"plain words stay together", "kinh tế Việt Nam", "AND(text[kinh tế Việt Nam])"},
        {"a quoted phrase", "\"Hà Nội\" mùa thu", "AND(phrase\"Hà Nội\" text[mùa thu])"},
        {"exclusion", "kinh tế -doanh", "AND(text[kinh tế] -text[doanh])"},
        {"NOT is exclusion", "kinh NOT doanh", "AND(text[kinh] -text[doanh])"},
        {"OR between groups", "dê OR dế", "OR(AND(text[dê]) AND(text[dế]))"},
        {"parentheses", "(dê OR dế) núi", "AND(OR(AND(text[dê]) AND(text[dế])) text[núi])"},
        {"field with a word", "title:kinh", "AND(title:kinh)"},
        {"field with a quoted value", "source:\"Báo Mẫu\" x", "AND(source:\"Báo Mẫu\" text[x])"},
        {"field names ignore case", "TAG:abc", "AND(tag:abc)"},
        {"year", "date:2020", "AND(date[20200101..20201231])"},
        {"month", "date:2020-02", "AND(date[20200201..20200231])"},
        {"range", "date:2020-01-05..2020-12-31", "AND(date[20200105..20201231])"},
        {"open range", "date:..2019", "AND(date[00000000..20191231])"},
        {"unknown field is text", "foo:bar", "AND(text[foo:bar])"},
        {"a time is text", "lúc 12:30", "AND(text[lúc 12:30])"},
        {"a hyphen inside a word is not exclusion", "COVID-19", "AND(text[COVID-19])"},
        {"unbalanced quote closes at the end", "\"Hà Nội", "AND(phrase\"Hà Nội\")"},
        {"unbalanced parenthesis closes at the end", "(a b", "AND(AND(text[a b]))"},
        {"stray closing parenthesis is ignored", "a) b", "AND(text[a b])"},
        {"empty query", "", "AND()"},
        {"only operators", "OR AND -", "AND(text[-])"},
        {"control characters are spaces", "kinh\x01t\xe1\xba\xbf", "AND(text[kinh tế])"},
        {"bidi marks are spaces", "kinh\u202etế", "AND(text[kinh tế])"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(show(vnsearch::search::parse_query(c.in)) == c.tree);
    }
}

TEST_CASE("query_parser: a malformed date is an invalid_query error") {
    const char* bad[] = {"date:2020-13", "date:20", "date:..", "date:2020-01-32", "date:abc"};
    for (const char* q : bad) {
        CAPTURE(q);
        try {
            (void)vnsearch::search::parse_query(q);
            FAIL("no error");
        } catch (const vnsearch::Error& e) {
            CHECK(e.code() == vnsearch::Errc::invalid_query);
            CHECK(std::string(e.what()).find("invalid date") != std::string::npos);
        }
    }
}

TEST_CASE("query_parser: hostile input never crashes and stays bounded") {
    const std::string cases[] = {
        std::string(10000, 'a'), std::string(10000, '('),
        std::string(10000, ')'), std::string(5000, '"'),
        "\xff\xfe\xfd",          "\xf0\x9f\x98\x80 \xf0\x9f\x87\xbb\xf0\x9f\x87\xb3",
        std::string(3000, '-'),  "title: author: date",
    };
    for (const auto& q : cases) {
        CAPTURE(q.substr(0, 20));
        const QueryNode n = vnsearch::search::parse_query(q);
        CHECK((n.kind == Kind::all || n.kind == Kind::any));
        CHECK(vnsearch::search::clean_query(q).size() <= vnsearch::search::max_query_bytes);
    }
}

TEST_CASE("query_parser: a long query is cut on a character boundary") {
    std::string q;
    while (q.size() < 5000) q += "Việt ";
    const std::string cleaned = vnsearch::search::clean_query(q);
    CHECK(cleaned.size() <= vnsearch::search::max_query_bytes);
    CHECK(cleaned.size() > vnsearch::search::max_query_bytes - 8);
    // The last byte ends a sequence: the cut never splits "ệ".
    const unsigned char last = static_cast<unsigned char>(cleaned.back());
    CHECK((last < 0x80 || (last & 0xC0) == 0x80));
    CHECK(q.compare(0, cleaned.size(), cleaned) == 0);
}
