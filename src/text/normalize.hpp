// SPDX-License-Identifier: Apache-2.0
// Turns the characters of one token into its three canonical forms. Vietnamese and ASCII take a
// table-driven fast path (no ICU call, no heap allocation beyond the output strings' own small
// buffers); anything else goes through ICU: NFC, full case folding, then mark removal.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "text/letters.hpp"

namespace vnsearch::text {

/// The three forms of a token.
struct TermForms {
    std::string exact;      ///< NFC, case-folded, canonical tone placement
    std::string tone_free;  ///< tone marks removed
    std::string base;       ///< every mark removed, đ -> d
};

/// Reusable scratch space for normalisation (one per analyzer).
struct NormalizeScratch {
    std::vector<Letter> letters;
    std::vector<char32_t> code_points;
    std::string utf8;
};

/// Where normalize_token writes: three strings owned by the caller (a Token's, in the analyzer,
/// so their buffers are reused from text to text).
struct FormsOut {
    std::string& exact;
    std::string& tone_free;
    std::string& base;
};

/// Normalises the code points of one letter/digit token. Returns true if the token is a
/// Vietnamese syllable (then its tone is placed canonically and misplaced marks are repaired).
bool normalize_token(const char32_t* cps, std::size_t count, FormsOut out,
                     NormalizeScratch& scratch);
inline bool normalize_token(const char32_t* cps, std::size_t count, TermForms& out,
                            NormalizeScratch& scratch) {
    return normalize_token(cps, count, FormsOut{out.exact, out.tone_free, out.base}, scratch);
}

/// Convenience for tests and data loading: the exact form of a UTF-8 token.
std::string normalize_term(std::string_view utf8);

/// Lower-case ASCII and drop marks for a token known to be ASCII/Latin only (numbers, URLs).
void ascii_fold(std::string_view in, std::string& out);

}  // namespace vnsearch::text
