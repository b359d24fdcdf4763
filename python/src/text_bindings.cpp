// SPDX-License-Identifier: Apache-2.0
// Analyzer, fold() and convert(). The GIL is released while the library works; an Analyzer is
// not safe for concurrent use, so each Python Analyzer serialises its calls with a mutex (use one
// per thread for parallel analysis).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <vnsearch/analyzer.hpp>
#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace vnsearch::python {
namespace {

// A token as Python sees it: offsets are str indices into the analysed text.
struct PyToken {
    std::string exact, tone_free, base;
    TokenKind kind = TokenKind::word;
    std::size_t start = 0, end = 0;
    std::uint32_t position = 0, word = 0;
};

class PyAnalyzer {
public:
    explicit PyAnalyzer(AnalyzerOptions options) : analyzer_(std::move(options)) {}

    std::vector<PyToken> analyze(std::string_view text) {
        std::vector<PyToken> out;
        const std::lock_guard lock(mutex_);
        analyzer_.analyze(text, analysis_);
        out.reserve(analysis_.tokens.size());
        StrIndex index(text);
        for (Token& t : analysis_.tokens) {
            PyToken& p = out.emplace_back();
            p.exact = std::move(t.exact);
            p.tone_free = std::move(t.tone_free);
            p.base = std::move(t.base);
            p.kind = t.kind;
            p.start = index(t.begin);
            p.end = index(t.end);
            p.position = t.position;
            p.word = t.word;
        }
        return out;
    }

    // Each word as written (from its first syllable to its last, the text between included).
    std::vector<std::string_view> words(std::string_view text) {
        std::vector<std::string_view> out;
        const std::lock_guard lock(mutex_);
        analyzer_.analyze(text, analysis_);
        out.reserve(analysis_.words.size());
        for (const Word& w : analysis_.words) {
            const Token& first = analysis_.tokens[w.first_token];
            const Token& last = analysis_.tokens[w.first_token + w.token_count - 1];
            out.push_back(text.substr(first.begin, last.end - first.begin));
        }
        return out;
    }

    bool is_stopword(std::string_view word) const { return analyzer_.is_stopword(word); }

private:
    std::mutex mutex_;
    Analyzer analyzer_;
    Analysis analysis_;  // reused buffers
};

AnalyzerOptions analyzer_options(bool segment_words, std::optional<std::string> user_dictionary,
                                 std::size_t max_token_bytes) {
    AnalyzerOptions o;
    o.segment_words = segment_words;
    o.user_dictionary = user_dictionary.value_or("");
    o.max_token_bytes = max_token_bytes;
    return o;
}

enum class FoldLevel { exact, tone_free, base };

FoldLevel fold_level(std::string_view name) {
    if (name == "exact") return FoldLevel::exact;
    if (name == "tone_free") return FoldLevel::tone_free;
    if (name == "base") return FoldLevel::base;
    throw Error(Errc::invalid_input,
                "unknown fold level \"" + std::string(name) + "\" (exact, tone_free or base)");
}

// Every token replaced by its form at `level`; what lies between tokens is kept as it is.
std::string fold(std::string_view text, FoldLevel level) {
    thread_local Analyzer analyzer(analyzer_options(false, std::nullopt, 64));
    thread_local Analysis analysis;
    analyzer.analyze(text, analysis);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    for (const Token& t : analysis.tokens) {
        out.append(text.substr(copied, t.begin - copied));
        out.append(level == FoldLevel::exact       ? t.exact
                   : level == FoldLevel::tone_free ? t.tone_free
                                                   : t.base);
        copied = t.end;
    }
    out.append(text.substr(copied));
    return out;
}

py::tuple convert(const py::buffer& data, const std::optional<std::string>& encoding) {
    std::optional<Encoding> forced;
    if (encoding) {
        forced = parse_encoding(*encoding);
        if (!forced) throw Error(Errc::invalid_input, "unknown encoding \"" + *encoding + "\"");
    }
    const py::buffer_info info = data.request();
    if (info.ndim != 1 || info.itemsize != 1)
        throw Error(Errc::invalid_input, "convert() takes bytes (a one-dimensional byte buffer)");
    const std::string_view bytes(static_cast<const char*>(info.ptr),
                                 static_cast<std::size_t>(info.size));
    Decoded decoded;
    {
        const py::gil_scoped_release release;
        decoded = decode_text(bytes, forced);
    }
    return py::make_tuple(py::str(decoded.text), py::str(std::string(to_string(decoded.encoding))));
}

void bind_token(py::module_& m) {
    py::class_<PyToken>(m, "Token", "One token of an analysed text.")
        .def_readonly("exact", &PyToken::exact,
                      "Canonical form: NFC, case-folded, canonical tone placement ('hoà').")
        .def_readonly("tone_free", &PyToken::tone_free,
                      "Tone marks removed, â ă ê ô ơ ư đ kept ('viêt').")
        .def_readonly("base", &PyToken::base, "Every mark removed, đ -> d ('viet').")
        .def_property_readonly(
            "kind", [](const PyToken& t) { return std::string(to_string(t.kind)); },
            "'syllable', 'word', 'number', 'date', 'abbreviation', 'email' or 'url'.")
        .def_readonly("start", &PyToken::start, "str index of the token's first character.")
        .def_readonly("end", &PyToken::end, "str index one past the token's last character.")
        .def_readonly("position", &PyToken::position, "0-based index of the token in the text.")
        .def_readonly("word", &PyToken::word, "Index of the word the token belongs to.")
        .def("__repr__", [](const PyToken& t) {
            return py::str("Token(exact={!r}, kind={!r}, start={}, end={})")
                .format(t.exact, std::string(to_string(t.kind)), t.start, t.end);
        });
}

}  // namespace

