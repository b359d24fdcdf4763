// SPDX-License-Identifier: Apache-2.0
// Decoding of Vietnamese text in any encoding found in the wild: UTF-8, UTF-16 (with a BOM) and the
// pre-Unicode legacy encodings TCVN3 (ABC), VNI-Windows, VISCII, VPS, CP1258 and VIQR. The result
// is always UTF-8 in NFC. Functions here are pure and safe to call from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/export.hpp>

namespace vnsearch {

/// The encodings vnsearch can read.
enum class Encoding { utf8, utf16le, utf16be, tcvn3, vni, viscii, vps, cp1258, viqr };

/// Canonical lower-case name: "utf-8", "utf-16le", "utf-16be", "tcvn3", "vni", "viscii", "vps",
/// "cp1258", "viqr".
VNSEARCH_API std::string_view to_string(Encoding encoding) noexcept;

/// Parses a name as users type it ("TCVN3", "abc", "vni-windows", "windows-1258", "utf8", ...).
/// Returns nullopt for an unknown name.
VNSEARCH_API std::optional<Encoding> parse_encoding(std::string_view name) noexcept;

/// The outcome of decoding a byte string.
struct Decoded {
    std::string text;        ///< UTF-8, NFC
    Encoding encoding;       ///< the encoding the bytes were read as
    bool detected = false;   ///< true if detection chose it (false when forced by the caller)
    bool undecidable = false;  ///< detection could not tell: `text` is a U+FFFD-repaired UTF-8 reading
    std::size_t replaced = 0;  ///< bytes that could not be decoded and became U+FFFD
};

/// Decodes `bytes`: valid UTF-8 is returned as it is (only normalised to NFC), never "converted";
/// UTF-16 needs a BOM; anything else is detected among the legacy encodings by what Vietnamese
/// text looks like once decoded. With `forced`, detection is skipped.
VNSEARCH_API Decoded decode_text(std::string_view bytes, std::optional<Encoding> forced = std::nullopt);

}  // namespace vnsearch
