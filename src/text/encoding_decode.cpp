// SPDX-License-Identifier: Apache-2.0
#include "text/encoding_decode.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>

#include <unicode/normalizer2.h>

#include <vnsearch/error.hpp>
#include "text/icu_util.hpp"

namespace vnsearch::text {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one (Unicode 15, table 3-7).
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned char b = p[0];
    if (b < 0x80) return 1;
    const auto avail = static_cast<std::size_t>(end - p);
    auto cont = [&](std::size_t i, unsigned lo, unsigned hi) {
        return i < avail && p[i] >= lo && p[i] <= hi;
    };
    if (b >= 0xC2 && b <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        const unsigned lo = b == 0xE0 ? 0xA0 : 0x80;
        const unsigned hi = b == 0xED ? 0x9F : 0xBF;
        return cont(1, lo, hi) && cont(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        const unsigned lo = b == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = b == 0xF4 ? 0x8F : 0xBF;
        return cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

std::size_t decode_utf8_lossy(std::string_view in, std::string& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const auto* end = p + in.size();
    std::size_t replaced = 0;
    while (p < end) {
        const std::size_t n = utf8_sequence(p, end);
        if (n == 0) {
            out.append(replacement);
            ++replaced;
            ++p;
        } else {
            out.append(reinterpret_cast<const char*>(p), n);
            p += n;
        }
    }
    return replaced;
}

std::size_t decode_utf16(std::string_view in, bool big_endian, std::string& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const std::size_t units = in.size() / 2;
    auto unit = [&](std::size_t i) -> char32_t {
        const unsigned a = p[2 * i], b = p[2 * i + 1];
        return big_endian ? (a << 8 | b) : (b << 8 | a);
    };
    std::size_t replaced = 0;
    char buf[4];
    for (std::size_t i = 0; i < units; ++i) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units && unit(i + 1) >= 0xDC00 &&
            unit(i + 1) <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 1) - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            out.append(replacement);
            replaced += 2;
            continue;
        }
        out.append(buf, encode_utf8(c, buf));
    }
    if (in.size() % 2 != 0) {
        out.append(replacement);
        ++replaced;
    }
    return replaced;
}

// Canonical composition of a letter and a combining mark, 0 if Unicode has none: by table for the
// letters and marks Vietnamese uses (an ICU call per mark was a third of the cost of decoding
// VNI), by ICU for the rest.
class Composer {
public:
    Composer() {
        for (char32_t m = 0x300; m < 0x300 + slot_.size(); ++m) slot_[m - 0x300] = -1;
        for (std::size_t k = 0; k < std::size(marks); ++k)
            slot_[marks[k] - 0x300] = static_cast<std::int8_t>(k);
        for (char32_t c = 0; c < low_.size(); ++c)
            for (std::size_t k = 0; k < std::size(marks); ++k)
                low_[c][k] = icu_compose(c, marks[k]);
        for (char32_t c = 0; c < ext_.size(); ++c)
            for (std::size_t k = 0; k < std::size(marks); ++k)
                ext_[c][k] = icu_compose(0x1E00 + c, marks[k]);
    }

    char32_t operator()(char32_t base, char32_t mark) const {
        const int k = mark - 0x300 < slot_.size() ? slot_[mark - 0x300] : -1;
        if (k >= 0 && base < low_.size()) return low_[base][static_cast<std::size_t>(k)];
        if (k >= 0 && base - 0x1E00 < ext_.size())
            return ext_[base - 0x1E00][static_cast<std::size_t>(k)];
        return icu_compose(base, mark);
    }

private:
    static constexpr char32_t marks[] = {0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323};

    static char32_t icu_compose(char32_t base, char32_t mark) {
        const UChar32 c = nfc().composePair(static_cast<UChar32>(base), static_cast<UChar32>(mark));
        return c < 0 ? 0 : static_cast<char32_t>(c);
    }

    std::array<std::int8_t, 0x24> slot_{};
    std::array<std::array<char32_t, std::size(marks)>, 0x250> low_{};  // up to Latin Extended-B
    std::array<std::array<char32_t, std::size(marks)>, 0x100> ext_{};  // Latin Extended Additional
};

const Composer& composer() {
    static const Composer c;
    return c;
}

// `base` with `m1` and then `m2` (if not 0) composed onto it, or 0.
char32_t compose(char32_t base, char32_t m1, char32_t m2) {
    if (base == 0) return 0;
    const Composer& composed = composer();
    char32_t c = composed(base, m1);
    if (c != 0 && m2 != 0) c = composed(c, m2);
    return c;
}