void bind_text(py::module_& m) {
    bind_token(m);
    py::class_<PyAnalyzer>(m, "Analyzer", R"(Vietnamese text analysis: tokens and words.

The same analysis the index and the queries use. Calls on one Analyzer are serialised;
use one Analyzer per thread to analyse in parallel (the GIL is released while it works).)")
        .def(py::init([](bool segment_words, std::optional<std::string> user_dictionary,
                         std::size_t max_token_bytes) {
                 return new PyAnalyzer(
                     analyzer_options(segment_words, std::move(user_dictionary), max_token_bytes));
             }),
             py::kw_only(), py::arg("segment_words") = true,
             py::arg("user_dictionary") = py::none(), py::arg("max_token_bytes") = 64)
        .def(
            "analyze", [](PyAnalyzer& a, std::string_view text) { return a.analyze(text); },
            py::arg("text"), py::call_guard<py::gil_scoped_release>(),
            "The tokens of `text`, with str offsets into it.")
        .def(
            "words",
            [](PyAnalyzer& a, std::string_view text) {
                std::vector<std::string_view> words;
                {
                    const py::gil_scoped_release release;
                    words = a.words(text);
                }
                py::list out(words.size());
                for (std::size_t i = 0; i < words.size(); ++i)
                    out[i] = py::str(words[i].data(), words[i].size());
                return out;
            },
            py::arg("text"), "The words of `text` as written there ('Hồ Chí Minh' is one word).")
        .def("is_stopword", &PyAnalyzer::is_stopword, py::arg("word"),
             "True if the word (any of its forms, syllables separated by a space) is a stopword.");

    m.def(
        "fold",
        [](std::string_view text, std::string_view level) {
            const FoldLevel l = fold_level(level);
            const py::gil_scoped_release release;
            return fold(text, l);
        },
        py::arg("text"), py::arg("level") = "base",
        R"(`text` with every token replaced by its form at `level`.

'exact' (canonical, lower case), 'tone_free' (tone marks removed) or 'base' (every mark
removed, đ -> d). What lies between tokens (spaces, punctuation) is kept as it is.)");
    m.def("convert", &convert, py::arg("data"), py::arg("encoding") = py::none(),
          R"(Decodes Vietnamese bytes in any encoding vnsearch reads; returns (text, encoding).

Legacy encodings (TCVN3, VNI, VISCII, VPS, CP1258, VIQR) and UTF-16 are detected unless
`encoding` forces one; the text is NFC.)");
}

}  // namespace vnsearch::python
