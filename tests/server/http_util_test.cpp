// SPDX-License-Identifier: Apache-2.0
// The strict helpers the server's API is built on: percent-decoding, UTF-8 validation, the
// constant-time token comparison and the log-safe path.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "server/http_util.hpp"

using vnsearch::server::equal_constant_time;
using vnsearch::server::is_valid_utf8;
using vnsearch::server::loggable;
using vnsearch::server::percent_decode;

TEST_CASE("percent_decode: %HH and + decoded, anything malformed refused") {
    struct Case {
        const char* why;
        std::string_view in;
        bool plus_is_space;
        std::optional<std::string> out;
    };
    const Case cases[] = {
        {"plain text is kept", "ha-noi", true, "ha-noi"},
        {"upper and lower hex", "h%C3%A0%20n%e1%bb%99i", true, "hà nội"},
        {"+ is a space in a query", "ha+noi", true, "ha noi"},
        {"+ stays in a path", "ha+noi", false, "ha+noi"},
        {"%2B is a plus", "a%2Bb", true, "a+b"},
        {"a NUL is decoded, not an end", "a%00b", true, std::string("a\0b", 3)},
        {"not hex", "%zz", true, std::nullopt},
        {"one digit at the end", "abc%4", true, std::nullopt},
        {"a lone % at the end", "abc%", true, std::nullopt},
        {"empty", "", true, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(percent_decode(c.in, c.plus_is_space) == c.out);
    }
}

TEST_CASE("is_valid_utf8: well-formed text only") {
    CHECK(is_valid_utf8("Hà Nội 🌾"));
    CHECK(is_valid_utf8(""));
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC3"));              // cut short
    CHECK_FALSE(is_valid_utf8("\xC3\x28"));          // bad continuation
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, three bytes
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF itself
}

TEST_CASE("equal_constant_time: equal only for the same bytes and length") {
    CHECK(equal_constant_time("0123456789abcdef", "0123456789abcdef"));
    CHECK_FALSE(equal_constant_time("0123456789abcdef", "0123456789abcdeF"));
    CHECK_FALSE(equal_constant_time("0123456789abcdef", "0123456789abcde"));
    CHECK_FALSE(equal_constant_time("", "x"));
    CHECK(equal_constant_time("", ""));
}

TEST_CASE("loggable: printable ASCII kept, the rest escaped, long paths cut") {
    CHECK(loggable("/api/search") == "/api/search");
    CHECK(loggable("/a\r\nGET /forged") == "/a%0D%0AGET%20/forged");
    CHECK(loggable("/\x1b[31m") == "/%1B[31m");
    CHECK(loggable("/h\xC3\xA0") == "/h%C3%A0");
    CHECK(loggable(std::string(300, 'a'), 10) == "aaaaaaaaaa...");
}
