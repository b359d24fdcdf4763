// SPDX-License-Identifier: Apache-2.0
// Decoding of Vietnamese text in any encoding found in the wild: UTF-8, UTF-16 and the pre-Unicode
// legacy encodings TCVN3 (ABC and VN1), VNI-Windows, VISCII, VPS, CP1258 and VIQR. The result is
// always UTF-8 in NFC. Functions here are pure and safe to call from any thread; the conversion
// tables are built into the library.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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
    /// UTF-8, NFC.
    std::string text;
    /// The encoding the bytes were read as.
    Encoding encoding = Encoding::utf8;
    /// True if detection chose the encoding, false when the caller forced it.
    bool detected = false;
    /// Detection could not tell (not UTF-8, and no encoding reads it as Vietnamese): `text` is
    /// the bytes read as UTF-8 with U+FFFD for what is not, and `encoding` is utf8.
    bool undecidable = false;
    /// Input bytes that could not be decoded and became U+FFFD.
    std::size_t replaced = 0;
    /// Valid UTF-8 is never converted, yet VIQR is plain ASCII: when ASCII input also reads as
    /// Vietnamese in VIQR this says so (a tool may suggest forcing it); `text` is unchanged.
    std::optional<Encoding> also_reads_as;
};

/// Decodes `bytes`: valid UTF-8 is returned as it is (only normalised to NFC, and a leading BOM
/// dropped), never "converted"; UTF-16 is read after a BOM; anything else is detected among the
/// legacy encodings (and BOM-less UTF-16, and UTF-8 with a few broken bytes) by what Vietnamese
/// text looks like once decoded. Detection reads the first 64 KiB, and the rest only if that is
/// not enough. With `forced`, detection is skipped (for TCVN3 the ABC and VN1 variants are still
/// told apart). Cost for valid UTF-8: one validation pass plus an ICU NFC check when the text has
/// code points at or above U+0300. Never throws for any input bytes.
/// @throws Error{Errc::internal} only if ICU's normalisation data cannot be loaded.
VNSEARCH_API Decoded decode_text(std::string_view bytes,
                                 std::optional<Encoding> forced = std::nullopt);

/// VIQR writes Vietnamese in plain ASCII ("Vie^.t Nam"), so decode_text never converts ASCII on
/// its own (also_reads_as is a hint). This is the stricter test a reader can act on: true only if
/// `text` is pure ASCII and reads as VIQR overwhelmingly: many words carry VIQR marks (Vietnamese
/// marks three in four, English a few in a hundred), nine in ten of those decode to Vietnamese
/// syllables (at least three), and modified letters (â ă ê ô ơ ư đ) are among them, which a
/// question mark or full stop after an English word never gives. English, source code, URLs,
/// e-mail addresses, paths and Vietnamese written without marks are not VIQR. Reads at most the
/// first 64 KiB; stops at the first byte above 0x7F. Convert with decode_text(text,
/// Encoding::viqr), which copies web and e-mail addresses as they are.
/// @throws Error{Errc::internal} only if ICU's normalisation data cannot be loaded.
[[nodiscard]] VNSEARCH_API bool is_clearly_viqr(std::string_view text);

}  // namespace vnsearch