bool is_combining(char32_t c) { return c >= 0x300 && c < 0x370; }

// Writes straight into `out`, sized a block of input at a time for the longest reading, and
// composes a mark onto the letter before it in place when Unicode has the composite, so the
// output needs no NFC pass in the common case.
std::size_t decode_charset(std::string_view in, Charset charset, std::string& out) {
    constexpr std::size_t none = std::string::npos;
    constexpr std::size_t block = 16 * 1024;
    const CharsetTable& table = charset_table(charset);
    char* base = nullptr;
    char* dst = nullptr;
    std::size_t replaced = 0;
    char32_t prev = 0;
    std::size_t prev_at = none;  // where `prev` starts in `out`, if it stands alone there
    auto put_composed = [&](char32_t c) {
        dst = base + prev_at;
        dst += encode_utf8(c, dst);
        prev = c;
    };
    std::size_t at = out.size();
    for (std::size_t from = 0; from < in.size(); from += block) {
        const std::string_view part = in.substr(from, block);
        // Room for every byte's longest reading, plus slack for fixed-size copies.
        out.resize(at + part.size() * table.max_size + sizeof(ByteReading::utf8));
        base = out.data();
        dst = base + at;
        for (const char ch : part) {
            const ByteReading& r = table.bytes[static_cast<unsigned char>(ch)];
            if (r.identity) {
                prev_at = static_cast<std::size_t>(dst - base);
                *dst++ = ch;
                prev = static_cast<unsigned char>(ch);
            } else if (r.size == 0) {
                std::memcpy(dst, replacement.data(), replacement.size());
                dst += replacement.size();
                ++replaced;
                prev = 0xFFFD;
                prev_at = none;
            } else if (r.capital_base != 0 && prev == r.capital_base) {
                const auto tone =
                    static_cast<char32_t>((static_cast<unsigned char>(r.tone[0]) & 0x1F) << 6 |
                                          (static_cast<unsigned char>(r.tone[1]) & 0x3F));
                const char32_t c = prev_at == none ? 0 : compose(prev, tone, 0);
                if (c != 0) {
                    put_composed(c);
                } else {
                    std::memcpy(dst, r.tone.data(), r.tone.size());
                    dst += r.tone.size();
                    prev = 0;
                    prev_at = none;
                }
            } else if (r.alone_size != 0 && compose(prev, r.first, r.second) == 0) {
                // VNI (npm): Ỷ/ỷ sit on mark bytes, and only context tells them apart.
                prev_at = static_cast<std::size_t>(dst - base);
                std::memcpy(dst, r.alone.data(), r.alone.size());
                dst += r.alone_size;
                prev = r.alone_cp;
            } else if (const char32_t c = is_combining(r.first) && r.count <= 2 && prev_at != none
                                              ? compose(prev, r.first, r.second)
                                              : 0;
                       c != 0) {
                put_composed(c);
            } else {
                prev_at = r.count == 1 ? static_cast<std::size_t>(dst - base) : none;
                std::memcpy(dst, r.utf8.data(), r.utf8.size());
                dst += r.size;
                prev = r.last;
            }
        }
        at = static_cast<std::size_t>(dst - base);
    }
    out.resize(at);
    return replaced;
}

bool is_vowel(char c) {
    switch (c | 0x20) {
        case 'a':
        case 'e':
        case 'i':
        case 'o':
        case 'u':
        case 'y':
            return true;
        default:
            return false;
    }
}

bool is_ascii_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Web and e-mail addresses in VIQR text are ASCII never meant as VIQR ("a.html" is no "ạhtml"):
// the length of the ASCII token at `i` (up to white space) when it holds "://", starts with
// "www." (after opening brackets or quotes) or has an '@' with a '.' after it; 0 otherwise.
std::size_t address_length(std::string_view in, std::size_t i) {
    std::size_t end = i;
    while (end < in.size() && !is_space(in[end])) {
        if (static_cast<unsigned char>(in[end]) >= 0x80) return 0;  // read as Windows-1252
        ++end;
    }
    const std::string_view token = in.substr(i, end - i);
    const auto at = token.find('@');
    const bool address =
        token.find("://") != std::string_view::npos ||
        token.substr(std::min(token.find_first_not_of("(<[\"'"), token.size()), 4) == "www." ||
        (at != std::string_view::npos && at > 0 && token.find('.', at) != std::string_view::npos);
    return address ? token.size() : 0;
}

