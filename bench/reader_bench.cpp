// SPDX-License-Identifier: Apache-2.0
// DocumentReader throughput: bytes in, documents out, through the public API. Usage:
//   reader_bench [benchmark flags] [INPUT]
// INPUT is any file or folder `vnsearch index` reads (e.g.
// ../shared/data/corpus/baomoi-35k.jsonl.zst, compressed or not); the default is the repository's
// sample corpus, data/sample. Reports bytes/s of input as read from disk (compressed bytes for a
// compressed file) and documents/s.
#include <cstdint>
#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>

#include <vnsearch/reader.hpp>

namespace {

std::string g_input = VNSEARCH_SOURCE_DIR "/data/sample";

void BM_read_documents(benchmark::State& state) {
    std::uint64_t documents = 0, bytes = 0, text_bytes = 0;
    for (auto _ : state) {
        vnsearch::DocumentReader reader(g_input);
        while (auto doc = reader.next()) {
            ++documents;
            text_bytes += doc->title.size() + doc->summary.size() + doc->body.size();
        }
        bytes += reader.bytes_read();
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
    state.counters["docs/s"] =
        benchmark::Counter(static_cast<double>(documents), benchmark::Counter::kIsRate);
    state.counters["text MB"] =
        benchmark::Counter(static_cast<double>(text_bytes) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_read_documents)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc > 2) {
        std::fprintf(stderr, "usage: reader_bench [benchmark flags] [INPUT]\n");
        return 2;
    }
    if (argc > 1) g_input = argv[1];
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
