// SPDX-License-Identifier: Apache-2.0
// A temporary index for the search tests: a handful of hand-written Vietnamese articles, written
// following the term scheme (src/index/term_scheme.hpp) with plain Xapian calls.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>
#include <vnsearch/document.hpp>

#include "index/term_scheme.hpp"

namespace vnsearch::test {

/// A fresh directory under the system temp folder, removed with everything in it.
class SearchTempDir {
public:
    SearchTempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vnsearch-search-XXXXXX");
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~SearchTempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    SearchTempDir(const SearchTempDir&) = delete;
    SearchTempDir& operator=(const SearchTempDir&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Writes `docs` into a new database at `path` the way the index writer does.
inline void write_index(const std::string& path, const std::vector<Document>& docs) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Analyzer analyzer;
    std::map<std::string, std::set<std::string>> synonyms;
    for (const Document& d : docs) {
        Xapian::Document xd;
        Xapian::termpos pos = index::first_position;
        const std::string* fields[] = {&d.title, &d.summary, &d.body};
        for (int f = 0; f < 3; ++f) {
            const Analysis a = analyzer.analyze(*fields[f]);
            if (a.tokens.empty()) continue;
            for (const Token& t : a.tokens) {
                const Xapian::termpos p = pos + t.position;
                xd.add_posting(t.exact, p);
                if (f == 0) xd.add_posting(std::string(index::title_prefix) + t.exact, p);
                if (f == 1) xd.add_term(std::string(index::summary_prefix) + t.exact);
                if (t.base != t.exact) synonyms[t.base].insert(t.exact);
            }
            for (const Word& w : a.words) {
                if (w.token_count < 2) continue;
                const std::string exact = index::word_term(a, w, index::Form::exact);
                const std::string base = index::word_term(a, w, index::Form::base);
                xd.add_term(std::string(index::word_prefix) + exact);
                if (base != exact)
                    synonyms[std::string(index::word_prefix) + base].insert(
                        std::string(index::word_prefix) + exact);
            }
            pos += a.tokens.back().position + index::field_gap;
        }
        auto filter = [&](std::string_view prefix, const std::string& value) {
            const std::string v = index::filter_value(analyzer, value);
            if (!v.empty()) xd.add_boolean_term(std::string(prefix) + v);
        };
        filter(index::author_prefix, d.author);
        filter(index::source_prefix, d.source);
        filter(index::category_prefix, d.category);
        for (const auto& tag : d.tags) filter(index::tag_prefix, tag);
        const std::string date = index::date_value(d.date);
        if (!date.empty()) xd.add_value(index::date_slot, date);
        nlohmann::json j = {{"id", d.id}};
        if (!d.title.empty()) j["title"] = d.title;
        if (!d.summary.empty()) j["summary"] = d.summary;
        if (!d.body.empty()) j["body"] = d.body;
        if (!d.date.empty()) j["date"] = d.date;
        if (!d.url.empty()) j["url"] = d.url;
        if (!d.source.empty()) j["source"] = d.source;
        xd.set_data(j.dump());
        const std::string id_term = std::string(index::id_prefix) + d.id;
        xd.add_boolean_term(id_term);
        db.replace_document(id_term, xd);
    }
    for (const auto& [key, values] : synonyms)
        for (const auto& v : values) db.add_synonym(key, v);
    db.commit();
}

}  // namespace vnsearch::test
