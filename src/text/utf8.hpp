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
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) noexcept;

/// Appends the UTF-8 encoding of `cp` to `out` (U+FFFD for surrogates or values past U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

/// True if `text` is entirely valid UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace vnsearch::text
