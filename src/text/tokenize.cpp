// SPDX-License-Identifier: Apache-2.0
#include "text/tokenize.hpp"

#include <algorithm>

#include <unicode/uchar.h>

#include "text/letters.hpp"
#include "text/utf8.hpp"

namespace vnsearch::text {

namespace {

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != prefix[i]) return false;
    return true;
}

bool is_trailing_punct(char32_t c) {
    return std::u32string_view(U".,;:!?)]}\"'»”’…>").find(c) != std::u32string_view::npos;
}

bool is_leading_punct(char32_t c) {
    return std::u32string_view(U"([{\"'«“‘<").find(c) != std::u32string_view::npos;
}

// "example.vn/a-b" or "bao.example.vn": a lower-case ASCII host whose last label is 2–6 letters,
// with a path or at least two dots. Upper case is left out so "TP.HCM" stays an abbreviation.
bool is_bare_url(std::string_view s) {
    const std::size_t slash = s.find('/');
    const std::string_view host = s.substr(0, slash);
    std::size_t dots = 0, label = 0;
    bool label_letters = true;
    for (char c : host) {
        if (c == '.') {
            if (label == 0) return false;
            ++dots;
            label = 0;
            label_letters = true;
            continue;
        }
        const bool letter = c >= 'a' && c <= 'z';
        if (!letter && !(c >= '0' && c <= '9') && c != '-') return false;
        label_letters = label_letters && letter;
        ++label;
    }
    if (dots == 0 || !label_letters || label < 2 || label > 6) return false;
    if (slash != std::string_view::npos) {
        for (char c : s.substr(slash))
            if (static_cast<unsigned char>(c) >= 0x80) return false;
        return true;
    }
    return dots >= 2;
}

// "1.234.567,5" -> "1234567,5": dots that group thousands go; a decimal comma stays.
std::string canonical_number(std::string_view raw) {
    const std::size_t comma = raw.find(',');
    const std::string_view integral = raw.substr(0, comma);
    bool grouped = integral.find('.') != std::string_view::npos;
    std::size_t group = 0;
    for (std::size_t i = integral.size(); grouped && i-- > 0;) {
        if (integral[i] == '.') {
            grouped = group == 3;
            group = 0;
        } else {
            ++group;
        }
    }
    grouped = grouped && group >= 1 && group <= 3;
    if (!grouped) return std::string(raw);
    std::string out;
    for (char c : integral)
        if (c != '.') out.push_back(c);
    if (comma != std::string_view::npos) out.append(raw.substr(comma));
    return out;
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

// "24/10/2020", "24-10-2020", "2020-10-24" -> "24/10/2020"; "6/2" -> "6/2"; "10/2020" ->
// "10/2020". Leading zeros go, so every spelling of one date gives one term.
bool canonical_date(std::string_view raw, std::string& out) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    const char sep = raw.find('/') != std::string_view::npos ? '/' : '-';
    for (std::size_t i = 0; i <= raw.size(); ++i) {
        if (i == raw.size() || raw[i] == '/' || raw[i] == '-') {
            if (i < raw.size() && raw[i] != sep) return false;
            parts.push_back(raw.substr(start, i - start));
            start = i + 1;
        }
    }
    for (auto p : parts)
        if (p.empty() || p.size() > 4) return false;
    auto valid_dm = [](int d, int m) { return d >= 1 && d <= 31 && m >= 1 && m <= 12; };
    if (parts.size() == 3) {
        int d = to_int(parts[0]), m = to_int(parts[1]);
        std::string_view y = parts[2];
        if (parts[0].size() == 4) {  // ISO order
            y = parts[0];
            d = to_int(parts[2]);
        }
        if (!valid_dm(d, m) || (y.size() != 2 && y.size() != 4)) return false;
        out = std::to_string(d) + "/" + std::to_string(m) + "/" + std::to_string(to_int(y));
        return true;
    }
    if (parts.size() == 2 && sep == '/') {
        const int a = to_int(parts[0]), b = to_int(parts[1]);
        if (parts[1].size() == 4 && a >= 1 && a <= 12) {
            out = std::to_string(a) + "/" + std::to_string(b);
            return true;
        }
        if (parts[0].size() <= 2 && parts[1].size() <= 2 && valid_dm(a, b)) {
            out = std::to_string(a) + "/" + std::to_string(b);
            return true;
        }
    }
    return false;
}

enum Joiner : std::uint8_t { none = 0, number = 1, date = 2, dash = 4, abbreviation = 8 };

}  // namespace

struct Tokenizer::Segment {
    std::size_t end = 0;  // one past its last code point
    std::size_t letters = 0, digits = 0, others = 0, upper = 0;
    bool first_upper = false;
    [[nodiscard]] bool all_digits() const { return digits > 0 && letters == 0 && others == 0; }
    [[nodiscard]] bool all_letters() const { return letters > 0 && digits == 0; }
    [[nodiscard]] bool all_upper() const { return all_letters() && upper == letters; }
};

