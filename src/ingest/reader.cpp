// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/reader.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>

#include "ingest/byte_source.hpp"
#include "ingest/jsonl_reader.hpp"
#include "ingest/plain_reader.hpp"

namespace vnsearch {
namespace {

namespace fs = std::filesystem;
using ingest::ByteSource;
using ingest::Compression;
using ingest::FileSource;
using ingest::LineReader;

constexpr std::size_t sniff_bytes = 64 * 1024;

enum class Format { json_lines, plain_text };

struct InputFile {
    std::string path;  // as given, or joined to the folder given: opened, reported, the origin
    std::string id;    // for plain text: relative to the folder given, or the file name
    Format format = Format::plain_text;
    bool sniff = false;  // a stream ("-", a pipe): compression is told by its magic bytes
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What a file name says the file holds. In a folder, files of any other type (pictures, PDFs,
// README.md) are not articles and are passed over; a file given by name is read whatever its type.
std::optional<Format> format_of(std::string_view name) {
    const std::string_view base = ingest::strip_compression(name);
    for (const std::string_view ext : {".jsonl", ".ndjson", ".json", ".JSONL", ".JSON"}) {
        if (ends_with(base, ext)) return Format::json_lines;
    }
    for (const std::string_view ext : {".txt", ".text", ".TXT"}) {
        if (ends_with(base, ext)) return Format::plain_text;
    }
    const auto slash = base.rfind('/');
    const std::string_view file = slash == std::string_view::npos ? base : base.substr(slash + 1);
    if (file.find('.') == std::string_view::npos) return Format::plain_text;  // no extension
    return std::nullopt;
}

bool is_blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::string lower_first(std::string message) {
    if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
    return message;
}

[[noreturn]] void throw_unreadable(const std::string& path, const std::string& why) {
    throw Error(Errc::io, "cannot read \"" + path + "\": " + lower_first(why));
}

std::string size_text(std::size_t bytes) {
    if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
        return std::to_string(bytes >> 20) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

// Well-formed multi-byte UTF-8 sequences in `bytes`. Text in a legacy 8-bit encoding forms very
// few by accident; damaged UTF-8 keeps most of its own.
std::size_t utf8_sequences(std::string_view bytes) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        const std::size_t extra = b >= 0xF0 && b <= 0xF4 ? 3 : b >= 0xE0 ? 2 : b >= 0xC2 ? 1 : 0;
        if (b < 0xC2 || b > 0xF4 || i + extra >= bytes.size()) continue;
        std::size_t k = 1;
        while (k <= extra && (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80) ++k;
        if (k > extra) {
            ++count;
            i += extra;
        }
    }
    return count;
}

// The issue for bytes that decode_text() had to replace with U+FFFD.
std::string repair_message(const Decoded& decoded) {
    const std::string n = std::to_string(decoded.replaced);
    if (decoded.encoding == Encoding::utf8 || decoded.undecidable) {
        return "invalid utf-8 repaired (" + n + " bytes replaced with U+FFFD)";
    }
    return n + " undecodable bytes replaced with U+FFFD (read as " +
           std::string(to_string(decoded.encoding)) + ")";
}

// JSON escapes ("\u0301") can spell text that is not NFC; decode_text() normalises it.
void normalize_escaped(Document& doc) {
    for (std::string* s :
         {&doc.title, &doc.summary, &doc.body, &doc.author, &doc.category, &doc.source}) {
        if (!s->empty()) *s = decode_text(*s, Encoding::utf8).text;
    }
    for (std::string& tag : doc.tags) tag = decode_text(tag, Encoding::utf8).text;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// VIQR ("Vie^.t Nam") is valid ASCII, so it reads as UTF-8; when a record's ASCII text fields
// read as VIQR beyond doubt (see is_clearly_viqr), they are converted. Returns the names of the
// fields converted, ", "-separated, or empty. Ids, URLs, dates and other keys are never touched.
std::string convert_viqr_fields(Document& doc) {
    struct Field {
        std::string_view name;
        std::string* text;
    };
    std::vector<Field> fields;
    for (const Field f : {Field{"title", &doc.title}, Field{"summary", &doc.summary},
                          Field{"body", &doc.body}, Field{"author", &doc.author},
                          Field{"source", &doc.source}, Field{"category", &doc.category}}) {
        if (!f.text->empty() && is_ascii(*f.text)) fields.push_back(f);
    }
    for (std::string& tag : doc.tags) {
        if (is_ascii(tag)) fields.push_back({"tags", &tag});
    }
    if (fields.empty()) return {};
    std::string evidence;
    for (const Field& f : fields) (evidence += *f.text) += '\n';
    if (!is_clearly_viqr(evidence)) return {};
    std::string names;
    for (const Field& f : fields) {
        *f.text = decode_text(*f.text, Encoding::viqr).text;
        if (names.find(f.name) == std::string::npos) (names += names.empty() ? "" : ", ") += f.name;
    }
    doc.encoding = to_string(Encoding::viqr);
    return names;
}

}  // namespace

struct DocumentReader::Impl {
    ReaderOptions options;
    std::vector<InputFile> files;
    std::size_t next_file = 0;
    std::vector<ReadIssue> issues;
    std::uint64_t total = 0;
    std::uint64_t finished_bytes = 0;        // bytes of the files already closed
    std::atomic<std::uint64_t> consumed{0};  // for bytes_read(), which may run on another thread

    // The open file: raw bytes, the decompressor over them (if any), and for JSON lines the lines.
    const InputFile* current = nullptr;
    std::unique_ptr<FileSource> raw;
    std::unique_ptr<ByteSource> decoder;
    std::unique_ptr<LineReader> lines;
    std::string buffer;                  // reused for plain-text files
    std::unique_ptr<FileSource> opened;  // a single input opened by the constructor
    std::uint64_t last_line = 0;         // of the document next() returned last

    void report(const InputFile& file, std::uint64_t line, IssueKind kind, std::string message) {
        issues.push_back({file.path, line, kind, std::move(message)});
    }

    void list_folder(const std::string& root);
    void walk(const fs::path& folder, const fs::path& root,
              std::vector<std::pair<std::string, fs::path>>& found);
    ByteSource* open(const InputFile& file);
    void close();
    void open_json_lines(const InputFile& file);
    std::optional<Document> next_json_line();
    std::optional<Document> parse_json_line(std::string_view line, std::uint64_t number);
    std::optional<Document> read_plain_text(const InputFile& file);
    std::optional<Document> next();
    ByteSource& source() { return decoder ? *decoder : *raw; }
};

void DocumentReader::Impl::walk(const fs::path& folder, const fs::path& root,
                                std::vector<std::pair<std::string, fs::path>>& found) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    if (ec && folder == root) throw_unreadable(root.string(), ec.message());
    for (; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.filename().string().front() == '.') continue;
        std::error_code status_ec;
        const fs::file_status status = it->status(status_ec);  // follows symbolic links
        if (fs::is_directory(status)) {
            // Linked folders are not followed: a link to an ancestor would never end.
            if (!it->is_symlink(status_ec)) walk(p, root, found);
        } else if (fs::is_regular_file(status) && format_of(p.filename().string())) {
            found.emplace_back(p.lexically_relative(root).generic_string(), p);
            if (const auto size = it->file_size(status_ec); !status_ec) total += size;
        }  // sockets, devices and broken links are not documents
    }
    if (ec) {  // an unreadable subfolder is reported; the rest of the tree is still read
        issues.push_back({folder.generic_string(), 0, IssueKind::skipped,
                          "cannot list the folder: " + lower_first(ec.message()) + ": skipped"});
    }
}

void DocumentReader::Impl::list_folder(const std::string& root) {
    std::vector<std::pair<std::string, fs::path>> found;  // relative path, full path
    walk(root, root, found);
    std::sort(found.begin(), found.end());
    for (auto& [relative, full] : found) {
        const Format format = *format_of(relative);
        files.push_back({full.generic_string(), std::move(relative), format});
    }
}

ByteSource* DocumentReader::Impl::open(const InputFile& file) {
    current = &file;
    raw = opened ? std::move(opened) : std::make_unique<FileSource>(file.path);
    if (!raw->is_open()) {
        report(file, 0, IssueKind::skipped, "cannot open: " + lower_first(raw->error()));
        close();
        return nullptr;
    }
    Compression compression = ingest::compression_of(file.path);
    if (file.sniff) compression = ingest::sniff_compression(raw->peek(4));
    decoder = ingest::decompress(*raw, compression);
    return &source();
}

void DocumentReader::Impl::close() {
    if (raw) finished_bytes += raw->bytes_read();
    lines.reset();
    decoder.reset();
    raw.reset();
    current = nullptr;
}

void DocumentReader::Impl::open_json_lines(const InputFile& file) {
    ByteSource* src = open(file);
    if (src == nullptr) return;
    lines = std::make_unique<LineReader>(*src, options.max_record_bytes);
    const std::string_view head = lines->head(sniff_bytes);
    std::string problem;
    if (head.empty() && !src->error().empty()) {
        problem = src->error() + ": file skipped";
    } else if (head.size() < sniff_bytes && is_blank(head)) {  // the whole file is blank
        problem = "empty file: skipped";
    } else if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") {
        problem = "json lines in utf-16 are not supported (convert the file to utf-8): skipped";
    } else if (ingest::looks_binary(head)) {
        problem = "binary file: skipped";
    }
    if (!problem.empty()) {
        report(file, 0, IssueKind::skipped, std::move(problem));
        close();
    }
}

std::optional<Document> DocumentReader::Impl::next_json_line() {
    LineReader::Line line;
    for (;;) {
        switch (lines->next(line)) {
            case LineReader::Status::end:
                return std::nullopt;
            case LineReader::Status::error:
                report(*current, line.number, IssueKind::skipped,
                       source().error() + ": reading stopped (earlier records were kept)");
                return std::nullopt;
            case LineReader::Status::too_long:
                report(*current, line.number, IssueKind::skipped,
                       "record of " + std::to_string(line.length) +
                           " bytes exceeds the maximum record size (" +
                           size_text(options.max_record_bytes) + "): skipped");
                continue;
            case LineReader::Status::line:
                break;
        }
        std::string_view text = line.text;
        if (line.number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        if (is_blank(text)) continue;
        if (auto doc = parse_json_line(text, line.number)) {
            last_line = line.number;
            return doc;
        }
    }
}

std::optional<Document> DocumentReader::Impl::parse_json_line(std::string_view line,
                                                              std::uint64_t number) {
    // A JSON-lines file is UTF-8, but a line with broken bytes is repaired, not lost.
    const Decoded decoded = decode_text(line, options.encoding);
    if (decoded.undecidable || decoded.replaced > 0) {
        report(*current, number, IssueKind::repaired, repair_message(decoded));
    }
    ingest::JsonRecord record = ingest::parse_json_record(decoded.text);
    if (!record.document) {
        report(*current, number, IssueKind::skipped, std::move(record.problem));
        return std::nullopt;
    }
    Document& doc = *record.document;
    if (decoded.text.find("\\u") != std::string::npos) normalize_escaped(doc);
    if (current->path != "-") doc.origin = current->path;
    doc.encoding = to_string(decoded.encoding);
    if (!options.encoding && decoded.encoding == Encoding::utf8 && decoded.replaced == 0 &&
        !decoded.undecidable) {
        if (const std::string fields = convert_viqr_fields(doc); !fields.empty()) {
            report(*current, number, IssueKind::converted, "converted from viqr: " + fields);
        }
    }
    return std::move(record.document);
}

std::optional<Document> DocumentReader::Impl::read_plain_text(const InputFile& file) {
    ByteSource* src = open(file);
    if (src == nullptr) return std::nullopt;
    const bool complete = ingest::read_all(*src, options.max_record_bytes, buffer);
    const std::string error = src->error();
    close();
    if (!complete) {
        report(file, 0, IssueKind::skipped,
               "file exceeds the maximum record size (" + size_text(options.max_record_bytes) +
                   "): skipped");
        return std::nullopt;
    }
    if (!error.empty()) {
        report(file, 0, IssueKind::skipped, error + ": file skipped");
        return std::nullopt;
    }
    if (is_blank(buffer)) {
        report(file, 0, IssueKind::skipped, "empty file: skipped");
        return std::nullopt;
    }
    if (ingest::looks_binary(std::string_view(buffer).substr(0, sniff_bytes))) {
        report(file, 0, IssueKind::skipped, "binary file: skipped");
        return std::nullopt;
    }
    Decoded decoded = decode_text(buffer, options.encoding);
    // VIQR is valid ASCII, so detection reads it as UTF-8; only a clear case is converted.
    const bool viqr = !options.encoding && decoded.encoding == Encoding::utf8 &&
                      !decoded.undecidable && is_clearly_viqr(decoded.text);
    if (viqr) {
        decoded = decode_text(decoded.text, Encoding::viqr);
        report(file, 0, IssueKind::converted, "converted from viqr");
    }
    // When no encoding fits but the bytes hold more good UTF-8 sequences than bad bytes, this is
    // damaged UTF-8: index the repaired reading. Otherwise we cannot tell.
    if (decoded.undecidable && utf8_sequences(buffer) <= decoded.replaced) {
        report(file, 0, IssueKind::skipped,
               "cannot tell the text encoding (force one with the encoding option): skipped");
        return std::nullopt;
    }
    if (decoded.undecidable || decoded.replaced > 0)
        report(file, 0, IssueKind::repaired, repair_message(decoded));
    Document doc = ingest::parse_plain_text(decoded.text);
    if (doc.title.empty() && doc.body.empty()) {
        report(file, 0, IssueKind::skipped, "empty file: skipped");
        return std::nullopt;
    }
    doc.id = file.id;
    doc.origin = file.path;
    doc.encoding = to_string(decoded.encoding);
    return doc;
}

DocumentReader::DocumentReader(const std::string& path, ReaderOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    if (path == "-") {
        impl_->files.push_back({"-", "", Format::json_lines, true});
        return;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        throw_unreadable(path, ec ? ec.message() : "no such file or directory");
    }
    if (fs::is_directory(status)) {
        impl_->list_folder(path);
        return;
    }
    // Kept open for reading: a pipe ("<(zstdcat x.zst)", /dev/stdin) cannot be opened twice.
    impl_->opened = std::make_unique<FileSource>(path);
    if (!impl_->opened->is_open()) throw_unreadable(path, impl_->opened->error());
    const std::string name = fs::path(path).filename().string();
    if (fs::is_regular_file(status)) {
        impl_->files.push_back({path, name, format_of(name).value_or(Format::plain_text)});
        impl_->total = fs::file_size(path, ec);
    } else {  // a pipe or device streams JSON lines, like "-"
        impl_->files.push_back({path, name, Format::json_lines, true});
    }
}

DocumentReader::DocumentReader(DocumentReader&&) noexcept = default;
DocumentReader& DocumentReader::operator=(DocumentReader&&) noexcept = default;
DocumentReader::~DocumentReader() = default;

std::optional<Document> DocumentReader::next() {
    Impl& d = *impl_;
    std::optional<Document> doc = d.next();
    d.consumed.store(d.finished_bytes + (d.raw ? d.raw->bytes_read() : 0),
                     std::memory_order_relaxed);
    return doc;
}

std::optional<Document> DocumentReader::Impl::next() {
    for (;;) {
        if (lines) {
            if (auto doc = next_json_line()) return doc;
            close();
            continue;
        }
        if (next_file >= files.size()) return std::nullopt;
        const InputFile& file = files[next_file++];
        if (file.format == Format::json_lines) {
            open_json_lines(file);
        } else if (auto doc = read_plain_text(file)) {
            last_line = 0;
            return doc;
        }
    }
}

std::uint64_t DocumentReader::line() const { return impl_->last_line; }

const std::vector<ReadIssue>& DocumentReader::issues() const { return impl_->issues; }

std::uint64_t DocumentReader::bytes_read() const {
    return impl_->consumed.load(std::memory_order_relaxed);
}

std::uint64_t DocumentReader::bytes_total() const { return impl_->total; }

}  // namespace vnsearch
