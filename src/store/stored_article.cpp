// SPDX-License-Identifier: Apache-2.0
#include "store/stored_article.hpp"

#include <cstring>
#include <utility>

#include <zstd.h>
#include <nlohmann/json.hpp>

#include <vnsearch/error.hpp>

// The UTF-8 checks are the text module's; duplicating a validator here would let the two drift.
#include "text/utf8.hpp"

namespace vnsearch::store {

namespace {

// --- encoding ---

// `s` as a JSON string, escaped as nlohmann's dump() does without ensure_ascii.
void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t plain = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s, plain, i - plain);
        plain = i + 1;
        out.push_back('\\');
        switch (c) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '\b':
                out.push_back('b');
                break;
            case '\f':
                out.push_back('f');
                break;
            case '\n':
                out.push_back('n');
                break;
            case '\r':
                out.push_back('r');
                break;
            case '\t':
                out.push_back('t');
                break;
            default:
                out += "u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xF]);
        }
    }
    out.append(s, plain);
    out.push_back('"');
}

// The separator before the next member of the object `out` is building.
void next_member(std::string& out, std::string_view key) {
    if (out.size() > 1) out.push_back(',');
    append_json_string(out, key);
    out.push_back(':');
}

void append_member(std::string& out, std::string_view key, const std::string& value) {
    if (value.empty()) return;
    next_member(out, key);
    append_json_string(out, value);
}

template <class Fields>
bool all_valid_utf8(const Fields& a) {
    for (const std::string* s : {&a.id, &a.title, &a.summary, &a.body, &a.date, &a.url, &a.source,
                                 &a.category, &a.author, &a.origin, &a.encoding}) {
        if (!text::is_valid_utf8(*s)) return false;
    }
    for (const std::string& tag : a.tags) {
        if (!text::is_valid_utf8(tag)) return false;
    }
    for (const auto& [key, value] : a.fields) {
        if (!text::is_valid_utf8(key) || !text::is_valid_utf8(value)) return false;
    }
    return true;
}

// The rare invalid UTF-8: nlohmann replaces each invalid sequence with U+FFFD, and its dump is
// what the hand-written encoder matches byte for byte.
template <class Fields>
std::string encode_replacing(const Fields& a) {
    nlohmann::json j = nlohmann::json::object();
    const auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) j[key] = value;
    };
    put("id", a.id);
    put("title", a.title);
    put("summary", a.summary);
    put("body", a.body);
    put("date", a.date);
    put("url", a.url);
    put("source", a.source);
    put("category", a.category);
    put("author", a.author);
    if (!a.tags.empty()) j["tags"] = a.tags;
    if (!a.fields.empty()) j["fields"] = a.fields;
    put("origin", a.origin);
    put("encoding", a.encoding);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Written by hand, without copying every field into a json object first: the indexer's reader
// thread encodes every document.
template <class Fields>
std::string encode_fields(const Fields& a) {
    if (!all_valid_utf8(a)) return encode_replacing(a);
    std::string out;
    out.reserve(a.title.size() + a.summary.size() + a.body.size() + a.url.size() + 256);
    out.push_back('{');
    append_member(out, "author", a.author);
    append_member(out, "body", a.body);
    append_member(out, "category", a.category);
    append_member(out, "date", a.date);
    append_member(out, "encoding", a.encoding);
    if (!a.fields.empty()) {
        next_member(out, "fields");
        out.push_back('{');
        for (const auto& [key, value] : a.fields) {
            if (out.back() != '{') out.push_back(',');
            append_json_string(out, key);
            out.push_back(':');
            append_json_string(out, value);
        }
        out.push_back('}');
    }
    append_member(out, "id", a.id);
    append_member(out, "origin", a.origin);
    append_member(out, "source", a.source);
    append_member(out, "summary", a.summary);
    if (!a.tags.empty()) {
        next_member(out, "tags");
        out.push_back('[');
        for (std::size_t i = 0; i < a.tags.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_json_string(out, a.tags[i]);
        }
        out.push_back(']');
    }
    append_member(out, "title", a.title);
    append_member(out, "url", a.url);
    out.push_back('}');
    return out;
}

// --- decoding ---

