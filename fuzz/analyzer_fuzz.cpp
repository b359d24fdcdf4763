// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes, invalid UTF-8 included, through the whole analyzer. Checks
// the invariants a crash-free run alone would not show: offsets inside the input and in order,
// words covering every token exactly once.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <vnsearch/analyzer.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static vnsearch::Analyzer analyzer;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    vnsearch::Analysis a;
    analyzer.analyze(text, a);
    std::size_t previous_end = 0;
    for (const auto& t : a.tokens) {
        if (t.begin >= t.end || t.end > size || t.begin < previous_end || t.exact.empty())
            std::abort();
        if (t.word >= a.words.size()) std::abort();
        previous_end = t.end;
    }
    std::size_t covered = 0;
    for (const auto& w : a.words) {
        if (w.first_token != covered || w.token_count == 0) std::abort();
        covered += w.token_count;
    }
    if (covered != a.tokens.size()) std::abort();
    (void)analyzer.is_stopword(text);
    return 0;
}
