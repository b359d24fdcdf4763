// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the stored article codec (store/stored_article.hpp). The input is read three
// ways: as an encoded article (decode must never crash, and what it reads must encode and read
// back the same), as the fields of an article separated by 0xFF bytes (decode(encode(a)) == a
// when the fields are valid UTF-8; else the encoder's replacement is stable), and as a zstd
// frame (decompress either returns or throws vnsearch::Error, never crashes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/error.hpp>

#include "store/stored_article.hpp"
#include "text/utf8.hpp"

namespace {

using vnsearch::store::StoredArticle;

bool all_valid(const StoredArticle& a) {
    using vnsearch::text::is_valid_utf8;
    for (const std::string* s : {&a.id, &a.title, &a.summary, &a.body, &a.date, &a.url, &a.source,
                                 &a.category, &a.author, &a.origin, &a.encoding}) {
        if (!is_valid_utf8(*s)) return false;
    }
    for (const std::string& t : a.tags)
        if (!is_valid_utf8(t)) return false;
    for (const auto& [k, v] : a.fields)
        if (!is_valid_utf8(k) || !is_valid_utf8(v)) return false;
    return true;
}

// decode(encode(a)) gives `a` back, or, where `a` holds invalid UTF-8, an article whose own
// encoding is the same bytes (the replacement happens once).
void check_round_trip(const StoredArticle& a) {
    const std::string json = vnsearch::store::encode(a);
    StoredArticle back;
    if (!vnsearch::store::decode(json, back)) std::abort();
    if (all_valid(a)) {
        if (!(back == a)) std::abort();
    } else if (vnsearch::store::encode(back) != json) {
        std::abort();
    }
}

StoredArticle split_fields(std::string_view data) {
    std::vector<std::string> parts(1);
    for (const char c : data) {
        if (static_cast<unsigned char>(c) == 0xFF)
            parts.emplace_back();
        else
            parts.back().push_back(c);
    }
    parts.resize(15);
    StoredArticle a;
    std::string* const strings[] = {&a.id,     &a.title,  &a.summary, &a.body,
                                    &a.date,   &a.url,    &a.source,  &a.category,
                                    &a.author, &a.origin, &a.encoding};
    for (std::size_t i = 0; i < std::size(strings); ++i) *strings[i] = parts[i];
    if (!parts[11].empty()) a.tags = {parts[11], parts[12]};
    if (!parts[13].empty() || !parts[14].empty()) a.fields[parts[13]] = parts[14];
    return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    StoredArticle read;
    if (vnsearch::store::decode(bytes, read)) check_round_trip(read);

    check_round_trip(split_fields(bytes));

    try {
        const std::string text = vnsearch::store::decompress(bytes);
        static vnsearch::store::Compressor compressor;
        if (vnsearch::store::decompress(compressor.compress(text)) != text) std::abort();
    } catch (const vnsearch::Error&) {  // a damaged frame is index_corrupt, not a crash
    }
    return 0;
}
