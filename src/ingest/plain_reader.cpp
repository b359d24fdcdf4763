// SPDX-License-Identifier: Apache-2.0
#include "ingest/plain_reader.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/date.hpp"

namespace vnsearch::ingest {
namespace {

using namespace std::string_view_literals;

struct Line {
    std::string_view text;
    bool after_blank = false;  // a blank line (or the start) comes before it: a new paragraph
};

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Trims ASCII white space and no-break spaces (U+00A0), common in text copied from web pages.
std::string_view trim(std::string_view s) {
    for (;;) {
        if (!s.empty() &&
            (s.front() == ' ' || s.front() == '\t' || s.front() == '\f' || s.front() == '\v')) {
            s.remove_prefix(1);
        } else if (starts_with(s, "\xC2\xA0")) {
            s.remove_prefix(2);
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() &&
            (s.back() == ' ' || s.back() == '\t' || s.back() == '\f' || s.back() == '\v')) {
            s.remove_suffix(1);
        } else if (ends_with(s, "\xC2\xA0")) {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

std::vector<Line> split_lines(std::string_view text) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<Line> lines;
    bool after_blank = true;
    while (!text.empty()) {
        const auto cut = text.find_first_of("\r\n");
        const std::string_view line = trim(text.substr(0, cut));
        if (line.empty()) {
            after_blank = true;
        } else {
            lines.push_back({line, after_blank});
            after_blank = false;
        }
        if (cut == std::string_view::npos) break;
        // "\r\n" is one line break; a lone "\r" (old Mac files) is one too.
        text.remove_prefix(cut + (text.substr(cut, 2) == "\r\n" ? 2 : 1));
    }
    return lines;
}

// Decodes the code point at `i` (advancing it); invalid bytes read as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    if (b < 0x80) return b;
    const int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (extra < 0) return 0xFFFD;
    char32_t cp = b & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

enum class Case { none, upper, lower };

// Letter case for the Latin letters Vietnamese uses, without ICU: in Latin-1, Latin Extended-A
// and Latin Extended Additional, Vietnamese capitals sit on even code points and small letters
// on the odd one after them (Ă/ă, Đ/đ, Ạ/ạ ... Ỹ/ỹ); Ơ/ơ and Ư/ư are the two exceptions.
Case letter_case(char32_t c) {
    if (c >= 'A' && c <= 'Z') return Case::upper;
    if (c >= 'a' && c <= 'z') return Case::lower;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return Case::upper;
    if (c >= 0xDF && c <= 0xFF && c != 0xF7) return Case::lower;
    if ((c >= 0x100 && c <= 0x17F) || (c >= 0x1EA0 && c <= 0x1EFF)) {
        return c % 2 == 0 ? Case::upper : Case::lower;
    }
    if (c == 0x1A0 || c == 0x1AF) return Case::upper;
    if (c == 0x1A1 || c == 0x1B0) return Case::lower;
    return Case::none;
}

// "PHÙNG KHIÊM – PHƯƠNG DUNG", "Bài, ảnh: NGUYỄN VĂN A": a short line whose (last) name part is
// in capitals. Returns the name, or empty.
std::string_view author_in(std::string_view line) {
    if (line.size() > 120) return {};
    if (const auto colon = line.rfind(':'); colon != std::string_view::npos) {
        line = trim(line.substr(colon + 1));
    }
    int upper = 0, spaces = 0;
    for (std::size_t i = 0; i < line.size();) {
        const char32_t c = next_code_point(line, i);
        const Case k = letter_case(c);
        if (k == Case::lower) return {};
        if (k == Case::upper) ++upper;
        if (c == ' ') ++spaces;
    }
    return upper >= 3 && spaces <= 10 ? line : std::string_view{};
}

// The weekday-and-date line heading a saved article: "Thứ bảy,  24/10/2020", "Chủ nhật,
// 25/10/2020".
bool is_date_line(std::string_view line) {
    static constexpr std::array prefixes = {"Thứ"sv,      "thứ"sv,      "THỨ"sv,  "Chủ nhật"sv,
                                            "Chủ Nhật"sv, "CHỦ NHẬT"sv, "Ngày"sv, "ngày"sv};
    if (line.size() > 80) return false;
    bool prefixed = false;
    for (const auto p : prefixes) prefixed = prefixed || starts_with(line, p);
    return prefixed && !normalize_date(line).empty();
}

// The length of the paper's tag opening a lead ("LSO-", "TTO - ", "(HNM) -", "VOV.VN -",
// "ANTĐ –"), including the dash and the spaces after it; 0 if the line has none.
std::size_t lead_tag_length(std::string_view line) {
    static constexpr std::array dashes = {"-"sv, "\xE2\x80\x93"sv, "\xE2\x80\x94"sv};
    std::size_t dash = std::string_view::npos, dash_len = 0;
    for (const auto d : dashes) {
        const auto at = line.substr(0, 32).find(d);
        if (at != std::string_view::npos && at < dash) {
            dash = at;
            dash_len = d.size();
        }
    }
    if (dash == std::string_view::npos || dash == 0) return 0;
    const std::string_view tag = trim(line.substr(0, dash));
    if (tag.empty()) return 0;
    bool ok = tag.front() == '(' && tag.back() == ')' && tag.size() <= 30;
    if (!ok && tag.size() <= 20) {
        int letters = 0;
        ok = true;
        for (std::size_t i = 0; i < tag.size() && ok;) {
            const char32_t c = next_code_point(tag, i);
            if ((c >= 'A' && c <= 'Z') || c == 0x110) {  // Đ, as in "ANTĐ"
                ++letters;
            } else {
                ok = (c >= '0' && c <= '9') || c == '.' || c == ' ' || c == '&';
            }
        }
        ok = ok && letters >= 2;
    }
    if (!ok) return 0;
    std::size_t end = dash + dash_len;
    while (end < line.size() && line[end] == ' ') ++end;
    return end < line.size() ? end : 0;  // a tag with no text after it is not a lead
}

// Sentence-final punctuation, looking through closing quotes and brackets.
bool ends_sentence(std::string_view line) {
    for (;;) {
        if (!line.empty() && (line.back() == '"' || line.back() == '\'' || line.back() == ')')) {
            line.remove_suffix(1);
        } else if (ends_with(line, "\xE2\x80\x9D") || ends_with(line, "\xE2\x80\x99")) {  // ” ’
            line.remove_suffix(3);
        } else if (ends_with(line, "\xC2\xBB")) {  // »
            line.remove_suffix(2);
        } else {
            break;
        }
    }
    if (ends_with(line, "\xE2\x80\xA6")) return true;  // …
    return !line.empty() && std::string_view(".!?:;").find(line.back()) != std::string_view::npos;
}

// A line printed under a picture: glued to the paragraph above it (no blank line between) and
// not a sentence, or announced as such ("Ảnh: ...").
bool is_caption(const Line& line) {
    if (starts_with(line.text, "Ảnh:") || starts_with(line.text, "(Ảnh") ||
        starts_with(line.text, "Ảnh minh họa") || starts_with(line.text, "Ảnh minh hoạ")) {
        return true;
    }
    return !line.after_blank && !ends_sentence(line.text);
}

void append_line(std::string& out, std::string_view line) {
    if (!out.empty()) out += '\n';
    out += line;
}

void parse_layout(const std::vector<Line>& lines, std::size_t lead, Document& doc) {
    for (std::size_t i = 1; i < lead; ++i) {
        // Kicker and title read as one headline: "Ban Chấp hành ... Cao Lộc: Sơ kết công tác ..."
        if (!doc.title.empty()) doc.title += ends_sentence(doc.title) ? " " : ": ";
        doc.title += lines[i].text;
    }
    doc.summary = lines[lead].text.substr(lead_tag_length(lines[lead].text));
    std::size_t end = lines.size();
    if (end > lead + 1) {
        if (const auto author = author_in(lines[end - 1].text); !author.empty()) {
            doc.author = author;
            --end;
        }
    }
    std::string captions;
    for (std::size_t i = lead + 1; i < end; ++i) {
        append_line(is_caption(lines[i]) ? captions : doc.body, lines[i].text);
    }
    if (!captions.empty()) doc.fields.emplace("captions", std::move(captions));
}

}  // namespace

bool looks_binary(std::string_view head) {
    if (starts_with(head, "\xFF\xFE") || starts_with(head, "\xFE\xFF")) return false;  // UTF-16
    std::size_t control = 0;
    for (const char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) return true;
        // Tab, line breaks, form feed and escape occur in text; VISCII puts letters on 0x02,
        // 0x05, 0x06, 0x14, 0x19 and 0x1E, and TCVN 5712 VN1 on more C0 bytes, hence the ratio.
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ||
            c == 0x7F) {
            ++control;
        }
    }
    return control * 10 > head.size();
}

Document parse_plain_text(std::string_view text) {
    const std::vector<Line> lines = split_lines(text);
    Document doc;
    if (lines.empty()) return doc;
    if (is_date_line(lines[0].text)) {
        doc.date = normalize_date(lines[0].text);
        // The lead comes after one to four headline lines (kicker, title, sometimes a subtitle).
        for (std::size_t i = 2; i < lines.size() && i <= 5; ++i) {
            if (lead_tag_length(lines[i].text) > 0) {
                parse_layout(lines, i, doc);
                return doc;
            }
        }
        if (lines.size() == 1) return doc;
        doc.title = lines[1].text;
        for (std::size_t i = 2; i < lines.size(); ++i) append_line(doc.body, lines[i].text);
        return doc;
    }
    doc.title = lines[0].text;
    for (std::size_t i = 1; i < lines.size(); ++i) append_line(doc.body, lines[i].text);
    return doc;
}

}  // namespace vnsearch::ingest