void Tokenizer::decode(std::string_view text) {
    // Sized for the worst case (one code point a byte) and trimmed after: no per-character
    // capacity checks in the loop.
    cps_.resize(text.size());
    offsets_.resize(text.size() + 1);
    classes_.resize(text.size());
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t len = 1;
        const auto byte = static_cast<unsigned char>(text[pos]);
        const char32_t cp = byte < 0x80 ? byte : decode_utf8(text, pos, len);
        cps_[n] = cp;
        offsets_[n] = static_cast<std::uint32_t>(pos);
        Class cls;
        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || is_ascii_digit(cp)) {
                cls = Class::word;
            } else if (cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') {
                cls = Class::line_break;
            } else if (cp == ' ' || cp == '\t' || cp < 0x20 || cp == 0x7F) {
                cls = Class::space;
            } else {
                cls = Class::punct;
            }
        } else if (char_info(cp).kind != CharKind::other) {
            cls = Class::word;
        } else {
            const auto type = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(cp)));
            switch (type) {
                case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
                case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK:
                case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK: case U_DECIMAL_DIGIT_NUMBER:
                    cls = Class::word;
                    break;
                case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR: cls = Class::line_break; break;
                case U_SPACE_SEPARATOR: case U_CONTROL_CHAR: case U_FORMAT_CHAR:
                    cls = Class::space;
                    break;
                default: cls = Class::punct; break;
            }
        }
        classes_[n++] = cls;
        pos += len;
    }
    cps_.resize(n);
    classes_.resize(n);
    offsets_.resize(n + 1);
    offsets_[n] = static_cast<std::uint32_t>(text.size());
}

const std::vector<RawToken>& Tokenizer::tokenize(std::string_view text) {
    text_ = text;
    tokens_.clear();
    pending_break_ = true;
    next_group_ = 0;
    decode(text);
    joiners_.assign(cps_.size(), Joiner::none);
    const std::size_t n = cps_.size();
    for (std::size_t i = 0; i < n;) {
        if (classes_[i] == Class::space || classes_[i] == Class::line_break) {
            if (classes_[i] == Class::line_break) pending_break_ = true;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && classes_[j] != Class::space && classes_[j] != Class::line_break) ++j;
        scan_chunk(i, j);
        i = j;
    }
    return tokens_;
}

void Tokenizer::scan_chunk(std::size_t from, std::size_t to) {
    if (try_url_or_email(from, to)) return;
    for (std::size_t k = from; k < to;) {
        if (classes_[k] != Class::word) {
            pending_break_ = true;
            ++k;
            continue;
        }
        const std::size_t end = scan_piece(k, to);
        emit_piece(k, end);
        k = end;
    }
}

bool Tokenizer::try_url_or_email(std::size_t from, std::size_t to) {
    // Most chunks are plain words: only a chunk with '@', '.', '/' or ':' can be either.
    bool candidate = false;
    for (std::size_t i = from; i < to && !candidate; ++i) {
        const char32_t c = cps_[i];
        candidate = c == '@' || c == '.' || c == '/' || c == ':';
    }
    if (!candidate) return false;
    while (from < to && is_leading_punct(cps_[from])) ++from;
    while (to > from && is_trailing_punct(cps_[to - 1])) --to;
    if (to - from < 5) return false;
    const std::string_view chunk = text_.substr(offsets_[from], offsets_[to] - offsets_[from]);
    TokenKind kind;
    if (starts_with_ci(chunk, "http://") || starts_with_ci(chunk, "https://") ||
        starts_with_ci(chunk, "www.") || is_bare_url(chunk)) {
        kind = TokenKind::url;
    } else {
        const std::size_t at = chunk.find('@');
        if (at == std::string_view::npos || at == 0 || chunk.find('@', at + 1) != std::string_view::npos)
            return false;
        const std::string_view domain = chunk.substr(at + 1);
        const std::size_t dot = domain.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()) return false;
        for (std::size_t i = from; i < to; ++i) {
            const char32_t c = cps_[i];
            if (classes_[i] != Class::word &&
                std::u32string_view(U"@._%+-").find(c) == std::u32string_view::npos)
                return false;
        }
        kind = TokenKind::email;
    }
    std::string canonical;
    for (char c : chunk) canonical.push_back(ascii_lower(c));
    if (kind == TokenKind::url) {
        // "https://Example.vn/" and "example.vn" name one page: drop scheme and final slash.
        for (std::string_view scheme : {"https://", "http://"})
            if (canonical.starts_with(scheme)) canonical.erase(0, scheme.size());
        while (!canonical.empty() && canonical.back() == '/') canonical.pop_back();
    }
    emit(kind, from, to, std::move(canonical));
    return true;
}

