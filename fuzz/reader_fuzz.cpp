// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the readers: arbitrary bytes go through the plain-text article parser, the
// date recogniser, and the JSON-lines path (gzip/zstd decoder picked by the magic bytes, the
// bounded line splitter, record parsing). Checks size invariants besides "no crash".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/byte_source.hpp"
#include "ingest/date.hpp"
#include "ingest/jsonl_reader.hpp"
#include "ingest/plain_reader.hpp"

namespace {

constexpr std::size_t max_line = 4096;

void check(bool ok) {
    if (!ok) __builtin_trap();
}

void fuzz_plain_text(std::string_view bytes) {
    (void)vnsearch::ingest::looks_binary(bytes);
    const vnsearch::Document doc = vnsearch::ingest::parse_plain_text(bytes);
    std::size_t out = doc.title.size() + doc.summary.size() + doc.body.size() + doc.author.size();
    for (const auto& [key, value] : doc.fields) out += value.size();
    // Everything extracted is input text, plus ": " between at most four headline lines.
    check(out <= bytes.size() + 8);
    check(doc.date.empty() || doc.date.size() == 10 || doc.date.size() == 19);
}

void fuzz_json_lines(std::string_view bytes) {
    using vnsearch::ingest::LineReader;
    vnsearch::ingest::MemorySource memory(bytes);
    const auto decoder =
        vnsearch::ingest::decompress(memory, vnsearch::ingest::sniff_compression(bytes));
    vnsearch::ingest::ByteSource& source = decoder ? *decoder : memory;
    LineReader lines(source, max_line);
    LineReader::Line line;
    for (int n = 0; n < 100000; ++n) {
        const LineReader::Status status = lines.next(line);
        if (status == LineReader::Status::end || status == LineReader::Status::error) break;
        if (status == LineReader::Status::too_long) {
            check(line.length > max_line);
            continue;
        }
        check(line.text.size() <= max_line);
        const auto record = vnsearch::ingest::parse_json_record(line.text);
        check(record.document.has_value() != !record.problem.empty());
        if (record.document) check(!record.document->id.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    fuzz_plain_text(bytes);
    const std::string date = vnsearch::ingest::normalize_date(bytes.substr(0, 256));
    check(date.empty() || date.size() == 10 || date.size() == 19);
    fuzz_json_lines(bytes);
    return 0;
}
