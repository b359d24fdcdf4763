// SPDX-License-Identifier: Apache-2.0
#include "ingest/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

#include <zlib.h>
#include <zstd.h>

namespace vnsearch::ingest {
namespace {

// Read and growth step: big enough for fast streaming, small enough for folders of tiny files.
constexpr std::size_t chunk_bytes = std::size_t{128} << 10;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Holds the inner source of a decoder, owned or borrowed.
class Decoder : public ByteSource {
protected:
    Decoder(std::unique_ptr<ByteSource> owned, ByteSource& inner)
        : owned_(std::move(owned)), inner_(inner), in_(chunk_bytes) {}

    // Reads the next compressed chunk; 0 at the end. Adopts the inner source's error, if any.
    std::size_t read_inner() {
        const std::size_t n = inner_.read(in_.data(), in_.size());
        if (n == 0 && !inner_.error().empty()) error_ = inner_.error();
        return n;
    }

    std::unique_ptr<ByteSource> owned_;
    ByteSource& inner_;
    std::vector<char> in_;
    bool done_ = false;
};

// gzip (and zlib) streams; concatenated gzip members are read one after the other, like gunzip.
class GzipSource final : public Decoder {
public:
    GzipSource(std::unique_ptr<ByteSource> owned, ByteSource& inner)
        : Decoder(std::move(owned), inner) {
        // 15 + 32: largest window, detect gzip or zlib headers automatically.
        if (inflateInit2(&zs_, 15 + 32) != Z_OK) {
            error_ = "cannot start the gzip decoder";
            done_ = true;
        }
    }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    ~GzipSource() override { inflateEnd(&zs_); }

    std::size_t read(char* out, std::size_t size) override {
        if (done_ || size == 0) return 0;
        const auto want = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
        zs_.next_out = reinterpret_cast<Bytef*>(out);
        zs_.avail_out = want;
        while (zs_.avail_out == want && !done_) step();
        return want - zs_.avail_out;
    }

private:
    void step() {
        if (zs_.avail_in == 0) {
            const std::size_t n = read_inner();
            if (n == 0) {
                if (in_member_ && error_.empty()) error_ = "truncated gzip stream";
                done_ = true;
                return;
            }
            zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
            zs_.avail_in = static_cast<uInt>(n);
            if (!in_member_) {  // bytes after a complete member: another member
                inflateReset(&zs_);
                in_member_ = true;
            }
        }
        const int rc = inflate(&zs_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            in_member_ = false;
            if (zs_.avail_in > 0) {
                inflateReset(&zs_);
                in_member_ = true;
            }
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            error_ =
                std::string("corrupt gzip data (") + (zs_.msg ? zs_.msg : "unknown error") + ")";
            done_ = true;
        }
    }

    z_stream zs_{};
    bool in_member_ = true;
};

class ZstdSource final : public Decoder {
public:
    ZstdSource(std::unique_ptr<ByteSource> owned, ByteSource& inner)
        : Decoder(std::move(owned), inner), dctx_(ZSTD_createDCtx()) {
        if (dctx_ == nullptr) {
            error_ = "cannot start the zstd decoder";
            done_ = true;
        }
    }
    ZstdSource(const ZstdSource&) = delete;
    ZstdSource& operator=(const ZstdSource&) = delete;
    ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }

    std::size_t read(char* out, std::size_t size) override {
        ZSTD_outBuffer ob{out, size, 0};
        while (ob.pos == 0 && !done_ && size > 0) {
            if (ib_.pos == ib_.size && !in_eof_) {
                const std::size_t n = read_inner();
                ib_ = ZSTD_inBuffer{in_.data(), n, 0};
                in_eof_ = n == 0;
            }
            const std::size_t in_before = ib_.pos;
            const std::size_t ret = ZSTD_decompressStream(dctx_, &ob, &ib_);
            if (ZSTD_isError(ret)) {
                error_ = std::string("corrupt zstd data (") + ZSTD_getErrorName(ret) + ")";
                done_ = true;
                break;
            }
            // 0 means a frame is complete and flushed. A call without input or output would
            // only start waiting for the next frame, so it does not count.
            if (ib_.pos != in_before || ob.pos > 0) frame_open_ = ret != 0;
            if (in_eof_ && ib_.pos == ib_.size && ob.pos == 0) {
                if (frame_open_ && error_.empty()) error_ = "truncated zstd stream";
                done_ = true;
            }
        }
        return ob.pos;
    }

private:
    ZSTD_DCtx* dctx_;
    ZSTD_inBuffer ib_{nullptr, 0, 0};
    bool in_eof_ = false;
    bool frame_open_ = true;  // an empty input is a truncated stream
};

}  // namespace

