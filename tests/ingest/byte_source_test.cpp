// SPDX-License-Identifier: Apache-2.0
#include "ingest/byte_source.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

#include "support/compress.hpp"

using namespace vnsearch::ingest;
using vnsearch::test::gzip;
using vnsearch::test::zstd;

namespace {

// Hands out its bytes a few at a time, so lines straddle every possible read boundary.
class TrickleSource final : public ByteSource {
public:
    TrickleSource(std::string_view bytes, std::size_t step) : bytes_(bytes), step_(step) {}
    std::size_t read(char* out, std::size_t size) override {
        const std::size_t n = std::min({size, step_, bytes_.size()});
        std::memcpy(out, bytes_.data(), n);
        bytes_.remove_prefix(n);
        return n;
    }

private:
    std::string_view bytes_;
    std::size_t step_;
};

// `count` bytes of 'x' and then `tail`, generated as read: a huge line that never exists whole.
class LongLineSource final : public ByteSource {
public:
    LongLineSource(std::size_t count, std::string tail) : left_(count), tail_(std::move(tail)) {}
    std::size_t read(char* out, std::size_t size) override {
        if (left_ > 0) {
            const std::size_t n = std::min(size, left_);
            std::memset(out, 'x', n);
            left_ -= n;
            return n;
        }
        const std::size_t n = std::min(size, tail_.size() - tail_pos_);
        std::memcpy(out, tail_.data() + tail_pos_, n);
        tail_pos_ += n;
        return n;
    }

private:
    std::size_t left_;
    std::string tail_;
    std::size_t tail_pos_ = 0;
};

struct Read {
    std::vector<std::string> lines;
    std::vector<std::uint64_t> too_long;  // line numbers
    bool error = false;
};

Read read_lines(ByteSource& source, std::size_t max_line) {
    LineReader reader(source, max_line);
    Read out;
    LineReader::Line line;
    for (;;) {
        const auto status = reader.next(line);
        if (status == LineReader::Status::line) out.lines.emplace_back(line.text);
        if (status == LineReader::Status::too_long) out.too_long.push_back(line.number);
        if (status == LineReader::Status::error) out.error = true;
        if (status == LineReader::Status::end || status == LineReader::Status::error) break;
    }
    return out;
}

std::string text_of_size(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; s.size() < n; ++i) s += "{\"id\": \"" + std::to_string(i) + "\"}\n";
    s.resize(n);
    return s;
}

}  // namespace

TEST_CASE("LineReader: lines split the same at every read boundary") {
    struct Case {
        const char* why;
        std::string_view in;
        std::vector<std::string> lines;
    };
    const Case cases[] = {
        {"final newline", "a\nbb\n", {"a", "bb"}},
        {"no final newline", "a\nbb", {"a", "bb"}},
        {"CRLF", "a\r\nbb\r\n", {"a", "bb"}},
        {"empty lines are lines", "\n\na\n", {"", "", "a"}},
        {"empty input", "", {}},
        {"lone CR at the very end", "a\r", {"a"}},
    };
    for (const auto& c : cases) {
        for (const std::size_t step : {1, 2, 3, 1000}) {
            const std::string why = c.why;
            CAPTURE(why);
            CAPTURE(step);
            TrickleSource source(c.in, step);
            const Read r = read_lines(source, 100);
            CHECK(r.lines == c.lines);
            CHECK(r.too_long.empty());
            CHECK_FALSE(r.error);
        }
    }
}

TEST_CASE("LineReader: a line over the maximum is skipped, the next one is intact") {
    struct Case {
        const char* why;
        std::string_view in;
        std::size_t max;
        std::vector<std::string> lines;
        std::vector<std::uint64_t> too_long;
    };
    const Case cases[] = {
        {"exactly the maximum is kept", "12345\nab\n", 5, {"12345", "ab"}, {}},
        {"one byte more is skipped", "123456\nab\n", 5, {"ab"}, {1}},
        {"the last line, without newline", "ab\n123456", 5, {"ab"}, {2}},
        {"two long lines in a row", "123456\n1234567\nok", 5, {"ok"}, {1, 2}},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        MemorySource source(c.in);
        const Read r = read_lines(source, c.max);
        CHECK(r.lines == c.lines);
        CHECK(r.too_long == c.too_long);
    }
}

TEST_CASE("LineReader: a 50 MB line is skipped with bounded memory") {
    const std::size_t huge = std::size_t{50} << 20;
    const std::size_t max = std::size_t{4} << 20;
    LongLineSource source(huge, "\n{\"id\": \"after\"}\n");
    LineReader reader(source, max);
    LineReader::Line line;
    REQUIRE(reader.next(line) == LineReader::Status::too_long);
    CHECK(line.number == 1);
    CHECK(line.length == huge);
    REQUIRE(reader.next(line) == LineReader::Status::line);
    CHECK(line.number == 2);
    CHECK(line.text == R"({"id": "after"})");
    CHECK(reader.next(line) == LineReader::Status::end);
    CHECK(reader.buffer_bytes() <= max + (std::size_t{2} << 20));
}

