// SPDX-License-Identifier: Apache-2.0
#include "index/document_builder.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "index/term_scheme.hpp"

namespace vnsearch::index {

namespace {

// FNV-1a over 64 bits: about 1 GB/s, far from the bottleneck, and a collision only means one
// changed document is taken for unchanged (1 in 2^64 per change).
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::size_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

// Markers in place of a position (real positions start at first_position = 1).
constexpr std::uint32_t no_position = 0;
constexpr std::uint32_t boolean_term = 0xFFFFFFFF;

// Scratch space kept between documents: a long article has a few thousand postings.
constexpr std::size_t max_kept_postings = 1 << 20;

// `out` = `prefix`, the start of a term. Not out.assign(prefix): inlined into the builder, GCC
// 12's -Wrestrict takes assign() of a string_view for an overlapping copy (a false positive).
std::string& start_term(std::string& out, std::string_view prefix) {
    out.clear();
    return out.append(prefix);
}

// A display value longer than this (a mangled field) is cut: facets show names, not text.
constexpr std::size_t max_display_bytes = 4 * max_term_bytes;

// Adds a facet slot value if there is one, and empties `facet` for the next field.
void add_facet(FlatDocument& doc, Xapian::valueno slot, std::string& facet) {
    if (!facet.empty()) doc.add_value(slot, facet);
    facet.clear();
}

}  // namespace

void TermTable::clear() {
    count_ = 0;
    // A long document leaves a large table behind; the next (usually short) one starts small.
    if (slots_.size() > 8192) {
        slots_ = std::vector<std::uint32_t>(1024, 0);
        strings_.resize(512);
        strings_.shrink_to_fit();
    } else {
        std::fill(slots_.begin(), slots_.end(), 0);
    }
}

std::pair<std::uint32_t, bool> TermTable::insert(std::string_view term) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash_of(term) & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = slots_[i];
        if (slot == 0) {
            if (count_ == strings_.size()) strings_.emplace_back();
            strings_[count_].assign(term);
            slots_[i] = static_cast<std::uint32_t>(++count_);
            return {static_cast<std::uint32_t>(count_ - 1), true};
        }
        if (strings_[slot - 1] == term) return {slot - 1, false};
    }
}

void TermTable::grow() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(1024, 2 * old.size()), 0);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint32_t slot : old) {
        if (slot == 0) continue;
        std::size_t i = hash_of(strings_[slot - 1]) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

// AnalyzerOptions::words (an index's word list) is left out on purpose: a changed list marks
// only the documents that contain a changed word stale (index_documents()), so the others stay
// unchanged on the next run instead of all being analysed again.
std::string content_hash(const Document& doc, const AnalyzerOptions& options) {
    const std::string salt = "vnsearch-scheme-" + std::to_string(scheme_version) +
                             "|seg=" + (options.segment_words ? "2" : "0") +  // model version
                             "|dict=" + options.user_dictionary +
                             "|max=" + std::to_string(options.max_token_bytes);
    std::uint64_t h = fnv1a(salt);
    // Each field is followed by a byte that cannot occur in UTF-8 text, so moving text from one
    // field to the next changes the hash.
    const auto field = [&](std::string_view s) { h = fnv1a("\xff", fnv1a(s, h)); };
    for (const std::string* s : {&doc.id, &doc.title, &doc.summary, &doc.body, &doc.date, &doc.url,
                                 &doc.source, &doc.category, &doc.author, &doc.encoding}) {
        field(*s);
    }
    for (const std::string& tag : doc.tags) field(tag);
    field("\xfe");
    for (const auto& [key, value] : doc.fields) {
        field(key);
        field(value);
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[15 - i] = hex[(h >> (4 * i)) & 0xF];
    return out;
}

void DocumentBuilder::add(std::string_view term, std::uint32_t position) {
    postings_.emplace_back(terms_.insert(term).first, position);
}

std::uint32_t DocumentBuilder::add_text(std::string_view text, std::uint32_t first,
                                        std::string_view field_prefix, bool field_positions) {
    if (text.empty()) return first;
    analyzer_.analyze(text, analysis_);
    std::uint32_t last = first;
    bool any = false;
    for (const Token& t : analysis_.tokens) {
        if (t.exact.empty() || t.exact.size() > max_term_bytes - 4) continue;
        const std::uint32_t pos = first + t.position;
        const auto [number, fresh] = terms_.insert(t.exact);
        postings_.emplace_back(number, pos);
        if (!field_prefix.empty()) {
            start_term(term_, field_prefix).append(t.exact);
            add(term_, field_positions ? pos : no_position);
        }
        if (fresh && t.base != t.exact) seen_.emplace_back(t.base, t.exact);
        last = pos;
        any = true;
    }
    for (const Word& w : analysis_.words) {
        if (w.token_count < 2) continue;
        start_term(term_, word_prefix);
        append_word_term(term_, analysis_, w, Form::exact);
        if (term_.size() > max_term_bytes) continue;
        const auto [number, fresh] = terms_.insert(term_);
        postings_.emplace_back(number, no_position);
        if (!fresh) continue;
        start_term(word_, word_prefix);
        append_word_term(word_, analysis_, w, Form::base);
        if (word_ != term_) seen_.emplace_back(word_, term_);
    }
    return any ? last + 1 + field_gap : first;
}

// Every posting into `doc`, term by term in term order (a counting sort by term number keeps
// each term's positions in the ascending order they were added in).
void FlatDocument::clear() {
    term_bytes_.clear();
    term_ends_.clear();
    wdfs_.clear();
    position_ends_.clear();
    positions_.clear();
    values_.clear();
}

void FlatDocument::add_term(std::string_view term, Xapian::termcount wdf,
                            const std::vector<Xapian::termpos>& positions) {
    term_bytes_.append(term);
    term_ends_.push_back(static_cast<std::uint32_t>(term_bytes_.size()));
    wdfs_.push_back(wdf);
    positions_.insert(positions_.end(), positions.begin(), positions.end());
    position_ends_.push_back(static_cast<std::uint32_t>(positions_.size()));
}

void FlatDocument::add_value(Xapian::valueno slot, std::string_view value) {
    values_.emplace_back(slot, std::string(value));
}

void FlatDocument::to_xapian(Xapian::Document& doc) const {
    std::string term;
    std::uint32_t term_begin = 0, position_begin = 0;
    for (std::size_t i = 0; i < term_ends_.size(); ++i) {
        term.assign(term_bytes_, term_begin, term_ends_[i] - term_begin);
        for (std::uint32_t k = position_begin; k < position_ends_[i]; ++k)
            doc.add_posting(term, positions_[k]);
        if (wdfs_[i] > 0 || position_begin == position_ends_[i]) doc.add_term(term, wdfs_[i]);
        term_begin = term_ends_[i];
        position_begin = position_ends_[i];
    }
    for (const auto& [slot, value] : values_) doc.add_value(slot, value);
}

void DocumentBuilder::flush(FlatDocument& doc) {
    const auto n = static_cast<std::uint32_t>(terms_.size());
    order_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return terms_[a] < terms_[b]; });
    starts_.assign(n + 1, 0);
    for (const auto& p : postings_) ++starts_[p.first + 1];
    for (std::uint32_t i = 0; i < n; ++i) starts_[i + 1] += starts_[i];
    grouped_.resize(postings_.size());
    for (const auto& p : postings_) grouped_[starts_[p.first]++] = p.second;
    // starts_[i] is now the end of term i's group, starts_[i - 1] its beginning.
    for (const std::uint32_t i : order_) {
        const std::string& term = terms_[i];
        Xapian::termcount wdf = 0;
        term_positions_.clear();
        for (std::uint32_t k = i == 0 ? 0 : starts_[i - 1]; k < starts_[i]; ++k) {
            const std::uint32_t pos = grouped_[k];
            if (pos == no_position) {
                ++wdf;
            } else if (pos != boolean_term) {
                term_positions_.push_back(pos);
            }
        }
        doc.add_term(term, wdf, term_positions_);
    }
}

