// SPDX-License-Identifier: Apache-2.0
// Searcher and its results. The GIL is released for the whole search, including the conversion
// of highlight offsets to str indices; only building the Python objects holds it.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <vnsearch/error.hpp>
#include <vnsearch/searcher.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace vnsearch::python {
namespace {

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

// Text with its highlights both as str indices (for Python) and as bytes (for the HTML helper).
struct Marked {
    std::string text;
    Ranges highlights;  // str indices
    Ranges byte_ranges;

    Marked() = default;
    Marked(std::string t, Ranges bytes)
        : text(std::move(t)), highlights(str_ranges(text, bytes)), byte_ranges(std::move(bytes)) {}
};

struct PyHit {
    std::size_t rank = 0;
    std::string id;
    double score = 0;
    Marked title;
    std::string date, source, author, url;
    Marked snippet;
};

struct PyResults {
    std::string query;
    std::size_t total = 0;
    std::string suggestion;
    std::string interpreted;
    bool partial = false;
    std::vector<std::string> missing_shards;
    py::list hits;
    py::dict facets;  // name -> {value: count}, both in the library's order (count descending)
};

PyHit python_hit(Hit&& h) {
    PyHit p;
    p.rank = h.rank;
    p.id = std::move(h.id);
    p.score = h.score;
    p.title = Marked(std::move(h.title), std::move(h.title_highlights));
    p.date = std::move(h.date);
    p.source = std::move(h.source);
    p.author = std::move(h.author);
    p.url = std::move(h.url);
    p.snippet = Marked(std::move(h.snippet.text), std::move(h.snippet.highlights));
    return p;
}

// What a search gives before any Python object exists (built without the GIL).
struct Answer {
    std::string query;
    SearchResults results;
    std::vector<PyHit> hits;
};

Answer answer(const Searcher& s, std::string query, const SearchOptions& o) {
    Answer a;
    a.results = s.search(query, o);
    a.query = std::move(query);
    a.hits.reserve(a.results.hits.size());
    for (Hit& h : a.results.hits) a.hits.push_back(python_hit(std::move(h)));
    return a;
}

PyResults python_results(Answer&& a) {
    PyResults r;
    r.query = std::move(a.query);
    r.total = a.results.estimated_total;
    r.suggestion = std::move(a.results.suggestion);
    r.interpreted = std::move(a.results.interpreted);
    r.partial = a.results.partial;
    r.missing_shards = std::move(a.results.missing_shards);
    for (PyHit& h : a.hits) r.hits.append(py::cast(std::move(h)));
    for (const Facet& f : a.results.facets) {
        py::dict values;
        for (const FacetValue& v : f.values) values[py::str(v.value)] = v.count;
        r.facets[py::str(f.name)] = std::move(values);
    }
    return r;
}

bool is_tag_name(std::string_view tag) {
    if (tag.empty() || !((tag[0] >= 'a' && tag[0] <= 'z') || (tag[0] >= 'A' && tag[0] <= 'Z')))
        return false;
    for (char c : tag) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#x27;";
                break;
            default:
                out.push_back(c);
        }
    }
}

// The text HTML-escaped, each highlight wrapped in <tag>...</tag>.
std::string html(const Marked& m, std::string_view tag) {
    if (!is_tag_name(tag))
        throw Error(Errc::invalid_input, "not an HTML tag name: \"" + std::string(tag) + "\"");
    std::string out;
    out.reserve(m.text.size() + m.byte_ranges.size() * (2 * tag.size() + 5));
    std::size_t done = 0;
    const std::string_view text = m.text;
    for (const auto& [first, second] : m.byte_ranges) {
        if (first < done || second < first || second > text.size()) continue;  // not expected
        append_escaped(out, text.substr(done, first - done));
        out.append("<").append(tag).append(">");
        append_escaped(out, text.substr(first, second - first));
        out.append("</").append(tag).append(">");
        done = second;
    }
    append_escaped(out, text.substr(done));
    return out;
}

