// SPDX-License-Identifier: Apache-2.0
#include "text/utf8.hpp"

namespace vnsearch::text {

namespace {

constexpr bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const std::size_t avail = text.size() - pos;
    const unsigned char c0 = s[0];
    length = 1;
    if (c0 < 0x80) return c0;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        if (avail >= 2 && is_continuation(s[1])) {
            length = 2;
            return (char32_t(c0 & 0x1F) << 6) | (s[1] & 0x3F);
        }
        return replacement_character;
    }
    if (c0 >= 0xE0 && c0 <= 0xEF) {
        if (avail < 3 || !is_continuation(s[1]) || !is_continuation(s[2]))
            return replacement_character;
        const char32_t cp =
            (char32_t(c0 & 0x0F) << 12) | (char32_t(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return replacement_character;
        length = 3;
        return cp;
    }
    if (c0 >= 0xF0 && c0 <= 0xF4) {
        if (avail < 4 || !is_continuation(s[1]) || !is_continuation(s[2]) ||
            !is_continuation(s[3]))
            return replacement_character;
        const char32_t cp = (char32_t(c0 & 0x07) << 18) | (char32_t(s[1] & 0x3F) << 12) |
                            (char32_t(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return replacement_character;
        length = 4;
        return cp;
    }
    return replacement_character;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp >= 0xD800 && (cp <= 0xDFFF || cp > 0x10FFFF)) cp = replacement_character;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        std::size_t len = 0;
        if (decode_utf8(text, pos, len) == replacement_character) {
            // A literal U+FFFD (EF BF BD) is valid; anything else that decodes to it is not.
            if (len != 3) return false;
        }
        pos += len;
    }
    return true;
}

}  // namespace vnsearch::text
