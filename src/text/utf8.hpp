// SPDX-License-Identifier: Apache-2.0
// UTF-8 decoding with one defined rule for bad input: every byte that does not start a valid,
// shortest-form sequence (or a surrogate, or a code point past U+10FFFF) reads as U+FFFD and
// consumes exactly that one byte. The rule is the W3C/WHATWG "maximal subpart" simplification,
// so offsets always advance and always land on the input's own byte boundaries.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vnsearch::text {

inline constexpr char32_t replacement_character = 0xFFFD;

/// Decodes the code point at `pos` (which must be < text.size()); stores its length in `length`.
/// Inline: tokenizing calls it for every non-ASCII character.
inline char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const std::size_t avail = text.size() - pos;
    const unsigned char c0 = s[0];
    auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
    length = 1;
    if (c0 < 0x80) return c0;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        if (avail >= 2 && continuation(s[1])) {
            length = 2;
            return (char32_t(c0 & 0x1F) << 6) | (s[1] & 0x3F);
        }
        return replacement_character;
    }
    if (c0 >= 0xE0 && c0 <= 0xEF) {
        if (avail < 3 || !continuation(s[1]) || !continuation(s[2])) return replacement_character;
        const char32_t cp =
            (char32_t(c0 & 0x0F) << 12) | (char32_t(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return replacement_character;
        length = 3;
        return cp;
    }
    if (c0 >= 0xF0 && c0 <= 0xF4) {
        if (avail < 4 || !continuation(s[1]) || !continuation(s[2]) || !continuation(s[3]))
            return replacement_character;
        const char32_t cp = (char32_t(c0 & 0x07) << 18) | (char32_t(s[1] & 0x3F) << 12) |
                            (char32_t(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return replacement_character;
        length = 4;
        return cp;
    }
    return replacement_character;
}

/// Appends the UTF-8 encoding of `cp` to `out` (U+FFFD for surrogates or values past U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

/// True if `text` is entirely valid UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace vnsearch::text
