// SPDX-License-Identifier: Apache-2.0
// The pieces of the vnsearch Python module (_vnsearch), one function per area, and what they
// share: turning the library's UTF-8 byte offsets into Python str indices. The module uses the
// public API only, like the CLI.
#pragma once
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

namespace vnsearch::python {

/// Python str indices count code points, the library counts UTF-8 bytes. StrIndex walks a UTF-8
/// text once for offsets asked in increasing order (it restarts from the front for a smaller
/// one), so converting every offset of an analysis or a snippet costs one pass over the text.
/// The text must be valid UTF-8 (it comes from a Python str or from the index).
class StrIndex {
public:
    explicit StrIndex(std::string_view text) : text_(text) {}
    /// The str index of the code point that starts at `byte_offset` (the length for the end).
    std::size_t operator()(std::size_t byte_offset);

private:
    std::string_view text_;
    std::size_t byte_ = 0;
    std::size_t index_ = 0;
};

/// Byte ranges of `text` as str index ranges (ranges in text order, as the library gives them).
std::vector<std::pair<std::size_t, std::size_t>> str_ranges(
    std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& byte_ranges);

void bind_errors(pybind11::module_& m);
void bind_text(pybind11::module_& m);
void bind_index(pybind11::module_& m);
void bind_search(pybind11::module_& m);

}  // namespace vnsearch::python
