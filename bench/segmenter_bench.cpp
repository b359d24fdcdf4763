// SPDX-License-Identifier: Apache-2.0
// Segmenter::segment alone: the dictionary DP over runs of syllables, without tokenizing. Usage:
//   segmenter_bench [benchmark flags] TEXT.txt [MAX_MB]
// TEXT is plain text, e.g. ../shared/data/segmentation/vtb_train.raw.txt or the
// one-paragraph-a-line file of `bench/make_legacy_corpus.py speed`. It is analysed once, outside
// the timed loop, into runs of letter tokens' base forms (what the analyzer hands the segmenter);
// the loop segments every run. Reports bytes/s of the text and words/s. BM_words_only in
// analyzer_bench measures the same work inside the analyzer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <vnsearch/analyzer.hpp>

#include "text/segmenter.hpp"

namespace {

std::vector<std::string> g_bases;                   // every letter token's base form, in order
std::vector<std::vector<std::string_view>> g_runs;  // runs of consecutive letter tokens
std::size_t g_bytes = 0;

bool is_syllable(std::string_view base) {
    if (base.empty()) return false;
    for (const char c : base) {
        if (c < 'a' || c > 'z') return false;
    }
    return true;
}

void load(const char* path, std::size_t max_bytes) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "segmenter_bench: cannot read \"%s\"\n", path);
        std::exit(1);
    }
    vnsearch::AnalyzerOptions options;
    options.segment_words = false;
    vnsearch::Analyzer analyzer(options);
    vnsearch::Analysis analysis;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) into g_bases
    std::string line;
    while (g_bytes < max_bytes && std::getline(in, line)) {
        g_bytes += line.size() + 1;
        analyzer.analyze(line, analysis);
        std::size_t run_begin = g_bases.size();
        for (const auto& token : analysis.tokens) {
            if (is_syllable(token.base)) {
                g_bases.push_back(token.base);
                continue;
            }
            if (g_bases.size() > run_begin) spans.emplace_back(run_begin, g_bases.size());
            run_begin = g_bases.size();
        }
        if (g_bases.size() > run_begin) spans.emplace_back(run_begin, g_bases.size());
    }
    // Views only once g_bases has stopped growing.
    for (const auto& [begin, end] : spans) {
        g_runs.emplace_back(g_bases.begin() + static_cast<std::ptrdiff_t>(begin),
                            g_bases.begin() + static_cast<std::ptrdiff_t>(end));
    }
}

void BM_segment_runs(benchmark::State& state) {
    const vnsearch::text::Segmenter segmenter;
    std::vector<std::uint32_t> lengths;
    std::size_t words = 0;
    for (auto _ : state) {
        for (const auto& run : g_runs) {
            segmenter.segment(run, lengths);
            words += lengths.size();
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * g_bytes));
    state.counters["words"] =
        benchmark::Counter(static_cast<double>(words), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_segment_runs)->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: segmenter_bench [benchmark flags] TEXT.txt [MAX_MB]\n");
        return 2;
    }
    const std::size_t max_mb = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 32;
    load(argv[1], max_mb << 20);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
