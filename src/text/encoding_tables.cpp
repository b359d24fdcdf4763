// SPDX-License-Identifier: Apache-2.0
#include "text/encoding_tables.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <string>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <vnsearch/error.hpp>
#include "data/embedded.hpp"
#include "text/icu_util.hpp"

namespace vnsearch::text {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

template <typename F>
void for_each_data_line(std::string_view text, F&& f) {
    for (std::string_view line : split(text, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        f(line);
    }
}

[[noreturn]] void bad_table(std::string_view what) {
    throw Error(Errc::internal, "corrupt embedded encoding table: " + std::string(what));
}

std::uint32_t parse_hex(std::string_view s) {
    std::uint32_t v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (res.ec != std::errc{} || res.ptr != s.data() + s.size()) bad_table(s);
    return v;
}

// "00E1" or "0302 0301"; "-" is undefined (empty).
std::vector<char32_t> parse_cell(std::string_view cell) {
    std::vector<char32_t> cps;
    if (cell == "-") return cps;
    for (std::string_view part : split(cell, ' '))
        if (!part.empty()) cps.push_back(static_cast<char32_t>(parse_hex(part)));
    return cps;
}

bool is_tone(UChar32 c) {
    return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

// TCVN3 ABC: a lower-case toned letter may follow its own capital base ("A" + "á" = "Á"). Fills
// capital_base/tone for such bytes.
void add_capital_pair(ByteReading& r) {
    if (r.first != r.last || !u_islower(static_cast<UChar32>(r.first))) return;
    icu::UnicodeString d;
    if (!nfd().getDecomposition(u_toupper(static_cast<UChar32>(r.first)), d)) return;
    UChar32 base = d.char32At(0);
    UChar32 tone = 0;
    for (int32_t i = U16_LENGTH(base); i < d.length(); i += U16_LENGTH(d.char32At(i))) {
        const UChar32 m = d.char32At(i);
        if (is_tone(m)) {
            tone = m;
        } else {
            base = nfc().composePair(base, m);
            if (base < 0) return;
        }
    }
    if (tone == 0) return;
    r.capital_base = static_cast<char32_t>(base);
    std::array<char, 4> buf{};
    [[maybe_unused]] const auto n = encode_utf8(static_cast<char32_t>(tone), buf.data());
    assert(n == 2);
    r.tone = {buf[0], buf[1]};
}

ByteReading make_reading(unsigned byte, const std::vector<char32_t>& cps) {
    ByteReading r;
    if (cps.empty()) return r;
    for (char32_t cp : cps) {
        if (r.size + 4u > r.utf8.size()) bad_table("reading too long");
        r.size = static_cast<std::uint8_t>(r.size + encode_utf8(cp, r.utf8.data() + r.size));
    }
    r.count = static_cast<std::uint8_t>(cps.size());
    r.first = cps.front();
    r.second = cps.size() > 1 ? cps[1] : 0;
    r.last = cps.back();
    r.identity = cps.size() == 1 && cps[0] == byte && byte < 0x80;
    return r;
}

std::array<CharsetTable, charset_count> load_charsets() {
    std::array<CharsetTable, charset_count> tables{};
    static constexpr std::string_view names[] = {"tcvn3",  "tcvn3-vn1", "vni",
                                                 "viscii", "vps",       "cp1258"};
    std::vector<std::string_view> header;
    std::array<bool, 256> seen{};
    for_each_data_line(data::legacy_charsets, [&](std::string_view line) {
        const auto cells = split(line, '\t');
        if (header.empty()) {
            header = cells;
            return;
        }
        if (cells.size() != header.size()) bad_table(line);
        const unsigned byte = parse_hex(cells[0]);
        if (byte > 255) bad_table(line);
        seen[byte] = true;
        std::vector<char32_t> alone;
        for (std::size_t col = 1; col < cells.size(); ++col) {
            if (header[col] == "vni-alone") {
                alone = parse_cell(cells[col]);
                continue;
            }
            for (std::size_t t = 0; t < charset_count; ++t) {
                if (header[col] != names[t]) continue;
                ByteReading r = make_reading(byte, parse_cell(cells[col]));
                if (t <= static_cast<std::size_t>(Charset::tcvn3_vn1)) add_capital_pair(r);
                tables[t].bytes[byte] = r;
            }
        }
        if (alone.size() == 1) {
            ByteReading& r = tables[static_cast<std::size_t>(Charset::vni)].bytes[byte];
            r.alone_cp = alone[0];
            r.alone_size = encode_utf8(alone[0], r.alone.data());
        }
    });
    for (bool s : seen)
        if (!s) bad_table("legacy_charsets.tsv lacks a byte");
    for (CharsetTable& t : tables)
        for (const ByteReading& r : t.bytes) t.max_size = std::max(t.max_size, r.size);
    return tables;
}

ViqrTable load_viqr() {
    ViqrTable t;
    for_each_data_line(data::viqr_marks, [&](std::string_view line) {
        const auto cells = split(line, '\t');
        if (cells.size() < 3 || cells[1].size() != 1) {
            if (cells.size() >= 3 && cells[0] == "letter") return;  // dd/DD: a decoder rule
            bad_table(line);
        }
        ViqrMark& m = t.marks[static_cast<unsigned char>(cells[1][0]) & 0x7F];
        m.combining = static_cast<char32_t>(parse_hex(cells[2]));
        m.is_tone = cells[0] == "tone";
        if (cells.size() > 3)
            for (char b : cells[3]) m.bases[static_cast<unsigned char>(b) & 0x7F] = true;
    });
    return t;
}

}  // namespace

std::uint8_t encode_utf8(char32_t cp, char* out) noexcept {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

const CharsetTable& charset_table(Charset charset) {
    static const std::array<CharsetTable, charset_count> tables = load_charsets();
    return tables[static_cast<std::size_t>(charset)];
}

const ViqrTable& viqr_table() {
    static const ViqrTable table = load_viqr();
    return table;
}

}  // namespace vnsearch::text
