// SPDX-License-Identifier: Apache-2.0
#include "ingest/jsonl_reader.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

using vnsearch::ingest::parse_json_record;

TEST_CASE("parse_json_record: every known field lands in its Document member") {
    const auto r = parse_json_record(
        R"({"id": "baomoi-1", "title": "Hà Nội", "summary": "Tóm tắt", "body": "Thân bài",)"
        R"( "date": "24/10/2020", "url": "https://x.vn/1", "source": "baomoi.com",)"
        R"( "category": "Thời sự", "author": "PHÙNG KHIÊM", "tags": ["kinh tế", "xã hội"]})");
    REQUIRE(r.document);
    const auto& d = *r.document;
    CHECK(r.problem.empty());
    CHECK(d.id == "baomoi-1");
    CHECK(d.title == "Hà Nội");
    CHECK(d.summary == "Tóm tắt");
    CHECK(d.body == "Thân bài");
    CHECK(d.date == "2020-10-24");
    CHECK(d.url == "https://x.vn/1");
    CHECK(d.source == "baomoi.com");
    CHECK(d.category == "Thời sự");
    CHECK(d.author == "PHÙNG KHIÊM");
    CHECK(d.tags == std::vector<std::string>{"kinh tế", "xã hội"});
    CHECK(d.fields.empty());
}

TEST_CASE("parse_json_record: ids, tags, dates and extra fields") {
    struct Case {
        const char* why;
        std::string_view line;
        std::string id;
        std::vector<std::string> tags;
        std::string date;
        std::string field_key, field_value;  // one expected entry of Document::fields
    };
    const Case cases[] = {
        {"numeric id becomes its decimal text", R"({"id": 42})", "42", {}, "", "", ""},
        {"tags as one comma-separated string",
         R"({"id": "a", "tags": "kinh tế, xã hội;;"})",
         "a",
         {"kinh tế", "xã hội"},
         "",
         "",
         ""},
        {"non-string tags keep their json text",
         R"({"id": "a", "tags": ["x", 7]})",
         "a",
         {"x", "7"},
         "",
         "",
         ""},
        {"unrecognised date is kept in fields",
         R"({"id": "a", "date": "hôm qua"})",
         "a",
         {},
         "",
         "date",
         "hôm qua"},
        {"numeric date is Unix time",
         R"({"id": "a", "date": 1603528200})",
         "a",
         {},
         "2020-10-24T08:30:00",
         "",
         ""},
        {"extra string field kept as it is",
         R"({"id": "a", "lang": "vi"})",
         "a",
         {},
         "",
         "lang",
         "vi"},
        {"extra non-string field kept as json",
         R"({"id": "a", "views": {"n": 3}})",
         "a",
         {},
         "",
         "views",
         R"({"n":3})"},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        const auto r = parse_json_record(c.line);
        REQUIRE(r.document);
        CHECK(r.document->id == c.id);
        CHECK(r.document->tags == c.tags);
        CHECK(r.document->date == c.date);
        if (!c.field_key.empty()) {
            REQUIRE(r.document->fields.count(c.field_key) == 1);
            CHECK(r.document->fields.at(c.field_key) == c.field_value);
        } else {
            CHECK(r.document->fields.empty());
        }
    }
}

TEST_CASE("parse_json_record: unusable lines name their problem") {
    struct Case {
        const char* why;
        std::string_view line;
        std::string_view problem_starts;
    };
    const Case cases[] = {
        {"truncated object", R"({"id": "m2", "body": "JSON bị cắt ngang)", "malformed json: "},
        {"not json at all", "Thứ bảy, 24/10/2020", "malformed json: "},
        {"array, not object", R"([1, 2])", "not a json object but a json array"},
        {"string, not object", R"("id")", "not a json object but a json string"},
        {"no id", R"({"title": "Bài không có id"})", "missing id"},
        {"empty id", R"({"id": "  "})", "missing id"},
        {"null id", R"({"id": null})", "missing id"},
        {"object id", R"({"id": {"a": 1}})", "invalid id: a json object"},
        {"fractional id", R"({"id": 1.5})",
         "invalid id: a json number, not a string or an integer"},
        {"invalid utf-8 inside a string", "{\"id\": \"a\xff\"}", "malformed json: "},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        const auto r = parse_json_record(c.line);
        CHECK_FALSE(r.document);
        CHECK(r.problem.substr(0, c.problem_starts.size()) == c.problem_starts);
    }
}
