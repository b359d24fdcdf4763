// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/searcher.hpp>

#include <sys/stat.h>

#include <mutex>
#include <optional>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "search/helper_thread.hpp"
#include "search/match_only.hpp"
#include "search/page_maker.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/rerank.hpp"
#include "search/snippet.hpp"
#include "search/split_match.hpp"
#include "search/suggest.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch {

namespace {

// What snippets need of an analysis: each token's exact form and offsets, no words.
AnalyzerOptions for_snippets() {
    AnalyzerOptions o;
    o.segment_words = false;
    o.token_forms = TokenForms::exact_only;
    return o;
}

}  // namespace

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;
    Analyzer analyzer;
    // Snippets need each token's exact form and offsets, not words or folded forms: the same
    // analysis without the dictionary segmenter (a third of the cost of analysing a stored
    // text) and without copying the two folded forms.
    Analyzer snippet_analyzer{for_snippets()};
    Analysis snippet_scratch;  // its buffers serve query after query
    // A second thread that takes half of each first pass and some of the snippets, with its own
    // analyzer and database handle; started on the first search that asks for two threads
    // (SearchOptions::threads).
    struct Helper {
        Analyzer analyzer{for_snippets()};
        Analysis scratch;
        Xapian::Database db;
        search::HelperThread thread;  // last: joined before what its jobs use goes
    };
    std::unique_ptr<Helper> helper;
    std::mutex mutex;  // Xapian::Database and the analyzers are not safe for concurrent use
    // The folder the open database lives in. A batch job that changed enough of the index
    // switches a rewritten folder into place (index/segments.hpp), which Database::reopen()
    // cannot follow; a changed folder identity tells us to open the path again.
    dev_t folder_device = 0;
    ino_t folder_inode = 0;

    void open();
    void follow_index();
    void reopen();
    Helper& start_helper();
    bool helper_sees_same_revision() const;

    SearchResults run(std::string_view query, const SearchOptions& options);
};

SearchResults Searcher::Impl::run(std::string_view query, const SearchOptions& options) {
    SearchResults results;
    const std::string cleaned = search::clean_query(query);
    const search::QueryNode root = search::parse_query(cleaned);
    search::QueryBuilder builder(db, analyzer);
    const search::BuiltQuery built = builder.build(root);
    if (options.suggest) results.suggestion = search::suggest(db, analyzer, cleaned);
    if (built.strict.empty()) return results;

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(search::ranking_weight());
    if (options.sort == SortOrder::date)
        enquire.set_sort_by_value_then_relevance(index::date_slot, true);
    const auto offset = static_cast<Xapian::doccount>(options.offset);
    const auto limit = static_cast<Xapian::doccount>(options.limit);
    // Snippets: one maker a thread, the words to mark prepared once.
    const search::Highlighter highlighter{built.highlight, built.highlight_sequences,
                                          &built.highlight_minor};
    std::optional<search::SnippetMaker> here, there;
    std::optional<search::PageMaker> page;
    search::FirstPassHook start_likely_hits;
    Helper* two = options.threads >= 2 ? &start_helper() : nullptr;
    // The helper matches half the documents only on the revision this thread reads.
    std::optional<search::SplitMatch> split;
    if (two != nullptr && helper_sees_same_revision())
        split = search::SplitMatch{&two->thread, &two->db};
    if (options.snippets) {
        here.emplace(snippet_analyzer, highlighter, options.snippet_length, &snippet_scratch);
        if (two != nullptr) {
            there.emplace(two->analyzer, highlighter, options.snippet_length, &two->scratch);
            page.emplace(db, *here, &*there, &two->thread);
            start_likely_hits = [&](const std::vector<search::RankedHit>& likely) {
                page->start(likely);
            };
        } else {
            page.emplace(db, *here, nullptr, nullptr);
        }
    }
    search::RankedPage ranked =
        search::rank_page(db, enquire, built, options.sort == SortOrder::relevance, offset, limit,
                          start_likely_hits, split ? &*split : nullptr);
    results.estimated_total = ranked.estimated_total;
    if (ranked.upper_bound == 0) {
        // Nothing even under the ranked rules (a phrase or title: that no document has): show
        // what the loosened query finds.
        if (built.relaxed.serialise() != built.ranked.serialise()) {
            enquire.set_query(built.relaxed);
            const Xapian::MSet mset = enquire.get_mset(offset, limit);
            results.partial = mset.get_matches_upper_bound() > 0;
            results.estimated_total = mset.get_matches_estimated();
            ranked.hits = search::hits_of(mset);
        }
    } else if (built.strict.serialise() != built.ranked.serialise()) {
        // Ranked hits exist; they are partial if no document has every word. Usually the best
        // hits have them all, which the reranking's term counts or the top hit's matching terms
        // show; otherwise an unweighted match stops at the first document that has them all.
        results.partial = !ranked.full_match_seen &&
                          !search::top_hit_is_full(db, ranked.hits, built.strict) &&
                          !search::has_match(db, built.strict);
    }
    if (page) {
        results.hits = page->finish(ranked.hits, options.offset + 1);
        return results;
    }
    results.hits = search::hits_without_snippets(db, ranked.hits, options.offset + 1);
    return results;
}

Searcher::Impl::Helper& Searcher::Impl::start_helper() {
    if (!helper) {
        auto started = std::make_unique<Helper>();
        started->db = store::open_for_reading(path);
        helper = std::move(started);
    }
    return *helper;
}

bool Searcher::Impl::helper_sees_same_revision() const {
    return search::same_revisions(db, helper->db);
}

void Searcher::Impl::open() {
    struct stat st {};
    const bool known = ::stat(path.c_str(), &st) == 0;
    db = store::open_for_reading(path);
    if (helper) helper->db = store::open_for_reading(path);
    folder_device = known ? st.st_dev : 0;
    folder_inode = known ? st.st_ino : 0;
}

// Called before each search: the latest committed revision of whatever folder is at the path now.
// Costs a stat() and, when nothing changed, Xapian's check of the revision (a few microseconds).
void Searcher::Impl::follow_index() {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 &&
        (st.st_dev != folder_device || st.st_ino != folder_inode)) {
        open();
        return;
    }
    reopen();
}

void Searcher::Impl::reopen() {
    db.reopen();
    if (helper) helper->db.reopen();
}

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->open();
}

Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    std::lock_guard lock(impl_->mutex);
    const std::string what = "cannot search index \"" + impl_->path + "\"";
    return store::xapian_call(what, [&] {
        impl_->follow_index();
        try {
            return impl_->run(query, options);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read: catch up with the latest revision.
            impl_->reopen();
            return impl_->run(query, options);
        }
    });
}

std::size_t Searcher::doc_count() const {
    std::lock_guard lock(impl_->mutex);
    return store::xapian_call("cannot read index \"" + impl_->path + "\"", [&] {
        impl_->follow_index();
        return static_cast<std::size_t>(impl_->db.get_doccount());
    });
}

}  // namespace vnsearch
