// SPDX-License-Identifier: Apache-2.0
// IndexWriter (a context manager over vnsearch::IndexWriter) and index() (index_documents). A
// document is a dict with the JSON-lines fields. The GIL is released while the library analyses
// and writes; index()'s callbacks take it back, and an exception they raise ends the job and
// propagates to the caller.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>
#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>
#include <vnsearch/index_writer.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace vnsearch::python {
namespace {

// Stored text is NFC, as the readers give it: decode_text() of valid UTF-8 only normalises it.
std::string nfc(std::string text) {
    if (text.empty()) return text;
    return decode_text(text, Encoding::utf8).text;
}

bool is_iso_date(const std::string& d) {
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (d[i] < '0' || d[i] > '9') return false;
        return true;
    };
    const bool day = d.size() >= 10 && digits(0, 4) && d[4] == '-' && digits(5, 2) && d[7] == '-' &&
                     digits(8, 2);
    const bool time = d.size() == 19 && d[10] == 'T' && digits(11, 2) && d[13] == ':' &&
                      digits(14, 2) && d[16] == ':' && digits(17, 2);
    return day && (d.size() == 10 || time);
}

std::string text_of(const std::string& key, py::handle value) {
    if (py::isinstance<py::str>(value)) return nfc(value.cast<std::string>());
    throw Error(Errc::invalid_input,
                "document field \"" + key + "\" must be a str, not " +
                    std::string(py::str(py::type::of(value).attr("__name__"))));
}

std::string date_of(py::handle value) {
    const py::module_ datetime = py::module_::import("datetime");
    if (py::isinstance(value, datetime.attr("datetime")))
        return value.attr("strftime")("%Y-%m-%dT%H:%M:%S").cast<std::string>();
    if (py::isinstance(value, datetime.attr("date")))
        return value.attr("isoformat")().cast<std::string>();
    std::string date = text_of("date", value);
    if (!date.empty() && !is_iso_date(date)) {
        throw Error(Errc::invalid_input,
                    "document date \"" + date +
                        "\" is not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS): pass that or a "
                        "datetime.date");
    }
    return date;
}

void add_tags(py::handle value, std::vector<std::string>& tags) {
    if (py::isinstance<py::str>(value)) {  // "a, b; c", as in JSON lines
        std::string all = value.cast<std::string>();
        for (py::handle tag : py::str(all).attr("replace")(";", ",").attr("split")(",")) {
            std::string t = py::str(tag).attr("strip")().cast<std::string>();
            if (!t.empty()) tags.push_back(nfc(std::move(t)));
        }
        return;
    }
    for (py::handle tag : py::iter(value)) tags.push_back(text_of("tags", tag));
}

// Any other field is stored as text: a str as it is, anything else as JSON (as the reader does).
std::string field_of(const std::string& key, py::handle value) {
    if (py::isinstance<py::str>(value)) return text_of(key, value);
    return py::module_::import("json")
        .attr("dumps")(value, py::arg("ensure_ascii") = false)
        .cast<std::string>();
}

Document document_of(const py::handle& doc) {
    if (!PyMapping_Check(doc.ptr()) || py::isinstance<py::str>(doc))
        throw Error(Errc::invalid_input, "a document is a dict of its fields");
    Document d;
    for (py::handle item : doc.attr("items")()) {
        const auto pair = item.cast<py::tuple>();
        const std::string key = py::str(pair[0]);
        const py::handle value = pair[1];
        if (value.is_none()) continue;
        if (key == "id") {
            if (py::isinstance<py::bool_>(value) ||
                !(py::isinstance<py::str>(value) || py::isinstance<py::int_>(value)))
                throw Error(Errc::invalid_input, "document id must be a str or an int");
            d.id = py::str(value);
        } else if (key == "title") {
            d.title = text_of(key, value);
        } else if (key == "summary") {
            d.summary = text_of(key, value);
        } else if (key == "body") {
            d.body = text_of(key, value);
        } else if (key == "date") {
            d.date = date_of(value);
        } else if (key == "url") {
            d.url = text_of(key, value);
        } else if (key == "source") {
            d.source = text_of(key, value);
        } else if (key == "category") {
            d.category = text_of(key, value);
        } else if (key == "author") {
            d.author = text_of(key, value);
        } else if (key == "tags") {
            add_tags(value, d.tags);
        } else {
            d.fields.emplace(key, field_of(key, value));
        }
    }
    if (d.id.empty()) throw Error(Errc::invalid_input, "document has no \"id\"");
    return d;
}