py::list ranges_list(const Ranges& ranges) {
    py::list out;
    for (const auto& [a, b] : ranges) out.append(py::make_tuple(a, b));
    return out;
}

py::dict hit_dict(const PyHit& h) {
    py::dict d;
    d["rank"] = h.rank;
    d["id"] = h.id;
    d["score"] = h.score;
    d["title"] = h.title.text;
    d["title_highlights"] = ranges_list(h.title.highlights);
    d["date"] = h.date;
    d["source"] = h.source;
    d["author"] = h.author;
    d["url"] = h.url;
    py::dict snippet;
    snippet["text"] = h.snippet.text;
    snippet["highlights"] = ranges_list(h.snippet.highlights);
    d["snippet"] = snippet;
    return d;
}

SortOrder sort_order(const std::string& name) {
    if (name == "relevance") return SortOrder::relevance;
    if (name == "date") return SortOrder::date;
    throw Error(Errc::invalid_input, "unknown sort \"" + name + "\" (relevance or date)");
}

// The keyword arguments of search() and search_many() past the query.
struct SearchArgs {
    std::size_t limit, offset;
    std::string sort;
    std::size_t snippet_length;
    bool snippets;
    unsigned threads;
    bool suggest;
    std::vector<std::string> facets;
    std::size_t max_facet_values;
};

SearchOptions search_options(const SearchArgs& a) {
    SearchOptions o;
    o.limit = a.limit;
    o.offset = a.offset;
    o.sort = sort_order(a.sort);
    o.snippet_length = a.snippet_length;
    o.snippets = a.snippets;
    if (a.threads == 0) throw Error(Errc::invalid_input, "threads must be 1 or more");
    o.threads = a.threads;
    o.suggest = a.suggest;
    o.facets = a.facets;
    o.max_facet_values = a.max_facet_values;
    return o;
}

// The Searcher is shared with searches in flight, so close() never frees one in use.
class PySearcher {
public:
    PySearcher(const std::filesystem::path& path, const SearcherOptions& options) {
        const py::gil_scoped_release release;
        searcher_ = std::make_shared<const Searcher>(path.string(), options);
    }

    std::shared_ptr<const Searcher> get() const {
        if (!searcher_) throw Error(Errc::invalid_input, "the searcher is closed");
        return searcher_;
    }

    void close() {
        std::shared_ptr<const Searcher> s = std::move(searcher_);
        const py::gil_scoped_release release;
        s.reset();  // joins the helper thread
    }

private:
    std::shared_ptr<const Searcher> searcher_;
};

PyResults search(const PySearcher& ps, std::string query, const SearchOptions& o) {
    const std::shared_ptr<const Searcher> s = ps.get();
    Answer a;
    {
        const py::gil_scoped_release release;
        a = answer(*s, std::move(query), o);
    }
    return python_results(std::move(a));
}

py::list search_many(const PySearcher& ps, std::vector<std::string> queries,
                     const SearchOptions& o) {
    const std::shared_ptr<const Searcher> s = ps.get();
    std::vector<Answer> answers;
    answers.reserve(queries.size());
    {
        const py::gil_scoped_release release;
        for (std::string& q : queries) answers.push_back(answer(*s, std::move(q), o));
    }
    py::list out;
    for (Answer& a : answers) out.append(py::cast(python_results(std::move(a))));
    return out;
}

