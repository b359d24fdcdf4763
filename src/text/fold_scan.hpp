// SPDX-License-Identifier: Apache-2.0
// A quick pass over a text that finds where a word *may* occur, without running the analyzer.
// Snippets use it to find the passages of a long article worth analysing: the analyzer then
// decides what really matches.
//
// A run's *spelling* is its letters, case folded, each with its modifier (â ă ê ô ơ ư đ), and
// its tone marks in order; Unicode form (NFC, NFD), tone placement (hoà, hòa) and letter case do
// not change it. Its *base* drops modifiers and tones (đ -> d).
//
// The pass promises a superset: every token the Analyzer gives whose exact form is letters and
// digits only ("hà", "tphcm", "covid19", "1000"), or digit groups joined by single punctuation
// ("7,5", "2019-2020"), has a span here with the same byte and code-point extent and the spelling
// of that exact form (URLs and emails excepted: their exact form is not their text). A date, which
// the analyzer rewrites ("05-03-2020" is "5/3/2020"), has one with a spelling of fold_date(). It
// may report spans the analyzer does not (the "covid" of "COVID-19", the parts of a URL). It looks
// only at the bytes a wanted word's run can start with, so most of a text is skipped; where a
// possible run touches a character whose letters it cannot tell (another script, a letter outside
// the Vietnamese table, ß or a ligature that case folding turns into ASCII letters), it gives up
// and says so.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vnsearch::text {

/// Hashes of a word's spelling and base form (never 0), and what a scan checks before hashing:
/// the word's first letter and its number of letters.
struct FoldedHashes {
    std::uint64_t spelling = 0;
    std::uint64_t base = 0;
    std::uint8_t first_letter = 0;  ///< internal letter code
    std::uint8_t letters = 0;       ///< 1 to 64
};

/// The hashes of `word` if it is one run of letters and digits (no punctuation or spaces), as
/// scan_folded_spans() computes them for such a run; else nullopt.
std::optional<FoldedHashes> fold_word(std::string_view word);

/// The hashes of `word` if it is a number the analyzer keeps with its punctuation: two to six
/// runs of ASCII digits joined by single ASCII punctuation characters other than '/' ("7,5",
/// "2019-2020"; dates such as "24/5" are written without the text's leading zeros and order). A
/// scan reads such a chain as one run of its digits, so these are the hashes of the digits. Else
/// nullopt.
std::optional<FoldedHashes> fold_joined_number(std::string_view word);

/// The hashes of every digit string a text can have where the analyzer gives the date `word`
/// (text/tokenize.cpp, canonical_date): "5/3/2020" is written 05/03/2020, 5-3-2020 or
/// 2020-03-05, with leading zeros up to four digits a part and a two- or four-digit year. A scan
/// reads such a chain as one run of its digits. Also the digits of `word` as written (a number
/// the analyzer keeps with its slashes). Empty if `word` is not two or three digit groups joined
/// by '/'.
std::vector<FoldedHashes> fold_date(std::string_view word);

/// True if `text` holds a letter or a digit, or a character this pass cannot tell from one.
bool has_letter_or_digit(std::string_view text);

/// The spellings a scan looks for (a few dozen at most).
class WantedSet {
public:
    explicit WantedSet(std::span<const FoldedHashes> words);
    /// False if no word wanted has this first letter and length: most runs stop here, unhashed.
    [[nodiscard]] bool may_contain(std::uint8_t first_letter, std::size_t letters) const noexcept {
        return letters < shapes_.size() && ((shapes_[letters] >> (first_letter & 63)) & 1) != 0;
    }
    /// False if no run of a word wanted can start with this byte.
    [[nodiscard]] bool may_start(unsigned char byte) const noexcept { return starts_[byte]; }
    /// The first position from `pos` on whose byte may_start() and that does not follow an ASCII
    /// letter or digit (inside a word, no run starts), or text.size().
    [[nodiscard]] std::size_t next_start(std::string_view text, std::size_t pos) const noexcept;
    /// The index in `words` of the (first) word with this spelling, or -1.
    [[nodiscard]] int find(std::uint64_t spelling) const noexcept;

private:
    struct Slot {
        std::uint64_t spelling = 0;  // 0: empty
        int word = -1;
    };
    std::vector<Slot> slots_;            // open addressing
    std::vector<std::uint64_t> shapes_;  // per letter count, a bit per first letter (mod 64)
    std::array<bool, 256> starts_{};     // bytes a wanted word's run can start with
    // starts_ as two nibble tables for a 16-byte-at-a-time search: byte b may start a run if
    // low_nibble_[b & 15] & high_nibble_[b >> 4] (a superset of starts_, which is checked after).
    alignas(16) std::array<std::uint8_t, 16> low_nibble_{};
    alignas(16) std::array<std::uint8_t, 16> high_nibble_{};
    void build_nibble_tables();
};

struct FoldedSpan {
    std::size_t begin = 0, end = 0;            ///< bytes into the text
    std::size_t char_begin = 0, char_end = 0;  ///< code points before begin and before end
    int word = -1;                             ///< index of the word found (see WantedSet)
};

/// Writes to `out`, in order of `begin`, the spans of `text` whose spelling is wanted: runs
/// of letters and digits (combining marks and zero-width characters inside a run belong to it),
/// and concatenations of up to six consecutive runs that single ASCII punctuation characters join
/// ("TP.HCM", "1.000", "COVID-19"). Returns false, leaving `out` unspecified, if the text holds a
/// character this pass cannot fold.
bool scan_folded_spans(std::string_view text, const WantedSet& wanted,
                       std::vector<FoldedSpan>& out);

}  // namespace vnsearch::text
