// SPDX-License-Identifier: Apache-2.0
#include "text/tokenize.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>

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
void canonical_number(std::string_view raw, std::string& out) {
    out.clear();
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
    if (!grouped) {
        out.assign(raw);
        return;
    }
    for (char c : integral)
        if (c != '.') out.push_back(c);
    if (comma != std::string_view::npos) out.append(raw.substr(comma));
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

void append_int(std::string& out, int v) {
    char buf[12];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// "24/10/2020", "24-10-2020", "2020-10-24" -> "24/10/2020"; "6/2" -> "6/2"; "10/2020" ->
// "10/2020". Leading zeros go, so every spelling of one date gives one term.
bool canonical_date(std::string_view raw, std::string& out) {
    std::array<std::string_view, 3> parts;
    std::size_t count = 0;
    std::size_t start = 0;
    const char sep = raw.find('/') != std::string_view::npos ? '/' : '-';
    for (std::size_t i = 0; i <= raw.size(); ++i) {
        if (i == raw.size() || raw[i] == '/' || raw[i] == '-') {
            if (i < raw.size() && raw[i] != sep) return false;
            const std::string_view part = raw.substr(start, i - start);
            if (part.empty() || part.size() > 4 || count == parts.size()) return false;
            parts[count++] = part;
            start = i + 1;
        }
    }
    auto valid_dm = [](int d, int m) { return d >= 1 && d <= 31 && m >= 1 && m <= 12; };
    out.clear();
    if (count == 3) {
        int d = to_int(parts[0]), m = to_int(parts[1]);
        std::string_view y = parts[2];
        if (parts[0].size() == 4) {  // ISO order
            y = parts[0];
            d = to_int(parts[2]);
        }
        if (!valid_dm(d, m) || (y.size() != 2 && y.size() != 4)) return false;
        append_int(out, d);
        out.push_back('/');
        append_int(out, m);
        out.push_back('/');
        append_int(out, to_int(y));
        return true;
    }
    if (count == 2 && sep == '/') {
        const int a = to_int(parts[0]), b = to_int(parts[1]);
        if ((parts[1].size() == 4 && a >= 1 && a <= 12) ||
            (parts[0].size() <= 2 && parts[1].size() <= 2 && valid_dm(a, b))) {
            append_int(out, a);
            out.push_back('/');
            append_int(out, b);
            return true;
        }
    }
    return false;
}

enum Joiner : std::uint8_t { none = 0, number = 1, date = 2, dash = 4, abbreviation = 8 };

// What the scanner needs to know of a character, in one byte: its class, and for punctuation
// whether it may make a URL or e-mail ('@' '.' '/' ':') and whether it is stripped after one.
enum CharBits : std::uint8_t {
    cls_space = 0,
    cls_line_break = 1,
    cls_letter = 2,  // a letter, mark or ignorable of the Vietnamese table
    cls_digit = 3,
    cls_other_word = 4,  // a letter, mark or digit outside the table (ICU decides)
    cls_punct = 5,
    cls_mask = 7,
    bit_candidate = 8,
    bit_trailing = 16,
};

std::uint8_t punct_bits(char32_t c) {
    std::uint8_t bits = cls_punct;
    if (c == '@' || c == '.' || c == '/' || c == ':') bits |= bit_candidate;
    if (is_trailing_punct(c)) bits |= bit_trailing;
    return bits;
}

std::uint8_t classify(char32_t cp) {
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return cls_letter;
        if (is_ascii_digit(cp)) return cls_digit;
        if (cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return cls_line_break;
        if (cp == ' ' || cp == '\t' || cp < 0x20 || cp == 0x7F) return cls_space;
        return punct_bits(cp);
    }
    if (char_info(cp).kind != CharKind::other) return cls_letter;
    switch (static_cast<UCharCategory>(u_charType(static_cast<UChar32>(cp)))) {
        case U_UPPERCASE_LETTER:
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER:
        case U_OTHER_LETTER:
        case U_NON_SPACING_MARK:
        case U_ENCLOSING_MARK:
        case U_COMBINING_SPACING_MARK:
        case U_DECIMAL_DIGIT_NUMBER:
            return cls_other_word;
        case U_LINE_SEPARATOR:
        case U_PARAGRAPH_SEPARATOR:
            return cls_line_break;
        case U_SPACE_SEPARATOR:
        case U_CONTROL_CHAR:
        case U_FORMAT_CHAR:
            return cls_space;
        default:
            return punct_bits(cp);
    }
}

// classify() for the code points below the letter table's limit, where nearly all text is.
// Built on first use, not at load: it reads the letter table, which is built at load.
constexpr char32_t class_table_limit = detail::table_limit;
const std::uint8_t* class_table() {
    static const auto table = [] {
        std::array<std::uint8_t, class_table_limit> t{};
        for (char32_t cp = 0; cp < class_table_limit; ++cp) t[cp] = classify(cp);
        return t;
    }();
    return table.data();
}

// The end of the run of ASCII letters at `pos`, eight bytes at a time (runs end at an unknown
// length; a loop over bytes mispredicts its exit once a run). In each byte, with the case bit
// set and the top bit masked, adding 0x1F carries into the top bit from 0x61 ('a') up and adding
// 5 from 0x7B (past 'z') up; no sum crosses into the next byte.
std::size_t ascii_letters_end(const unsigned char* s, std::size_t pos, std::size_t n) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
    for (; pos + 8 <= n; pos += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, s + pos, sizeof x);
        const std::uint64_t low7 = (x | 0x20 * ones) & 0x7F * ones;
        const std::uint64_t letter = (low7 + 0x1F * ones) & ~(low7 + 5 * ones) & ~x & tops;
        const std::uint64_t other = ~letter & tops;
        if (other != 0) return pos + static_cast<std::size_t>(std::countr_zero(other) / 8);
    }
    while (pos < n && ((s[pos] | 0x20) >= 'a' && (s[pos] | 0x20) <= 'z')) ++pos;
    return pos;
}

}  // namespace

