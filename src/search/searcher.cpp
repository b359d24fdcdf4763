// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/searcher.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "search/helper_thread.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/rerank.hpp"
#include "search/snippet.hpp"
#include "search/split_match.hpp"
#include "search/suggest.hpp"
#include "store/stored_article.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch {

namespace {

// True if the first of `hits` provably matches `strict`, from the terms it has (one termlist
// read, against a second match that opens every posting list again).
bool top_hit_is_full(const Xapian::Database& db, const std::vector<search::RankedHit>& hits,
                     const Xapian::Query& strict) {
    if (hits.empty()) return false;
    std::unordered_set<std::string> has;
    // The query's terms come sorted: one forward pass over the document's termlist (skip_to),
    // without Enquire::get_matching_terms()'s copy of every term of the document.
    Xapian::TermIterator doc_term = db.termlist_begin(hits.front().did);
    const Xapian::TermIterator doc_end = db.termlist_end(hits.front().did);
    for (auto t = strict.get_unique_terms_begin();
         t != strict.get_unique_terms_end() && doc_term != doc_end; ++t) {
        doc_term.skip_to(*t);
        if (doc_term != doc_end && *doc_term == *t) has.insert(*t);
    }
    return search::satisfied(strict, [&](const std::string& t) { return has.contains(t); }) == true;
}

// A leaf term S<t> or XSUM<t> stripped to <t>; empty for any other query.
std::string field_term_base(const Xapian::Query& q) {
    if (q.get_type() != Xapian::Query::LEAF_TERM) return {};
    const std::string term = *q.get_unique_terms_begin();
    for (const std::string_view prefix : {index::summary_prefix, index::title_prefix})
        if (term.size() > prefix.size() && term.starts_with(prefix))
            return term.substr(prefix.size());
    return {};
}

// True if every document matching `c` (an OR/SYNONYM child) matches one of its `siblings`:
// `c` is made of S<t>/XSUM<t> terms whose plain <t> is a sibling leaf. The index writes <t>
// wherever it writes S<t> or XSUM<t> (docs/index-scheme.md), so such field evidence never
// widens a match.
bool covered_field_evidence(const Xapian::Query& c, const std::vector<Xapian::Query>& siblings) {
    Xapian::Query inner = c;
    while (inner.get_type() == Xapian::Query::OP_SCALE_WEIGHT) inner = inner.get_subquery(0);
    std::vector<std::string> bases;
    if (inner.get_type() == Xapian::Query::LEAF_TERM) {
        bases.push_back(field_term_base(inner));
    } else if (inner.get_type() == Xapian::Query::OP_SYNONYM ||
               inner.get_type() == Xapian::Query::OP_OR) {
        for (std::size_t i = 0; i < inner.get_num_subqueries(); ++i)
            bases.push_back(field_term_base(inner.get_subquery(i)));
    }
    if (bases.empty()) return false;
    for (const std::string& base : bases) {
        if (base.empty()) return false;
        bool found = false;
        for (const Xapian::Query& s : siblings) {
            Xapian::Query leaf = s;
            if (leaf.get_type() == Xapian::Query::OP_SYNONYM ||
                leaf.get_type() == Xapian::Query::OP_OR) {
                for (std::size_t i = 0; i < leaf.get_num_subqueries() && !found; ++i) {
                    const Xapian::Query x = leaf.get_subquery(i);
                    found = x.get_type() == Xapian::Query::LEAF_TERM &&
                            *x.get_unique_terms_begin() == base;
                }
            } else {
                found = leaf.get_type() == Xapian::Query::LEAF_TERM &&
                        *leaf.get_unique_terms_begin() == base;
            }
            if (found) break;
        }
        if (!found) return false;
    }
    return true;
}

// `q` with only what decides whether a document matches: the optional side of AND_MAYBE, weight
// scaling and field evidence covered by its plain terms are dropped. Used for the unweighted
// "does any document have every word" test, where they only cost time.
Xapian::Query match_only(const Xapian::Query& q) {
    const std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
        case Xapian::Query::OP_SCALE_WEIGHT:
        case Xapian::Query::OP_AND_MAYBE:
            return n == 0 ? q : match_only(q.get_subquery(0));
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            std::vector<Xapian::Query> children;
            for (std::size_t i = 0; i < n; ++i) children.push_back(q.get_subquery(i));
            std::vector<Xapian::Query> kept;
            for (std::size_t i = 0; i < n; ++i) {
                if (q.get_type() != Xapian::Query::OP_AND &&
                    covered_field_evidence(children[i], children))
                    continue;
                kept.push_back(match_only(children[i]));
            }
            if (kept.size() == 1) return kept.front();
            const auto op = q.get_type() == Xapian::Query::OP_AND ? Xapian::Query::OP_AND
                                                                  : Xapian::Query::OP_OR;
            return Xapian::Query(op, kept.begin(), kept.end());
        }
        default:
            return q;
    }
}

