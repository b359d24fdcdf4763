// SPDX-License-Identifier: Apache-2.0
// Where a document's stored article lives (docs/index-scheme.md, "Stored document data"): the
// JSON object, zstd-compressed, in value slot `stored_slot`. Xapian zlib-compresses every tag of
// the docdata table itself (level 6, on the single writer thread of a segment); the postlist
// table, which holds the values, is not compressed, so the analysis threads compress the
// article once with zstd and the writers only copy bytes. Documents indexed before that keep the
// JSON in Document::get_data(); stored_json() reads both.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

namespace vnsearch::index {

/// Compresses stored articles, reusing one zstd context. Not thread-safe: one per thread.
class StoredEncoder {
public:
    StoredEncoder();
    StoredEncoder(StoredEncoder&&) noexcept;
    StoredEncoder& operator=(StoredEncoder&&) noexcept;
    ~StoredEncoder();

    /// `json` (the stored data of index/document_builder.hpp) compressed as `stored_slot` holds
    /// it; empty for empty `json`. Valid until the next call.
    std::string_view compress(std::string_view json);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A document's stored article as read from the database, not yet decoded.
struct StoredRecord {
    std::string bytes;
    bool compressed = false;  ///< a zstd frame from `stored_slot`; else JSON from get_data()
};

/// The record of `doc`: the bytes of `stored_slot`, or Document::get_data() for a document
/// indexed before the slot existed. Reading is the part that needs the database (one thread at
/// a time); decoding (stored_json()) can run on any thread.
[[nodiscard]] StoredRecord read_stored_record(const Xapian::Document& doc);

/// The stored JSON of a record, decompressed if need be. Empty if the record is.
/// @throws Error (index_corrupt) if a compressed record is not a valid zstd frame.
[[nodiscard]] std::string stored_json(StoredRecord record);

/// stored_json(read_stored_record(doc)).
[[nodiscard]] std::string stored_json(const Xapian::Document& doc);

}  // namespace vnsearch::index
