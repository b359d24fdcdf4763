// SPDX-License-Identifier: Apache-2.0
// Dictionary word segmentation: groups a run of syllables into words ("kinh tế", "Hồ Chí Minh").
// The dictionary is keyed on *base* forms (all marks removed, đ -> d, lower case), so a text gives
// the same words in any letter case and with or without diacritics. The built-in dictionary is
// parsed once per process and shared by all segmenters; segment() is const and safe to call
// concurrently.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::text {

class Dictionary;  // immutable; shared between segmenters

class Segmenter {
public:
    /// Uses the built-in dictionary (data/dictionary.tsv), plus the words of `user_dictionary_path`
    /// if it is not empty. @throws vnsearch::Error{Errc::io} if that file cannot be read.
    explicit Segmenter(const std::string& user_dictionary_path = {});

    /// Segments one run of syllables (base forms, in text order; a run never crosses punctuation
    /// or a non-syllable token). Writes the length in syllables of each word, in order, to
    /// `word_lengths` (cleared first); the lengths sum to `syllables.size()`.
    void segment(const std::vector<std::string_view>& syllables,
                 std::vector<std::uint32_t>& word_lengths) const;

    /// The dictionary key of one base syllable. A caller that meets syllables one at a time (the
    /// analyzer) computes each key once, while the syllable is at hand, and starts loading the
    /// dictionary entries with prefetch(): by the time a run is segmented they are in cache.
    [[nodiscard]] static std::uint64_t key(std::string_view base_syllable) noexcept;
    /// Starts loading the dictionary entries segment() will read for the last of `count` keys of
    /// a run (the words that end with it, up to three syllables long). A hint only: it never
    /// changes a result.
    void prefetch(const std::uint64_t* keys, std::size_t count) const noexcept;
    /// segment() over keys from key(): the same words as for the syllables they came from.
    void segment(const std::uint64_t* keys, std::size_t count,
                 std::vector<std::uint32_t>& word_lengths) const;

private:
    std::shared_ptr<const Dictionary> dictionary_;
};

}  // namespace vnsearch::text
