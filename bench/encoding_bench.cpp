// SPDX-License-Identifier: Apache-2.0
// decode_text throughput on legacy-encoded text. Usage:
//   encoding_bench [benchmark flags] [DIR]
// DIR holds baomoi.{utf8,tcvn3,vni}.txt from `bench/make_legacy_corpus.py speed DIR`; without it
// the repository's own fixtures (tests/data/encodings/prose.*.txt) are repeated to about 4 MB.
// Each encoding is decoded as one whole file, and as documents of about 4 KB cut at line ends
// (what ingest does per record, so detection runs once per document). Reports bytes/s of input.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include <vnsearch/encoding.hpp>

namespace {

struct Input {
    std::string whole;
    std::vector<std::string_view> documents;
};
std::map<std::string, Input> g_inputs;  // by encoding name

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "encoding_bench: cannot read \"%s\"\n", path.c_str());
        std::exit(1);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void load(const char* dir) {
    for (const char* name : {"utf8", "tcvn3", "vni"}) {
        Input& input = g_inputs[name];
        if (dir != nullptr) {
            input.whole = read_file(std::string(dir) + "/baomoi." + name + ".txt");
        } else {
            const std::string prose = read_file(
                std::string(VNSEARCH_SOURCE_DIR "/tests/data/encodings/prose.") + name + ".txt");
            while (input.whole.size() < (std::size_t{4} << 20)) input.whole += prose;
        }
        const std::string& bytes = input.whole;
        for (std::size_t start = 0; start < bytes.size();) {
            std::size_t end = bytes.find('\n', std::min(bytes.size(), start + 4096));
            end = end == std::string::npos ? bytes.size() : end + 1;
            input.documents.emplace_back(bytes.data() + start, end - start);
            start = end;
        }
    }
}

void BM_decode_whole_file(benchmark::State& state, const char* name) {
    const Input& input = g_inputs.at(name);
    for (auto _ : state) benchmark::DoNotOptimize(vnsearch::decode_text(input.whole).text.data());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.whole.size()));
}

void BM_decode_documents(benchmark::State& state, const char* name) {
    const Input& input = g_inputs.at(name);
    for (auto _ : state) {
        for (std::string_view doc : input.documents) {
            benchmark::DoNotOptimize(vnsearch::decode_text(doc).text.data());
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.whole.size()));
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc > 2) {
        std::fprintf(stderr, "usage: encoding_bench [benchmark flags] [DIR]\n");
        return 2;
    }
    load(argc > 1 ? argv[1] : nullptr);
    for (const char* name : {"utf8", "tcvn3", "vni"}) {
        benchmark::RegisterBenchmark((std::string("BM_decode_whole_file/") + name).c_str(),
                                     BM_decode_whole_file, name)
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((std::string("BM_decode_documents/") + name).c_str(),
                                     BM_decode_documents, name)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
