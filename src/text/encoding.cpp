// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/encoding.hpp>

#include <algorithm>
#include <string>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <vnsearch/error.hpp>

#include "text/encoding_decode.hpp"
#include "text/encoding_detect.hpp"
#include "text/icu_util.hpp"

namespace vnsearch {
namespace {

using text::nfc;
using text::Reader;

// Detection reads at most this much; a longer file is read whole only if the start is not enough.
constexpr std::size_t sample_bytes = 64 * 1024;

Encoding encoding_of(Reader r) {
    switch (r) {
        case Reader::utf8:
            return Encoding::utf8;
        case Reader::utf16le:
            return Encoding::utf16le;
        case Reader::utf16be:
            return Encoding::utf16be;
        case Reader::tcvn3:
        case Reader::tcvn3_vn1:
            return Encoding::tcvn3;
        case Reader::vni:
            return Encoding::vni;
        case Reader::viscii:
            return Encoding::viscii;
        case Reader::vps:
            return Encoding::vps;
        case Reader::cp1258:
            return Encoding::cp1258;
        case Reader::viqr:
            return Encoding::viqr;
    }
    return Encoding::utf8;
}

// NFC with ICU, skipped when the quick check (inside isNormalizedUTF8) says it is already NFC.
std::string to_nfc(std::string s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
    if (nfc().isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return s;
    if (U_FAILURE(status)) throw Error(Errc::internal, "icu isNormalizedUTF8 failed");
    std::string out;
    out.reserve(s.size());
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
    nfc().normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status)) throw Error(Errc::internal, "icu normalizeUTF8 failed");
    return out;
}

// Decodes all of `bytes` once, with the reader detection chose, then composes to NFC.
Decoded finish(Reader reader, std::string_view bytes, bool detected) {
    std::string text;
    const std::size_t replaced = text::decode_with(reader, bytes, text);
    return Decoded{.text = to_nfc(std::move(text)),
                   .encoding = encoding_of(reader),
                   .detected = detected,
                   .replaced = replaced,
                   .also_reads_as = std::nullopt};
}

Decoded detect_and_decode(std::string_view bytes) {
    std::string_view sample = bytes.substr(0, sample_bytes);
    text::Detection d = text::detect_reading(sample, text::candidate_readers(sample));
    if (!d.decided && sample.size() < bytes.size()) {
        sample = bytes;
        d = text::detect_reading(sample, text::candidate_readers(sample));
    }
    if (d.decided) return finish(d.reader, bytes, true);
    Decoded lossy = finish(Reader::utf8, bytes, false);
    lossy.undecidable = true;
    return lossy;
}

// Valid ASCII may be VIQR: look for marks only VIQR writes (â as a^, ơ as o+, đ as dd).
bool may_be_viqr(std::string_view s) {
    int hits = 0;
    for (std::size_t i = 0; i + 1 < s.size() && hits < 3; ++i) {
        const char a = static_cast<char>(s[i] | 0x20), b = s[i + 1];
        hits += (b == '^' && (a == 'a' || a == 'e' || a == 'o')) ||
                (b == '+' && (a == 'o' || a == 'u')) || (b == '(' && a == 'a') ||
                (a == 'd' && (b == 'd' || b == 'D'));
    }
    return hits >= 3;
}

std::string_view strip_prefix(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix ? s.substr(prefix.size()) : s;
}

Decoded decode_forced(std::string_view bytes, Encoding forced) {
    Reader reader = Reader::utf8;
    switch (forced) {
        case Encoding::utf8:
            bytes = strip_prefix(bytes, "\xEF\xBB\xBF");
            break;
        case Encoding::utf16le:
            bytes = strip_prefix(bytes, "\xFF\xFE");
            reader = Reader::utf16le;
            break;
        case Encoding::utf16be:
            bytes = strip_prefix(bytes, "\xFE\xFF");
            reader = Reader::utf16be;
            break;
        case Encoding::tcvn3: {  // ABC or VN1 capitals: whichever reads better
            static constexpr Reader variants[] = {Reader::tcvn3, Reader::tcvn3_vn1};
            reader = text::detect_reading(bytes.substr(0, sample_bytes), variants).reader;
            break;
        }
        case Encoding::vni:
            reader = Reader::vni;
            break;
        case Encoding::viscii:
            reader = Reader::viscii;
            break;
        case Encoding::vps:
            reader = Reader::vps;
            break;
        case Encoding::cp1258:
            reader = Reader::cp1258;
            break;
        case Encoding::viqr:
            reader = Reader::viqr;
            break;
    }
    return finish(reader, bytes, false);
}

std::string normalized_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == ' ') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    }
    return out;
}

}  // namespace

