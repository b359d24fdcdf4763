// SPDX-License-Identifier: Apache-2.0
// Streaming input for the readers: a ByteSource yields bytes in chunks (a file, standard input, a
// memory buffer, or a gzip/zstd decoder wrapped around another source), and LineReader splits a
// source into lines with a bounded buffer, so a huge line is skipped without being held whole.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vnsearch::ingest {

/// A stream of bytes. read() returns 0 only at the end; error() then says whether the end was
/// clean (empty) or the stream was cut short or corrupt (a lower-case message).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes into `out`; returns 0 at the end of the stream.
    virtual std::size_t read(char* out, std::size_t size) = 0;
    /// Empty, or why the stream ended early ("truncated gzip stream", ...).
    [[nodiscard]] const std::string& error() const { return error_; }

protected:
    std::string error_;
};

/// A file or standard input. Counts the bytes it has read, for progress reports.
class FileSource final : public ByteSource {
public:
    /// Opens `path` ("-" is standard input). Check is_open() and error() afterwards.
    explicit FileSource(const std::string& path);
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    ~FileSource() override;

    std::size_t read(char* out, std::size_t size) override;
    [[nodiscard]] bool is_open() const { return file_ != nullptr; }
    [[nodiscard]] std::uint64_t bytes_read() const { return bytes_read_; }
    /// Reads up to `size` bytes ahead without consuming them (used to sniff magic numbers).
    std::string_view peek(std::size_t size);

private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::uint64_t bytes_read_ = 0;
    std::string peeked_;
    std::size_t peeked_pos_ = 0;
};

/// A byte string held elsewhere (tests and fuzzing).
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* out, std::size_t size) override;

private:
    std::string_view bytes_;
};

enum class Compression { none, gzip, zstd };

/// The compression a file name announces (".gz", ".zst"), and its name without that suffix.
Compression compression_of(std::string_view name);
std::string_view strip_compression(std::string_view name);
/// The compression announced by the first bytes of a stream (gzip and zstd magic numbers).
Compression sniff_compression(std::string_view head);

/// Wraps `inner` in a decoder for `compression` (none: returns `inner` as it is).
std::unique_ptr<ByteSource> decompress(std::unique_ptr<ByteSource> inner, Compression compression);
/// Same, for a source owned by the caller (which must outlive the result).
std::unique_ptr<ByteSource> decompress(ByteSource& inner, Compression compression);

/// Splits a source into lines ("\n", with a trailing "\r" removed). A line of more than
/// `max_line_bytes` is skipped as it streams past and reported as too_long, so memory stays
/// bounded by about max_line_bytes plus one read chunk.
class LineReader {
public:
    enum class Status { line, too_long, end, error };
    struct Line {
        std::string_view text;     ///< valid until the next call (empty when too_long)
        std::uint64_t number = 0;  ///< 1-based line number
        std::uint64_t length = 0;  ///< length in bytes (also for too_long lines)
    };

    LineReader(ByteSource& source, std::size_t max_line_bytes);
    /// The next line. `error` means the stream ended early: the incomplete last line (whose number
    /// `line` gets) is dropped and source.error() says why. Afterwards every call returns `end`.
    Status next(Line& line);
    /// The first bytes of the stream (up to `size`) without consuming anything.
    std::string_view head(std::size_t size);
    /// Bytes held for buffering: stays below max_line_bytes plus 2 MiB, whatever the input.
    [[nodiscard]] std::size_t buffer_bytes() const { return buffer_.capacity(); }

private:
    bool fill();  // reads more into the buffer; false at the end of the source
    Status skip_long_line(Line& line);

    ByteSource& source_;
    std::size_t max_line_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;  // start of the unconsumed bytes
    std::size_t scan_ = 0;   // where to continue looking for '\n'
    std::size_t end_ = 0;    // end of the valid bytes
    std::uint64_t line_number_ = 0;
    bool eof_ = false;
    bool done_ = false;
};

/// Reads a whole source into `out`, up to `max_bytes`. Returns false if the source holds more
/// (then `out` holds the first max_bytes bytes); a stream error shows in source.error().
bool read_all(ByteSource& source, std::size_t max_bytes, std::string& out);

}  // namespace vnsearch::ingest