// VIQR (RFC 1456): vowel, optional modifier (^ ( +), optional tone (' ` ? ~ .). A tone applies
// only right after a vowel and only once a word, so "Ha` No^.i." keeps its full stop; '\' escapes
// a mark. Bytes above 0x7F (not VIQR) are read as Windows-1252. Addresses are copied as they are.
std::size_t decode_viqr(std::string_view in, std::string& out) {
    const ViqrTable& viqr = viqr_table();
    const auto& cp1252 = charset_table(Charset::tcvn3).bytes;  // cp1252 in 80-9F, see the TSV
    auto mark = [&](std::size_t i) -> const ViqrMark* {
        if (i >= in.size() || static_cast<unsigned char>(in[i]) >= 0x80) return nullptr;
        const ViqrMark& m = viqr.marks[static_cast<unsigned char>(in[i])];
        return m.combining != 0 ? &m : nullptr;
    };
    char buf[4];
    std::size_t replaced = 0;
    bool word_has_tone = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80) {
            const ByteReading& r = cp1252[b];
            if (b >= 0xA0) {
                out.append(buf, encode_utf8(b, buf));
            } else if (r.size == 0) {
                out.append(replacement);
                ++replaced;
            } else {
                out.append(r.utf8.data(), r.size);
            }
            word_has_tone = false;
            continue;
        }
        if (i == 0 || is_space(in[i - 1])) {
            if (const std::size_t n = address_length(in, i); n > 0) {
                out.append(in.substr(i, n));
                i += n - 1;
                word_has_tone = false;
                continue;
            }
        }
        const char next = i + 1 < in.size() ? in[i + 1] : '\0';
        if (c == '\\' && (mark(i + 1) != nullptr || next == 'd' || next == 'D')) {
            out.push_back(next);
            ++i;
            continue;
        }
        if ((c == 'd' || c == 'D') && (next == 'd' || next == 'D') && !(c == 'd' && next == 'D')) {
            out.append(c == 'D' ? "\xC4\x90" : "\xC4\x91");
            ++i;
            continue;
        }
        out.push_back(c);
        if (!is_ascii_letter(c)) word_has_tone = false;
        if (!is_vowel(c)) continue;
        if (const ViqrMark* m = mark(i + 1); m != nullptr && !m->is_tone && m->bases[b]) {
            out.append(buf, encode_utf8(m->combining, buf));
            ++i;
        }
        if (const ViqrMark* m = mark(i + 1); m != nullptr && m->is_tone && !word_has_tone) {
            out.append(buf, encode_utf8(m->combining, buf));
            word_has_tone = true;
            ++i;
        }
    }
    return replaced;
}

}  // namespace

char32_t compose_pair(char32_t base, char32_t mark) { return composer()(base, mark); }

Utf8Check check_utf8(std::string_view bytes) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    bool ascii = true;
    bool below_0300 = true;  // lead bytes below 0xCC encode code points below U+0300
    while (p < end) {
        // ASCII runs, eight bytes at a time.
        while (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ULL) != 0) break;
            p += 8;
        }
        if (p == end) break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        ascii = false;
        if (*p >= 0xCC) below_0300 = false;
        const std::size_t n = utf8_sequence(p, end);
        if (n == 0) return {};
        p += n;
    }
    return {true, ascii, below_0300};
}

std::size_t decode_with(Reader reader, std::string_view in, std::string& out) {
    switch (reader) {
        case Reader::utf8:
            return decode_utf8_lossy(in, out);
        case Reader::utf16le:
            return decode_utf16(in, false, out);
        case Reader::utf16be:
            return decode_utf16(in, true, out);
        case Reader::tcvn3:
            return decode_charset(in, Charset::tcvn3, out);
        case Reader::tcvn3_vn1:
            return decode_charset(in, Charset::tcvn3_vn1, out);
        case Reader::vni:
            return decode_charset(in, Charset::vni, out);
        case Reader::viscii:
            return decode_charset(in, Charset::viscii, out);
        case Reader::vps:
            return decode_charset(in, Charset::vps, out);
        case Reader::cp1258:
            return decode_charset(in, Charset::cp1258, out);
        case Reader::viqr:
            return decode_viqr(in, out);
    }
    return 0;
}

}  // namespace vnsearch::text
