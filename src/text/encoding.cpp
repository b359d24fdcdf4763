// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/encoding.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

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
// The winning reading must beat every reading that differs from it by this much: one word that
// is a syllable in one and not in the other moves the difference by 3.
constexpr long decisive_margin = 2;
// A quick first look at the start of a longer input, accepted only with a wide margin (four
// words' worth); it halves the cost of detection for a typical 4 KB document.
constexpr std::size_t glance_bytes = 2 * 1024;
constexpr long glance_margin = 12;

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

struct Trial {
    Reader reader;
    std::string text;
    std::size_t replaced = 0;
    text::VietnameseScore score;
};

Trial attempt(Reader reader, std::string_view bytes) {
    Trial t{reader, {}, 0, {}};
    t.replaced = text::decode_with(reader, bytes, t.text);
    t.score = text::score_vietnamese(t.text);
    return t;
}

// UTF-16 without a BOM: NUL bytes, nearly all at odd offsets (LE) or at even ones (BE).
std::vector<Reader> utf16_guesses(std::string_view s) {
    std::size_t zero[2] = {0, 0};
    for (std::size_t i = 0; i < s.size(); ++i) zero[i % 2] += s[i] == '\0';
    const std::size_t pairs = s.size() / 2;
    std::vector<Reader> out;
    if (pairs > 0 && zero[1] * 4 >= pairs && zero[0] * 10 <= zero[1])
        out.push_back(Reader::utf16le);
    if (pairs > 0 && zero[0] * 4 >= pairs && zero[1] * 10 <= zero[0])
        out.push_back(Reader::utf16be);
    return out;
}

// Scores every candidate reading of `sample`; the best one if it is Vietnamese and clearly ahead
// of every reading that gives another text. Trials end sorted best first.
bool choose(std::string_view sample, const std::vector<Reader>& readers, std::vector<Trial>& trials,
            long margin = decisive_margin) {
    trials.clear();
    for (Reader r : readers) trials.push_back(attempt(r, sample));
    std::stable_sort(trials.begin(), trials.end(), [](const Trial& a, const Trial& b) {
        return a.score.value() > b.score.value();
    });
    const Trial& best = trials.front();
    if (best.score.valid == 0 || best.score.value() <= 0) return false;
    for (std::size_t i = 1; i < trials.size(); ++i) {
        const Trial& t = trials[i];
        if (encoding_of(t.reader) == encoding_of(best.reader) || t.text == best.text) continue;
        return best.score.value() - t.score.value() >= margin;
    }
    return true;
}

std::vector<Reader> legacy_readers(std::string_view sample) {
    std::vector<Reader> readers = {Reader::utf8};
    for (Reader r : utf16_guesses(sample)) readers.push_back(r);
    for (Reader r : {Reader::tcvn3, Reader::tcvn3_vn1, Reader::vni, Reader::viscii, Reader::vps,
                     Reader::cp1258, Reader::viqr})
        readers.push_back(r);
    return readers;
}

Decoded finish(Trial&& t, std::string_view bytes, std::string_view sample, bool detected) {
    if (sample.size() != bytes.size()) {
        t.text.clear();
        t.replaced = text::decode_with(t.reader, bytes, t.text);
    }
    return Decoded{.text = to_nfc(std::move(t.text)),
                   .encoding = encoding_of(t.reader),
                   .detected = detected,
                   .replaced = t.replaced,
                   .also_reads_as = std::nullopt};
}

Decoded detect_and_decode(std::string_view bytes) {
    std::string_view sample = bytes.substr(0, glance_bytes);
    std::vector<Trial> trials;
    bool decided = bytes.size() > 2 * glance_bytes &&
                   choose(sample, legacy_readers(sample), trials, glance_margin);
    if (!decided) {
        sample = bytes.substr(0, sample_bytes);
        decided = choose(sample, legacy_readers(sample), trials);
    }
    if (!decided && sample.size() < bytes.size()) {
        sample = bytes;
        decided = choose(sample, legacy_readers(sample), trials);
    }
    if (decided) return finish(std::move(trials.front()), bytes, sample, true);
    Trial lossy{Reader::utf8, {}, 0, {}};
    Decoded d = finish(std::move(lossy), bytes, std::string_view{}, false);
    d.undecidable = true;
    return d;
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
            std::vector<Trial> trials;
            const std::string_view sample = bytes.substr(0, sample_bytes);
            choose(sample, {Reader::tcvn3, Reader::tcvn3_vn1}, trials);
            return finish(std::move(trials.front()), bytes, sample, false);
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
    Trial t{reader, {}, 0, {}};
    t.replaced = text::decode_with(reader, bytes, t.text);
    return finish(std::move(t), bytes, bytes, false);
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
