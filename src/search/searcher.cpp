// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/searcher.hpp>

#include <sys/stat.h>

#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "search/abbreviations.hpp"
#include "search/facet_columns.hpp"
#include "search/facets.hpp"
#include "search/helper_thread.hpp"
#include "search/match_only.hpp"
#include "search/page_maker.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/remote_match.hpp"
#include "search/rerank.hpp"
#include "search/snippet.hpp"
#include "search/split_match.hpp"
#include "search/suggest.hpp"
#include "search/term_stats.hpp"
#include "store/open_shards.hpp"
#include "store/shard_set.hpp"
#include "store/stored_article.hpp"
#include "store/user_lists.hpp"
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
    SearcherOptions opening;  // the timeouts and require_all_shards
    // Every shard the path names, in stub order, and the ones open now. `db` searches
    // `shards.used`; so does the helper's handle, in the same order: a multi-database numbers
    // documents by interleaving its shards, so handles over different shard lists would give
    // the same document different ids.
    std::vector<store::ShardLocation> locations;
    store::OpenedShards shards;
    // Set by open(): the missing shards were just tried, so the next search does not try them
    // again (a Searcher made for one query would pay a stalled shard's timeout twice).
    bool just_opened = false;
    Xapian::Database db;
    // The term statistics queries are built from: over remote shards, fetched in batches and
    // kept while the revision lasts (reopen() and open_shards() drop them).
    search::TermStats term_stats{db};
    Analyzer analyzer;
    // The index's word list and synonym groups (store/user_lists.hpp), read from the metadata
    // once per opened revision: the query analyzer segments with the words, and `table` holds
    // the built-in abbreviations plus the groups (null when the index has none).
    bool lists_current = false;
    std::string words_value, synonyms_value;
    std::unique_ptr<search::AbbreviationTable> table;
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
    // The facet fields of each local shard as integers, read by the first search that counts
    // them and again after a shard's revision changes (search/facet_columns.hpp).
    search::FacetColumns facet_columns;
    std::mutex mutex;  // Xapian::Database and the analyzers are not safe for concurrent use
    // The folder the open database lives in. A batch job that changed enough of the index
    // switches a rewritten folder into place (index/segments.hpp), which Database::reopen()
    // cannot follow; a changed folder identity tells us to open the path again.
    dev_t folder_device = 0;
    ino_t folder_inode = 0;

    void open();
    void open_shards(const std::vector<store::ShardLocation>& wanted);
    void follow_index();
    void reopen();
    bool missing_shard_is_back() const;
    void reconnect();
    void require_shards() const;
    void start_helper();
    bool helper_sees_same_revision() const;
    void load_user_lists();

    search::BuiltQuery build(const search::QueryNode& root, const search::BuildOptions& options);
    SearchResults search(std::string_view query, const SearchOptions& options);
    SearchResults run_latest(std::string_view query, const SearchOptions& options);
    SearchResults run(std::string_view query, const SearchOptions& options);
};

// Over remote shards, the query is built in rounds from batched term statistics
// (search/term_stats.hpp): each round that asked about terms not known yet fetches them all in
// one exchange. Past `max_rounds` (a builder whose questions chain further than ours do today),
// the last build asks directly.
search::BuiltQuery Searcher::Impl::build(const search::QueryNode& root,
                                         const search::BuildOptions& options) {
    constexpr int max_rounds = 8;
    for (int round = 0;; ++round) {
        term_stats.set_batched(shards.any_remote() && round < max_rounds);
        search::QueryBuilder builder(db, analyzer, options, term_stats);
        search::BuiltQuery built = builder.build(root);
        if (!term_stats.fetch_missing()) return built;
    }
}

