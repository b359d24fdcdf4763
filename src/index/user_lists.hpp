// SPDX-License-Identifier: Apache-2.0
// Reading an index's word list and synonym groups (store/user_lists.hpp) from its metadata.
#pragma once
#include <string>

#include <xapian.h>

#include "index/term_scheme.hpp"
#include "store/user_lists.hpp"

namespace vnsearch::index {

using store::UserLists;

/// The lists stored in `db` (of a sharded or remote index: its first shard's, which are every
/// shard's).
[[nodiscard]] inline UserLists read_user_lists(const Xapian::Database& db) {
    UserLists lists;
    lists.words = store::decode_words(db.get_metadata(std::string(words_key)));
    lists.synonyms = store::decode_synonyms(db.get_metadata(std::string(synonyms_key)));
    return lists;
}

}  // namespace vnsearch::index