const char* outcome_name(WriteOutcome o) {
    switch (o) {
        case WriteOutcome::added:
            return "added";
        case WriteOutcome::updated:
            return "updated";
        case WriteOutcome::unchanged:
            return "unchanged";
    }
    return "added";
}

OpenMode open_mode(const std::string& name) {
    if (name == "create_or_open") return OpenMode::create_or_open;
    if (name == "open") return OpenMode::open;
    if (name == "create") return OpenMode::create;
    throw Error(Errc::invalid_input,
                "unknown mode \"" + name + "\" (create_or_open, open or create)");
}

AnalyzerOptions analyzer_options(bool segment_words, const std::optional<std::string>& dictionary,
                                 std::size_t max_token_bytes) {
    AnalyzerOptions o;
    o.segment_words = segment_words;
    o.user_dictionary = dictionary.value_or("");
    o.max_token_bytes = max_token_bytes;
    return o;
}

// The writer is shared with calls in flight, so close() during another thread's add() waits for
// nothing and frees nothing that call uses; the mutex serialises the calls (the writer is not
// safe for concurrent use).
class PyIndexWriter {
public:
    PyIndexWriter(const std::filesystem::path& path, WriterOptions options) {
        const py::gil_scoped_release release;
        writer_ = std::make_shared<IndexWriter>(path.string(), std::move(options));
    }

    template <typename F>
    auto with_writer(F&& f) {
        std::shared_ptr<IndexWriter> w = writer_;
        if (!w) throw Error(Errc::invalid_input, "the index writer is closed");
        const py::gil_scoped_release release;
        const std::lock_guard lock(mutex_);
        return f(*w);
    }

    // Commits here rather than in the destructor, so that a failed commit raises.
    void close() {
        std::shared_ptr<IndexWriter> w = std::move(writer_);
        if (!w) return;
        const py::gil_scoped_release release;
        const std::lock_guard lock(mutex_);
        w->commit();
        w.reset();  // releases the index's lock (unless a call in flight still holds the writer)
    }

    bool closed() const { return !writer_; }

private:
    std::shared_ptr<IndexWriter> writer_;
    std::mutex mutex_;
};

void bind_writer(py::module_& m) {
    py::class_<PyIndexWriter>(m, "IndexWriter", R"(Adds, replaces and deletes single documents.

Changes become visible to searches at commit(). Use it as a context manager: leaving the
block commits what is pending and releases the index's single-writer lock (as close() does).
A document is a dict with the JSON-lines fields: id (required, str or int), title, summary,
body, date (ISO 8601 str or datetime.date), url, source, category, author, tags (list of str,
or "a, b"); any other key is stored as text (non-str values as JSON).)")
        .def(py::init([](const std::filesystem::path& path, const std::string& mode,
                         bool segment_words, const std::optional<std::string>& user_dictionary,
                         std::size_t max_token_bytes, bool no_sync) {
                 WriterOptions o;
                 o.mode = open_mode(mode);
                 o.analyzer = analyzer_options(segment_words, user_dictionary, max_token_bytes);
                 o.no_sync = no_sync;
                 return new PyIndexWriter(path, std::move(o));
             }),
             py::arg("path"), py::kw_only(), py::arg("mode") = "create_or_open",
             py::arg("segment_words") = true, py::arg("user_dictionary") = py::none(),
             py::arg("max_token_bytes") = 64, py::arg("no_sync") = false)
        .def(
            "add",
            [](PyIndexWriter& w, const py::object& doc) {
                Document d = document_of(doc);
                return outcome_name(w.with_writer([&](IndexWriter& iw) { return iw.add(d); }));
            },
            py::arg("doc"),
            "Adds `doc` ('added', 'updated', or 'unchanged' if the stored copy is the same).")
        .def(
            "replace",
            [](PyIndexWriter& w, const py::object& doc) {
                Document d = document_of(doc);
                return outcome_name(w.with_writer([&](IndexWriter& iw) { return iw.replace(d); }));
            },
            py::arg("doc"), "Writes `doc` over the one with its id ('added' or 'updated').")
        .def(
            "delete",
            [](PyIndexWriter& w, const std::string& id) {
                return w.with_writer([&](IndexWriter& iw) { return iw.remove(id); });
            },
            py::arg("id"), "Removes the document with this id; False if there was none.")
        .def(
            "__contains__",
            [](PyIndexWriter& w, const std::string& id) {
                return w.with_writer([&](IndexWriter& iw) { return iw.contains(id); });
            },
            py::arg("id"))
        .def(
            "__len__",
            [](PyIndexWriter& w) {
                return w.with_writer([](IndexWriter& iw) { return iw.doc_count(); });
            },
            "Documents in the index, pending changes included.")
        .def(
            "commit", [](PyIndexWriter& w) { w.with_writer([](IndexWriter& iw) { iw.commit(); }); },
            "Makes every change so far visible and durable, atomically.")
        .def("close", &PyIndexWriter::close,
             "Commits what is pending and releases the index (idempotent).")
        .def_property_readonly("closed", &PyIndexWriter::closed)
        .def("__enter__", [](py::object self) { return self; })
        .def("__exit__", [](PyIndexWriter& w, const py::args&) {
            w.close();
            return false;
        });
}

