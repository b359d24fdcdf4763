// SPDX-License-Identifier: Apache-2.0
#include "text/letters.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf8.hpp"

namespace vnsearch::text {

namespace {

using detail::table_limit;

bool mark_of(char32_t cp, CharInfo& info) {
    switch (cp) {
        case 0x0300:
        case 0x0340:
            info = {CharKind::tone_mark, {0, Modifier::none, Tone::grave}};
            return true;
        case 0x0301:
        case 0x0341:
            info = {CharKind::tone_mark, {0, Modifier::none, Tone::acute}};
            return true;
        case 0x0309:
            info = {CharKind::tone_mark, {0, Modifier::none, Tone::hook}};
            return true;
        case 0x0303:
            info = {CharKind::tone_mark, {0, Modifier::none, Tone::tilde}};
            return true;
        case 0x0323:
            info = {CharKind::tone_mark, {0, Modifier::none, Tone::dot}};
            return true;
        case 0x0302:
            info = {CharKind::modifier_mark, {0, Modifier::circumflex, Tone::none}};
            return true;
        case 0x0306:
            info = {CharKind::modifier_mark, {0, Modifier::breve, Tone::none}};
            return true;
        case 0x031B:
            info = {CharKind::modifier_mark, {0, Modifier::horn, Tone::none}};
            return true;
        default:
            return false;
    }
}

struct Tables {
    std::array<CharInfo, table_limit> info{};
    // compose index: base (26) x modifier (5) x tone (6)
    std::array<char32_t, 26 * 5 * 6> composed{};
    std::array<Utf8Letter, 26 * 5 * 6> composed_utf8{};

    static std::size_t key(const Letter& l) { return detail::compose_key(l); }

    void add(char32_t cp, Letter l) {
        info[cp] = {CharKind::letter, l};
        auto& slot = composed[key(l)];
        // Prefer the lower-case code point, and the first one found for a combination.
        if (slot == 0 ||
            (u_isupper(static_cast<UChar32>(slot)) && !u_isupper(static_cast<UChar32>(cp))))
            slot = cp;
    }

    // Reads a letter's canonical decomposition: an ASCII letter followed by at most one
    // modifier and one tone mark from the Vietnamese set.
    bool decompose(const icu::Normalizer2& nfd, char32_t cp, Letter& out) {
        icu::UnicodeString s(static_cast<UChar32>(cp));
        UErrorCode status = U_ZERO_ERROR;
        const icu::UnicodeString d = nfd.normalize(s, status);
        if (U_FAILURE(status) || d.length() < 2) return false;
        const UChar32 first = d.char32At(0);
        if (first >= 0x80 || !u_isalpha(first)) return false;
        out = {static_cast<char>(u_tolower(first)), Modifier::none, Tone::none};
        for (int32_t i = d.moveIndex32(0, 1); i < d.length(); i = d.moveIndex32(i, 1)) {
            CharInfo m;
            if (!mark_of(static_cast<char32_t>(d.char32At(i)), m)) return false;
            if (m.kind == CharKind::tone_mark) {
                if (out.tone != Tone::none) return false;
                out.tone = m.letter.tone;
            } else {
                if (out.modifier != Modifier::none) return false;
                out.modifier = m.letter.modifier;
            }
        }
        return true;
    }

    Tables() {
        for (char c = 'a'; c <= 'z'; ++c) {
            add(static_cast<char32_t>(c), {c, Modifier::none, Tone::none});
            add(static_cast<char32_t>(c - 'a' + 'A'), {c, Modifier::none, Tone::none});
        }
        for (char c = '0'; c <= '9'; ++c) info[static_cast<std::size_t>(c)] = {CharKind::digit, {}};
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
        if (U_SUCCESS(status)) {
            for (char32_t cp = 0xC0; cp < 0x1F00; ++cp) {
                if (cp == 0x250) cp = 0x1E00;
                Letter l;
                if (decompose(*nfd, cp, l)) add(cp, l);
            }
        }
        // đ has no decomposition; Ð (eth) and ð are typed for it, and so is African Ɖ/ɖ.
        const Letter d_stroke{'d', Modifier::stroke, Tone::none};
        for (char32_t cp : {0x0111, 0x0110, 0x00D0, 0x00F0, 0x0189, 0x0256}) add(cp, d_stroke);
        composed[key(d_stroke)] = 0x0111;
        for (char32_t cp = 0x0300; cp < 0x0370; ++cp) mark_of(cp, info[cp]);
        for (char32_t cp : {0x00AD, 0x200B, 0x200C, 0x200D, 0x2060})
            info[cp] = {CharKind::ignorable, {}};
        for (std::size_t k = 0; k < composed.size(); ++k) {
            std::string bytes;
            if (composed[k] != 0) append_utf8(bytes, composed[k]);
            auto& out = composed_utf8[k];
            out.size = static_cast<std::uint8_t>(bytes.size());
            std::copy(bytes.begin(), bytes.end(), out.bytes);
        }
    }
};

const Tables tables;

}  // namespace

namespace detail {
const CharInfo* char_table = tables.info.data();
const char32_t* composed_table = tables.composed.data();
const Utf8Letter* composed_utf8_table = tables.composed_utf8.data();
}  // namespace detail

}  // namespace vnsearch::text