void bind_hits(py::module_& m) {
    py::class_<Marked>(m, "Snippet", "A passage of a document with the matched words marked.")
        .def_readonly("text", &Marked::text, "UTF-8 text cut at word or sentence boundaries.")
        .def_property_readonly(
            "highlights", [](const Marked& s) { return ranges_list(s.highlights); },
            "str index ranges [start, end) of `text` that matched, in order.")
        .def(
            "html", [](const Marked& s, std::string_view tag) { return html(s, tag); },
            py::arg("tag") = "mark", "The text HTML-escaped with each highlight in <tag>.")
        .def("__str__", [](const Marked& s) { return s.text; })
        .def("__repr__", [](const Marked& s) { return py::str("Snippet({!r})").format(s.text); });
    py::class_<PyHit>(m, "Hit",
                      "One ranked result (the fields of `vnsearch search --format json`).")
        .def_readonly("rank", &PyHit::rank, "1-based, counting from the first hit of all.")
        .def_readonly("id", &PyHit::id)
        .def_readonly("score", &PyHit::score, "Relevance weight, comparable within one result.")
        .def_property_readonly("title", [](const PyHit& h) { return h.title.text; })
        .def_property_readonly(
            "title_highlights", [](const PyHit& h) { return ranges_list(h.title.highlights); },
            "str index ranges of `title` that matched the query.")
        .def_readonly("date", &PyHit::date, "As stored ('YYYY-MM-DD'), '' if unknown.")
        .def_readonly("source", &PyHit::source)
        .def_readonly("author", &PyHit::author)
        .def_readonly("url", &PyHit::url)
        .def_readonly("snippet", &PyHit::snippet)
        .def(
            "snippet_html",
            [](const PyHit& h, std::string_view tag) { return html(h.snippet, tag); },
            py::arg("tag") = "mark",
            "The snippet HTML-escaped, each highlight wrapped in <tag>...</tag>.")
        .def(
            "title_html", [](const PyHit& h, std::string_view tag) { return html(h.title, tag); },
            py::arg("tag") = "mark", "The title HTML-escaped, each highlight in <tag>.")
        .def("to_dict", &hit_dict, "The hit as `--format json` writes it (str offsets).")
        .def("__repr__", [](const PyHit& h) {
            return py::str("Hit(rank={}, id={!r}, title={!r})").format(h.rank, h.id, h.title.text);
        });
}

void bind_results(py::module_& m) {
    py::class_<PyResults>(m, "SearchResults", "The answer to one query.")
        .def_readonly("query", &PyResults::query)
        .def_readonly("total", &PyResults::total, "Estimated number of matching documents.")
        .def_readonly("suggestion", &PyResults::suggestion,
                      "Did-you-mean: the query with diacritics restored, '' when not needed.")
        .def_readonly("interpreted", &PyResults::interpreted,
                      "The query as searched when words were typed as Telex or VNI keystrokes "
                      "('kinh tees' -> 'kinh tế'); '' when nothing was decoded.")
        .def_readonly("partial", &PyResults::partial,
                      "True when nothing matched strictly and the hits are partial matches.")
        .def_readonly("missing_shards", &PyResults::missing_shards,
                      "Shards that could not be reached (the hits come from the others).")
        .def_readonly("hits", &PyResults::hits, "The page of hits (a list of Hit).")
        .def_readonly("facets", &PyResults::facets,
                      "Counts of the facets asked: {name: {value: count}}, in the order asked, "
                      "values by count descending; exact over every matching document.")
        .def("__len__", [](const PyResults& r) { return r.hits.size(); })
        .def("__iter__", [](const PyResults& r) { return r.hits.attr("__iter__")(); })
        .def(
            "to_dict",
            [](const PyResults& r) {
                py::dict d;
                d["query"] = r.query;
                d["total"] = r.total;
                d["suggestion"] = r.suggestion;
                d["partial"] = r.partial;
                py::list hits;
                for (py::handle h : r.hits) hits.append(hit_dict(h.cast<const PyHit&>()));
                d["hits"] = hits;
                if (!r.interpreted.empty()) d["interpreted"] = r.interpreted;
                if (!r.facets.empty()) d["facets"] = r.facets;
                if (!r.missing_shards.empty()) d["missing_shards"] = r.missing_shards;
                return d;
            },
            "The results as `vnsearch search --format json` writes them (str offsets).")
        .def("__repr__", [](const PyResults& r) {
            return py::str("SearchResults(query={!r}, total={}, hits={})")
                .format(r.query, r.total, r.hits.size());
        });
}

}  // namespace

