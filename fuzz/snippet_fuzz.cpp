// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a snippet cut from the passages the fold scan points at must be the snippet
// of an analysis of the whole text (search/snippet.hpp), for any text and any query words.
// Input: one byte of snippet length, the query up to the first newline, then the text. The
// query's words are marked in their exact forms and, as for an unaccented query, in their base
// forms too; its stopwords are minor terms (marked, not choosing the passage).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <vnsearch/analyzer.hpp>

#include "search/snippet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t length = 1 + data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos || newline > 200) return 0;
    const std::string_view query = rest.substr(0, newline);
    const std::string_view text = rest.substr(newline + 1);

    static vnsearch::Analyzer query_analyzer;
    static vnsearch::Analyzer analyzer([] {  // as the searcher's snippet analyzer
        vnsearch::AnalyzerOptions o;
        o.segment_words = false;
        o.token_forms = vnsearch::TokenForms::exact_only;
        return o;
    }());
    std::unordered_set<std::string> terms, minor;  // minor: the stopwords, as the searcher
    for (const auto& t : query_analyzer.analyze(query).tokens) {
        terms.insert(t.exact);
        terms.insert(t.base);
        if (query_analyzer.is_stopword(t.exact)) minor.insert(t.exact);
    }
    const std::vector<std::vector<std::string>> none;
    vnsearch::search::SnippetMaker maker(analyzer, {terms, none, &minor}, length);
    const vnsearch::Snippet fast = maker.make(text);
    const vnsearch::Snippet whole = maker.make_from_whole_text(text);
    if (fast.text != whole.text || fast.highlights != whole.highlights) std::abort();
    return 0;
}