bool has_match(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(match_only(q));
    return !enquire.get_mset(0, 1).empty();
}

// The id value (index::id_slot) of each hit, empty where a document has none: one pass over
// the slot's value stream in document order, instead of opening each document.
std::vector<std::string> ids_from_values(const Xapian::Database& db,
                                         const std::vector<search::RankedHit>& hits) {
    std::vector<std::pair<Xapian::docid, std::size_t>> sorted;
    for (std::size_t i = 0; i < hits.size(); ++i) sorted.emplace_back(hits[i].did, i);
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> ids(hits.size());
    const Xapian::ValueIterator end = db.valuestream_end(index::id_slot);
    Xapian::ValueIterator v = db.valuestream_begin(index::id_slot);
    for (const auto& [did, at] : sorted) {
        if (v == end) break;
        v.skip_to(did);
        if (v != end && v.get_docid() == did) ids[at] = *v;
    }
    return ids;
}

// What snippets need of an analysis: each token's exact form and offsets, no words.
AnalyzerOptions for_snippets() {
    AnalyzerOptions o;
    o.segment_words = false;
    o.exact_form_only = true;
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
    Hit hit_without_snippet(const search::RankedHit& ranked, std::string id, std::size_t rank);
};

// A hit without snippet: rank, score and id.
Hit Searcher::Impl::hit_without_snippet(const search::RankedHit& ranked, std::string id,
                                        std::size_t rank) {
    Hit hit;
    hit.rank = rank;
    hit.score = ranked.weight;
    // The id from its value slot (read by ids_from_values() for all hits at once), not from the
    // stored article (compressed, and all of it) or the termlist (compressed too).
    hit.id = std::move(id);
    if (!hit.id.empty()) return hit;
    // Documents indexed before the slot existed have the Q term.
    const Xapian::Document doc = db.get_document(ranked.did, Xapian::DOC_ASSUME_VALID);
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(std::string(index::id_prefix));
    if (t != doc.termlist_end() && (*t).starts_with(index::id_prefix))
        hit.id = (*t).substr(index::id_prefix.size());
    else if (store::StoredArticle article;
             store::decode(store::encoded(store::read_record(doc, index::stored_slot)), article))
        hit.id = std::move(article.id);
    return hit;
}

namespace {

// Fills in `hit` from its stored record: the fields it shows, its snippet and the matched words
// of its title.
void finish_hit(store::StoredRecord record, Hit& hit, search::SnippetMaker& snippets) {
    store::StoredArticle stored;
    if (!store::decode(store::encoded(std::move(record)), stored)) {
        hit.id = std::move(stored.id);  // what was readable before the damage
        return;
    }
    hit.id = std::move(stored.id);
    hit.title = std::move(stored.title);
    hit.date = std::move(stored.date);
    hit.source = std::move(stored.source);
    hit.url = std::move(stored.url);
    std::string text = std::move(stored.summary);
    if (!text.empty() && !stored.body.empty()) text += "\n";
    text += stored.body;
    if (text.empty()) text = hit.title;
    hit.snippet = snippets.make(text);
    // A title is short: analysed whole. A hit that matches only in its title shows why.
    if (!hit.title.empty()) hit.title_highlights = snippets.highlights(hit.title);
}

// Makes the hits of a page that shows snippets. Reading a hit's stored record needs the database,
// so this thread does it; decoding the record and cutting the snippet, most of the work, are jobs
// that a helper thread, when there is one, shares. The jobs can start on the first pass's page
// while the rerank decides the final one (start()): most of those hits stay on the page.
class PageMaker {
public:
    // `there` and `helper` are both set (two threads) or both null.
    PageMaker(const Xapian::Database& db, search::SnippetMaker& here, search::SnippetMaker* there,
              search::HelperThread* helper)
        : db_(db), here_(here), there_(there), helper_(helper) {}
    ~PageMaker() {
        if (!open_) return;  // an exception left jobs behind: drop them, wait for the helper's
        for (std::size_t i = 0; i < used_; ++i) helper_->skip(i);
        try {
            helper_->finish();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the first exception is on its way
        }
    }
    PageMaker(const PageMaker&) = delete;
    PageMaker& operator=(const PageMaker&) = delete;

