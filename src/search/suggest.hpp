// SPDX-License-Identifier: Apache-2.0
// "Did you mean": restores the diacritics of unaccented query words from the index's own
// statistics. A multi-syllable word is restored as a whole through the W synonym keys (its most
// frequent indexed spelling), which carries the context a syllable alone lacks ("ha noi" -> "hà
// nội", not the most frequent "ha" + the most frequent "noi"); a one-syllable word takes its most
// frequent spelling.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>

namespace vnsearch::search {

/// True if `candidate` (an exact form) carries every mark `typed` (an exact form with the same
/// base) carries: the same tone if one was typed, the same modifier on every letter that has one.
bool carries_marks(std::string_view typed, std::string_view candidate);

/// The most likely spelling of an unaccented word.
struct Restoration {
    std::vector<std::string> syllables;  ///< exact forms, one per token of the word
    double share = 0;                    ///< its frequency / all spellings' frequency (0..1]
    Xapian::doccount frequency = 0;      ///< documents with it (the W term's for a word)
};

/// Restores `w` of `a` if every token of it is unaccented (or, with `partly_marked`, some are:
/// the spelling then keeps the marks typed) and the index knows a spelling with more marks.
/// Returns false when there is nothing to restore.
bool restore_word(const Xapian::Database& db, const Analysis& a, const Word& w, Restoration& out,
                  bool partly_marked = false);

/// The query with every restorable word replaced by its restored spelling and every syllable of
/// `respelled` (exact form typed -> spelling, from BuiltQuery::respelled) respelled, the
/// capitalisation typed kept; an empty string when nothing changes. `partly_marked`: the query
/// was typed in part without marks (BuiltQuery::partly_unaccented).
std::string suggest(const Xapian::Database& db, Analyzer& analyzer, std::string_view query,
                    const std::vector<std::pair<std::string, std::string>>& respelled = {},
                    bool partly_marked = false);

}  // namespace vnsearch::search