struct Tokenizer::Segment {
    std::size_t end = 0;  // one past its last code point
    std::size_t letters = 0, digits = 0, others = 0, upper = 0;
    bool first_upper = false;
    [[nodiscard]] bool all_digits() const { return digits > 0 && letters == 0 && others == 0; }
    [[nodiscard]] bool all_letters() const { return letters > 0 && digits == 0; }
    [[nodiscard]] bool all_upper() const { return all_letters() && upper == letters; }
};

// The class bits of the character at `pos`; its length goes to `len`.
inline std::uint8_t Tokenizer::class_at(std::size_t pos, std::size_t& len) const {
    const auto byte = static_cast<unsigned char>(text_[pos]);
    len = 1;
    if (byte < 0x80) return table_[byte];
    const char32_t cp = decode_utf8(text_, pos, len);
    return cp < class_table_limit ? table_[cp] : classify(cp);
}

const std::vector<RawToken>& Tokenizer::tokenize(std::string_view text) {
    text_ = text;
    tokens_.clear();
    canonical_.clear();
    pending_break_ = true;
    next_group_ = 0;
    table_ = class_table();
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t len = 1;
        const std::uint8_t bits = class_at(pos, len);
        const std::uint8_t cls = bits & cls_mask;
        if (cls == cls_space || cls == cls_line_break) {
            if (cls == cls_line_break) pending_break_ = true;
            pos += len;
            continue;
        }
        std::size_t end = scan_simple_chunk(pos, bits, len);
        if (end == std::string_view::npos) {
            end = decode_chunk(pos);
            scan_chunk(0, cps_.size());
        }
        pos = end;
    }
    return tokens_;
}

