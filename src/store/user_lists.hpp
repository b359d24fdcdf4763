// SPDX-License-Identifier: Apache-2.0
// An index's own word list and synonym groups (docs/user-lists.md): read from the user's files,
// checked line by line, and kept in the index's metadata, one key each (term_scheme.hpp), so that
// every searcher of the index, over remote shards too (Xapian's remote protocol serves metadata
// but not the synonym table), segments and expands queries with the lists the documents were
// indexed with. Every shard of an index carries the same lists. The metadata keys are in
// index/term_scheme.hpp; index/user_lists.hpp reads a database's lists.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace vnsearch::store {

/// The lists an index holds (empty when it has none).
struct UserLists {
    /// Each word's exact syllables joined by single spaces ("vin phát").
    std::vector<std::string> words;
    /// Each group's members as written (trimmed): {"xe máy", "xe gắn máy", "mô tô"}.
    std::vector<std::vector<std::string>> synonyms;
    bool operator==(const UserLists&) const = default;
};

/// Reads a word list: UTF-8, one word a line, syllables separated by spaces or `_`, blank lines
/// and lines starting with `#` skipped. Every word is 2 to 4 Vietnamese syllables (what the
/// segmenter can join). Words are returned in the words form above, each once, in file order.
/// @throws Error{Errc::invalid_input} "ORIGIN:LINE: why" for the first bad line.
[[nodiscard]] std::vector<std::string> parse_word_list(std::string_view text,
                                                       const std::string& origin);
/// Reads synonym groups: UTF-8, one group a line, members separated by commas ("xe máy, xe gắn
/// máy, mô tô"), blank and `#` lines skipped. A group has at least two different members; a
/// member is one or more syllables, words or abbreviations.
/// @throws Error{Errc::invalid_input} "ORIGIN:LINE: why" for the first bad line.
[[nodiscard]] std::vector<std::vector<std::string>> parse_synonym_groups(std::string_view text,
                                                                         const std::string& origin);
/// The contents of the file at `path`. @throws Error{Errc::io}.
[[nodiscard]] std::string read_list_file(const std::string& path);

/// The metadata values of the lists (one word or group a line; an empty list: empty, which
/// Xapian stores as no key) and back.
[[nodiscard]] std::string encode_words(const std::vector<std::string>& words);
[[nodiscard]] std::string encode_synonyms(const std::vector<std::vector<std::string>>& groups);
[[nodiscard]] std::vector<std::string> decode_words(std::string_view value);
[[nodiscard]] std::vector<std::vector<std::string>> decode_synonyms(std::string_view value);

/// Document ids one a line (an id holding a line break is left out) and back.
[[nodiscard]] std::string encode_ids(const std::vector<std::string>& ids);
[[nodiscard]] std::vector<std::string> decode_ids(std::string_view value);

/// The words of `before` and `after` that only one of them has: where documents may now be
/// segmented differently.
[[nodiscard]] std::vector<std::string> changed_words(const std::vector<std::string>& before,
                                                     const std::vector<std::string>& after);
/// A query matching the documents that contain one of `words` in any spelling (the syllables in
/// a row, each as any indexed spelling of its base form), or an empty query.
[[nodiscard]] Xapian::Query words_query(const Xapian::Database& db,
                                        const std::vector<std::string>& words);

}  // namespace vnsearch::store
