// SPDX-License-Identifier: Apache-2.0
// Document -> Xapian::Document following term_scheme.hpp. The stored data and the content hash
// are cheap (no analysis) so a batch can decide to skip a document before analysing it; the terms
// are built by DocumentBuilder, one per thread (it owns an Analyzer and scratch buffers).
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>

#include "index/stored_data.hpp"

namespace vnsearch::index {

/// The stored data of `doc` (the JSON object described in term_scheme.hpp).
[[nodiscard]] std::string stored_data(const Document& doc);

/// The content hash (16 hex digits) of `doc` indexed with `options` under the current
/// scheme_version: every field except `origin`, so moving or renaming the input folder does not
/// make every document look changed (the stored origin is then refreshed only when the content
/// changes).
[[nodiscard]] std::string content_hash(const Document& doc, const AnalyzerOptions& options);

/// A synonym entry: key (base form) -> term (exact spelling).
using SynonymPair = std::pair<std::string, std::string>;

/// A document ready for the writer thread.
struct PreparedDocument {
    std::string id;
    std::string hash;
    std::string data;
    Xapian::Document document;
    std::vector<SynonymPair> synonyms;  ///< not yet handed out by this builder
};

/// Builds the terms, values and data of documents. Not thread-safe: one per thread.
class DocumentBuilder {
public:
    explicit DocumentBuilder(const AnalyzerOptions& options) : analyzer_(options) {}

    /// Fills out.document and out.synonyms from `doc`; out.data and out.hash must already be
    /// set (stored_data / content_hash).
    void build(const Document& doc, PreparedDocument& out);

private:
    std::uint32_t add_text(std::string_view text, std::uint32_t first,
                           std::string_view field_prefix, bool field_positions,
                           PreparedDocument& out);
    void add_filter(std::string_view prefix, std::string_view value, Xapian::Document& doc);

    Analyzer analyzer_;
    StoredEncoder encoder_;
    Analysis analysis_;
    std::string term_;
    std::vector<SynonymPair> seen_;
    // Pairs this builder already handed out: each distinct pair reaches the writer thread about
    // once per analysis thread instead of once per document (the writer is the bottleneck).
    std::unordered_set<std::string> sent_;
    std::string key_;
};

}  // namespace vnsearch::index