TEST_CASE("LineReader: a 50 MB line under the maximum is returned whole") {
    const std::size_t huge = std::size_t{50} << 20;
    LongLineSource source(huge, "\nnext\n");
    LineReader reader(source, std::size_t{64} << 20);
    LineReader::Line line;
    REQUIRE(reader.next(line) == LineReader::Status::line);
    CHECK(line.text.size() == huge);
    CHECK(line.text.find_first_not_of('x') == std::string_view::npos);
    REQUIRE(reader.next(line) == LineReader::Status::line);
    CHECK(line.text == "next");
    CHECK(reader.next(line) == LineReader::Status::end);
    CHECK(reader.buffer_bytes() < (std::size_t{1} << 20));  // the 50 MB are given back
}

TEST_CASE("decompress: gzip and zstd streams read back exactly") {
    const std::string plain = text_of_size(3 << 20);  // several decoder chunks
    struct Case {
        const char* why;
        Compression compression;
        std::string packed;
    };
    const Case cases[] = {
        {"gzip", Compression::gzip, gzip(plain)},
        {"zstd", Compression::zstd, zstd(plain)},
        {"two concatenated gzip members", Compression::gzip,
         gzip(std::string_view(plain).substr(0, 1000)) +
             gzip(std::string_view(plain).substr(1000))},
        {"two concatenated zstd frames", Compression::zstd,
         zstd(std::string_view(plain).substr(0, 1000)) +
             zstd(std::string_view(plain).substr(1000))},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        MemorySource packed(c.packed);
        auto source = decompress(packed, c.compression);
        std::string out;
        CHECK(read_all(*source, std::size_t{1} << 30, out));
        CHECK(source->error().empty());
        CHECK(out == plain);
    }
}

TEST_CASE("decompress: truncated and corrupt streams report an error after the good bytes") {
    const std::string plain = text_of_size(1 << 20);
    const std::string gz = gzip(plain);
    const std::string zs = zstd(plain);
    std::string gz_corrupt = gz;
    gz_corrupt[gz.size() / 2] ^= 0x55;
    std::string zs_corrupt = zs;
    zs_corrupt[zs.size() / 2] ^= 0x55;
    struct Case {
        const char* why;
        Compression compression;
        std::string packed;
        std::string_view error_starts;
        bool good_prefix;  // truncation loses the end only; corruption may garble before detection
    };
    const Case cases[] = {
        {"gzip cut in half", Compression::gzip, gz.substr(0, gz.size() / 2), "truncated gzip",
         true},
        {"gzip without its trailer", Compression::gzip, gz.substr(0, gz.size() - 4),
         "truncated gzip", true},
        {"empty gzip file", Compression::gzip, "", "truncated gzip", true},
        {"gzip with a flipped byte", Compression::gzip, gz_corrupt, "corrupt gzip", false},
        {"not gzip at all", Compression::gzip, "hello world", "corrupt gzip", true},
        {"zstd cut in half", Compression::zstd, zs.substr(0, zs.size() / 2), "truncated zstd",
         true},
        {"empty zstd file", Compression::zstd, "", "truncated zstd", true},
        {"zstd with a flipped byte", Compression::zstd, zs_corrupt, "corrupt zstd", false},
        {"not zstd at all", Compression::zstd, "hello world", "corrupt zstd", true},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        MemorySource packed(c.packed);
        auto source = decompress(packed, c.compression);
        std::string out;
        read_all(*source, std::size_t{1} << 30, out);
        CHECK(source->error().substr(0, c.error_starts.size()) == c.error_starts);
        if (c.good_prefix) CHECK(plain.compare(0, out.size(), out) == 0);
    }
}

TEST_CASE("compression_of, strip_compression and sniff_compression") {
    CHECK(compression_of("a/x.jsonl.zst") == Compression::zstd);
    CHECK(compression_of("x.txt.gz") == Compression::gzip);
    CHECK(compression_of("x.txt") == Compression::none);
    CHECK(strip_compression("x.jsonl.zst") == "x.jsonl");
    CHECK(strip_compression("x.txt.gz") == "x.txt");
    CHECK(strip_compression("x.txt") == "x.txt");
    CHECK(sniff_compression(gzip("a")) == Compression::gzip);
    CHECK(sniff_compression(zstd("a")) == Compression::zstd);
    CHECK(sniff_compression("{\"id\"") == Compression::none);
    CHECK(sniff_compression("") == Compression::none);
}
