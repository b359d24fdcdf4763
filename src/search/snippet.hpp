// SPDX-License-Identifier: Apache-2.0
// Cuts the best passage of a stored text for a query and marks the matched words. The text is
// analysed with the same Analyzer as the index and the query, so a folded match ("ha noi") marks
// the original spelling ("Hà Nội") at the analyzer's byte offsets; cuts fall on token boundaries,
// which never split a UTF-8 sequence or a letter from its combining marks.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/searcher.hpp>

namespace vnsearch::search {

/// What to highlight: tokens whose exact form is in `terms`, and runs of tokens spelling one of
/// `sequences` (multi-token forms such as "tp" "hcm"). The forms also in `minor` (stopwords,
/// question words) are highlighted but do not choose the passage, unless every term is minor.
struct Highlighter {
    const std::unordered_set<std::string>& terms;
    const std::vector<std::vector<std::string>>& sequences;
    const std::unordered_set<std::string>* minor = nullptr;
};

/// Texts longer than this are cut (at a character) before analysis: a snippet comes from the
/// first part of a very long document.
inline constexpr std::size_t max_snippet_source_bytes = 64 * 1024;

/// Cuts the snippets of one query's hits: the passage of about `length` characters of a text
/// with the most distinct matched words (spellings of one base form count as one word), then the
/// most matches, widened to start at a sentence when one begins shortly before it. Runs of white
/// space are shown as one space; "…" marks a cut at either end.
///
/// make() finds the likely matches with a fold scan (text/fold_scan.hpp) and analyses only the
/// passages around them, in order of the best score they could have, until the best real score
/// beats every bound left; it falls back to analysing the whole text when a text or a query is
/// outside what the scan can fold, or when too many passages disappoint. Either way the snippet
/// is the one make_from_whole_text() gives (a test and bench/snippet_bench.cpp check this).
///
/// Only the tokens' forms and offsets are used, so an analyzer without word segmentation gives
/// the same snippets, faster. The highlighter's sets must outlive the maker; the analyzer is used
/// by make() and must not be used elsewhere meanwhile. `scratch`, if given, holds the analysis
/// buffers (a caller that makes snippets for query after query keeps their capacity).
class SnippetMaker {
public:
    SnippetMaker(Analyzer& analyzer, const Highlighter& highlighter, std::size_t length,
                 Analysis* scratch = nullptr);
    ~SnippetMaker();
    SnippetMaker(const SnippetMaker&) = delete;
    SnippetMaker& operator=(const SnippetMaker&) = delete;

    Snippet make(std::string_view text);
    Snippet make_from_whole_text(std::string_view text);
    /// The byte ranges of every matched word of a short text (a title), marked as a snippet
    /// marks them, with nothing cut.
    std::vector<std::pair<std::size_t, std::size_t>> highlights(std::string_view text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// One snippet (SnippetMaker::make).
Snippet make_snippet(Analyzer& analyzer, std::string_view text, const Highlighter& highlighter,
                     std::size_t length);
/// One snippet from an analysis of the whole text (SnippetMaker::make_from_whole_text).
Snippet make_snippet_from_whole_text(Analyzer& analyzer, std::string_view text,
                                     const Highlighter& highlighter, std::size_t length);

}  // namespace vnsearch::search
