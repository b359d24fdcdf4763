// SPDX-License-Identifier: Apache-2.0
// The Latin letters Vietnamese is written with, taken apart into a lower-case ASCII base letter,
// a vowel modifier (â ă ê ô ơ ư, and the stroke of đ) and a tone mark. Precomposed letters,
// combining marks (NFD text, deprecated U+0340/U+0341) and look-alikes (Ð, U+00D0) all land in the
// same representation, which is what makes every Unicode spelling of a syllable give one term.
#pragma once
#include <cstddef>
#include <cstdint>

namespace vnsearch::text {

enum class Modifier : std::uint8_t { none, circumflex, breve, horn, stroke };
/// Vietnamese tones: huyền (grave), sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot below).
enum class Tone : std::uint8_t { none, grave, acute, hook, tilde, dot };

/// A letter taken apart. `base` is a lower-case ASCII letter.
struct Letter {
    char base = 0;
    Modifier modifier = Modifier::none;
    Tone tone = Tone::none;
};

enum class CharKind : std::uint8_t {
    other,          ///< not handled by the fast path (ask ICU)
    letter,         ///< a Latin letter in the table (any case)
    digit,          ///< ASCII digit
    tone_mark,      ///< combining tone mark
    modifier_mark,  ///< combining circumflex, breve or horn
    ignorable,      ///< zero-width characters and soft hyphen: invisible inside words
};

struct CharInfo {
    CharKind kind = CharKind::other;
    Letter letter;  ///< for letters; for marks, the modifier or tone they add
};

/// A composed letter as UTF-8, ready to append.
struct Utf8Letter {
    char bytes[4] = {};
    std::uint8_t size = 0;  ///< 0: Unicode has no precomposed letter for this combination
};

namespace detail {
// Built once when the library loads (namespace-scope object in letters.cpp); nothing reads them
// during static initialisation.
inline constexpr char32_t table_limit = 0x2100;  // Latin letters, marks and zero-width characters
extern const CharInfo* char_table;               // [table_limit]
extern const char32_t* composed_table;           // [26 * 5 * 6]
extern const Utf8Letter* composed_utf8_table;    // [26 * 5 * 6]
inline std::size_t compose_key(const Letter& l) noexcept {
    return (static_cast<std::size_t>(l.base - 'a') * 5 + static_cast<std::size_t>(l.modifier)) * 6 +
           static_cast<std::size_t>(l.tone);
}
}  // namespace detail

/// Classifies one code point (constant time, no ICU call).
inline CharInfo char_info(char32_t cp) noexcept {
    if (cp < detail::table_limit) return detail::char_table[cp];
    if (cp == 0xFEFF) return {CharKind::ignorable, {}};
    return {};
}

/// The lower-case precomposed code point for `letter`, or 0 if Unicode has none.
inline char32_t compose(const Letter& letter) noexcept {
    if (letter.base < 'a' || letter.base > 'z') return 0;
    return detail::composed_table[detail::compose_key(letter)];
}

/// The same letter as UTF-8 bytes (size 0 if there is none). `letter.base` must be a-z.
inline const Utf8Letter& compose_utf8(const Letter& letter) noexcept {
    return detail::composed_utf8_table[detail::compose_key(letter)];
}

}  // namespace vnsearch::text
