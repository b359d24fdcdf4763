// SPDX-License-Identifier: Apache-2.0
// The hits of a page, filled from the stored articles. Reading a hit's stored record needs the
// database, so the calling thread does it; decoding the record and cutting the snippet, most of
// the work, are jobs that a helper thread, when there is one, shares (search/helper_thread.hpp).
// The jobs can start on the first pass's page while the rerank decides the final one (start()):
// most of those hits stay on the page. A page without snippets needs only each hit's id.
#pragma once
#include <cstddef>
#include <functional>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include <vnsearch/searcher.hpp>

#include "search/helper_thread.hpp"
#include "search/ranked_hit.hpp"
#include "search/snippet.hpp"
#include "store/stored_article.hpp"

namespace vnsearch::search {

/// Makes the hits of a page that shows snippets. Not thread-safe: one per search, on the
/// thread that owns `db`.
class PageMaker {
public:
    /// `there` and `helper` are both set (two threads) or both null.
    /// `remote`: `db` has remote shards and the hits carry their ids; their records are then
    /// read a batch per match (search/remote_match.hpp), not a round trip each.
    PageMaker(const Xapian::Database& db, SnippetMaker& here, SnippetMaker* there,
              HelperThread* helper, bool remote = false)
        : db_(db), here_(here), there_(there), helper_(helper), remote_(remote) {}
    ~PageMaker();
    PageMaker(const PageMaker&) = delete;
    PageMaker& operator=(const PageMaker&) = delete;

    /// Starts on the hits the page will likely show (the first pass's).
    void start(const std::vector<RankedHit>& likely);

    /// The hits of `page` (the final order), ranked from `first_rank`.
    std::vector<Hit> finish(const std::vector<RankedHit>& page, std::size_t first_rank);

private:
    struct Slot {
        Xapian::docid did = 0;
        store::StoredRecord record;
        Hit hit;
    };

    std::size_t add(Xapian::docid did);
    void fetch(const std::vector<RankedHit>& hits);
    void run(std::size_t i, SnippetMaker& snippets);
    void close();

    const Xapian::Database& db_;
    SnippetMaker& here_;
    SnippetMaker* there_;
    HelperThread* helper_;
    bool remote_;
    std::unordered_map<Xapian::docid, store::StoredRecord> fetched_;  // remote: by fetch()
    std::vector<Slot> slots_;
    std::size_t used_ = 0;  // slots [0, used_) have jobs
    bool open_ = false;     // a helper run is open
    const std::function<void(std::size_t, int)> job_ = [this](std::size_t i, int lane) {
        run(i, lane == 0 ? here_ : *there_);
    };
};

/// The hits of a page without snippets, ranked from `first_rank`: rank, score and id only.
[[nodiscard]] std::vector<Hit> hits_without_snippets(const Xapian::Database& db,
                                                     const std::vector<RankedHit>& page,
                                                     std::size_t first_rank);

}  // namespace vnsearch::search
