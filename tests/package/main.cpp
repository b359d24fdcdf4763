// SPDX-License-Identifier: Apache-2.0
// Built by .ci/run against the *installed* package: proves find_package(vnsearch) works.
#include <cstdio>

#include <vnsearch/vnsearch.hpp>

int main() {
    vnsearch::Analyzer analyzer;
    const auto analysis = analyzer.analyze("Thủ đô Hà Nội");
    if (analysis.tokens.size() != 4 || analysis.tokens[2].base != "ha") return 1;
    std::printf("vnsearch %s: %zu tokens\n", VNSEARCH_VERSION_STRING, analysis.tokens.size());
    return 0;
}