std::string_view to_string(Encoding encoding) noexcept {
    switch (encoding) {
        case Encoding::utf8:
            return "utf-8";
        case Encoding::utf16le:
            return "utf-16le";
        case Encoding::utf16be:
            return "utf-16be";
        case Encoding::tcvn3:
            return "tcvn3";
        case Encoding::vni:
            return "vni";
        case Encoding::viscii:
            return "viscii";
        case Encoding::vps:
            return "vps";
        case Encoding::cp1258:
            return "cp1258";
        case Encoding::viqr:
            return "viqr";
    }
    return "utf-8";
}

std::optional<Encoding> parse_encoding(std::string_view name) noexcept {
    struct Alias {
        std::string_view name;
        Encoding encoding;
    };
    static constexpr Alias aliases[] = {
        {"utf8", Encoding::utf8},       {"utf16le", Encoding::utf16le},
        {"utf16be", Encoding::utf16be}, {"tcvn3", Encoding::tcvn3},
        {"tcvn", Encoding::tcvn3},      {"abc", Encoding::tcvn3},
        {"tcvn5712", Encoding::tcvn3},  {"tcvn57121", Encoding::tcvn3},
        {"vn3", Encoding::tcvn3},       {"vni", Encoding::vni},
        {"vniwindows", Encoding::vni},  {"vniwin", Encoding::vni},
        {"viscii", Encoding::viscii},   {"vps", Encoding::vps},
        {"cp1258", Encoding::cp1258},   {"windows1258", Encoding::cp1258},
        {"win1258", Encoding::cp1258},  {"viqr", Encoding::viqr},
    };
    try {
        const std::string key = normalized_name(name);
        for (const Alias& a : aliases)
            if (a.name == key) return a.encoding;
    } catch (...) {  // bad_alloc while lower-casing a name: treat as unknown
    }
    return std::nullopt;
}

bool is_clearly_viqr(std::string_view text) {
    const bool ascii = std::all_of(text.begin(), text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    return ascii && text::is_clear_viqr(text::viqr_evidence(text));
}

Decoded decode_text(std::string_view bytes, std::optional<Encoding> forced) {
    if (forced && *forced != Encoding::utf8) return decode_forced(bytes, *forced);
    if (!forced && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
        Decoded d =
            decode_forced(bytes, bytes[0] == '\xFF' ? Encoding::utf16le : Encoding::utf16be);
        d.detected = true;
        return d;
    }
    // The common case, forced or not: valid UTF-8 costs one validation pass and, if it has code
    // points from U+0300 up, ICU's NFC check.
    const std::string_view body = strip_prefix(bytes, "\xEF\xBB\xBF");
    const text::Utf8Check check = text::check_utf8(body);
    if (!check.valid) return forced ? decode_forced(bytes, *forced) : detect_and_decode(bytes);
    Decoded d{.text = std::string(body),
              .encoding = Encoding::utf8,
              .detected = !forced,
              .undecidable = false,
              .replaced = 0,
              .also_reads_as = std::nullopt};
    if (!check.nfc_certain) d.text = to_nfc(std::move(d.text));
    if (!forced && check.ascii && may_be_viqr(body)) {
        std::string viqr;
        text::decode_with(Reader::viqr, body.substr(0, sample_bytes), viqr);
        const text::VietnameseScore s = text::score_vietnamese(viqr);
        if (s.valid >= 3 && s.value() > 0) d.also_reads_as = Encoding::viqr;
    }
    return d;
}

}  // namespace vnsearch
