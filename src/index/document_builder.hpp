// SPDX-License-Identifier: Apache-2.0
// Document -> Xapian::Document following term_scheme.hpp. The stored article and the content hash
// are cheap (no analysis) so a batch can decide to skip a document before analysing it; the terms
// are built by DocumentBuilder, one per thread (it owns an Analyzer and scratch buffers).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>

#include "store/stored_article.hpp"

namespace vnsearch::index {

/// The content hash (16 hex digits) of `doc` indexed with `options` under the current
/// scheme_version: every field except `origin`, so moving or renaming the input folder does not
/// make every document look changed (the stored origin is then refreshed only when the content
/// changes).
[[nodiscard]] std::string content_hash(const Document& doc, const AnalyzerOptions& options);

/// A synonym entry: key (base form) -> term (exact spelling).
using SynonymPair = std::pair<std::string, std::string>;

/// A document's terms, positions and values in a few flat buffers: what an analysis thread
/// hands to a writer thread, which makes the Xapian::Document (to_xapian) just before adding it.
/// Why not the Xapian::Document itself: it is thousands of small allocations (a map node per
/// term, a vector per position list), and made on one thread but freed on another, glibc's
/// malloc returns every one of them to the other thread's arena under that arena's lock. Made
/// and freed on the writer, they stay in its cache (see bench/README.md, Indexing).
class FlatDocument {
public:
    void clear();
    /// Terms must come in strictly increasing order. `wdf` counts the occurrences without a
    /// position; a term with neither is a boolean term (wdf 0).
    void add_term(std::string_view term, Xapian::termcount wdf,
                  const std::vector<Xapian::termpos>& positions);
    void add_value(Xapian::valueno slot, std::string_view value);
    /// Adds everything to `doc` (a new, empty document).
    void to_xapian(Xapian::Document& doc) const;

private:
    std::string term_bytes_;  // the terms, one after the other
    std::vector<std::uint32_t> term_ends_, wdfs_, position_ends_;
    std::vector<Xapian::termpos> positions_;
    std::vector<std::pair<Xapian::valueno, std::string>> values_;
};

/// A document ready for the writer thread.
struct PreparedDocument {
    std::string id;
    std::string hash;
    std::string data;
    FlatDocument document;
    std::vector<SynonymPair> synonyms;  ///< not yet handed out by this builder
};

/// The distinct terms of one document, numbered in the order they first appear: open addressing
/// over reused strings, cleared for every document, small enough to stay in the cache and free of
/// allocation once warm.
class TermTable {
public:
    void clear();
    /// The number of `term`, and whether it is new in this document.
    std::pair<std::uint32_t, bool> insert(std::string_view term);
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] const std::string& operator[](std::uint32_t i) const { return strings_[i]; }

private:
    void grow();

    std::vector<std::string> strings_;  // the first count_ are in the table
    std::size_t count_ = 0;
    std::vector<std::uint32_t> slots_;  // 0: empty, else 1 + index into strings_
};

/// Builds the terms, values and data of documents. Not thread-safe: one per thread.
class DocumentBuilder {
public:
    explicit DocumentBuilder(const AnalyzerOptions& options) : analyzer_(options) {}

    /// Fills out.document and out.synonyms from `doc`; out.data and out.hash must already be
    /// set (store::encode / content_hash).
    void build(const Document& doc, PreparedDocument& out);

private:
    std::uint32_t add_text(std::string_view text, std::uint32_t first,
                           std::string_view field_prefix, bool field_positions);
    /// Adds the filter term of `value` and, if `facet` is given, its facet entry there
    /// (index::append_facet_entry).
    void add_filter(std::string_view prefix, std::string_view value, std::string* facet);
    void add(std::string_view term, std::uint32_t position);
    void flush(FlatDocument& doc);

    Analyzer analyzer_;
    store::Compressor compressor_;
    Analysis analysis_;
    std::string term_;
    std::string word_;
    // The document's postings, (term number, position) with position no_position for a wdf-only
    // occurrence and boolean_term for a boolean term, handed to the Xapian::Document by flush()
    // term by term in term order. Xapian keeps a document's terms in a std::map, and the writer
    // walks it and looks every term up in its own maps: terms inserted in order leave the nodes
    // in order in memory, so the walks and lookups stay in the cache.
    TermTable terms_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> postings_;
    std::vector<std::uint32_t> order_, starts_, grouped_;
    std::vector<Xapian::termpos> term_positions_;
    // A synonym pair is a function of its exact term (the base form is derived from it): only the
    // first occurrence in a document is collected (terms_ says which), then `sent_` (large, so
    // every lookup is a cache miss) drops the ones this builder already handed out: each distinct
    // pair reaches a writer about once per analysis thread.
    std::vector<SynonymPair> seen_;
    std::unordered_set<std::string> sent_;
};

}  // namespace vnsearch::index