// search() and search_many(): the first argument, then the keyword arguments in SearchArgs order.
template <typename F>
void def_search(py::class_<PySearcher>& c, const char* name, F&& f, py::arg first,
                const char* doc) {
    c.def(name, std::forward<F>(f), first, py::kw_only(), py::arg("limit") = 10,
          py::arg("offset") = 0, py::arg("sort") = "relevance", py::arg("snippet_length") = 200,
          py::arg("snippets") = true, py::arg("threads") = 2, py::arg("suggest") = true,
          py::arg("facets") = std::vector<std::string>{},
          py::arg("max_facet_values") = SearchOptions{}.max_facet_values, doc);
}

void bind_search(py::module_& m) {
    m.def("facet_filter", &facet_filter, py::arg("facet"), py::arg("value"),
          R"(The query text that keeps only documents with `value` of `facet`.

facet_filter("source", "Dân trí") == 'source:"Dân trí"'; search f"({query}) {filter}" to
narrow the results of `query` to the value.)");
    bind_hits(m);
    bind_results(m);
    py::class_<PySearcher> cls(m, "Searcher", R"(Answers queries against an index.

search() releases the GIL: threads searching at once run in parallel. Calls on one Searcher
are serialised by the library, so give each thread its own Searcher for parallel throughput.)");
    cls.def(py::init([](const std::filesystem::path& path, unsigned remote_timeout_ms,
                        unsigned remote_connect_timeout_ms, bool require_all_shards) {
                SearcherOptions o;
                o.remote_timeout_ms = remote_timeout_ms;
                o.remote_connect_timeout_ms = remote_connect_timeout_ms;
                o.require_all_shards = require_all_shards;
                return new PySearcher(path, o);
            }),
            py::arg("path"), py::kw_only(), py::arg("remote_timeout_ms") = 5000,
            py::arg("remote_connect_timeout_ms") = 1000, py::arg("require_all_shards") = false)
        .def_property_readonly(
            "doc_count",
            [](const PySearcher& s) {
                const auto searcher = s.get();
                const py::gil_scoped_release release;
                return searcher->doc_count();
            },
            "Number of documents in the index.")
        .def("close", &PySearcher::close, "Closes the index (idempotent).")
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](PySearcher& s, const py::args&) {
            s.close();
            return false;
        });
    def_search(
        cls, "search",
        [](const PySearcher& s, std::string query, std::size_t limit, std::size_t offset,
           std::string sort, std::size_t snippet_length, bool snippets, unsigned threads,
           bool suggest, std::vector<std::string> facets, std::size_t max_facet_values) {
            return search(s, std::move(query),
                          search_options({limit, offset, std::move(sort), snippet_length, snippets,
                                          threads, suggest, std::move(facets), max_facet_values}));
        },
        py::arg("query"), R"(Answers `query` (the query language of `vnsearch search`).

`facets` names the facets to count over every matching document ("source", "category",
"author", "tag", "year", "month"), at most `max_facet_values` values each (0: all);
facet_filter() turns a value into a query filter.)");
    def_search(
        cls, "search_many",
        [](const PySearcher& s, std::vector<std::string> queries, std::size_t limit,
           std::size_t offset, std::string sort, std::size_t snippet_length, bool snippets,
           unsigned threads, bool suggest, std::vector<std::string> facets,
           std::size_t max_facet_values) {
            return search_many(
                s, std::move(queries),
                search_options({limit, offset, std::move(sort), snippet_length, snippets, threads,
                                suggest, std::move(facets), max_facet_values}));
        },
        py::arg("queries"),
        "Answers each query in turn, with the GIL released once for all of them.");
}

}  // namespace vnsearch::python
