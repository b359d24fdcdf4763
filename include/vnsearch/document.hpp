// SPDX-License-Identifier: Apache-2.0
// Document is what the readers produce and the index stores: a plain aggregate of UTF-8 (NFC)
// strings. Only `id` is required; every other field may be empty.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace vnsearch {

struct Document {
    std::string id;     ///< unique id: the JSON "id", or the file path relative to the input folder
    std::string title;  ///< for plain-text articles: the kicker and title lines
    std::string summary;  ///< lead / sapo
    std::string body;     ///< main text
    std::string date;     ///< ISO 8601 "YYYY-MM-DD" (or "YYYY-MM-DDTHH:MM:SS"), empty if unknown
    std::string url;
    std::string source;  ///< publisher, e.g. "baomoi.com"
    std::string category;
    std::string author;
    std::vector<std::string> tags;
    std::map<std::string, std::string> fields;  ///< any other metadata, kept as stored data
    std::string origin;    ///< the file it came from (used by --prune); set by the readers
    std::string encoding;  ///< encoding the bytes were decoded from ("utf-8", "tcvn3", ...)
};

}  // namespace vnsearch
