// SPDX-License-Identifier: Apache-2.0
// One JSON line -> one Document. Pure: no I/O and no decoding (the line is already UTF-8), so the
// fuzzer can drive it with arbitrary bytes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <vnsearch/document.hpp>

namespace vnsearch::ingest {

/// The outcome of parsing one line: a document, or the problem that made it unusable.
struct JsonRecord {
    std::optional<Document> document;
    std::string problem;  ///< lower-case, names the problem; empty when `document` is set
};

/// Parses a JSON object with the fields id, title, summary, body, date, url, source, category,
/// author and tags (an array, or a string of comma-separated tags). Every other field goes to
/// Document::fields: strings as they are, other values as JSON text (null is dropped). The id may
/// be a string or a number; a missing or empty id makes the record unusable. A date is normalised
/// to ISO 8601 when recognised, else kept as given in fields["date"].
JsonRecord parse_json_record(std::string_view line);

}  // namespace vnsearch::ingest
