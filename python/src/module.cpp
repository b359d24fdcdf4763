// SPDX-License-Identifier: Apache-2.0
// The extension module vnsearch._vnsearch; the package vnsearch (python/vnsearch/__init__.py)
// re-exports it with the exception classes, and __init__.pyi types it.
#include <string>

#include <pybind11/pybind11.h>
#include <vnsearch/version.hpp>

#include "bindings.hpp"

namespace vnsearch::python {

std::size_t StrIndex::operator()(std::size_t byte_offset) {
    if (byte_offset > text_.size()) byte_offset = text_.size();
    if (byte_offset < byte_) byte_ = index_ = 0;
    for (; byte_ < byte_offset; ++byte_) {
        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        if ((static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80) ++index_;
    }
    return index_;
}

std::vector<std::pair<std::size_t, std::size_t>> str_ranges(
    std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& byte_ranges) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    out.reserve(byte_ranges.size());
    StrIndex index(text);
    for (const auto& [first, second] : byte_ranges) {
        const std::size_t start = index(first);
        out.emplace_back(start, index(second));
    }
    return out;
}

}  // namespace vnsearch::python

PYBIND11_MODULE(_vnsearch, m) {
    m.doc() = "Vietnamese full-text search: the compiled part of the vnsearch package";
    m.attr("__version__") = std::string(VNSEARCH_VERSION_STRING);
    vnsearch::python::bind_errors(m);
    vnsearch::python::bind_text(m);
    vnsearch::python::bind_index(m);
    vnsearch::python::bind_search(m);
}