Tokenizer::Segment Tokenizer::segment_at(std::size_t start, std::size_t limit) const {
    Segment s;
    std::size_t i = start;
    for (; i < limit && classes_[i] == Class::word; ++i) {
        const char32_t c = cps_[i];
        if (is_ascii_digit(c)) {
            ++s.digits;
            continue;
        }
        const CharInfo info = char_info(c);
        if (info.kind == CharKind::letter || (info.kind == CharKind::other && u_isalpha(static_cast<UChar32>(c)))) {
            ++s.letters;
            const bool upper = c < 0x80 ? is_ascii_upper(c) : u_isupper(static_cast<UChar32>(c));
            if (upper) ++s.upper;
            if (s.letters == 1 && s.digits == 0) s.first_upper = upper;
        } else if (info.kind == CharKind::other) {
            ++s.others;
        }
    }
    s.end = i;
    return s;
}

// Extends a piece over joiners: . and , inside numbers, / and - inside dates, - between letters
// and digits (COVID-19, U-23), and dots between short capitalised parts (TP.HCM, v.v).
std::size_t Tokenizer::scan_piece(std::size_t start, std::size_t chunk_end) {
    Segment left = segment_at(start, chunk_end);
    while (left.end + 1 < chunk_end && classes_[left.end + 1] == Class::word) {
        const std::size_t m = left.end;
        const char32_t p = cps_[m];
        const Segment right = segment_at(m + 1, chunk_end);
        std::uint8_t join = Joiner::none;
        const bool digits = left.all_digits() && right.all_digits();
        if ((p == '.' || p == ',') && digits) {
            join = Joiner::number;
        } else if (p == '/' && digits) {
            join = Joiner::date;
        } else if (p == '-' && digits) {
            join = Joiner::date;
        } else if (p == '-' && (left.all_digits() || right.all_digits()) && left.others == 0 &&
                   right.others == 0) {
            join = Joiner::dash;
        } else if (p == '.' && left.all_letters() && right.all_letters() && left.letters <= 5 &&
                   right.letters <= 5 &&
                   ((left.letters == 1 && right.letters == 1) ||
                    (left.first_upper && right.first_upper && (left.all_upper() || right.all_upper())))) {
            join = Joiner::abbreviation;
        }
        if (join == Joiner::none) break;
        joiners_[m] = join;
        left = right;
    }
    return left.end;
}

void Tokenizer::emit(TokenKind kind, std::size_t cp_begin, std::size_t cp_end, std::string canonical) {
    RawToken t;
    t.kind = kind;
    t.cp_begin = static_cast<std::uint32_t>(cp_begin);
    t.cp_end = static_cast<std::uint32_t>(cp_end);
    t.begin = offsets_[cp_begin];
    t.end = offsets_[cp_end];
    t.run_break = pending_break_;
    t.group = next_group_++;
    t.canonical = std::move(canonical);
    tokens_.push_back(std::move(t));
    pending_break_ = false;
}

void Tokenizer::emit_piece(std::size_t start, std::size_t end) {
    std::uint8_t joins = 0;
    bool letters = false, digits = false;
    for (std::size_t i = start; i < end; ++i) {
        joins |= joiners_[i];
        if (joiners_[i] != Joiner::none) continue;
        if (is_ascii_digit(cps_[i])) {
            digits = true;
        } else {
            letters = true;
        }
    }
    const std::string_view raw = text_.substr(offsets_[start], offsets_[end] - offsets_[start]);
    if (joins & Joiner::abbreviation) {
        // TP.HCM is indexed as its parts, like "TP HCM", grouped into one word so that the
        // search side can also match the parts written together ("TPHCM").
        const std::uint32_t group = next_group_;
        bool first = true;
        std::size_t part = start;
        for (std::size_t i = start; i <= end; ++i) {
            if (i == end || joiners_[i] == Joiner::abbreviation) {
                if (i > part) {
                    emit(TokenKind::abbreviation, part, i);
                    tokens_.back().group = group;
                    if (first) tokens_.back().run_break = true;
                    first = false;
                }
                part = i + 1;
            }
        }
        next_group_ = group + 1;
        pending_break_ = true;  // an abbreviation is a word of its own
        return;
    }
    if (!letters && digits) {
        std::string canonical;
        if ((joins & Joiner::date) && canonical_date(raw, canonical)) {
            emit(TokenKind::date, start, end, std::move(canonical));
        } else {
            emit(TokenKind::number, start, end,
                 joins & Joiner::date ? std::string(raw) : canonical_number(raw));
        }
        pending_break_ = true;
        return;
    }
    if (digits || joins != 0) {
        emit(TokenKind::word, start, end);  // mixed letters and digits: U23, COVID-19
        pending_break_ = true;
        return;
    }
    emit(TokenKind::syllable, start, end);
}

}  // namespace vnsearch::text
