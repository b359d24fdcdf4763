// SPDX-License-Identifier: Apache-2.0
#include "index/term_scheme.hpp"

namespace vnsearch::index {

std::string_view utf8_prefix(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t end = max;
    // Step back over continuation bytes so the cut lands on a sequence boundary.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

std::string filter_value(Analyzer& analyzer, std::string_view value, Analysis& scratch) {
    analyzer.analyze(value, scratch);
    std::string out;
    for (const Token& t : scratch.tokens) {
        if (!out.empty()) out.push_back(' ');
        out += t.exact;
    }
    return std::string(utf8_prefix(out, max_term_bytes - 4));  // room for the longest prefix
}

std::string filter_value(Analyzer& analyzer, std::string_view value) {
    Analysis scratch;
    return filter_value(analyzer, value, scratch);
}

std::vector<std::string_view> author_names(std::string_view author) {
    // Each separator with the bytes it spans; "và" counts only as a whole word.
    constexpr std::string_view separators[] = {",",      ";",   "&",         "\u2013",
                                               "\u2014", " - ", " v\u00e0 ", " V\u00c0 "};
    std::vector<std::string_view> names;
    const auto keep = [&](std::string_view part) {
        const auto first = part.find_first_not_of(" \t");
        if (first == std::string_view::npos) return;
        const auto last = part.find_last_not_of(" \t");
        names.push_back(part.substr(first, last - first + 1));
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < author.size();) {
        std::size_t matched = 0;
        for (const std::string_view sep : separators) {
            if (author.substr(i).starts_with(sep)) {
                matched = sep.size();
                break;
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        keep(author.substr(start, i - start));
        i += matched;
        // " và " and " - " consume their spaces; let the next part start after them.
        start = i;
    }
    keep(author.substr(start));
    return names;
}

namespace {

bool digits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return !s.empty();
}

int number(std::string_view s) {
    int n = 0;
    for (const char c : s) n = n * 10 + (c - '0');
    return n;
}

}  // namespace

std::string date_value(std::string_view iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return {};
    const std::string_view y = iso.substr(0, 4), m = iso.substr(5, 2), d = iso.substr(8, 2);
    if (!digits(y) || !digits(m) || !digits(d)) return {};
    if (iso.size() > 10 && iso[10] != 'T' && iso[10] != ' ') return {};
    const int year = number(y), month = number(m), day = number(d);
    static constexpr int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days_in[month - 1]) return {};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return {};
    std::string out;
    out.reserve(8);
    out.append(y).append(m).append(d);
    return out;
}

std::string display_value(std::string_view value) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < value.size();) {
        const bool nbsp = value.substr(i).starts_with("\u00a0");
        const char c = value[i];
        if (nbsp || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            i += nbsp ? 2 : 1;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c);
        ++i;
    }
    return out;
}

namespace {
constexpr char facet_separator = '\xfe';
constexpr char facet_end = '\xff';
}  // namespace

void append_facet_entry(std::string& slot_value, std::string_view filter,
                        std::string_view display) {
    slot_value.append(filter).push_back(facet_separator);
    slot_value.append(display).push_back(facet_end);
}

std::vector<FacetEntry> facet_entries(std::string_view slot_value) {
    std::vector<FacetEntry> out;
    while (!slot_value.empty()) {
        const std::size_t end = slot_value.find(facet_end);
        const std::string_view entry = slot_value.substr(0, end);
        const std::size_t sep = entry.find(facet_separator);
        if (sep != std::string_view::npos && sep > 0)
            out.push_back({entry.substr(0, sep), entry.substr(sep + 1)});
        if (end == std::string_view::npos) break;
        slot_value.remove_prefix(end + 1);
    }
    return out;
}

void append_word_term(std::string& out, const Analysis& analysis, const Word& word, Form form) {
    for (std::uint32_t i = 0; i < word.token_count; ++i) {
        const Token& t = analysis.tokens[word.first_token + i];
        if (i > 0) out.push_back(word_joiner);
        out += form == Form::exact ? t.exact : t.base;
    }
}

std::string word_term(const Analysis& analysis, const Word& word, Form form) {
    std::string out;
    append_word_term(out, analysis, word, form);
    return out;
}

}  // namespace vnsearch::index
