// SPDX-License-Identifier: Apache-2.0
// How decode_text picks an encoding. A wrong 8-bit reading of Vietnamese turns its accented
// syllables into letter strings no Vietnamese syllable has ("Vieọt", "Viỷt", "Vi÷t"), so counting
// the words that contain a non-ASCII letter and parse as syllables (initial + rhyme, at most one
// tone, only sắc/nặng on c/ch/p/t rhymes, tone on the right vowel, one letter case) separates the
// readings well; a frequent syllable ("năm") counts double, so a reading of common words beats one
// of rare ones ("nạm").
#pragma once
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "text/encoding_decode.hpp"

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
    VietnameseScore& operator+=(const VietnameseScore& o) noexcept {
        valid += o.valid;
        common += o.common;
        invalid += o.invalid;
        bad += o.bad;
        return *this;
    }
};

/// Scores UTF-8 `text` (NFC or not: combining marks are applied to the letter before them).
VietnameseScore score_vietnamese(std::string_view text);

/// True if `word` (UTF-8, any case, NFC or NFD) is one Vietnamese syllable.
bool is_vietnamese_syllable(std::string_view word);

/// How ASCII text reads in VIQR, word by word (words of letters, after decoding; one-letter words
/// prove too little and are not counted).
struct ViqrEvidence {
    int words = 0;     ///< words of letters
    int marked = 0;    ///< of those, words a VIQR mark or "dd" changed
    int valid = 0;     ///< of the marked ones, those that are Vietnamese syllables
    int modified = 0;  ///< of the valid ones, those with â ă ê ô ơ ư or đ
};

/// Reads (at most the first 64 KiB of) ASCII `text` as VIQR and counts. Cheap when the text has
/// almost no VIQR marks: it stops after one scan.
ViqrEvidence viqr_evidence(std::string_view text);

/// True when the evidence is overwhelming: at least three marked words, at least 30 % of the words
/// marked, nine in ten marked words Vietnamese syllables, and at least two (and one in five) of
/// those with a modified letter. English, code, URLs and Vietnamese
/// written without marks have few marked words (a full stop after a vowel), and those rarely parse.
bool is_clear_viqr(const ViqrEvidence& e);

/// The readings detection weighs for `bytes` that are not valid UTF-8: lossy UTF-8, UTF-16 when
/// NUL bytes say so, every 8-bit encoding and VIQR.
std::vector<Reader> candidate_readers(std::string_view bytes);

struct DetectOptions {
    /// Race the readings word by word: a reading is dropped once it trails the best by a wide
    /// margin, and scoring stops once the readings left read every remaining byte alike. Off, every
    /// reading decodes and scores all of `bytes` (the reference the race is tested against).
    bool early_stop = true;
};

struct Detection {
    Reader reader = Reader::utf8;
    /// False when no reading is Vietnamese, or the best is not clearly ahead of one that gives
    /// another text in another encoding.
    bool decided = false;
};

/// True if readers `a` and `b` treat `byte` alike: same output, same effect on the bytes around
/// it. A word made only of such bytes reads the same in both, so the race never scores it.
bool reads_alike(Reader a, Reader b, unsigned char byte);

/// Picks the reading among `readers` under which `bytes` look most Vietnamese. Ties go to the
/// reader listed first. Scores are compared only between readings; nothing is decoded for output.
Detection detect_reading(std::string_view bytes, std::span<const Reader> readers,
                         DetectOptions options = {});

}  // namespace vnsearch::text
