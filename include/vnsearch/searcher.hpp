// SPDX-License-Identifier: Apache-2.0
// Searcher answers queries against an index built by IndexWriter: it parses the query language
// (words, "phrases", -exclusion, OR, parentheses, field:value, date ranges), matches diacritics as
// typed, ranks words above scattered syllables, proposes a spelling with diacritics and cuts
// highlighted snippets from the stored text. A Searcher owns a read-only database handle;
// `search` is const and safe to call from several threads (calls on one Searcher are serialised:
// use one Searcher per thread for parallel throughput). By default a Searcher also starts, on
// its first search, one helper thread with its own read-only handle, which shares the work of
// each query with the calling thread (SearchOptions::threads).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <vnsearch/document.hpp>
#include <vnsearch/export.hpp>

namespace vnsearch {

/// How hits are ordered.
enum class SortOrder {
    relevance,  ///< best match first (BM25 over the Vietnamese term levels)
    date,       ///< newest first, relevance breaking ties; undated documents last
};

/// Options of one search. Defaults suit an interactive user.
struct SearchOptions {
    std::size_t limit = 10;  ///< hits to return (0: only count)
    std::size_t offset = 0;  ///< hits to skip (paging)
    SortOrder sort = SortOrder::relevance;
    std::size_t snippet_length = 200;  ///< about this many characters per snippet
    bool snippets = true;              ///< false: skip stored-text work (batch evaluation)
    /// Threads that answer one query. 2: the calling thread and a helper the Searcher starts on
    /// first use. The helper matches half of the documents in the first pass of an index of
    /// 10,000 documents or more, then cuts snippets, starting on the first pass's best hits while
    /// the calling thread reranks them: a page comes back sooner for some more CPU time (the
    /// figures are in bench/README.md, "Latency"). 1: all the work on the calling thread (a server
    /// that runs one Searcher per core). Scores and snippets are the same either way. Hits differ
    /// only where one thread's match prunes a document that the split match keeps (a few queries in
    /// a thousand), and estimated_total is an estimate either way (exact with facets). Facets are
    /// counted on both threads too, half the documents each, after the page is made.
    unsigned threads = 2;
    bool suggest = true;  ///< false: skip the did-you-mean pass
    /// Facets to count over the matching documents (SearchResults::facets), by name: "source",
    /// "category", "author", "tag", "year", "month". Empty (the default): none, at no cost.
    /// Counting walks every matching document: see bench/README.md, "Facets", for the cost.
    std::vector<std::string> facets = {};
    /// The most frequent values kept of each facet (0: all of them).
    std::size_t max_facet_values = 100;
    /// The last word of the query is typed so far: it matches the indexed words it begins, in
    /// every spelling that carries the marks typed ("thanh pho ho ch" finds Hồ Chí Minh), the 40
    /// most frequent of them. What a search page asks on each keystroke.
    bool prefix_last = false;
};

/// A passage of a document with the matched words marked.
struct Snippet {
    std::string text;  ///< UTF-8, cut at word or sentence boundaries ("…" marks a cut)
    /// Byte ranges [first, second) of `text` that matched the query, in order, not overlapping.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// One ranked result.
struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first hit of the whole result list
    std::string id;
    double score = 0;  ///< relevance weight (comparable within one result list only)
    std::string title;
    /// Byte ranges [first, second) of `title` that matched the query, as in Snippet::highlights.
    std::vector<std::pair<std::size_t, std::size_t>> title_highlights;
    std::string date;  ///< as stored ("YYYY-MM-DD"), empty if unknown
    std::string source;
    std::string author;  ///< Document::author as indexed, empty if unknown
    std::string url;
    Snippet snippet;
};

/// A value of a facet and the number of matching documents that have it.
struct FacetValue {
    /// As the documents spell it ("Dân trí"; the spelling most of the counted documents use when
    /// they differ in case or spacing); "2020" for a year, "2020-10" for a month. Usable as a
    /// filter with the same spelling: facet_filter().
    std::string value;
    std::size_t count = 0;
};

/// The counts of one facet of SearchOptions::facets.
struct Facet {
    std::string name;                ///< as asked ("source")
    std::vector<FacetValue> values;  ///< count descending, ties by value (byte order)
};

/// The answer to one query.
struct SearchResults {
    std::vector<Hit> hits;
    std::size_t estimated_total = 0;  ///< Xapian's estimate of all matches
    /// "Did you mean": the query with diacritics restored from the index's statistics; empty when
    /// the query needs no help.
    std::string suggestion;
    /// The query as searched when words of it were typed as Telex or VNI keystrokes with no
    /// input method ("kinh tees", "kinh te61" -> "kinh tế"); empty when no word was decoded. A
    /// word is decoded when it spells a Vietnamese syllable in Telex or VNI and the index holds
    /// that syllable more often than the word as typed; it still matches as typed too.
    std::string interpreted;
    /// True when no document matches the query under strict rules (every word present, every
    /// phrase as written) and the hits are the best partial matches instead. Free words are
    /// always ranked by how many and how rare the matched ones are (BM25); phrases, title:,
    /// groups, filters and exclusions are required unless nothing at all satisfies them.
    bool partial = false;
    /// The shards of the index that could not be reached for this search (remote shards that
    /// are down or too slow), named as in the stub: "HOST:PORT", ":PROGRAM ARGS" or a path. The
    /// hits come from the other shards. Empty when every shard answered.
    std::vector<std::string> missing_shards;
    /// One entry per name of SearchOptions::facets, in that order (empty when none was asked).
    /// The counts are exact and cover every document that matches the query the hits come from
    /// (the documents estimated_total counts; with `partial` set, the loosened query's), whatever
    /// `offset` and `limit` are: a value's count is the total of the query with the value's
    /// filter added. A multi-valued field counts a document once under each of its values:
    /// each tag, each person an author line credits ("A, B và C"). Documents without the field
    /// are not counted, so the counts of a facet may sum to less (or, multi-valued, more) than
    /// the total. Over shards, the shards that answered (missing_shards). When facets are asked,
    /// estimated_total is the exact count of matching documents.
    std::vector<Facet> facets;
};

/// The query text that keeps only the documents with `value` of facet `facet` (a name of
/// SearchOptions::facets): `source:"Dân trí"`, `tag:"Hà Nội"`, `date:2020-10`. To narrow the
/// results of QUERY to the value, search `(QUERY) FILTER` (the parentheses keep an OR of QUERY
/// from taking the filter as one of its sides). A `"` in the value becomes a space: filters
/// read words only.
/// @throws Error{Errc::invalid_input} for an unknown facet name.
[[nodiscard]] VNSEARCH_API std::string facet_filter(std::string_view facet, std::string_view value);

/// Options of a Searcher, fixed when it is made.
struct SearcherOptions {
    /// How long a remote shard (a `remote HOST:PORT` line of a stub file) may take for each
    /// exchange before it counts as missing for this search. A healthy shard on a LAN answers in
    /// milliseconds; the bound only decides how long a stalled machine holds up a search.
    unsigned remote_timeout_ms = 5000;
    /// How long connecting to a remote shard may take. A port with nothing listening fails at
    /// once whatever this is; an address that drops packets fails after it. A missing shard is
    /// tried again on each search, so this also bounds what a dead machine adds to each one.
    unsigned remote_connect_timeout_ms = 1000;
    /// Throw Error{Errc::shard_unavailable} instead of answering from the shards that respond.
    bool require_all_shards = false;
};

class VNSEARCH_API Searcher {
public:
    /// Opens the index at `path` read-only.
    /// @throws Error{Errc::index_not_found} if there is no index, Errc::index_corrupt if it is
    /// damaged or of another version.
    explicit Searcher(const std::string& path);
    /// Opens the index at `path`: a database folder, a sharded index folder, or a stub file
    /// whose lines name local databases (`auto PATH`, `glass PATH`) and remote shards served by
    /// xapian-tcpsrv (`remote HOST:PORT`, `remote :PROGRAM ARGS`). A remote shard that cannot be
    /// reached is left out and tried again on each search (SearchResults::missing_shards).
    /// @throws as Searcher(path); Error{Errc::shard_unavailable} if a shard cannot be reached and
    /// `options.require_all_shards`; Error{Errc::invalid_input} for a stub line that cannot be
    /// read.
    Searcher(const std::string& path, const SearcherOptions& options);
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    ~Searcher();

    /// Answers `query` (UTF-8; any bytes are accepted). Each call sees the latest committed
    /// state of the index at the path, including an index that a batch job switched into place
    /// after the Searcher was made. An empty query or one without any
    /// searchable word gives no hits, not an error.
    /// A remote shard that fails during the search is left out and the search runs again over
    /// the others, once.
    /// @throws Error{Errc::invalid_query} for a malformed field value (such as a bad date),
    /// Errc::index_corrupt or Errc::internal if the index fails while reading,
    /// Errc::shard_unavailable if a shard is missing and SearcherOptions::require_all_shards,
    /// or if no shard at all answers.
    [[nodiscard]] SearchResults search(std::string_view query,
                                       const SearchOptions& options = {}) const;

    /// Number of documents in the index.
    [[nodiscard]] std::size_t doc_count() const;

    /// The stored document with this id, as the index keeps it (every Document member but
    /// those the index does not store), or nothing if no document has this id. Sees the latest
    /// committed state of the index, as search() does.
    /// @throws Error{Errc::index_corrupt} or Errc::internal if the index fails while reading,
    /// Errc::shard_unavailable as search().
    [[nodiscard]] std::optional<Document> document(const std::string& id) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vnsearch
