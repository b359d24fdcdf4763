// SPDX-License-Identifier: Apache-2.0
// The stored article: the fields of a Document kept in the index so that a hit can show its
// title, date, source, author, url and a snippet of its text (docs/index-scheme.md, "Stored
// document data"). This file is its one owner: the encoding (a JSON object), the zstd frame it is
// kept in, and the older layout a reader still meets.
//
// src/store is what the write side (src/index) and the read side (src/search) share about the
// database besides the term scheme: the stored article and the Xapian error seam
// (store/xapian_util.hpp). With it here, search includes nothing of the index layer but
// index/term_scheme.hpp (STYLE.md §2, tests/layering_test.sh).
//
// Where it lives: zstd-compressed in value slot index::stored_slot. Xapian zlib-compresses every
// tag of the docdata table itself (level 6, on the single writer thread of a segment); the
// postlist table, which holds the values, is not compressed, so the analysis threads compress the
// article once with zstd and the writers only copy bytes. Documents indexed before the slot
// existed keep the JSON, uncompressed by us, in Xapian::Document::get_data(); read_record()
// returns either.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include <vnsearch/document.hpp>

namespace vnsearch::store {

/// The stored fields of a document: those of vnsearch::Document, empty when unknown.
struct StoredArticle {
    std::string id, title, summary, body, date, url, source, category, author;
    std::vector<std::string> tags;
    std::map<std::string, std::string> fields;
    std::string origin, encoding;

    bool operator==(const StoredArticle&) const = default;
};

/// The JSON object of `article`: keys in byte order (author, body, category, date, encoding,
/// fields, id, origin, source, summary, tags, title, url), members with an empty value left out,
/// no white space, non-ASCII UTF-8 as is. Byte for byte what nlohmann's dump() gives for the same
/// object, so documents written by earlier versions hash and compare the same. Invalid UTF-8 is
/// replaced by U+FFFD (the readers hand over valid UTF-8; a library caller might not, and storing
/// a document must never throw).
[[nodiscard]] std::string encode(const StoredArticle& article);
/// The same for the stored fields of `doc`, without copying them first.
[[nodiscard]] std::string encode(const Document& doc);

/// Reads `json` (an encoded article) into `out`. Any JSON object is accepted (members of other
/// types are ignored); false if `json` is not one, and then `out` holds the members read before
/// the damage. Never throws on bad input. The encoder's own output is read by a scanner that
/// jumps between quotes with memchr and takes string bytes as they are (a body is long, and
/// every hit with a snippet decodes one); anything else goes through nlohmann's parser.
/// decode(encode(a)) gives back `a` for every article of valid UTF-8.
enum class Members {
    all,    ///< every member
    shown,  ///< all but tags and fields, which a hit does not show (fewer allocations per hit)
};
[[nodiscard]] bool decode(std::string_view json, StoredArticle& out,
                          Members members = Members::all);

/// The Document `article` was made from (moved out of it).
[[nodiscard]] Document to_document(StoredArticle article);

/// Compresses encoded articles, reusing one zstd context. Not thread-safe: one per thread.
class Compressor {
public:
    Compressor();
    Compressor(Compressor&&) noexcept;
    Compressor& operator=(Compressor&&) noexcept;
    ~Compressor();

    /// `json` as the stored slot holds it (one zstd frame); empty for empty `json`. Valid until
    /// the next call.
    /// @throws Error{Errc::internal} if zstd fails.
    std::string_view compress(std::string_view json);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// `frame` (from Compressor::compress) decompressed, with a per-thread zstd context.
/// @throws Error{Errc::index_corrupt} if `frame` is not a whole zstd frame.
[[nodiscard]] std::string decompress(std::string_view frame);

/// A document's stored article as read from the database, not yet decoded.
struct StoredRecord {
    std::string bytes;
    bool compressed = false;  ///< a zstd frame from the stored slot; else JSON from get_data()
};

/// The record of `doc`: the value in `slot` (index::stored_slot), or Xapian::Document::get_data()
/// for a document indexed before the slot existed. Reading is the part that needs the database
/// (one thread at a time); decoding (encoded(), decode()) can run on any thread.
[[nodiscard]] StoredRecord read_record(const Xapian::Document& doc, Xapian::valueno slot);

/// The encoded article of `record`, decompressed if need be; empty if the record is.
/// @throws Error{Errc::index_corrupt} if a compressed record is not a valid zstd frame.
[[nodiscard]] std::string encoded(StoredRecord record);

}  // namespace vnsearch::store