const char* issue_kind_name(IssueKind k) {
    switch (k) {
        case IssueKind::skipped:
            return "skipped";
        case IssueKind::repaired:
            return "repaired";
        case IssueKind::converted:
            return "converted";
        case IssueKind::duplicate:
            return "duplicate";
        case IssueKind::notice:
            return "notice";
    }
    return "notice";
}

void bind_report(py::module_& m) {
    py::class_<Progress>(m, "Progress", "Where a batch job is (index()'s progress callback).")
        .def_readonly("documents", &Progress::documents, "Documents read so far.")
        .def_readonly("bytes_read", &Progress::bytes_read, "Input bytes consumed.")
        .def_readonly("bytes_total", &Progress::bytes_total, "Input size, 0 if unknown.")
        .def_readonly("seconds", &Progress::seconds, "Since the job started.")
        .def_readonly("done", &Progress::done, "True for the last call.")
        .def("__repr__", [](const Progress& p) {
            return py::str("Progress(documents={}, bytes_read={}, done={})")
                .format(p.documents, p.bytes_read, p.done);
        });
    py::class_<ReadIssue>(m, "Issue", "A record skipped, repaired or converted, or a notice.")
        .def_readonly("file", &ReadIssue::file)
        .def_readonly("line", &ReadIssue::line, "1-based line of a JSON-lines input, else 0.")
        .def_property_readonly(
            "kind", [](const ReadIssue& i) { return issue_kind_name(i.kind); },
            "'skipped', 'repaired', 'converted', 'duplicate' or 'notice'.")
        .def_readonly("message", &ReadIssue::message)
        .def("__repr__", [](const ReadIssue& i) {
            return py::str("Issue(file={!r}, line={}, kind={!r}, message={!r})")
                .format(i.file, i.line, issue_kind_name(i.kind), i.message);
        });
    py::class_<IndexReport>(m, "IndexReport", "The outcome of index().")
        .def_readonly("added", &IndexReport::added)
        .def_readonly("updated", &IndexReport::updated)
        .def_readonly("unchanged", &IndexReport::unchanged)
        .def_readonly("deleted", &IndexReport::deleted)
        .def_readonly("skipped", &IndexReport::skipped)
        .def_readonly("errors", &IndexReport::errors)
        .def_readonly("duplicates", &IndexReport::duplicates)
        .def_readonly("seconds", &IndexReport::seconds)
        .def_readonly("bytes_read", &IndexReport::bytes_read)
        .def_readonly("compacted", &IndexReport::compacted)
        .def_readonly("issues", &IndexReport::issues)
        .def_readonly("stale", &IndexReport::stale)
        .def_readonly("stale_ids", &IndexReport::stale_ids)
        .def_readonly("reindexed", &IndexReport::reindexed)
        .def("__repr__", [](const IndexReport& r) {
            return py::str(
                       "IndexReport(added={}, updated={}, unchanged={}, deleted={}, "
                       "skipped={}, errors={})")
                .format(r.added, r.updated, r.unchanged, r.deleted, r.skipped, r.errors);
        });
}