FileSource::FileSource(const std::string& path) {
    if (path == "-") {
        file_ = stdin;
    } else {
        file_ = std::fopen(path.c_str(), "rb");
        owned_ = true;
        if (file_ == nullptr) error_ = std::strerror(errno);
    }
    // We always read in large chunks into our own buffers: stdio's buffer would be a copy.
    if (file_ != nullptr) std::setvbuf(file_, nullptr, _IONBF, 0);
}

FileSource::~FileSource() {
    if (owned_ && file_ != nullptr) std::fclose(file_);
}

std::size_t FileSource::read(char* out, std::size_t size) {
    if (peeked_pos_ < peeked_.size()) {
        const std::size_t n = std::min(size, peeked_.size() - peeked_pos_);
        std::memcpy(out, peeked_.data() + peeked_pos_, n);
        peeked_pos_ += n;
        return n;
    }
    if (file_ == nullptr || size == 0) return 0;
    const std::size_t n = std::fread(out, 1, size, file_);
    if (n == 0 && std::ferror(file_)) error_ = std::string("read error: ") + std::strerror(errno);
    bytes_read_ += n;
    return n;
}

std::string_view FileSource::peek(std::size_t size) {
    if (peeked_.size() - peeked_pos_ < size && file_ != nullptr) {
        peeked_.erase(0, peeked_pos_);
        peeked_pos_ = 0;
        const std::size_t have = peeked_.size();
        peeked_.resize(size);
        std::size_t got = have;
        while (got < size) {
            const std::size_t n = std::fread(peeked_.data() + got, 1, size - got, file_);
            if (n == 0) break;
            got += n;
        }
        bytes_read_ += got - have;
        peeked_.resize(got);
    }
    return std::string_view(peeked_).substr(peeked_pos_, size);
}

std::size_t MemorySource::read(char* out, std::size_t size) {
    const std::size_t n = std::min(size, bytes_.size());
    if (n > 0) std::memcpy(out, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
}

Compression compression_of(std::string_view name) {
    if (ends_with(name, ".gz")) return Compression::gzip;
    if (ends_with(name, ".zst")) return Compression::zstd;
    return Compression::none;
}

std::string_view strip_compression(std::string_view name) {
    switch (compression_of(name)) {
        case Compression::gzip:
            return name.substr(0, name.size() - 3);
        case Compression::zstd:
            return name.substr(0, name.size() - 4);
        case Compression::none:
            break;
    }
    return name;
}

Compression sniff_compression(std::string_view head) {
    if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') return Compression::gzip;
    if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) {
        return Compression::zstd;
    }
    return Compression::none;
}

std::unique_ptr<ByteSource> decompress(std::unique_ptr<ByteSource> inner, Compression compression) {
    ByteSource& ref = *inner;
    switch (compression) {
        case Compression::gzip:
            return std::make_unique<GzipSource>(std::move(inner), ref);
        case Compression::zstd:
            return std::make_unique<ZstdSource>(std::move(inner), ref);
        case Compression::none:
            break;
    }
    return inner;
}

std::unique_ptr<ByteSource> decompress(ByteSource& inner, Compression compression) {
    switch (compression) {
        case Compression::gzip:
            return std::make_unique<GzipSource>(nullptr, inner);
        case Compression::zstd:
            return std::make_unique<ZstdSource>(nullptr, inner);
        case Compression::none:
            break;
    }
    return nullptr;  // callers read `inner` directly
}

