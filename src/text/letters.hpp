// SPDX-License-Identifier: Apache-2.0
// The Latin letters Vietnamese is written with, taken apart into a lower-case ASCII base letter,
// a vowel modifier (â ă ê ô ơ ư, and the stroke of đ) and a tone mark. Precomposed letters,
// combining marks (NFD text, deprecated U+0340/U+0341) and look-alikes (Ð, U+00D0) all land in the
// same representation, which is what makes every Unicode spelling of a syllable give one term.
#pragma once
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

/// Classifies one code point (constant time, no ICU call).
CharInfo char_info(char32_t cp) noexcept;

/// The lower-case precomposed code point for `letter`, or 0 if Unicode has none.
char32_t compose(const Letter& letter) noexcept;

}  // namespace vnsearch::text
