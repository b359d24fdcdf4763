// SPDX-License-Identifier: Apache-2.0
// Byte tables of the 8-bit Vietnamese encodings and the VIQR mark table, parsed once from the
// TSV files in data/encodings/ that the build embeds into the library.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace vnsearch::text {

/// One column of data/encodings/legacy_charsets.tsv. TCVN3 has two: ABC (capitals with a tone
/// written as base letter + lower-case toned byte) and VN1 (precomposed capitals on free bytes).
enum class Charset : std::uint8_t { tcvn3, tcvn3_vn1, vni, viscii, vps, cp1258 };
inline constexpr std::size_t charset_count = 6;

/// The reading of one byte, ready to append as UTF-8.
struct ByteReading {
    std::array<char, 12> utf8{};
    std::uint8_t size = 0;   ///< bytes used in utf8; 0 means the byte is undefined
    std::uint8_t count = 0;  ///< code points in the reading
    char32_t first = 0;      ///< first code point of the reading
    char32_t second = 0;     ///< second code point of the reading, 0 if it has one
    char32_t last = 0;       ///< last code point of the reading
    bool identity = false;   ///< an ASCII byte read as itself (the fast path)
    // TCVN3 ABC writes a toned capital as its base capital then the lower-case toned byte:
    // after `capital_base` this byte reads as `tone` alone (U+03xx, two UTF-8 bytes).
    char32_t capital_base = 0;
    std::array<char, 2> tone{};
    // VNI (npm): a mark byte that follows no letter it can mark reads as this letter instead.
    std::array<char, 4> alone{};
    std::uint8_t alone_size = 0;
    char32_t alone_cp = 0;
};

struct CharsetTable {
    std::array<ByteReading, 256> bytes;
    /// The longest output one byte can give (a reading, a replacement character, or a composite
    /// written over the letter before it), in UTF-8 bytes.
    std::uint8_t max_size = 4;
};

/// VIQR: what each ASCII mark character means.
struct ViqrMark {
    char32_t combining = 0;  ///< 0: the character is not a VIQR mark
    bool is_tone = false;
    std::array<bool, 128> bases{};  ///< modifiers only: base letters it may follow
};

struct ViqrTable {
    std::array<ViqrMark, 128> marks{};
};

/// Parsed tables; built on first use (thread-safe), never freed.
const CharsetTable& charset_table(Charset charset);
const ViqrTable& viqr_table();

/// Writes `cp` as UTF-8 to `out` (room for 4 bytes) and returns the number of bytes written.
std::uint8_t encode_utf8(char32_t cp, char* out) noexcept;

}  // namespace vnsearch::text
