// SPDX-License-Identifier: Apache-2.0
#include "text/word_list.hpp"

#include "text/normalize.hpp"

namespace vnsearch::text {

std::string normalize_words(std::string_view words, std::string_view separators) {
    std::string out;
    for (std::size_t start = 0; start < words.size();) {
        std::size_t end = words.find_first_of(separators, start);
        if (end == std::string_view::npos) end = words.size();
        if (end > start) {
            if (!out.empty()) out.push_back(' ');
            out += normalize_term(words.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

std::unordered_set<std::string> load_word_list(std::string_view table) {
    std::unordered_set<std::string> words;
    while (!table.empty()) {
        const std::size_t eol = table.find('\n');
        const std::string_view line = table.substr(0, eol);
        table = eol == std::string_view::npos ? std::string_view{} : table.substr(eol + 1);
        if (line.empty() || line.front() == '#') continue;
        if (std::string word = normalize_words(line, " "); !word.empty()) {
            words.insert(std::move(word));
        }
    }
    return words;
}

}  // namespace vnsearch::text
