// SPDX-License-Identifier: Apache-2.0
// Snippet cost on real articles. Usage:
//   snippet_bench [benchmark flags] CORPUS.jsonl [MAX_ARTICLES]
// CORPUS is a JSON-lines file of articles (e.g. the news corpus of ../shared/data/eval); each
// article's summary and body is one text, as the searcher shows it. Each text is asked for the
// two consecutive syllables found halfway through it ("as typed"), and for every spelling the
// corpus has of their base forms ("unaccented": what an unaccented query highlights). Compares
// make_snippet() (fold scan, then analysis of the passages around the likely matches) with
// make_snippet_from_whole_text() (analysis of the whole text), which must give the same
// snippets; the program checks that before it times anything.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>

#include "search/snippet.hpp"

namespace {

struct Case {
    std::string text;
    std::unordered_set<std::string> typed, unaccented;
};

std::vector<Case> g_cases;
std::size_t g_bytes = 0;
const std::vector<std::vector<std::string>> g_no_sequences;

vnsearch::AnalyzerOptions snippet_options() {  // as the searcher's snippet analyzer
    vnsearch::AnalyzerOptions options;
    options.segment_words = false;
    options.token_forms = vnsearch::TokenForms::exact_only;
    return options;
}

void load(const char* path, std::size_t max_articles) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "snippet_bench: cannot read \"%s\"\n", path);
        std::exit(1);
    }
    vnsearch::Analyzer analyzer;  // full forms: the queries need base forms
    vnsearch::Analysis a;
    std::map<std::string, std::set<std::string>> spellings;   // base -> exact forms
    std::vector<std::pair<std::string, std::string>> picked;  // base forms per case
    std::string line;
    while (g_cases.size() < max_articles && std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object()) continue;
        std::string text;
        for (const char* field : {"summary", "body"}) {
            if (!j.contains(field) || !j[field].is_string()) continue;
            if (!text.empty()) text += '\n';
            text += j[field].get<std::string>();
        }
        analyzer.analyze(text, a);
        std::size_t i = a.tokens.size() / 2;
        while (i + 1 < a.tokens.size() && (a.tokens[i].kind != vnsearch::TokenKind::syllable ||
                                           a.tokens[i + 1].kind != vnsearch::TokenKind::syllable))
            ++i;
        if (i + 1 >= a.tokens.size()) continue;
        for (const auto& t : a.tokens) spellings[t.base].insert(t.exact);
        Case c;
        c.typed = {a.tokens[i].exact, a.tokens[i + 1].exact};
        picked.emplace_back(a.tokens[i].base, a.tokens[i + 1].base);
        g_bytes += text.size();
        c.text = std::move(text);
        g_cases.push_back(std::move(c));
    }
    for (std::size_t k = 0; k < g_cases.size(); ++k)
        for (const std::string& base : {picked[k].first, picked[k].second})
            g_cases[k].unaccented.insert(spellings[base].begin(), spellings[base].end());
}

// Both ways must give the same snippets: a benchmark of a wrong result measures nothing.
void check_same(std::size_t length) {
    vnsearch::Analyzer analyzer(snippet_options());
    for (const Case& c : g_cases) {
        for (const auto* terms : {&c.typed, &c.unaccented}) {
            const vnsearch::search::Highlighter h{*terms, g_no_sequences};
            const auto fast = vnsearch::search::make_snippet(analyzer, c.text, h, length);
            const auto whole =
                vnsearch::search::make_snippet_from_whole_text(analyzer, c.text, h, length);
            if (fast.text != whole.text || fast.highlights != whole.highlights) {
                std::fprintf(stderr, "snippet_bench: snippets differ for\n%s\n", c.text.c_str());
                std::exit(1);
            }
        }
    }
}

template <bool whole, bool unaccented>
void BM_snippet(benchmark::State& state) {
    vnsearch::Analyzer analyzer(snippet_options());
    std::size_t snippets = 0;
    for (auto _ : state) {
        for (const Case& c : g_cases) {
            // One query, one hit: the maker's preparation is counted in full.
            vnsearch::search::SnippetMaker maker(
                analyzer, {unaccented ? c.unaccented : c.typed, g_no_sequences}, 200);
            const auto s = whole ? maker.make_from_whole_text(c.text) : maker.make(c.text);
            benchmark::DoNotOptimize(s.text.data());
            ++snippets;
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * g_bytes));
    state.counters["snippets/s"] =
        benchmark::Counter(static_cast<double>(snippets), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_snippet<false, false>)
    ->Name("BM_snippet_passages/as_typed")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);
BENCHMARK(BM_snippet<true, false>)
    ->Name("BM_snippet_whole_text/as_typed")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);
BENCHMARK(BM_snippet<false, true>)
    ->Name("BM_snippet_passages/unaccented")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);
BENCHMARK(BM_snippet<true, true>)
    ->Name("BM_snippet_whole_text/unaccented")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: snippet_bench [benchmark flags] CORPUS.jsonl [MAX_ARTICLES]\n");
        return 2;
    }
    const std::size_t max_articles = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 2000;
    load(argv[1], max_articles);
    check_same(200);
    check_same(80);
    std::fprintf(stderr, "snippet_bench: %zu articles, %.1f MB; same snippets both ways\n",
                 g_cases.size(), g_bytes / 1e6);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
