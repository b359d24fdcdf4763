// SPDX-License-Identifier: Apache-2.0
#include "index/document_builder.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "index/stored_data.hpp"
#include "index/term_scheme.hpp"

namespace vnsearch::index {

namespace {

void put(nlohmann::json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

// FNV-1a over 64 bits: about 1 GB/s, far from the bottleneck, and a collision only means one
// changed document is taken for unchanged (1 in 2^64 per change).
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

}  // namespace

std::string stored_data(const Document& doc) {
    nlohmann::json j = nlohmann::json::object();
    put(j, "id", doc.id);
    put(j, "title", doc.title);
    put(j, "summary", doc.summary);
    put(j, "body", doc.body);
    put(j, "date", doc.date);
    put(j, "url", doc.url);
    put(j, "source", doc.source);
    put(j, "category", doc.category);
    put(j, "author", doc.author);
    if (!doc.tags.empty()) j["tags"] = doc.tags;
    if (!doc.fields.empty()) j["fields"] = doc.fields;
    put(j, "origin", doc.origin);
    put(j, "encoding", doc.encoding);
    // The readers hand over valid UTF-8; a library caller might not, and a stored document must
    // never make the batch throw.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string content_hash(const Document& doc, const AnalyzerOptions& options) {
    const std::string salt = "vnsearch-scheme-" + std::to_string(scheme_version) +
                             "|seg=" + (options.segment_words ? "1" : "0") +
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

std::uint32_t DocumentBuilder::add_text(std::string_view text, std::uint32_t first,
                                        std::string_view field_prefix, bool field_positions,
                                        PreparedDocument& out) {
    if (text.empty()) return first;
    analyzer_.analyze(text, analysis_);
    Xapian::Document& doc = out.document;
    std::uint32_t last = first;
    bool any = false;
    for (const Token& t : analysis_.tokens) {
        if (t.exact.empty() || t.exact.size() > max_term_bytes - 4) continue;
        const std::uint32_t pos = first + t.position;
        doc.add_posting(t.exact, pos);
        if (!field_prefix.empty()) {
            term_.assign(field_prefix).append(t.exact);
            if (field_positions) {
                doc.add_posting(term_, pos);
            } else {
                doc.add_term(term_);
            }
        }
        if (t.base != t.exact) seen_.emplace_back(t.base, t.exact);
        last = pos;
        any = true;
    }
    for (const Word& w : analysis_.words) {
        if (w.token_count < 2) continue;
        std::string exact(word_prefix);
        append_word_term(exact, analysis_, w, Form::exact);
        if (exact.size() > max_term_bytes) continue;
        doc.add_term(exact);
        std::string base(word_prefix);
        append_word_term(base, analysis_, w, Form::base);
        if (base != exact) seen_.emplace_back(std::move(base), std::move(exact));
    }
    return any ? last + 1 + field_gap : first;
}

void DocumentBuilder::add_filter(std::string_view prefix, std::string_view value,
                                 Xapian::Document& doc) {
    if (value.empty()) return;
    const std::string v = filter_value(analyzer_, value, analysis_);
    if (v.empty()) return;
    term_.assign(prefix).append(v);
    doc.add_boolean_term(term_);
}

void DocumentBuilder::build(const Document& doc, PreparedDocument& out) {
    out.id = doc.id;
    out.document = Xapian::Document();
    seen_.clear();
    Xapian::Document& x = out.document;

    std::uint32_t pos = first_position;
    pos = add_text(doc.title, pos, title_prefix, true, out);
    pos = add_text(doc.summary, pos, summary_prefix, false, out);
    add_text(doc.body, pos, {}, false, out);

    add_filter(author_prefix, doc.author, x);
    add_filter(source_prefix, doc.source, x);
    add_filter(category_prefix, doc.category, x);
    for (const std::string& tag : doc.tags) add_filter(tag_prefix, tag, x);

    if (const std::string date = date_value(doc.date); !date.empty()) {
        x.add_value(date_slot, date);
        x.add_boolean_term(std::string(year_prefix) + date.substr(0, 4));
        x.add_boolean_term(std::string(month_prefix) + date.substr(0, 6));
        x.add_boolean_term(std::string(day_prefix) + date);
    }
    x.add_boolean_term(std::string(id_prefix) + doc.id);
    x.add_value(id_slot, doc.id);
    x.add_value(content_hash_slot, out.hash);
    if (!doc.origin.empty()) x.add_value(origin_slot, doc.origin);
    encoder_.store(out.data, x);

    out.synonyms.clear();
    for (SynonymPair& pair : seen_) {
        key_.assign(pair.first).push_back('\0');
        key_ += pair.second;
        if (sent_.insert(key_).second) out.synonyms.push_back(std::move(pair));
    }
}

}  // namespace vnsearch::index