void DocumentBuilder::add_filter(std::string_view prefix, std::string_view value,
                                 std::string* facet) {
    if (value.empty()) return;
    const std::string v = filter_value(analyzer_, value, analysis_);
    if (v.empty()) return;
    start_term(term_, prefix).append(v);
    add(term_, boolean_term);
    if (facet == nullptr) return;
    // One entry per filter value: "Covid" and "COVID" in one document count it once.
    for (const FacetEntry& e : facet_entries(*facet))
        if (e.filter == v) return;
    append_facet_entry(*facet, v, utf8_prefix(display_value(value), max_display_bytes));
}

void DocumentBuilder::build(const Document& doc, PreparedDocument& out) {
    out.id = doc.id;
    out.document.clear();
    seen_.clear();
    terms_.clear();
    postings_.clear();
    FlatDocument& x = out.document;

    std::uint32_t pos = first_position;
    pos = add_text(doc.title, pos, title_prefix, true);
    pos = add_text(doc.summary, pos, summary_prefix, false);
    add_text(doc.body, pos, {}, false);

    // The whole author value is a filter too, but the facet counts the people it credits.
    std::string facet;
    const auto names = author_names(doc.author);
    add_filter(author_prefix, doc.author, names.size() > 1 ? nullptr : &facet);
    if (names.size() > 1)
        for (const std::string_view name : names) add_filter(author_prefix, name, &facet);
    add_facet(x, author_facet_slot, facet);
    add_filter(source_prefix, doc.source, &facet);
    add_facet(x, source_facet_slot, facet);
    add_filter(category_prefix, doc.category, &facet);
    add_facet(x, category_facet_slot, facet);
    for (const std::string& tag : doc.tags) add_filter(tag_prefix, tag, &facet);
    add_facet(x, tag_facet_slot, facet);

    if (const std::string date = date_value(doc.date); !date.empty()) {
        x.add_value(date_slot, date);
        add(start_term(term_, year_prefix).append(date, 0, 4), boolean_term);
        add(start_term(term_, month_prefix).append(date, 0, 6), boolean_term);
        add(start_term(term_, day_prefix).append(date), boolean_term);
    }
    add(start_term(term_, id_prefix).append(doc.id), boolean_term);
    flush(x);
    if (postings_.capacity() > max_kept_postings) {
        // A huge document (a 50 MB line) must not leave its scratch space behind for the run.
        postings_ = {};
        grouped_ = {};
        starts_ = {};
        order_ = {};
        term_positions_ = {};
    }
    x.add_value(id_slot, doc.id);
    x.add_value(content_hash_slot, out.hash);
    if (!doc.origin.empty()) x.add_value(origin_slot, doc.origin);
    if (const std::string_view stored = compressor_.compress(out.data); !stored.empty())
        x.add_value(stored_slot, stored);

    out.synonyms.clear();
    for (SynonymPair& pair : seen_) {
        if (sent_.insert(pair.second).second) out.synonyms.push_back(std::move(pair));
    }
}

}  // namespace vnsearch::index
