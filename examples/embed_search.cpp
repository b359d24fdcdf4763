// SPDX-License-Identifier: Apache-2.0
// Embedding vnsearch: build a small index with IndexWriter, then query it with Searcher, the way
// the `vnsearch` tool does. Build with the tests (target embed_search) or against an installed
// vnsearch: find_package(vnsearch REQUIRED) + target_link_libraries(app vnsearch::vnsearch).
//
//   embed_search [INDEX_DIR] [QUERY]     (defaults: a temporary folder, "ha noi")
#include <cstdio>
#include <filesystem>
#include <string>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

int main(int argc, char** argv) {
    const std::string path =
        argc > 1 ? argv[1]
                 : (std::filesystem::temp_directory_path() / "vnsearch-embed-example").string();
    const std::string query = argc > 2 ? argv[2] : "ha noi";
    try {
        {
            vnsearch::IndexWriter writer(path, vnsearch::OpenMode::create);
            vnsearch::Document a;
            a.id = "hanoi";
            a.title = "Hà Nội mùa thu";
            a.body = "Thủ đô Hà Nội đẹp nhất vào mùa thu.";
            a.date = "2020-10-24";
            writer.add(a);
            vnsearch::Document b;
            b.id = "kinhte";
            b.title = "Kinh tế";
            b.body = "Nền kinh tế Việt Nam tăng trưởng mạnh.";
            writer.add(b);
            writer.commit();
        }
        const vnsearch::Searcher searcher(path);
        vnsearch::SearchOptions options;
        options.limit = 5;
        const vnsearch::SearchResults results = searcher.search(query, options);
        if (!results.suggestion.empty())
            std::printf("did you mean: %s\n", results.suggestion.c_str());
        for (const vnsearch::Hit& hit : results.hits) {
            // Print the snippet with [brackets] around every highlighted range.
            std::string text;
            std::size_t pos = 0;
            for (const auto& [begin, end] : hit.snippet.highlights) {
                text += hit.snippet.text.substr(pos, begin - pos) + "[" +
                        hit.snippet.text.substr(begin, end - begin) + "]";
                pos = end;
            }
            text += hit.snippet.text.substr(pos);
            std::printf("%zu. %s (%s, %.3f)\n   %s\n", hit.rank, hit.title.c_str(), hit.id.c_str(),
                        hit.score, text.c_str());
        }
        return 0;
    } catch (const vnsearch::Error& e) {
        std::fprintf(stderr, "embed_search: %s\n", e.what());
        return 1;
    }
}
