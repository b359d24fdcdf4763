// SPDX-License-Identifier: Apache-2.0
// A Vietnamese syllable parser: onset, glide, nucleus and coda, enough to decide whether a
// letter sequence is a syllable and on which vowel its tone mark belongs.
//
// Canonical tone placement is the "new" style (hoà, khoẻ, thuỷ): the tone sits on the modified
// vowel if there is one (ơ in ươ), else on the last vowel when a final consonant follows or the
// rhyme is oa/oe/uy, else on the first vowel of a pair and the middle one of a triple. The choice
// only decides terms: the original text is never rewritten.
#pragma once
#include <cstddef>

#include "text/letters.hpp"

namespace vnsearch::text {

/// Parses `letters` (lower case, tones already removed). Returns true if they form a Vietnamese
/// syllable, and then sets `tone_slot` to the index of the letter that carries the tone.
bool parse_syllable(const Letter* letters, std::size_t count, std::size_t& tone_slot) noexcept;

}  // namespace vnsearch::text
