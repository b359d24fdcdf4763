// SPDX-License-Identifier: Apache-2.0
// Dictionary word segmentation: groups a run of syllables into words ("kinh tế", "Hồ Chí Minh").
// The dictionary is keyed on *base* forms (all marks removed, đ -> d, lower case), so a text gives
// the same words in any letter case and with or without diacritics. The built-in dictionary is
// parsed once per process and shared by all segmenters; segment() is const and safe to call
// concurrently. Indexes store the words: a change of the dictionary or of the DP that changes
// them must bump the segmentation model version in the salt of index::content_hash
// (src/index/document_builder.cpp), so that existing indexes are re-indexed.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::text {

class Dictionary;  // immutable; shared between segmenters

/// The dictionary keys of one syllable of a run, as Segmenter::segment() reads them: the
/// syllable's own, and those of the two- and three-syllable sequences it ends (0 where the run
/// is shorter), and the syllable's own score if the caller knows it (from Segmenter::syllable()).
struct SyllableKey {
    static constexpr float unscored = std::numeric_limits<float>::quiet_NaN();  // never a score
    std::uint64_t syllable = 0;
    std::uint64_t pair = 0;
    std::uint64_t triple = 0;
    float score = unscored;
};

/// What the dictionary says about one base syllable alone: its key, and its score as a word.
struct SyllableInfo {
    std::uint64_t key = 0;
    float score = 0;
};

class Segmenter {
public:
    /// Uses the built-in dictionary (data/dictionary.tsv), plus `words` (an index's word list:
    /// syllables separated by spaces, each scored as a user dictionary word), plus the words of
    /// `user_dictionary_path` if it is not empty.
    /// @throws vnsearch::Error{Errc::io} if that file cannot be read.
    explicit Segmenter(const std::string& user_dictionary_path = {},
                       const std::vector<std::string>& words = {});

    /// Segments one run of syllables (base forms, in text order; a run never crosses punctuation
    /// or a non-syllable token). Writes the length in syllables of each word, in order, to
    /// `word_lengths` (cleared first); the lengths sum to `syllables.size()`.
    void segment(const std::vector<std::string_view>& syllables,
                 std::vector<std::uint32_t>& word_lengths) const;

    /// Writes to `run[count]` the keys of the syllable `base` that follows the `count` syllables
    /// `run[0..count)` of its run (none at a run's start). A caller that meets syllables one at a
    /// time (the analyzer) computes them once, while the syllable is at hand, and this starts
    /// loading the dictionary entries of the words of up to three syllables that end with it: by
    /// the time the run is segmented they are in cache. (Written in place, not returned: a
    /// returned pair of words read back as one is a store-forwarding stall per syllable.)
    void next_key(std::string_view base, SyllableKey* run, std::size_t count) const noexcept;
    /// The same, for a syllable whose key and score the caller kept (a cache of syllables, in the
    /// analyzer): no lookup in the syllable table, at segmenting time either.
    void next_key(const SyllableInfo& syllable, SyllableKey* run, std::size_t count) const noexcept;
    /// The key and score of one base syllable (a lookup; what next_key() would use).
    [[nodiscard]] SyllableInfo syllable(std::string_view base) const noexcept;
    /// segment() over the keys of a run from next_key(): the same words as for its syllables.
    void segment(const SyllableKey* keys, std::size_t count,
                 std::vector<std::uint32_t>& word_lengths) const;

private:
    std::shared_ptr<const Dictionary> dictionary_;
};

}  // namespace vnsearch::text
