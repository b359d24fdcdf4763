// SPDX-License-Identifier: Apache-2.0
// Cuts the best passage of a stored text for a query and marks the matched words. The text is
// analysed with the same Analyzer as the index and the query, so a folded match ("ha noi") marks
// the original spelling ("Hà Nội") at the analyzer's byte offsets; cuts fall on token boundaries,
// which never split a UTF-8 sequence or a letter from its combining marks.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/searcher.hpp>

namespace vnsearch::search {

/// What to highlight: tokens whose exact form is in `terms`, and runs of tokens spelling one of
/// `sequences` (multi-token forms such as "tp" "hcm").
struct Highlighter {
    const std::unordered_set<std::string>& terms;
    const std::vector<std::vector<std::string>>& sequences;
};

/// Texts longer than this are cut (at a character) before analysis: a snippet comes from the
/// first part of a very long document.
inline constexpr std::size_t max_snippet_source_bytes = 64 * 1024;

/// The passage of about `length` characters of `text` with the most distinct matched words
/// (then the most matches), widened to start at a sentence when one begins shortly before it.
/// Runs of white space are shown as one space; "…" marks a cut at either end.
/// Only the tokens' forms and offsets are used, so an analyzer without word segmentation gives
/// the same snippet, faster. `scratch` keeps the analysis buffers from one call to the next.
Snippet make_snippet(Analyzer& analyzer, std::string_view text, const Highlighter& highlighter,
                     std::size_t length, Analysis& scratch);
Snippet make_snippet(Analyzer& analyzer, std::string_view text, const Highlighter& highlighter,
                     std::size_t length);

}  // namespace vnsearch::search
