// SPDX-License-Identifier: Apache-2.0
// Turns the characters of one token into its three canonical forms. Vietnamese and ASCII take a
// table-driven fast path (no ICU call, no heap allocation beyond the output strings' own small
// buffers); anything else goes through ICU: NFC, full case folding, then mark removal.
#pragma once
#include <cstdint>
#include <cstring>
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
    /// A key made ready for lookups: computed once, used to prefetch, find and insert.
    struct Probe {
        std::uint64_t a = 0, b = 0;  // the key's bytes, in two possibly overlapping loads
        std::uint32_t size = 0;      // 0: the key cannot be cached (empty or too long)
        std::uint32_t slot = 0;
    };

    /// The probe for `key` (the bytes of a token).
    [[nodiscard]] static Probe probe(std::string_view key) noexcept;
    /// Starts loading the probe's entry into the CPU cache: the table is too big for L1/L2 to
    /// hold, and a lookup that waits for memory costs more than the rest of a token. Always
    /// inlined: GCC takes a function that only prefetches for one without side effects and
    /// deletes the call.
#if defined(__GNUC__)
    [[gnu::always_inline]] void prefetch(const Probe& p) const noexcept {
        if (entries_ && p.size != 0) __builtin_prefetch(&entries_[p.slot]);
    }
#else
    void prefetch(const Probe&) const noexcept {}
#endif
    /// The forms stored for the probe's key, if any.
    [[nodiscard]] bool find(const Probe& p, Forms& out) const noexcept;
    /// Stores `forms` for the probe's key (ignored if the key cannot be cached or the forms do
    /// not fit an entry).
    void insert(const Probe& p, const Forms& forms);

private:
    struct Entry {
        std::uint64_t a = 0, b = 0;
        std::uint8_t key_size = 0;  // 0: empty
        std::uint8_t exact_size = 0, tone_free_size = 0, base_size = 0;
        bool syllable = false;
        char forms[43];  // exact, tone-free and base forms back to back
    };
    static constexpr std::size_t max_key = 16;
    static constexpr std::size_t entry_count = 8192;  // a power of two
    std::unique_ptr<Entry[]> entries_;
};

namespace detail {
inline std::uint64_t load64(const char* p) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline std::uint32_t load32(const char* p) noexcept {
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}
}  // namespace detail

// Bytes [0, 4) and [n - 4, n) cover a key of 4 to 8 bytes, [0, 8) and [n - 8, n) one of 8 to 16,
// and three single bytes one of 1 to 3: (a, b, size) is the key itself, not a digest of it.
inline FormCache::Probe FormCache::probe(std::string_view key) noexcept {
    const char* p = key.data();
    const std::size_t n = key.size();
    Probe k;
    if (n == 0 || n > max_key) return k;
    if (n >= 8) {
        k.a = detail::load64(p);
        k.b = detail::load64(p + n - 8);
    } else if (n >= 4) {
        k.a = detail::load32(p);
        k.b = detail::load32(p + n - 4);
    } else {
        k.a = static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[n / 2]) << 8) |
              (static_cast<unsigned char>(p[n - 1]) << 16);
    }
    k.size = static_cast<std::uint32_t>(n);
    std::uint64_t h = k.a ^ ((k.b << 29) | (k.b >> 35)) ^ (n * 0x9e3779b97f4a7c15ULL);
    h ^= h >> 30;  // splitmix64 finaliser
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    k.slot = static_cast<std::uint32_t>(h & (entry_count - 1));
    return k;
}

/// Convenience for tests and data loading: the exact form of a UTF-8 token.
std::string normalize_term(std::string_view utf8);

/// Lower-case ASCII and drop marks for a token known to be ASCII/Latin only (numbers, URLs).
void ascii_fold(std::string_view in, std::string& out);

}  // namespace vnsearch::text