SearchResults Searcher::Impl::run(std::string_view query, const SearchOptions& options) {
    SearchResults results;
    const std::vector<search::FacetField> facets = search::facet_fields(options.facets);
    search::require_facet_slots(db, facets);
    const std::string cleaned = search::clean_query(query);
    const search::QueryNode root = search::parse_query(cleaned);
    load_user_lists();
    search::BuildOptions build_options;
    build_options.prefix_last = options.prefix_last;
    build_options.abbreviations = table.get();
    const search::BuiltQuery built = build(root, build_options);
    results.interpreted = search::interpreted_query(analyzer, cleaned, built.decoded);
    // A word typed so far has no spelling to improve on yet.
    if (options.suggest && !options.prefix_last) {
        // Of a query typed as keystrokes, what it decodes to is the spelling to improve on.
        const std::string& typed = results.interpreted.empty() ? cleaned : results.interpreted;
        results.suggestion =
            search::suggest(db, analyzer, typed, built.respelled, built.partly_unaccented);
    }
    results.facets = search::empty_facets(facets);
    if (built.strict.empty()) return results;

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(search::ranking_weight());
    const bool remote = shards.any_remote();
    if (remote) search::carry_ids(enquire);
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
    Helper* two = options.threads >= 2 ? helper.get() : nullptr;
    // The helper matches half the documents only on the revision this thread reads, and never
    // over remote shards: the split's posting source cannot travel to a stock xapian-tcpsrv
    // (Xapian::UnimplementedError), and the servers match in parallel anyway.
    std::optional<search::SplitMatch> split;
    if (two != nullptr && !shards.any_remote() && helper_sees_same_revision())
        split = search::SplitMatch{&two->thread, &two->db};
    if (options.snippets) {
        here.emplace(snippet_analyzer, highlighter, options.snippet_length, &snippet_scratch);
        if (two != nullptr) {
            there.emplace(two->analyzer, highlighter, options.snippet_length, &two->scratch);
            page.emplace(db, *here, &*there, &two->thread, remote);
            // Over remote shards, the page's records come in one match once the rerank is
            // done: starting early would cost a second match for the hits it moves.
            if (!remote)
                start_likely_hits = [&](const std::vector<search::RankedHit>& likely) {
                    page->start(likely);
                };
        } else {
            page.emplace(db, *here, nullptr, nullptr, remote);
        }
    }
    search::RankedPage ranked =
        search::rank_page(db, enquire, built, options.sort == SortOrder::relevance, offset, limit,
                          start_likely_hits, split ? &*split : nullptr, remote);
    results.estimated_total = ranked.estimated_total;
    const Xapian::Query* hits_query = &built.ranked;  // what the facets count
    if (ranked.upper_bound == 0) {
        // Nothing even under the ranked rules (a phrase or title: that no document has): show
        // what the loosened query finds.
        if (built.relaxed.serialise() != built.ranked.serialise()) {
            enquire.set_query(built.relaxed);
            hits_query = &built.relaxed;
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
    if (page)
        results.hits = page->finish(ranked.hits, options.offset + 1);
    else
        results.hits = search::hits_without_snippets(db, ranked.hits, options.offset + 1);
    // Remote shards count on their servers, with the stock spy.
    if (!facets.empty()) {
        search::FacetCounts counts =
            search::count_facets(db, *hits_query, facets, options.max_facet_values,
                                 shards.any_remote() ? nullptr : &facet_columns);
        results.facets = std::move(counts.facets);
        results.estimated_total = counts.matches;
    }
    return results;
}

void Searcher::Impl::load_user_lists() {
    if (lists_current) return;
    const std::string words = db.get_metadata(std::string(index::words_key));
    const std::string synonyms = db.get_metadata(std::string(index::synonyms_key));
    lists_current = true;
    if (words == words_value && synonyms == synonyms_value) return;
    if (words != words_value) {
        AnalyzerOptions with_words;
        with_words.words = store::decode_words(words);
        analyzer = Analyzer(with_words);
    }
    table.reset();
    if (!synonyms.empty()) {
        table = std::make_unique<search::AbbreviationTable>(search::abbreviations());
        table->add_synonym_groups(store::decode_synonyms(synonyms), analyzer);
    }
    words_value = words;
    synonyms_value = synonyms;
}

void Searcher::Impl::start_helper() {
    if (helper) return;
    helper = std::make_unique<Helper>();
    open_shards(shards.used);
}

bool Searcher::Impl::helper_sees_same_revision() const {
    return search::same_revisions(db, helper->db);
}

void Searcher::Impl::open() {
    struct stat st {};
    const bool known = ::stat(path.c_str(), &st) == 0;
    locations = store::locate_index(path).shards;
    open_shards(locations);
    just_opened = true;
    folder_device = known ? st.st_dev : 0;
    folder_inode = known ? st.st_ino : 0;
}

// Opens `wanted` (a subset of `locations`, in stub order) for this thread and, if there is a
// helper, for it too; a remote shard that either handle cannot reach is left out of both.
void Searcher::Impl::open_shards(const std::vector<store::ShardLocation>& wanted) {
    const store::RemoteTimeouts timeouts{opening.remote_timeout_ms,
                                         opening.remote_connect_timeout_ms};
    std::vector<store::ShardLocation> trying = wanted;
    for (;;) {
        shards = store::open_shards(trying, timeouts);
        if (!helper) break;
        Xapian::Database second;
        std::optional<std::size_t> lost;
        for (std::size_t i = 0; i < shards.used.size() && !lost; ++i) {
            try {
                second.add_database(store::open_shard(shards.used[i], timeouts));
            } catch (const Xapian::NetworkError&) {
                lost = i;
            }
        }
        if (!lost) {
            helper->db = second;
            break;
        }
        trying = shards.used;
        trying.erase(trying.begin() + static_cast<std::ptrdiff_t>(*lost));
    }
    db = shards.all;
    facet_columns.clear();  // by place in the shard list, which may have changed
    term_stats.forget();
    lists_current = false;
    // Missing: every shard of the index not in use, in stub order (some may have been missing
    // before `wanted` was chosen).
    std::unordered_set<std::string> in_use;
    for (const store::ShardLocation& s : shards.used) in_use.insert(s.name());
    shards.missing.clear();
    for (const store::ShardLocation& s : locations)
        if (!in_use.contains(s.name())) shards.missing.push_back(s);
}

// True if a missing remote shard answers now. Each try is bounded by the connect timeout, also
// for the server's greeting (a machine that accepts and stalls); a refused port fails at once.
// The probe's connection is dropped: the shard is then opened with the usual timeouts.
bool Searcher::Impl::missing_shard_is_back() const {
    const store::RemoteTimeouts timeouts{opening.remote_connect_timeout_ms,
                                         opening.remote_connect_timeout_ms};
    for (const store::ShardLocation& s : shards.missing) {
        try {
            (void)store::open_shard(s, timeouts);
            return true;
        } catch (const Xapian::NetworkError&) {
        }
    }
    return false;
}

// After a network failure: connects again to every shard in use and leaves out the ones that
// do not answer. Every remote connection is made anew: a failure in a match can leave the
// other shards' connections with answers nobody read.
void Searcher::Impl::reconnect() {
    const std::vector<store::ShardLocation> in_use = shards.used;
    open_shards(in_use);
}

void Searcher::Impl::require_shards() const {
    if (shards.missing.empty()) return;
    std::string names;
    for (const std::string& name : shards.missing_names())
        names += (names.empty() ? "" : ", ") + name;
    if (shards.used.empty()) {
        throw Error(Errc::shard_unavailable,
                    "cannot search index \"" + path + "\": no shard answers (" + names + ")");
    }
    if (opening.require_all_shards) {
        throw Error(Errc::shard_unavailable,
                    "cannot search index \"" + path + "\": shards unavailable: " + names);
    }
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
    const bool retry = !just_opened;
    just_opened = false;
    if (retry && !shards.missing.empty() && missing_shard_is_back()) {
        open_shards(locations);
        return;
    }
    reopen();
}

void Searcher::Impl::reopen() {
    if (db.reopen()) {
        term_stats.forget();
        lists_current = false;
    }
    // The helper's handle matches only on local shards (no split over remote ones, see run()):
    // over remote shards its reopen would be a round trip a shard for nothing.
    if (helper && !shards.any_remote()) helper->db.reopen();
}

Searcher::Searcher(const std::string& path) : Searcher(path, SearcherOptions{}) {}

Searcher::Searcher(const std::string& path, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->opening = options;
    store::xapian_call("cannot open index \"" + path + "\"", [&] { impl_->open(); });
    if (options.require_all_shards) impl_->require_shards();
}

Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

SearchResults Searcher::Impl::run_latest(std::string_view query, const SearchOptions& options) {
    try {
        return run(query, options);
    } catch (const Xapian::DatabaseModifiedError&) {
        // A writer committed twice while we read: catch up with the latest revision.
        reopen();
        return run(query, options);
    }
}

SearchResults Searcher::Impl::search(std::string_view query, const SearchOptions& options) {
    if (options.threads >= 2) start_helper();
    try {
        follow_index();
    } catch (const Xapian::NetworkError&) {
        reconnect();
    }
    require_shards();
    SearchResults results;
    try {
        results = run_latest(query, options);
    } catch (const Xapian::NetworkError&) {
        // A remote shard failed during the search (stopped, or slower than the timeout): answer
        // from the shards that still answer, once.
        reconnect();
        require_shards();
        results = run_latest(query, options);
    }
    results.missing_shards = shards.missing_names();
    return results;
}

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    std::lock_guard lock(impl_->mutex);
    const std::string what = "cannot search index \"" + impl_->path + "\"";
    return store::xapian_call(what, [&] { return impl_->search(query, options); });
}

std::optional<Document> Searcher::document(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    return store::xapian_call(
        "cannot read index \"" + impl_->path + "\"", [&]() -> std::optional<Document> {
            try {
                impl_->follow_index();
            } catch (const Xapian::NetworkError&) {
                impl_->reconnect();
            }
            impl_->require_shards();
            const std::string term = std::string(index::id_prefix) + id;
            const Xapian::PostingIterator p = impl_->db.postlist_begin(term);
            if (id.empty() || p == impl_->db.postlist_end(term)) return std::nullopt;
            store::StoredArticle article;
            const Xapian::Document doc = impl_->db.get_document(*p);
            if (!store::decode(store::encoded(store::read_record(doc, index::stored_slot)),
                               article))
                throw Error(Errc::index_corrupt, "the stored document \"" + id + "\" is damaged");
            if (article.id.empty()) article.id = id;
            return store::to_document(std::move(article));
        });
}

std::size_t Searcher::doc_count() const {
    std::lock_guard lock(impl_->mutex);
    return store::xapian_call("cannot read index \"" + impl_->path + "\"", [&] {
        try {
            impl_->follow_index();
        } catch (const Xapian::NetworkError&) {
            impl_->reconnect();
        }
        impl_->require_shards();
        return static_cast<std::size_t>(impl_->db.get_doccount());
    });
}

}  // namespace vnsearch
