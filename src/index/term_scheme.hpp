// SPDX-License-Identifier: Apache-2.0
// The one definition of how documents become Xapian terms and values. The write side
// (index_writer) and the read side (search) both include this file; docs/index-scheme.md explains
// every entry and the measurements behind the choices. Prefixes follow Xapian's convention:
// single capitals are Omega's (Q id, S title, A author, K tag, D/M/Y dates), X... are ours.
// Every term body is lower case (the analyzer's forms), so no prefix needs Omega's ':' separator.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/analyzer.hpp>

namespace vnsearch::index {

/// Bumped whenever the meaning of a term, value or the stored data changes. Stored in the
/// database metadata under `scheme_key` and mixed into every content hash, so a rerun after a
/// scheme change re-indexes every document.
inline constexpr int scheme_version = 2;  // 2: the facet slots

// --- terms ---
inline constexpr std::string_view id_prefix = "Q";     ///< Q<id>: unique id, boolean
inline constexpr std::string_view text_prefix = "";    ///< exact forms of title+summary+body,
                                                       ///< positional (the only full-text level
                                                       ///< with positions across all fields)
inline constexpr std::string_view title_prefix = "S";  ///< S<exact>: title tokens, positional
                                                       ///< (same position numbers as unprefixed)
inline constexpr std::string_view summary_prefix = "XSUM";  ///< XSUM<exact>: summary tokens, wdf
                                                            ///< only, no positions
inline constexpr std::string_view word_prefix = "W";  ///< W<exact_exact>: words of 2+ syllables in
                                                      ///< any field, wdf only, no positions
inline constexpr std::string_view author_prefix = "A";       ///< A<filter value>: boolean
inline constexpr std::string_view source_prefix = "XSRC";    ///< XSRC<filter value>: boolean
inline constexpr std::string_view category_prefix = "XCAT";  ///< XCAT<filter value>: boolean
inline constexpr std::string_view tag_prefix = "K";          ///< K<filter value>: one per tag
inline constexpr std::string_view year_prefix = "Y";         ///< Y2020: boolean
inline constexpr std::string_view month_prefix = "M";        ///< M202010: boolean
inline constexpr std::string_view day_prefix = "D";          ///< D20201024: boolean

/// Syllables of a word term are joined by this byte (never part of a token).
inline constexpr char word_joiner = '_';

/// Xapian's hard limit is 245 bytes per term; longer terms (after the prefix) are cut at a UTF-8
/// boundary (filter values) or dropped (text tokens; the analyzer already drops tokens > 64).
inline constexpr std::size_t max_term_bytes = 245;

// --- positions ---
// Token i of the title is at position first_position + i. The summary starts field_gap
// positions after the title's last token, the body field_gap after the summary's last token (a
// field that is empty takes no positions). So a phrase never spans two fields, and NEAR with a
// window below field_gap neither.
inline constexpr std::uint32_t first_position = 1;
inline constexpr std::uint32_t field_gap = 100;

// --- synonyms: how folded query words find the spellings the index holds ---
// Xapian's synonym table maps the *base* form of an indexed token (key "<base>") to every exact
// spelling indexed with that base form *that differs from the base* ("viet" -> "việt", "viết";
// the plain "viet", if indexed, is not listed: a query always includes the base term itself).
// Likewise key "W<base_base>" -> the "W<exact_exact>" word terms whose base differs. A query
// word typed with fewer marks expands to the spellings that carry every mark it has
// (OP_SYNONYM), so only the exact level needs positions. Entries are added, never removed: a
// spelling whose documents were all deleted stays listed and matches nothing.

// --- values ---
enum ValueSlot : unsigned {
    date_slot = 0,          ///< "YYYYMMDD" (sortable string; Xapian's DateRangeProcessor
                            ///< format), absent when the date is unknown
    content_hash_slot = 1,  ///< 16 lower-case hex digits: hash of scheme_version, the analyzer
                            ///< options and the stored data; unchanged documents are skipped
    origin_slot = 2,        ///< Document::origin, the file the document came from
    id_slot = 3,            ///< Document::id, as in the Q term: a search reads a hit's id from
                            ///< here (a value is ~8x cheaper to read than the termlist or the
                            ///< stored data). Absent on documents written before it existed:
                            ///< readers fall back to the Q term
    stored_slot = 4,        ///< the stored data (below) in zstd (store/stored_article.hpp).
                            ///< Absent on documents written before it existed: they hold it
                            ///< uncompressed in Document::get_data() (Xapian zlibs it)
    // Facet slots (search/facets.hpp): the document's values of one field as facet entries
    // (append_facet_entry), one per distinct filter value, absent when there is none. Local
    // shards count them from facet columns (search/facet_columns.hpp); a remote xapian-tcpsrv with
    // Xapian's stock ValueCountMatchSpy, whose counted values the searcher splits into entries.
    // Year and month come from date_slot.
    source_facet_slot = 5,    ///< Document::source
    category_facet_slot = 6,  ///< Document::category
    author_facet_slot = 7,    ///< each person author_names() finds in Document::author
    tag_facet_slot = 8,       ///< each of Document::tags
};

// --- facet entries ---
// A facet slot's value is its entries one after the other, each `filter value` 0xFE `display
// value` 0xFF (bytes that never occur in UTF-8). The filter value groups the spellings a filter
// finds together ("Dân trí", "DÂN TRÍ"); the display value is the spelling to show, as written
// (trimmed, inner white space runs made one space).

/// `value` trimmed, with each run of white space (ASCII, U+00A0) made one space.
[[nodiscard]] std::string display_value(std::string_view value);
/// Appends one entry to a facet slot value.
void append_facet_entry(std::string& slot_value, std::string_view filter, std::string_view display);
/// One entry of a facet slot value.
struct FacetEntry {
    std::string_view filter;
    std::string_view display;
};
/// The entries of a facet slot value, in the order they were appended; bytes that do not
/// follow the format are skipped.
[[nodiscard]] std::vector<FacetEntry> facet_entries(std::string_view slot_value);

// --- metadata (Database::get_metadata) ---
inline constexpr std::string_view scheme_key = "vnsearch:scheme";            ///< "1"
inline constexpr std::string_view last_update_key = "vnsearch:last_update";  ///< Unix seconds
/// "K/N": the database holds shard K of N (a shard of a sharded folder, or a --shard K/N database
/// of a cluster). Absent: the whole index.
inline constexpr std::string_view shard_key = "vnsearch:shard";
/// The index's word list and synonym groups (store/user_lists.hpp, docs/user-lists.md), one
/// word or group a line; absent: none.
inline constexpr std::string_view words_key = "vnsearch:words";
inline constexpr std::string_view synonyms_key = "vnsearch:synonyms";
/// The ids of the documents that contain a word added to or removed from the word list since
/// they were analysed, one a line (`index --reindex-changed` analyses them again); absent: none.
inline constexpr std::string_view stale_ids_key = "vnsearch:stale";

// --- stored document data ---
// A JSON object (UTF-8), kept zstd-compressed in stored_slot (older documents: in
// Document::get_data(); store/stored_article.hpp reads both), with the keys id, title, summary,
// body, date (ISO 8601 as read), url, source, category, author, tags (array of strings), fields
// (object of strings), origin, encoding. Keys with an empty value are left out; readers must treat
// a missing key as empty. Snippets are cut from title/summary/body with the analyzer's byte
// offsets, which refer to exactly these strings.

/// A filter value (author, source, category, tag) as a term body: the analyzer's exact forms of
/// its tokens joined by single spaces ("Báo  Mẫu", "BÁO MẪU" -> "báo mẫu"), cut to fit
/// max_term_bytes at a UTF-8 boundary. Empty if the value has no token.
[[nodiscard]] std::string filter_value(Analyzer& analyzer, std::string_view value,
                                       Analysis& scratch);
[[nodiscard]] std::string filter_value(Analyzer& analyzer, std::string_view value);

/// The people an author value credits, for one filter term each besides the whole value's:
/// "PHÙNG KHIÊM – PHƯƠNG DUNG" and "Nguyễn An, Trần Bình và Lê Chi" name several, so that
/// author:"phương dung" finds the article. Splits at commas, semicolons, `&`, en and em dashes,
/// a hyphen between spaces (not inside a name like Jean-Paul) and the word "và" (any case);
/// parts are trimmed, empty ones dropped. A value with no separator gives itself.
[[nodiscard]] std::vector<std::string_view> author_names(std::string_view author);

/// "YYYYMMDD" from an ISO 8601 date ("2020-10-24", "2020-10-24T08:00:00"); empty if `iso` does
/// not start with a valid calendar date.
[[nodiscard]] std::string date_value(std::string_view iso);

/// The word term body of `word` ("kinh_tế" for exact), from the tokens' exact or base forms.
enum class Form { exact, base };
[[nodiscard]] std::string word_term(const Analysis& analysis, const Word& word, Form form);
/// The same, appended to `out` (to build "W" + word without a temporary).
void append_word_term(std::string& out, const Analysis& analysis, const Word& word, Form form);

/// `s` cut to at most `max` bytes without splitting a UTF-8 sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t max);

}  // namespace vnsearch::index