// The common chunk: punctuation, then one run of table letters, then punctuation, with no '@',
// '.', '/' or ':' that could make it a URL or an e-mail. The full rules would emit the run as one
// syllable token, and that is all this does, without storing the characters. Returns the end of
// the chunk, or npos (having changed nothing) if the chunk is not of this shape.
std::size_t Tokenizer::scan_simple_chunk(std::size_t pos, std::uint8_t bits, std::size_t len) {
    const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
    const std::size_t n = text_.size();
    enum { lead, word, trail } state = lead;
    bool lead_punct = false, trail_candidate = false, trail_all_trailing = true;
    std::size_t word_begin = 0, word_end = 0;
    for (;;) {
        const std::uint8_t cls = bits & cls_mask;
        if (cls == cls_space || cls == cls_line_break) break;
        if (cls == cls_letter) {
            if (state == trail) return std::string_view::npos;
            if (state == lead) {
                state = word;
                word_begin = pos;
            }
            pos = ascii_letters_end(s, pos + len, n);
            word_end = pos;
        } else {
            if (cls != cls_punct) return std::string_view::npos;
            if (state == lead) {
                if (bits & bit_candidate) return std::string_view::npos;
                lead_punct = true;
            } else {
                state = trail;
                trail_candidate = trail_candidate || (bits & bit_candidate);
                trail_all_trailing = trail_all_trailing && (bits & bit_trailing);
            }
            pos += len;
        }
        if (pos >= n) break;
        bits = class_at(pos, len);
    }
    // A '.' or ':' after the letters makes the chunk a URL candidate; it is none if stripping
    // the trailing punctuation leaves only letters (and leading punctuation) behind.
    if (trail_candidate && !trail_all_trailing) return std::string_view::npos;
    if (lead_punct) pending_break_ = true;
    if (state != lead) emit_bytes(TokenKind::syllable, word_begin, word_end);
    if (state == trail) pending_break_ = true;
    return pos;
}

// Decodes the chunk starting at `pos` (up to white space) into the per-character arrays and
// returns its end.
std::size_t Tokenizer::decode_chunk(std::size_t pos) {
    const std::uint8_t* table = table_;
    cps_.clear();
    offsets_.clear();
    classes_.clear();
    while (pos < text_.size()) {
        std::size_t len = 1;
        const auto byte = static_cast<unsigned char>(text_[pos]);
        const char32_t cp = byte < 0x80 ? byte : decode_utf8(text_, pos, len);
        const std::uint8_t cls = (cp < class_table_limit ? table[cp] : classify(cp)) & cls_mask;
        if (cls == cls_space || cls == cls_line_break) break;
        cps_.push_back(cp);
        offsets_.push_back(static_cast<std::uint32_t>(pos));
        classes_.push_back(cls == cls_punct ? Class::punct : Class::word);
        pos += len;
    }
    offsets_.push_back(static_cast<std::uint32_t>(pos));
    joiners_.assign(cps_.size(), Joiner::none);
    return pos;
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
        if (at == std::string_view::npos || at == 0 ||
            chunk.find('@', at + 1) != std::string_view::npos)
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
    std::string& canonical = scratch_;
    canonical.clear();
    for (char c : chunk) canonical.push_back(ascii_lower(c));
    if (kind == TokenKind::url) {
        // "https://Example.vn/" and "example.vn" name one page: drop scheme and final slash.
        for (std::string_view scheme : {"https://", "http://"})
            if (canonical.starts_with(scheme)) canonical.erase(0, scheme.size());
        while (!canonical.empty() && canonical.back() == '/') canonical.pop_back();
    }
    emit(kind, from, to);
    set_canonical(canonical);
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
        if (info.kind == CharKind::letter ||
            (info.kind == CharKind::other && u_isalpha(static_cast<UChar32>(c)))) {
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
                    (left.first_upper && right.first_upper &&
                     (left.all_upper() || right.all_upper())))) {
            join = Joiner::abbreviation;
        }
        if (join == Joiner::none) break;
        joiners_[m] = join;
        left = right;
    }
    return left.end;
}

void Tokenizer::emit_bytes(TokenKind kind, std::size_t begin, std::size_t end) {
    RawToken& t = tokens_.emplace_back();
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    t.run_break = pending_break_;
    t.group = next_group_++;
    pending_break_ = false;
}

void Tokenizer::emit(TokenKind kind, std::size_t cp_begin, std::size_t cp_end) {
    emit_bytes(kind, offsets_[cp_begin], offsets_[cp_end]);
}

void Tokenizer::set_canonical(std::string_view canonical) {
    RawToken& t = tokens_.back();
    t.canonical_begin = static_cast<std::uint32_t>(canonical_.size());
    t.canonical_size = static_cast<std::uint32_t>(canonical.size());
    canonical_.append(canonical);
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
        if ((joins & Joiner::date) && canonical_date(raw, scratch_)) {
            emit(TokenKind::date, start, end);
        } else {
            if (joins & Joiner::date) {
                scratch_.assign(raw);
            } else {
                canonical_number(raw, scratch_);
            }
            emit(TokenKind::number, start, end);
        }
        set_canonical(scratch_);
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
