// SPDX-License-Identifier: Apache-2.0
#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using vnsearch::text::decode_utf8;
using vnsearch::text::is_valid_utf8;

TEST_CASE("utf8: every bad byte reads as U+FFFD and advances by one") {
    struct Case {
        const char* why;
        std::string in;
        char32_t cp;
        std::size_t length;
    };
    const Case cases[] = {
        {"ASCII", "a", U'a', 1},
        {"two-byte letter", "\xC3\xA0", U'à', 2},
        {"three-byte letter", "\xE1\xBB\x87", U'ệ', 3},
        {"four-byte emoji", "\xF0\x9F\x98\x80", U'\U0001F600', 4},
        {"lone continuation byte", "\x80", 0xFFFD, 1},
        {"overlong encoding of '/'", "\xC0\xAF", 0xFFFD, 1},
        {"truncated three-byte sequence", "\xE1\xBB", 0xFFFD, 1},
        {"UTF-16 surrogate encoded in UTF-8", "\xED\xA0\x80", 0xFFFD, 1},
        {"past U+10FFFF", "\xF4\x90\x80\x80", 0xFFFD, 1},
        {"invalid lead byte", "\xFF", 0xFFFD, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        std::size_t len = 0;
        CHECK(decode_utf8(c.in, 0, len) == c.cp);
        CHECK(len == c.length);
    }
}

TEST_CASE("utf8: validity check accepts a literal U+FFFD and rejects broken bytes") {
    CHECK(is_valid_utf8("Hà Nội"));
    CHECK(is_valid_utf8("\xEF\xBF\xBD"));
    CHECK_FALSE(is_valid_utf8("H\xE0 N\xF4i"));
    CHECK_FALSE(is_valid_utf8("abc\xE1\xBB"));
}
