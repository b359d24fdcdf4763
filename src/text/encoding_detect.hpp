// SPDX-License-Identifier: Apache-2.0
// How Vietnamese a piece of decoded text looks: the evidence decode_text weighs to pick an
// encoding. A wrong 8-bit reading of Vietnamese turns its accented syllables into letter strings no
// Vietnamese syllable has ("Vieọt", "Viỷt", "Vi÷t"), so counting the words that contain a non-ASCII
// letter and parse as syllables (initial + rhyme, at most one tone, only sắc/nặng on c/ch/p/t
// rhymes, tone on the right vowel, one letter case) separates the readings well; a frequent
// syllable
// ("năm") counts double, so a reading of common words beats one of rare ones ("nạm").
#pragma once
#include <string_view>

namespace vnsearch::text {

struct VietnameseScore {
    int valid = 0;    ///< words with a non-ASCII letter that are Vietnamese syllables
    int common = 0;   ///< of the valid ones, those among the 1000 most frequent syllables
    int invalid = 0;  ///< words with a non-ASCII letter that are not
    int bad = 0;      ///< U+FFFD and control characters (bytes the reading could not place)

    /// One number to compare readings by; higher is more Vietnamese.
    [[nodiscard]] long value() const noexcept {
        return static_cast<long>(valid) + common - 2L * invalid - 3L * bad;
    }
};

/// Scores UTF-8 `text` (NFC or not: combining marks are applied to the letter before them).
VietnameseScore score_vietnamese(std::string_view text);

/// True if `word` (UTF-8, any case, NFC or NFD) is one Vietnamese syllable.
bool is_vietnamese_syllable(std::string_view word);

}  // namespace vnsearch::text
