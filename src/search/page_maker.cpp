// SPDX-License-Identifier: Apache-2.0
#include "search/page_maker.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "index/term_scheme.hpp"
#include "search/remote_match.hpp"

namespace vnsearch::search {

namespace {

// Fills in `hit` from its stored record: the fields it shows, its snippet and the matched words
// of its title.
void finish_hit(store::StoredRecord record, Hit& hit, SnippetMaker& snippets) {
    store::StoredArticle stored;
    if (!store::decode(store::encoded(std::move(record)), stored, store::Members::shown)) {
        hit.id = std::move(stored.id);  // what was readable before the damage
        return;
    }
    hit.id = std::move(stored.id);
    hit.title = std::move(stored.title);
    hit.date = std::move(stored.date);
    hit.source = std::move(stored.source);
    hit.author = std::move(stored.author);
    hit.url = std::move(stored.url);
    std::string text = std::move(stored.summary);
    if (!text.empty() && !stored.body.empty()) text += "\n";
    text += stored.body;
    if (text.empty()) text = hit.title;
    hit.snippet = snippets.make(text);
    // A title is short: analysed whole. A hit that matches only in its title shows why.
    if (!hit.title.empty()) hit.title_highlights = snippets.highlights(hit.title);
}

// The id value (index::id_slot) of each hit, empty where a document has none: one pass over
// the slot's value stream in document order, instead of opening each document.
// Hits that carry their ids (over remote shards, where a value stream is read a document at a
// time) need no read.
std::vector<std::string> ids_from_values(const Xapian::Database& db,
                                         const std::vector<RankedHit>& hits) {
    std::vector<std::string> ids(hits.size());
    std::vector<std::pair<Xapian::docid, std::size_t>> sorted;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        if (hits[i].id.empty())
            sorted.emplace_back(hits[i].did, i);
        else
            ids[i] = hits[i].id;
    }
    if (sorted.empty()) return ids;
    std::sort(sorted.begin(), sorted.end());
    const Xapian::ValueIterator end = db.valuestream_end(index::id_slot);
    Xapian::ValueIterator v = db.valuestream_begin(index::id_slot);
    for (const auto& [did, at] : sorted) {
        if (v == end) break;
        v.skip_to(did);
        if (v != end && v.get_docid() == did) ids[at] = *v;
    }
    return ids;
}

// A hit without snippet: rank, score and id.
Hit hit_without_snippet(const Xapian::Database& db, const RankedHit& ranked, std::string id,
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

}  // namespace

PageMaker::~PageMaker() {
    if (!open_) return;  // an exception left jobs behind: drop them, wait for the helper's
    for (std::size_t i = 0; i < used_; ++i) helper_->skip(i);
    try {
        helper_->finish();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the first exception is on its way
    }
}

void PageMaker::start(const std::vector<RankedHit>& likely) {
    // Room for the final page too (as long as this one): slots never move while jobs run.
    slots_.resize(2 * likely.size());
    fetch(likely);
    for (const RankedHit& hit : likely) add(hit.did);
}

std::vector<Hit> PageMaker::finish(const std::vector<RankedHit>& page, std::size_t first_rank) {
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
    std::vector<RankedHit> rest;
    for (std::size_t j = 0; j < page.size(); ++j)
        if (slot_of[j] == none) rest.push_back(page[j]);
    fetch(rest);
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

// Reads the record of `did` into the next slot and hands its job out. Returns the slot.
std::size_t PageMaker::add(Xapian::docid did) {
    const std::size_t i = used_++;
    slots_[i].did = did;
    if (const auto it = fetched_.find(did); it != fetched_.end())
        slots_[i].record = std::move(it->second);
    else
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

// Over remote shards: the records of `hits` in one match (each shard answers in parallel).
void PageMaker::fetch(const std::vector<RankedHit>& hits) {
    if (!remote_ || hits.empty()) return;
    fetched_ = fetch_records(db_, hits);
}

void PageMaker::run(std::size_t i, SnippetMaker& snippets) {
    finish_hit(std::move(slots_[i].record), slots_[i].hit, snippets);
}

void PageMaker::close() {
    if (!open_) return;
    open_ = false;
    helper_->finish();
}

std::vector<Hit> hits_without_snippets(const Xapian::Database& db,
                                       const std::vector<RankedHit>& page, std::size_t first_rank) {
    std::vector<std::string> ids = ids_from_values(db, page);
    std::vector<Hit> hits;
    hits.reserve(page.size());
    for (std::size_t i = 0; i < page.size(); ++i)
        hits.push_back(hit_without_snippet(db, page[i], std::move(ids[i]), first_rank + i));
    return hits;
}

}  // namespace vnsearch::search
