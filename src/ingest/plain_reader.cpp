// SPDX-License-Identifier: Apache-2.0
#include "ingest/plain_reader.hpp"

#include <algorithm>
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

// ---- Bylines ----------------------------------------------------------------------------------
// A saved article closes with its byline on a line of its own. Three shapes are taken, each
// tight enough that the last line of an ordinary text does not fit:
// - names in capitals: "LỘC NINH", "PHÙNG KHIÊM – PHƯƠNG DUNG", "MINH AN, HOÀNG LONG và THU HÀ",
//   each word spelt like a Vietnamese syllable (so "THE END" and "TP.HCM" are not names), at
//   least two words, and right after a line that ends a sentence (so a heading is not one);
// - a credit before a colon: "Bài, ảnh: NGUYỄN VĂN AN", "Tin: Thu Hà";
// - a source: "Theo TTXVN", "Theo VnExpress", "(Theo Báo Lạng Sơn)", "(TTXVN)".
// The author is kept as written, without the credit, "Theo" or the parentheses, which are not
// part of the name.

bool is_combining_mark(char32_t c) { return c >= 0x300 && c <= 0x323; }  // NFD input

bool is_upper_word(std::string_view word) {
    bool any = false;
    for (std::size_t i = 0; i < word.size();) {
        const char32_t c = next_code_point(word, i);
        if (is_combining_mark(c)) continue;
        if (letter_case(c) != Case::upper) return false;
        any = true;
    }
    return any;
}

// Whether an upper-case word is spelt like a Vietnamese syllable: no F, J, W or Z, at most seven
// letters ("NGHIÊNG"), a vowel, and a vowel or c, ch, m, n, ng, nh, p, t at the end. Cheap, and
// enough to refuse English ("END"), acronyms ("UBND", "TTXVN") and codes.
bool is_syllable_like(std::string_view word) {
    int letters = 0;
    bool vowel = false;
    char32_t last = 0;
    for (std::size_t i = 0; i < word.size();) {
        const char32_t c = next_code_point(word, i);
        if (is_combining_mark(c)) continue;
        ++letters;
        last = c;
        if (c == 'F' || c == 'J' || c == 'W' || c == 'Z') return false;
        // Every non-ASCII capital Vietnamese uses is a vowel but Đ.
        vowel = vowel || (c < 0x80 ? std::string_view("AEIOUY").find(static_cast<char>(c)) !=
                                         std::string_view::npos
                                   : c != 0x110);
    }
    const bool final_ok = last >= 0x80
                              ? last != 0x110
                              : std::string_view("AEIOUYCHMNGPT").find(static_cast<char>(last)) !=
                                    std::string_view::npos;
    return letters <= 7 && vowel && final_ok;
}

// Splits `line` at spaces into words; false if there are more than `max` of them.
bool split_words(std::string_view line, std::vector<std::string_view>& words, std::size_t max) {
    words.clear();
    while (!line.empty()) {
        const auto cut = line.find(' ');
        if (cut != 0) {
            if (words.size() == max) return false;
            words.push_back(line.substr(0, cut));
        }
        if (cut == std::string_view::npos) break;
        line.remove_prefix(cut + 1);
    }
    return true;
}

// "PHÙNG KHIÊM – PHƯƠNG DUNG": one to four names of one to five words in capitals, apart by a
// dash, a comma or "và", with at least `min_words` words in all.
bool is_upper_names(std::string_view line, std::size_t min_words) {
    static constexpr std::array dashes = {"-"sv, "\xE2\x80\x93"sv, "\xE2\x80\x94"sv};  // - – —
    std::vector<std::string_view> words;
    if (line.size() > 100 || !split_words(line, words, 16)) return false;
    std::size_t names = 1, in_name = 0, total = 0;
    for (std::string_view w : words) {
        if (std::find(dashes.begin(), dashes.end(), w) != dashes.end() || w == "và") {
            if (in_name == 0) return false;  // a separator with no name before it
            ++names;
            in_name = 0;
            continue;
        }
        const bool comma = w.back() == ',';
        if (comma) w.remove_suffix(1);
        if (!is_upper_word(w) || !is_syllable_like(w)) return false;
        ++total;
        if (++in_name > 5) return false;
        if (comma) {
            ++names;
            in_name = 0;
        }
    }
    return in_name > 0 && names <= 4 && total >= min_words;
}

