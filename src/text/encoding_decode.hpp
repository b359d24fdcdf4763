// SPDX-License-Identifier: Apache-2.0
// Byte-level decoders behind vnsearch::decode_text. Each appends UTF-8 to `out` (not yet NFC:
// VNI, CP1258 and VIQR produce combining marks) and returns how many input bytes it could not
// read and replaced by U+FFFD.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "text/encoding_tables.hpp"

namespace vnsearch::text {

/// Every way decode_text can read bytes. The two TCVN3 readers both report Encoding::tcvn3.
enum class Reader : std::uint8_t {
    utf8,  ///< lossy: each byte that is not part of a valid sequence becomes U+FFFD
    utf16le,
    utf16be,
    tcvn3,
    tcvn3_vn1,
    vni,
    viscii,
    vps,
    cp1258,
    viqr,
};

struct Utf8Check {
    bool valid = false;
    bool ascii = false;        ///< every byte below 0x80
    bool nfc_certain = false;  ///< no code point at or above U+0300, so the text is NFC as it is
};

/// One pass over `bytes`: is it well-formed UTF-8 (no overlongs, surrogates or values above
/// U+10FFFF)?
Utf8Check check_utf8(std::string_view bytes) noexcept;

/// Unicode's canonical composite of `base` and combining `mark` (ICU's composePair), or 0 if there
/// is none. Table-driven for the letters and marks Vietnamese uses.
char32_t compose_pair(char32_t base, char32_t mark);

/// Decodes `in` with `reader`, appending to `out`. Returns the count of bytes replaced by U+FFFD.
std::size_t decode_with(Reader reader, std::string_view in, std::string& out);

}  // namespace vnsearch::text
