// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as a query against a small real index, through the whole
// search path (parser, builder, Xapian, snippets, suggestion). Only Errc::invalid_query may be
// thrown; hits must be ranked in order (by relevance, with scores that never go up) and
// highlights must lie inside their snippet, in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>
#include <vnsearch/searcher.hpp>

namespace {

const vnsearch::Searcher& searcher() {
    static const vnsearch::Searcher s = [] {
        const std::string path =
            (std::filesystem::temp_directory_path() / "vnsearch-query-fuzz-index").string();
        {
            vnsearch::IndexWriter w(path, vnsearch::OpenMode::create);
            const char* texts[][2] = {
                {"Hà Nội mùa thu", "Thủ đô Hà Nội đẹp nhất vào mùa thu."},
                {"Kinh tế", "Nền kinh tế Việt Nam tăng trưởng; kẹt xe ở TP.HCM và TPHCM."},
                {"Đường", "Con đường, đại dương và người đương thời. Dê và dế. Thể và thế."},
            };
            int n = 0;
            for (const auto& t : texts) {
                vnsearch::Document d;
                d.id = std::to_string(++n);
                d.title = t[0];
                d.body = t[1];
                d.date = "2020-10-2" + std::to_string(n);
                d.source = "Báo Mẫu";
                d.tags = {"thẻ"};
                w.add(d);
            }
            w.commit();
        }
        return vnsearch::Searcher(path);
    }();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view query(reinterpret_cast<const char*>(data), size);
    vnsearch::SearchOptions options;
    options.snippet_length = 1 + size % 64;
    options.sort = size % 2 ? vnsearch::SortOrder::date : vnsearch::SortOrder::relevance;
    options.offset = (size / 2) % 3;
    try {
        const auto r = searcher().search(query, options);
        std::size_t rank = options.offset;
        double previous_score = 0;
        for (const auto& h : r.hits) {
            if (h.rank != ++rank) std::abort();
            // By relevance, the reranked scores (search/rerank.hpp) never go up.
            if (options.sort == vnsearch::SortOrder::relevance && rank > options.offset + 1 &&
                h.score > previous_score)
                std::abort();
            previous_score = h.score;
            std::size_t previous = 0;
            for (const auto& [b, e] : h.snippet.highlights) {
                if (b < previous || b >= e || e > h.snippet.text.size()) std::abort();
                previous = e;
            }
        }
    } catch (const vnsearch::Error& e) {
        if (e.code() != vnsearch::Errc::invalid_query) std::abort();
    }
    return 0;
}
