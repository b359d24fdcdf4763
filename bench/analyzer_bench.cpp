// SPDX-License-Identifier: Apache-2.0
// Analyzer throughput on real text. Usage:
//   analyzer_bench [benchmark flags] CORPUS.jsonl|CORPUS.txt [MAX_MB]
// CORPUS is a JSON-lines file of articles (e.g. baomoi-35k decompressed with zstd -dc), whose
// title, summary and body are analysed as one text, or a .txt file analysed one line at a time
// (the shape of `vnsearch analyze --words`). Reports bytes/s.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>

namespace {

std::vector<std::string> g_texts;
std::size_t g_bytes = 0;

void load(const char* path, std::size_t max_bytes) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "analyzer_bench: cannot read \"%s\"\n", path);
        std::exit(1);
    }
    const bool plain = std::string_view(path).ends_with(".txt");
    std::string line;
    while (g_bytes < max_bytes && std::getline(in, line)) {
        if (plain) {
            g_bytes += line.size() + 1;
            g_texts.push_back(std::move(line));
            continue;
        }
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object()) continue;
        std::string text;
        for (const char* field : {"title", "summary", "body"}) {
            if (j.contains(field) && j[field].is_string()) {
                text += j[field].get<std::string>();
                text += '\n';
            }
        }
        g_bytes += text.size();
        g_texts.push_back(std::move(text));
    }
}

void run(benchmark::State& state, bool segment,
         vnsearch::TokenForms forms = vnsearch::TokenForms::all) {
    vnsearch::AnalyzerOptions options;
    options.segment_words = segment;
    options.token_forms = forms;
    vnsearch::Analyzer analyzer(options);
    vnsearch::Analysis analysis;
    std::size_t tokens = 0;
    for (auto _ : state) {
        for (const auto& text : g_texts) {
            analyzer.analyze(text, analysis);
            tokens += analysis.tokens.size();
            benchmark::DoNotOptimize(analysis.tokens.data());
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * g_bytes));
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}

void BM_normalize_tokenize_forms(benchmark::State& state) { run(state, false); }
void BM_full_analysis_with_segmentation(benchmark::State& state) { run(state, true); }
// What `analyze --words` asks for: words and offsets, no token forms.
void BM_words_only(benchmark::State& state) { run(state, true, vnsearch::TokenForms::none); }

BENCHMARK(BM_normalize_tokenize_forms)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_full_analysis_with_segmentation)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_words_only)->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: analyzer_bench [benchmark flags] CORPUS.jsonl|CORPUS.txt [MAX_MB]\n");
        return 2;
    }
    const std::size_t max_mb = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 32;
    load(argv[1], max_mb << 20);
    std::fprintf(stderr, "analyzer_bench: %zu texts, %.1f MB\n", g_texts.size(), g_bytes / 1e6);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