std::vector<std::string> input_paths(const py::object& inputs, bool may_be_empty) {
    std::vector<std::string> paths;
    if (py::isinstance<py::str>(inputs) || py::hasattr(inputs, "__fspath__")) {
        paths.push_back(inputs.cast<std::filesystem::path>().string());
        return paths;
    }
    for (py::handle input : py::iter(inputs))
        paths.push_back(
            py::reinterpret_borrow<py::object>(input).cast<std::filesystem::path>().string());
    if (paths.empty() && !may_be_empty)
        throw Error(Errc::invalid_input, "index() needs at least one input");
    return paths;
}

// A Python callback called from the job (on the calling thread, GIL released): takes the GIL;
// the first exception it raises is kept and stops the job, and index() raises it again.
struct Callbacks {
    std::optional<py::error_already_set> raised;

    // The job may copy the function without the GIL: it holds a pointer to the caller's object,
    // never a reference count of its own.
    template <typename Arg>
    std::function<void(const Arg&)> wrap(const py::object& callback) {
        if (callback.is_none()) return {};
        return [this, fn = &callback](const Arg& arg) {
            const py::gil_scoped_acquire acquire;
            if (raised) return;
            try {
                (*fn)(arg);
            } catch (py::error_already_set& e) {
                raised = std::move(e);
                throw Stop{};
            }
        };
    }
    struct Stop {};
};

void bind_batch(py::module_& m) {
    m.def(
        "index",
        [](const std::filesystem::path& path, const py::object& inputs, const py::object& progress,
           const py::object& on_issue, const std::optional<std::string>& encoding,
           std::size_t batch_size, unsigned threads, bool prune, bool rebuild, bool compact,
           unsigned shards, bool segment_words, const std::optional<std::string>& user_dictionary,
           const std::optional<std::filesystem::path>& words,
           const std::optional<std::filesystem::path>& synonyms, bool reindex_changed) {
            IndexOptions o;
            o.db_path = path.string();
            if (words) o.words = read_word_list(words->string());
            if (synonyms) o.synonyms = read_synonym_groups(synonyms->string());
            o.reindex_changed = reindex_changed;
            o.inputs = input_paths(inputs, words || synonyms || reindex_changed);
            if (encoding) {
                o.reader.encoding = parse_encoding(*encoding);
                if (!o.reader.encoding)
                    throw Error(Errc::invalid_input, "unknown encoding \"" + *encoding + "\"");
            }
            if (batch_size == 0) throw Error(Errc::invalid_input, "batch_size must be positive");
            o.batch_size = batch_size;
            o.threads = threads;
            o.prune = prune;
            o.rebuild = rebuild;
            o.compact = compact;
            o.shards = shards;
            o.analyzer = analyzer_options(segment_words, user_dictionary, 64);
            Callbacks callbacks;
            o.progress = callbacks.wrap<Progress>(progress);
            o.on_issue = callbacks.wrap<ReadIssue>(on_issue);
            std::optional<IndexReport> report;
            try {
                const py::gil_scoped_release release;
                report = index_documents(o);
            } catch (const Callbacks::Stop&) {
            } catch (const Error&) {
                if (!callbacks.raised) throw;
            }
            if (callbacks.raised) throw std::move(*callbacks.raised);
            return std::move(*report);
        },
        py::arg("path"), py::arg("inputs"), py::kw_only(), py::arg("progress") = py::none(),
        py::arg("on_issue") = py::none(), py::arg("encoding") = py::none(),
        py::arg("batch_size") = 50, py::arg("threads") = 0, py::arg("prune") = false,
        py::arg("rebuild") = false, py::arg("compact") = true, py::arg("shards") = 0,
        py::arg("segment_words") = true, py::arg("user_dictionary") = py::none(),
        py::arg("words") = py::none(), py::arg("synonyms") = py::none(),
        py::arg("reindex_changed") = false,
        R"(Indexes files and folders (JSON lines, plain-text articles, .gz/.zst) into `path`.

The batch job of `vnsearch index`: analysis on every core, unchanged documents skipped, bad
records reported as issues (never raised). `progress(Progress)` and `on_issue(Issue)` are
called on the calling thread; an exception either raises ends the job and propagates.
`words` and `synonyms` are files of the index's word list and synonym groups, stored in it
(docs/user-lists.md); `reindex_changed` re-analyses the documents a changed word list left stale.)");
}

}  // namespace

void bind_index(py::module_& m) {
    bind_writer(m);
    bind_report(m);
    bind_batch(m);
}

}  // namespace vnsearch::python
