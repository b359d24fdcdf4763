// SPDX-License-Identifier: Apache-2.0
// Plain-text articles -> Document. Recognises the layout of Vietnamese newspaper pages saved as
// text (weekday-and-date line, kicker and title, lead opening with the paper's tag "LSO-", image
// captions, body, author in capitals); any other text is "first line title, the rest body". Both
// may close with a byline, which becomes the author.
// Pure functions: no I/O, no decoding (the text is already UTF-8), so the fuzzer can drive them.
#pragma once
#include <string_view>

#include <vnsearch/document.hpp>

namespace vnsearch::ingest {

/// True if the first bytes of a file look binary rather than text in some encoding: a NUL byte
/// (unless a UTF-16 byte-order mark announces it), or more than 10% control characters.
bool looks_binary(std::string_view head);

/// Parses one article. Sets title, summary, body, date, author and fields["captions"] (image
/// captions, one a line) for the newspaper layout; title and body otherwise. Leaves id, origin
/// and encoding to the caller. An empty or blank text gives an empty title and body.
Document parse_plain_text(std::string_view text);

}  // namespace vnsearch::ingest
