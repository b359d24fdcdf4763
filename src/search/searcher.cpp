// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/searcher.hpp>

#include <cstring>
#include <mutex>
#include <optional>
#include <utility>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "index/xapian_util.hpp"
#include "search/query_builder.hpp"
#include "search/query_parser.hpp"
#include "search/snippet.hpp"
#include "search/suggest.hpp"

namespace vnsearch {

namespace {

// The end (index of the closing quote) of the JSON string whose opening quote is at `open`, or
// npos. Jumps between quotes with memchr: stored bodies are long.
std::size_t string_end(std::string_view json, std::size_t open, bool& escaped) {
    std::size_t pos = open + 1;
    for (;;) {
        const void* q = std::memchr(json.data() + pos, '"', json.size() - pos);
        if (q == nullptr) return std::string_view::npos;
        const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - json.data());
        std::size_t backslashes = 0;
        while (at - backslashes > open + 1 && json[at - backslashes - 1] == '\\') ++backslashes;
        if (backslashes > 0) escaped = true;
        if (backslashes % 2 == 0) return at;
        pos = at + 1;
    }
}

// The string value of a top-level key of the stored JSON object, found without building the
// whole object: batch searches need only the id, and the body may be many kilobytes.
std::optional<std::string> top_level_string(std::string_view json, std::string_view key) {
    int depth = 0;
    bool expect_key = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            ++depth;
            expect_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',') {
            expect_key = depth == 1;
        } else if (c == '"') {
            bool escaped = false;
            const std::size_t end = string_end(json, i, escaped);
            if (end == std::string_view::npos) return std::nullopt;
            if (expect_key && depth == 1 && !escaped && json.substr(i + 1, end - i - 1) == key) {
                std::size_t v = end + 1;
                while (v < json.size() && (json[v] == ' ' || json[v] == ':')) ++v;
                if (v >= json.size() || json[v] != '"') return std::nullopt;
                bool value_escaped = false;
                const std::size_t vend = string_end(json, v, value_escaped);
                if (vend == std::string_view::npos) return std::nullopt;
                if (!value_escaped) return std::string(json.substr(v + 1, vend - v - 1));
                return nlohmann::json::parse(json.substr(v, vend - v + 1)).get<std::string>();
            }
            expect_key = false;
            i = end;
        }
    }
    return std::nullopt;
}

std::string string_field(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;
    Analyzer analyzer;
    std::mutex mutex;  // Xapian::Database and Analyzer are not safe for concurrent use

    SearchResults run(std::string_view query, const SearchOptions& options);
    Hit make_hit(const Xapian::MSetIterator& it, std::size_t rank, const search::BuiltQuery& built,
                 const SearchOptions& options);
};

Hit Searcher::Impl::make_hit(const Xapian::MSetIterator& it, std::size_t rank,
                             const search::BuiltQuery& built, const SearchOptions& options) {
    Hit hit;
    hit.rank = rank;
    hit.score = it.get_weight();
    const Xapian::Document doc = it.get_document();
    if (!options.snippets) {
        // The id from its value slot: the stored data is zlib-compressed by Xapian and holds
        // the whole article, and the termlist is compressed too; a value is read in about an
        // eighth of their time. Documents indexed before the slot existed have the Q term.
        hit.id = doc.get_value(index::id_slot);
        if (!hit.id.empty()) return hit;
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(std::string(index::id_prefix));
        if (t != doc.termlist_end() && (*t).starts_with(index::id_prefix)) {
            hit.id = (*t).substr(index::id_prefix.size());
            return hit;
        }
    }
    const std::string data = doc.get_data();
    if (!options.snippets) {
        hit.id = top_level_string(data, "id").value_or(std::string());
        return hit;
    }
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object()) {
        hit.id = top_level_string(data, "id").value_or(std::string());
        return hit;
    }
    hit.id = string_field(j, "id");
    hit.title = string_field(j, "title");
    hit.date = string_field(j, "date");
    hit.source = string_field(j, "source");
    hit.url = string_field(j, "url");
    std::string text = string_field(j, "summary");
    const std::string body = string_field(j, "body");
    if (!text.empty() && !body.empty()) text += "\n";
    text += body;
    if (text.empty()) text = hit.title;
    const search::Highlighter h{built.highlight, built.highlight_sequences};
    hit.snippet = search::make_snippet(analyzer, text, h, options.snippet_length);
    return hit;
}

SearchResults Searcher::Impl::run(std::string_view query, const SearchOptions& options) {
    SearchResults results;
    const std::string cleaned = search::clean_query(query);
    const search::QueryNode root = search::parse_query(cleaned);
    search::QueryBuilder builder(db, analyzer);
    const search::BuiltQuery built = builder.build(root);
    if (options.suggest) results.suggestion = search::suggest(db, analyzer, cleaned);
    if (built.strict.empty()) return results;

    Xapian::Enquire enquire(db);
    if (options.sort == SortOrder::date)
        enquire.set_sort_by_value_then_relevance(index::date_slot, true);
    const auto offset = static_cast<Xapian::doccount>(options.offset);
    const auto limit = static_cast<Xapian::doccount>(options.limit);
    enquire.set_query(built.ranked);
    Xapian::MSet mset = enquire.get_mset(offset, limit);
    const bool same_strict = built.strict.serialise() == built.ranked.serialise();
    if (mset.get_matches_upper_bound() == 0) {
        // Nothing even under the ranked rules (a phrase or title: that no document has): show
        // what the loosened query finds.
        if (built.relaxed.serialise() != built.ranked.serialise()) {
            enquire.set_query(built.relaxed);
            mset = enquire.get_mset(offset, limit);
            results.partial = mset.get_matches_upper_bound() > 0;
        }
    } else if (!same_strict) {
        // Ranked hits exist; they are partial if no document has every word. Unweighted, the
        // match stops at the first document that has them all instead of ranking them.
        Xapian::Enquire strict(db);
        strict.set_weighting_scheme(Xapian::BoolWeight());
        strict.set_query(built.strict);
        results.partial = strict.get_mset(0, 1).empty();
    }
    results.estimated_total = mset.get_matches_estimated();
    results.hits.reserve(mset.size());
    std::size_t rank = options.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it)
        results.hits.push_back(make_hit(it, ++rank, built, options));
    return results;
}

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->db = index::open_for_reading(path);
}

Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    std::lock_guard lock(impl_->mutex);
    const std::string what = "cannot search index \"" + impl_->path + "\"";
    return index::xapian_call(what, [&] {
        try {
            return impl_->run(query, options);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read: catch up with the latest revision.
            impl_->db.reopen();
            return impl_->run(query, options);
        }
    });
}

std::size_t Searcher::doc_count() const {
    std::lock_guard lock(impl_->mutex);
    return index::xapian_call("cannot read index \"" + impl_->path + "\"",
                              [&] { return static_cast<std::size_t>(impl_->db.get_doccount()); });
}

}  // namespace vnsearch
