// SPDX-License-Identifier: Apache-2.0
// Word lists compiled in from data/ (stopwords, question words): one word a line, syllables
// separated by spaces, `#` comment lines. A word is kept and looked up in one form, its syllables'
// exact forms joined by single spaces, so that any spelling of a listed word finds it.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>

namespace vnsearch::text {

/// The exact form of each syllable of `words` (split at any byte of `separators`, empty pieces
/// skipped), joined by single spaces: "Vì  sao" -> "vì sao".
[[nodiscard]] std::string normalize_words(std::string_view words, std::string_view separators);

/// The words of a list in normalize_words() form; empty and `#` lines are skipped.
[[nodiscard]] std::unordered_set<std::string> load_word_list(std::string_view table);

}  // namespace vnsearch::text