// The end (index of the closing quote) of the JSON string whose opening quote is at `open`, or
// npos. Jumps between quotes with memchr: stored bodies are long.
std::size_t string_end(std::string_view json, std::size_t open) {
    std::size_t pos = open + 1;
    while (pos < json.size()) {
        const void* q = std::memchr(json.data() + pos, '"', json.size() - pos);
        if (q == nullptr) return std::string_view::npos;
        const auto at = static_cast<std::size_t>(static_cast<const char*>(q) - json.data());
        std::size_t backslashes = 0;
        while (at - backslashes > open + 1 && json[at - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return at;
        pos = at + 1;
    }
    return std::string_view::npos;
}

unsigned hex4(std::string_view s, std::size_t at) {
    if (at + 4 > s.size()) return 0x110000;
    unsigned v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
        const char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= static_cast<unsigned>(c - 'A' + 10);
        else
            return 0x110000;
    }
    return v;
}

// `out` = the JSON string body `raw` with its escapes decoded; false if one is malformed (then
// nlohmann's parser decides).
bool unescape(std::string_view raw, std::string& out) {
    out.clear();
    out.reserve(raw.size());
    for (std::size_t i = 0;;) {
        const void* b = std::memchr(raw.data() + i, '\\', raw.size() - i);
        const std::size_t at =
            b == nullptr ? raw.size()
                         : static_cast<std::size_t>(static_cast<const char*>(b) - raw.data());
        out.append(raw.substr(i, at - i));
        if (at == raw.size()) return true;
        if (at + 1 == raw.size()) return false;
        i = at + 2;
        switch (raw[at + 1]) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '/':
                out.push_back('/');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                unsigned cp = hex4(raw, i);
                i += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return false;
                    const unsigned low = hex4(raw, i + 2);
                    if (low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
                if (cp > 0x10FFFF) return false;
                text::append_utf8(out, static_cast<char32_t>(cp));
                break;
            }
            default:
                return false;
        }
    }
}

// A strict reader of exactly what the encoder writes: no white space, string members, one array
// of strings and one object of strings. Anything else makes it give up (false), and decode()
// hands the text to nlohmann.
class FastReader {
public:
    FastReader(std::string_view json, StoredArticle& out, Members members)
        : json_(json), out_(out), lists_(members == Members::all) {}

    bool read() {
        if (!take('{')) return false;
        if (take('}')) return pos_ == json_.size();
        do {
            if (!key() || !take(':') || !member()) return false;
        } while (take(','));
        return take('}') && pos_ == json_.size();
    }

private:
    bool take(char c) {
        if (pos_ >= json_.size() || json_[pos_] != c) return false;
        ++pos_;
        return true;
    }

    // The string at pos_, unescaped into `out`. Its bytes are taken as they are, unchecked: the
    // encoder writes valid UTF-8 only, and a second pass over every body would cost as much as
    // the unescaping.
    bool string(std::string& out) {
        if (pos_ >= json_.size() || json_[pos_] != '"') return false;
        const std::size_t end = string_end(json_, pos_);
        if (end == std::string_view::npos) return false;
        const std::string_view raw = json_.substr(pos_ + 1, end - pos_ - 1);
        pos_ = end + 1;
        return unescape(raw, out);
    }

    // The key at pos_ into key_view_: a view of the text itself unless it has escapes (the
    // encoder's keys have none).
    bool key() {
        if (pos_ >= json_.size() || json_[pos_] != '"') return false;
        const std::size_t end = string_end(json_, pos_);
        if (end == std::string_view::npos) return false;
        key_view_ = json_.substr(pos_ + 1, end - pos_ - 1);
        pos_ = end + 1;
        if (key_view_.find('\\') == std::string_view::npos) return true;
        if (!unescape(key_view_, key_)) return false;
        key_view_ = key_;
        return true;
    }

    // By length first: every hit's article is decoded, and most keys are told apart by it.
    std::string* string_field(std::string_view key) {
        switch (key.size()) {
            case 2:
                return key == "id" ? &out_.id : nullptr;
            case 3:
                return key == "url" ? &out_.url : nullptr;
            case 4:
                return key == "body" ? &out_.body : key == "date" ? &out_.date : nullptr;
            case 5:
                return key == "title" ? &out_.title : nullptr;
            case 6:
                return key == "source"   ? &out_.source
                       : key == "author" ? &out_.author
                       : key == "origin" ? &out_.origin
                                         : nullptr;
            case 7:
                return key == "summary" ? &out_.summary : nullptr;
            case 8:
                return key == "category"   ? &out_.category
                       : key == "encoding" ? &out_.encoding
                                           : nullptr;
            default:
                return nullptr;
        }
    }

    bool member() {
        if (std::string* field = string_field(key_view_); field != nullptr) return string(*field);
        if (key_view_ == "tags") return tags();
        if (key_view_ == "fields") return fields();
        return string(scratch_);  // another string member: ignored
    }

    bool tags() {
        out_.tags.clear();
        if (!take('[')) return false;
        if (take(']')) return true;
        do {
            if (!string(scratch_)) return false;
            if (lists_) out_.tags.push_back(std::move(scratch_));
        } while (take(','));
        return take(']');
    }

    bool fields() {
        out_.fields.clear();
        if (!take('{')) return false;
        if (take('}')) return true;
        do {
            std::string key;
            if (!string(key) || !take(':') || !string(scratch_)) return false;
            if (lists_) out_.fields.insert_or_assign(std::move(key), std::move(scratch_));
        } while (take(','));
        return take('}');
    }

    std::string_view json_;
    StoredArticle& out_;
    bool lists_;  // tags and fields are kept, not only checked
    std::size_t pos_ = 0;
    std::string_view key_view_;
    std::string key_, scratch_;
};

