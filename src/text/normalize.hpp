// SPDX-License-Identifier: Apache-2.0
// Turns the characters of one token into its three canonical forms. Vietnamese and ASCII take a
// table-driven fast path (no ICU call, no heap allocation beyond the output strings' own small
// buffers); anything else goes through ICU: NFC, full case folding, then mark removal.
#pragma once
#include <cstdint>
#include <memory>
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

/// Remembers the forms of recently normalised tokens, keyed on their UTF-8 bytes: running text
/// repeats a few thousand syllables, so most tokens are found here and cost a hash and three
/// copies instead of decoding, composing and placing the tone. A direct-mapped table of fixed
/// size (512 KiB, allocated on first insert) where a collision just evicts. Keys of up to 16
/// bytes (every syllable) are held exactly as two 64-bit words, so a lookup compares two words,
/// not strings. The forms are a function of the bytes alone: the cache never changes a result.
class FormCache {
public:
    struct Forms {
        std::string_view exact, tone_free, base;
        bool syllable = false;
    };

    /// The forms stored for `key`, if any.
    [[nodiscard]] bool find(std::string_view key, Forms& out) const noexcept;
    /// Stores `forms` for `key` (ignored if the key is longer than 16 bytes or the forms do not
    /// fit an entry).
    void insert(std::string_view key, const Forms& forms);

private:
    struct Key {
        std::uint64_t a = 0, b = 0;  // the key's bytes, in two possibly overlapping loads
        std::size_t size = 0;
    };
    struct Entry {
        std::uint64_t a = 0, b = 0;
        std::uint8_t key_size = 0;  // 0: empty
        std::uint8_t exact_size = 0, tone_free_size = 0, base_size = 0;
        bool syllable = false;
        char forms[43];  // exact, tone-free and base forms back to back
    };
    static constexpr std::size_t max_key = 16;
    static constexpr std::size_t entry_count = 8192;  // a power of two
    static Key make_key(std::string_view bytes) noexcept;
    static std::size_t slot(const Key& key) noexcept;
    std::unique_ptr<Entry[]> entries_;
};

/// Convenience for tests and data loading: the exact form of a UTF-8 token.
std::string normalize_term(std::string_view utf8);

/// Lower-case ASCII and drop marks for a token known to be ASCII/Latin only (numbers, URLs).
void ascii_fold(std::string_view in, std::string& out);

}  // namespace vnsearch::text