LineReader::LineReader(ByteSource& source, std::size_t max_line_bytes)
    : source_(source), max_line_(max_line_bytes), buffer_(chunk_bytes) {}

bool LineReader::fill() {
    if (begin_ > 0) {  // keep the unconsumed tail at the front
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        scan_ -= begin_;
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() > 32 * chunk_bytes && end_ <= chunk_bytes) {
        // A huge line has gone by: give its memory back instead of holding it to the end.
        std::vector<char>(buffer_.begin(), buffer_.begin() + 2 * chunk_bytes).swap(buffer_);
    }
    if (buffer_.size() - end_ < chunk_bytes / 2) {
        // Grow towards max_line + one chunk, never beyond: longer lines are skipped instead.
        const std::size_t limit = max_line_ > SIZE_MAX - chunk_bytes
                                      ? SIZE_MAX
                                      : std::max(max_line_, std::size_t{1}) + chunk_bytes;
        const std::size_t size = std::min(std::max(buffer_.size() * 2, end_ + chunk_bytes), limit);
        buffer_.reserve(size);  // exactly: resize() alone may double the capacity
        buffer_.resize(size);
    }
    const std::size_t n = source_.read(buffer_.data() + end_, buffer_.size() - end_);
    end_ += n;
    if (n == 0) eof_ = true;
    return n > 0;
}

LineReader::Status LineReader::next(Line& line) {
    if (done_) return Status::end;
    for (;;) {
        if (scan_ < end_) {
            const char* data = buffer_.data();
            const void* nl = std::memchr(data + scan_, '\n', end_ - scan_);
            if (nl != nullptr) {
                const std::size_t pos = static_cast<const char*>(nl) - data;
                std::string_view text(data + begin_, pos - begin_);
                begin_ = scan_ = pos + 1;
                if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
                line.number = ++line_number_;
                line.length = text.size();
                if (text.size() > max_line_) {
                    line.text = {};
                    return Status::too_long;
                }
                line.text = text;
                return Status::line;
            }
            scan_ = end_;
        }
        if (end_ - begin_ > max_line_) return skip_long_line(line);
        if (eof_) {
            done_ = true;
            if (!source_.error().empty()) {  // the incomplete last line is dropped
                line = {{}, line_number_ + 1, end_ - begin_};
                return Status::error;
            }
            if (begin_ == end_) return Status::end;
            std::string_view text(buffer_.data() + begin_, end_ - begin_);
            begin_ = scan_ = end_;
            if (text.back() == '\r') text.remove_suffix(1);
            line = {text, ++line_number_, text.size()};
            return Status::line;
        }
        fill();
    }
}

LineReader::Status LineReader::skip_long_line(Line& line) {
    std::uint64_t length = end_ - begin_;
    begin_ = scan_ = end_ = 0;
    line.text = {};
    line.number = ++line_number_;
    while (!eof_) {
        const std::size_t n = source_.read(buffer_.data(), buffer_.size());
        if (n == 0) {
            eof_ = true;
            break;
        }
        const void* nl = std::memchr(buffer_.data(), '\n', n);
        if (nl != nullptr) {
            const std::size_t pos = static_cast<const char*>(nl) - buffer_.data();
            length += pos;
            begin_ = scan_ = pos + 1;
            end_ = n;
            break;
        }
        length += n;
    }
    line.length = length;
    return Status::too_long;
}

std::string_view LineReader::head(std::size_t size) {
    while (end_ - begin_ < size && !eof_) fill();
    return std::string_view(buffer_.data() + begin_, std::min(size, end_ - begin_));
}

bool read_all(ByteSource& source, std::size_t max_bytes, std::string& out) {
    out.clear();
    for (;;) {
        const std::size_t have = out.size();
        out.resize(have + chunk_bytes);
        const std::size_t n = source.read(out.data() + have, chunk_bytes);
        out.resize(have + n);
        if (n == 0) return true;
        if (out.size() > max_bytes) {
            out.resize(max_bytes);
            return false;
        }
    }
}

}  // namespace vnsearch::ingest