std::string string_member(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Any JSON object: string members by key; tags and fields keep their string elements.
bool decode_slow(std::string_view json, StoredArticle& out, Members members) {
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object()) return false;
    out = {};
    for (const auto& [key, field] : {std::pair<const char*, std::string*>{"id", &out.id},
                                     {"title", &out.title},
                                     {"summary", &out.summary},
                                     {"body", &out.body},
                                     {"date", &out.date},
                                     {"url", &out.url},
                                     {"source", &out.source},
                                     {"category", &out.category},
                                     {"author", &out.author},
                                     {"origin", &out.origin},
                                     {"encoding", &out.encoding}}) {
        *field = string_member(j, key);
    }
    if (members == Members::shown) return true;
    if (const auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
        for (const auto& tag : *tags)
            if (tag.is_string()) out.tags.push_back(tag.get<std::string>());
    }
    if (const auto fields = j.find("fields"); fields != j.end() && fields->is_object()) {
        for (const auto& [key, value] : fields->items())
            if (value.is_string()) out.fields.emplace(key, value.get<std::string>());
    }
    return true;
}

// --- compression ---

// Level 1: on news articles, one frame per article, it compresses nearly as well as level 3 or
// Xapian's zlib (level 6) in a fraction of their time (see bench/README.md, Indexing).
constexpr int stored_level = 1;

// A stored article is a few KB; anything claiming more than this is a damaged frame, not text.
constexpr unsigned long long max_stored_bytes = 1ULL << 30;

struct DctxFree {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

[[noreturn]] void corrupt(const char* what) {
    throw Error(Errc::index_corrupt, std::string("stored article is damaged: ") + what);
}

}  // namespace

std::string encode(const StoredArticle& article) { return encode_fields(article); }
std::string encode(const Document& doc) { return encode_fields(doc); }

bool decode(std::string_view json, StoredArticle& out, Members members) {
    out = {};
    if (FastReader(json, out, members).read()) return true;
    StoredArticle slow;
    if (!decode_slow(json, slow, members)) return false;  // `out` keeps what the fast reader got
    out = std::move(slow);
    return true;
}

struct Compressor::Impl {
    struct CctxFree {
        void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
    };
    std::unique_ptr<ZSTD_CCtx, CctxFree> cctx{ZSTD_createCCtx()};
    std::string buffer;
};

Compressor::Compressor() : impl_(std::make_unique<Impl>()) {
    if (!impl_->cctx) throw Error(Errc::internal, "cannot start the zstd encoder");
    ZSTD_CCtx_setParameter(impl_->cctx.get(), ZSTD_c_compressionLevel, stored_level);
}
Compressor::Compressor(Compressor&&) noexcept = default;
Compressor& Compressor::operator=(Compressor&&) noexcept = default;
Compressor::~Compressor() = default;

std::string_view Compressor::compress(std::string_view json) {
    if (json.empty()) return {};
    std::string& out = impl_->buffer;
    out.resize(ZSTD_compressBound(json.size()));
    const std::size_t n =
        ZSTD_compress2(impl_->cctx.get(), out.data(), out.size(), json.data(), json.size());
    if (ZSTD_isError(n)) {
        throw Error(Errc::internal,
                    std::string("cannot compress a stored article: ") + ZSTD_getErrorName(n));
    }
    out.resize(n);
    return out;
}

std::string decompress(std::string_view frame) {
    const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > max_stored_bytes) {
        corrupt("no valid zstd frame");
    }
    thread_local std::unique_ptr<ZSTD_DCtx, DctxFree> dctx{ZSTD_createDCtx()};
    if (!dctx) throw Error(Errc::internal, "cannot start the zstd decoder");
    std::string json(static_cast<std::size_t>(size), '\0');
    const std::size_t n =
        ZSTD_decompressDCtx(dctx.get(), json.data(), json.size(), frame.data(), frame.size());
    if (ZSTD_isError(n) || n != json.size()) corrupt("the zstd frame does not decode");
    return json;
}

StoredRecord read_record(const Xapian::Document& doc, Xapian::valueno slot) {
    StoredRecord record{doc.get_value(slot), true};
    if (record.bytes.empty()) record = {doc.get_data(), false};
    return record;
}

std::string encoded(StoredRecord record) {
    if (!record.compressed) return std::move(record.bytes);
    return decompress(record.bytes);
}

Document to_document(StoredArticle a) {
    return {.id = std::move(a.id),
            .title = std::move(a.title),
            .summary = std::move(a.summary),
            .body = std::move(a.body),
            .date = std::move(a.date),
            .url = std::move(a.url),
            .source = std::move(a.source),
            .category = std::move(a.category),
            .author = std::move(a.author),
            .tags = std::move(a.tags),
            .fields = std::move(a.fields),
            .origin = std::move(a.origin),
            .encoding = std::move(a.encoding)};
}

}  // namespace vnsearch::store