// A source after "Theo": one to four words, the first capitalised, no digits and no punctuation
// but inside a name ("VnExpress.net", "TTXVN/Vietnam+").
bool is_source_name(std::string_view name) {
    std::vector<std::string_view> words;
    if (name.empty() || name.size() > 48 || !split_words(name, words, 4)) return false;
    std::size_t i = 0;
    if (letter_case(next_code_point(words.front(), i)) != Case::upper) return false;
    for (std::string_view w : words) {
        if (std::string_view(".,;:!?").find(w.back()) != std::string_view::npos) return false;
        for (std::size_t k = 0; k < w.size();) {
            const char32_t c = next_code_point(w, k);
            const bool inner = c == '.' || c == '/' || c == '+' || c == '&' || c == '-';
            if (letter_case(c) == Case::none && !is_combining_mark(c) && !inner) return false;
        }
    }
    return true;
}

// "Thu Hà", "Nguyễn Văn An, Lê Bình": every word starts with a capital, and holds only letters.
bool is_capitalised_names(std::string_view line) {
    std::vector<std::string_view> words;
    if (!split_words(line, words, 12) || words.empty()) return false;
    for (std::string_view w : words) {
        if (w.back() == ',') w.remove_suffix(1);
        std::size_t i = 0;
        if (w.empty() || letter_case(next_code_point(w, i)) != Case::upper) return false;
        while (i < w.size()) {
            const char32_t c = next_code_point(w, i);
            if (letter_case(c) == Case::none && !is_combining_mark(c)) return false;
        }
    }
    return true;
}

// "Bài, ảnh: NGUYỄN VĂN AN" -> "NGUYỄN VĂN AN".
std::string_view credited_name(std::string_view line) {
    static constexpr std::array credits = {
        "Bài"sv,      "Bài, ảnh"sv,        "Bài và ảnh"sv, "Bài/ảnh"sv, "Bài & ảnh"sv,
        "Tin"sv,      "Tin, ảnh"sv,        "Tin và ảnh"sv, "Tin/ảnh"sv, "Thực hiện"sv,
        "Ghi chép"sv, "Nhóm phóng viên"sv, "Nhóm PV"sv};
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return {};
    const std::string_view credit = trim(line.substr(0, colon));
    if (std::find(credits.begin(), credits.end(), credit) == credits.end()) return {};
    const std::string_view name = trim(line.substr(colon + 1));
    return is_upper_names(name, 1) || is_capitalised_names(name) ? name : std::string_view{};
}

// The author in the closing line `line`, or empty. `after_sentence`: the line before it ends a
// sentence, which names in capitals alone need.
std::string_view byline_author(std::string_view line, bool after_sentence) {
    if (line.size() > 120) return {};
    if (line.size() > 2 && line.front() == '(' && line.back() == ')') {
        const std::string_view inner = trim(line.substr(1, line.size() - 2));
        if (starts_with(inner, "Theo ")) {
            const std::string_view name = trim(inner.substr(5));
            return is_source_name(name) ? name : std::string_view{};
        }
        // "(TTXVN)", "(VOV)": an agency's initials, or names in capitals.
        const bool initials = inner.find(' ') == std::string_view::npos && is_upper_word(inner);
        return initials || is_upper_names(inner, 1) ? inner : std::string_view{};
    }
    if (starts_with(line, "Theo ")) {
        const std::string_view name = trim(line.substr(5));
        return is_source_name(name) ? name : std::string_view{};
    }
    if (const auto name = credited_name(line); !name.empty()) return name;
    return after_sentence && is_upper_names(line, 2) ? line : std::string_view{};
}

// Takes a byline off the end of lines [first, end): the last line, when at least one body line
// comes before it. Returns the author, or empty (and leaves `end` alone).
std::string_view take_byline(const std::vector<Line>& lines, std::size_t first, std::size_t& end) {
    if (end < first + 2) return {};
    const auto author = byline_author(lines[end - 1].text, ends_sentence(lines[end - 2].text));
    if (!author.empty()) --end;
    return author;
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
    doc.author = take_byline(lines, lead + 1, end);
    std::string captions;
    for (std::size_t i = lead + 1; i < end; ++i) {
        append_line(is_caption(lines[i]) ? captions : doc.body, lines[i].text);
    }
    if (!captions.empty()) doc.fields.emplace("captions", std::move(captions));
}

// Any other text: the line at `title` is the title, the rest the body, less a closing byline.
void take_title_and_body(const std::vector<Line>& lines, std::size_t title, Document& doc) {
    doc.title = lines[title].text;
    std::size_t end = lines.size();
    doc.author = take_byline(lines, title + 1, end);
    for (std::size_t i = title + 1; i < end; ++i) append_line(doc.body, lines[i].text);
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
        take_title_and_body(lines, 1, doc);
        return doc;
    }
    take_title_and_body(lines, 0, doc);
    return doc;
}

}  // namespace vnsearch::ingest
