// SPDX-License-Identifier: Apache-2.0
// Small, strict pieces of HTTP handling that need no server: percent-decoding that rejects what
// is malformed instead of guessing, UTF-8 validation, a constant-time comparison for the admin
// token, and a log-safe form of a path. Pure functions, safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vnsearch::server {

/// `s` with every "%HH" decoded (and '+' as a space when `plus_is_space`, as in a query string);
/// nothing if a '%' is not followed by two hex digits.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s);

/// True if `a` and `b` are equal, in a time that depends on their lengths only, never on where
/// they first differ (a token compared byte by byte would leak its prefix through timing).
[[nodiscard]] bool equal_constant_time(std::string_view a, std::string_view b);

/// `s` shortened to `max` bytes with bytes outside printable ASCII as "%HH": what an access log
/// may print of a path a client chose (no terminal escapes, no forged log lines).
[[nodiscard]] std::string loggable(std::string_view s, std::size_t max = 200);

}  // namespace vnsearch::server
