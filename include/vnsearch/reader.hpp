// SPDX-License-Identifier: Apache-2.0
// DocumentReader turns input bytes into Documents: JSON lines (one article a line) and plain-text
// articles, from a file, a folder (recursively, in sorted order) or standard input, with .gz and
// .zst files decompressed on the fly. Bad input never stops a batch: every skipped, repaired or
// converted record becomes a ReadIssue. A DocumentReader is move-only and not safe for concurrent
// use, with one exception: bytes_read() and bytes_total() may be called from another thread
// (progress).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <vnsearch/document.hpp>
#include <vnsearch/encoding.hpp>
#include <vnsearch/export.hpp>

namespace vnsearch {

/// What an issue means for the data it names. A DocumentReader reports the first three; a batch
/// job (index_documents) adds the last two.
enum class IssueKind {
    /// Nothing was indexed from the record, the file, or the rest of the file after the error.
    skipped,
    /// The record was read with the bytes that could not be decoded replaced by U+FFFD.
    repaired,
    /// The record was read after converting it from VIQR (Vietnamese spelt in ASCII, "Vie^.t"),
    /// which the reader detected. Nothing was lost; the issue says it happened.
    converted,
    /// An id seen before in the same run: the last record with it wins.
    duplicate,
    /// About the job rather than one record: an input that could not be opened, pruning not done,
    /// segments left by an earlier run.
    notice,
};

/// One issue found while reading: `file` as given or joined to the folder given ("-" for
/// standard input), `line` 1-based for JSON lines (0: the whole file), what it means (`kind`),
/// and a lower-case message for people, naming the problem ("malformed json: ...", "binary
/// file: skipped", "converted from viqr", ...). Programs should test `kind`, never the message.
struct ReadIssue {
    std::string file;
    std::uint64_t line = 0;
    IssueKind kind = IssueKind::skipped;
    std::string message;
};

/// Options fixed at construction.
struct ReaderOptions {
    /// Read every file in this encoding instead of detecting it (default: detect). Detection also
    /// converts ASCII text that is clearly VIQR (is_clearly_viqr(): a plain-text file whole, a
    /// JSON-lines record by its ASCII text fields) and reports an IssueKind::converted issue;
    /// any forced encoding, utf8 included, turns that off.
    std::optional<Encoding> encoding;
    /// A JSON line or a plain-text file larger than this is skipped and reported, without ever
    /// being held in memory whole (default 64 MiB).
    std::size_t max_record_bytes = std::size_t{64} << 20;
};

/// Reads Documents from a path:
/// - "-": JSON lines from standard input (gzip or zstd input is recognised by its magic bytes);
/// - a file: `*.jsonl`, `*.ndjson` and `*.json` are JSON lines, any other file is a plain-text
///   article; a trailing `.gz` or `.zst` is decompressed first (`x.jsonl.zst` is JSON lines);
///   a pipe or device ("<(zstdcat x.zst)", /dev/stdin) is read like "-";
/// - a folder: the files below it, recursively, in byte-wise sorted order of the relative path,
///   that are JSON lines (as above) or text (`*.txt`, `*.text`, or no extension; compressed or
///   not). Other files (pictures, PDFs, README.md), names starting with '.' and linked folders
///   are passed over without an issue.
///
/// A plain-text article saved from a Vietnamese paper (a weekday-and-date line, kicker and title,
/// a lead opening with the paper's tag "LSO-", captions, body, author in capitals) gives date,
/// title ("kicker: title"), summary (the lead without its tag), body, author, and the image
/// captions in fields["captions"]. Any other text: the first non-empty line is the title, the
/// rest the body. In both, a closing byline on the last line ("PHÙNG KHIÊM – PHƯƠNG DUNG",
/// "Bài, ảnh: NGUYỄN VĂN AN", "Theo TTXVN", "(Theo Báo Lạng Sơn)") becomes the author, as
/// written but without the credit, "Theo" and parentheses, and is not part of the body; a last
/// line that merely could be one (a heading, an acronym, one word in capitals) stays in the body.
/// In a JSON line, id (string or number), title, summary, body, date, url, source, category, author
/// and tags (array, or "a, b") go to their members, any other key to Document::fields (non-strings
/// as JSON text). Dates become ISO 8601 when recognised ("24/10/2020" -> "2020-10-24"); an
/// unrecognised one is kept in fields["date"].
///
/// JSON lines carry their own `id`. A plain-text file's id is its path relative to the folder
/// given (or its file name when a single file is given). Document::origin is the file a document
/// came from, as given or joined to the folder given (empty for standard input).
class VNSEARCH_API DocumentReader {
public:
    /// @throws Error{Errc::io} if `path` does not exist or cannot be opened. Problems inside a
    /// folder, and with the content of any file, are issues, never exceptions.
    explicit DocumentReader(const std::string& path, ReaderOptions options = {});
    DocumentReader(DocumentReader&&) noexcept;
    DocumentReader& operator=(DocumentReader&&) noexcept;
    DocumentReader(const DocumentReader&) = delete;
    DocumentReader& operator=(const DocumentReader&) = delete;
    ~DocumentReader();

    /// The next good document, or nullopt when every input has been read.
    [[nodiscard]] std::optional<Document> next();
    /// The line the document next() last returned started on: 1-based in a JSON-lines input,
    /// 0 for a document that is a whole file.
    [[nodiscard]] std::uint64_t line() const;
    /// Every record skipped, repaired or converted so far, in input order.
    [[nodiscard]] const std::vector<ReadIssue>& issues() const;
    /// Input bytes consumed so far (compressed bytes for compressed files), for progress; updated
    /// at each next(). Safe to call while another thread runs next().
    [[nodiscard]] std::uint64_t bytes_read() const;
    /// The sum of the input file sizes, or 0 if unknown (standard input). Thread-safe.
    [[nodiscard]] std::uint64_t bytes_total() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vnsearch