    // Starts on the hits the page will likely show (the first pass's).
    void start(const std::vector<search::RankedHit>& likely) {
        // Room for the final page too (as long as this one): slots never move while jobs run.
        slots_.resize(2 * likely.size());
        for (const search::RankedHit& hit : likely) add(hit.did);
    }

    // The hits of `page` (the final order), ranked from `first_rank`.
    std::vector<Hit> finish(const std::vector<search::RankedHit>& page, std::size_t first_rank) {
        if (slots_.size() < used_ + page.size()) {
            close();  // not started, or a page longer than foreseen: grow while no job runs
            slots_.resize(used_ + page.size());
        }
        std::unordered_map<Xapian::docid, std::size_t> started;
        for (std::size_t i = 0; i < used_; ++i) started.emplace(slots_[i].did, i);
        constexpr std::size_t none = static_cast<std::size_t>(-1);
        std::vector<std::size_t> slot_of(page.size(), none);
        for (std::size_t j = 0; j < page.size(); ++j) {
            const auto it = started.find(page[j].did);
            if (it == started.end()) continue;
            slot_of[j] = it->second;
            started.erase(it);
        }
        for (const auto& [did, i] : started)
            if (open_) helper_->skip(i);  // reranked off the page
        for (std::size_t j = 0; j < page.size(); ++j)
            if (slot_of[j] == none) slot_of[j] = add(page[j].did);
        close();
        std::vector<Hit> hits;
        hits.reserve(page.size());
        for (std::size_t j = 0; j < page.size(); ++j) {
            hits.push_back(std::move(slots_[slot_of[j]].hit));
            hits.back().rank = first_rank + j;
            hits.back().score = page[j].weight;
        }
        return hits;
    }

private:
    struct Slot {
        Xapian::docid did = 0;
        store::StoredRecord record;
        Hit hit;
    };

    // Reads the record of `did` into the next slot and hands its job out. Returns the slot.
    std::size_t add(Xapian::docid did) {
        const std::size_t i = used_++;
        slots_[i].did = did;
        slots_[i].record =
            store::read_record(db_.get_document(did, Xapian::DOC_ASSUME_VALID), index::stored_slot);
        if (helper_ == nullptr) {
            run(i, here_);
            return i;
        }
        if (!open_) {
            helper_->open(job_);
            open_ = true;
        }
        helper_->add(1);
        return i;
    }
    void run(std::size_t i, search::SnippetMaker& snippets) {
        finish_hit(std::move(slots_[i].record), slots_[i].hit, snippets);
    }
    void close() {
        if (!open_) return;
        open_ = false;
        helper_->finish();
    }

    const Xapian::Database& db_;
    search::SnippetMaker& here_;
    search::SnippetMaker* there_;
    search::HelperThread* helper_;
    std::vector<Slot> slots_;
    std::size_t used_ = 0;  // slots [0, used_) have jobs
    bool open_ = false;     // a helper run is open
    const std::function<void(std::size_t, int)> job_ = [this](std::size_t i, int lane) {
        run(i, lane == 0 ? here_ : *there_);
    };
};

}  // namespace

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
    std::optional<PageMaker> page;
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
                          !top_hit_is_full(db, ranked.hits, built.strict) &&
                          !has_match(db, built.strict);
    }
    if (page) {
        results.hits = page->finish(ranked.hits, options.offset + 1);
        return results;
    }
    std::vector<std::string> ids = ids_from_values(db, ranked.hits);
    results.hits.reserve(ranked.hits.size());
    for (std::size_t i = 0; i < ranked.hits.size(); ++i)
        results.hits.push_back(
            hit_without_snippet(ranked.hits[i], std::move(ids[i]), options.offset + i + 1));
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
    try {
        return db.get_revision() == helper->db.get_revision();
    } catch (const Xapian::Error&) {
        return false;  // not a single glass database: no revision to compare
    }
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
