// SPDX-License-Identifier: Apache-2.0
#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/icu_util.hpp"
#include "text/syllable.hpp"
#include "text/utf8.hpp"

namespace vnsearch::text {

namespace {

bool is_digit_letter(const Letter& l) { return l.base >= '0' && l.base <= '9'; }

// Reads code points into letters. Fails (returns false) on anything the table does not know, on
// a mark with no letter to sit on, or on a second mark of the same kind: ICU decides those.
bool read_letters(const char32_t* cps, std::size_t count, std::vector<Letter>& letters) {
    letters.clear();
    for (std::size_t i = 0; i < count; ++i) {
        const CharInfo info = char_info(cps[i]);
        switch (info.kind) {
            case CharKind::letter:
                letters.push_back(info.letter);
                break;
            case CharKind::digit:
                letters.push_back({static_cast<char>(cps[i]), {}, {}});
                break;
            case CharKind::ignorable:
                break;
            case CharKind::tone_mark:
                if (letters.empty() || letters.back().tone != Tone::none ||
                    is_digit_letter(letters.back()))
                    return false;
                letters.back().tone = info.letter.tone;
                break;
            case CharKind::modifier_mark:
                if (letters.empty() || letters.back().modifier != Modifier::none ||
                    is_digit_letter(letters.back()))
                    return false;
                letters.back().modifier = info.letter.modifier;
                break;
            case CharKind::other:
                return false;
        }
    }
    for (const Letter& l : letters)
        if (!is_digit_letter(l) && compose(l) == 0) return false;
    return !letters.empty();
}

// Moves a syllable's single tone to its canonical vowel. Input methods misplace marks ("vịêt"),
// so the tone is lifted off whichever letter carries it and placed again by the parser.
bool place_tone(std::vector<Letter>& letters) {
    Tone tone = Tone::none;
    for (const Letter& l : letters) {
        if (is_digit_letter(l)) return false;
        if (l.tone != Tone::none) {
            if (tone != Tone::none && tone != l.tone) return false;
            tone = l.tone;
        }
    }
    std::size_t slot = 0;
    // Parse the tone-free spelling.
    std::array<Tone, 16> saved{};
    if (letters.size() > saved.size()) return false;
    for (std::size_t i = 0; i < letters.size(); ++i) {
        saved[i] = letters[i].tone;
        letters[i].tone = Tone::none;
    }
    if (!parse_syllable(letters.data(), letters.size(), slot)) {
        for (std::size_t i = 0; i < letters.size(); ++i) letters[i].tone = saved[i];
        return false;
    }
    letters[slot].tone = tone;
    return true;
}

// Builds the three forms in stack buffers and assigns each once: the hot path of indexing.
void write_forms(const std::vector<Letter>& letters, FormsOut out) {
    constexpr std::size_t max_letters = 64;
    if (letters.size() > max_letters) {  // rare: build long tokens piece by piece
        TermForms part;
        out.exact.clear();
        out.tone_free.clear();
        out.base.clear();
        for (std::size_t i = 0; i < letters.size(); i += max_letters) {
            const std::vector<Letter> slice(
                letters.begin() + static_cast<std::ptrdiff_t>(i),
                letters.begin() +
                    static_cast<std::ptrdiff_t>(std::min(letters.size(), i + max_letters)));
            write_forms(slice, FormsOut{part.exact, part.tone_free, part.base});
            out.exact += part.exact;
            out.tone_free += part.tone_free;
            out.base += part.base;
        }
        return;
    }
    char exact[max_letters * 3], tone_free[max_letters * 3], base[max_letters];
    std::size_t ne = 0, nt = 0, nb = 0;
    for (std::size_t i = 0; i < letters.size(); ++i) {
        const Letter& l = letters[i];
        base[nb++] = l.base;
        if (is_digit_letter(l) || (l.tone == Tone::none && l.modifier == Modifier::none)) {
            exact[ne++] = l.base;
            tone_free[nt++] = l.base;
            continue;
        }
        const Utf8Letter& e = compose_utf8(l);
        for (std::uint8_t k = 0; k < e.size; ++k) exact[ne++] = e.bytes[k];
        const Utf8Letter& t = compose_utf8({l.base, l.modifier, Tone::none});
        for (std::uint8_t k = 0; k < t.size; ++k) tone_free[nt++] = t.bytes[k];
    }
    out.exact.assign(exact, ne);
    out.tone_free.assign(tone_free, nt);
    out.base.assign(base, nb);
}

bool is_tone_mark(UChar32 c) {
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

// Drops the marks `drop` selects from the NFD form of `s`, then recomposes.
template <typename Drop>
std::string strip_marks(const icu::UnicodeString& s, Drop drop) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString d = nfd().normalize(s, status);
    icu::UnicodeString kept;
    for (int32_t i = 0; i < d.length(); i = d.moveIndex32(i, 1)) {
        UChar32 c = d.char32At(i);
        if (drop(c)) continue;
        kept.append(c);
    }
    return to_utf8(nfc().normalize(kept, status));
}

// The slow path: ICU composes and case-folds; if that yields letters the table knows (a
// compatibility or unusual mark order), the fast path finishes the job, else ICU does.
bool normalize_with_icu(const char32_t* cps, std::size_t count, FormsOut out,
                        NormalizeScratch& scratch) {
    icu::UnicodeString s;
    for (std::size_t i = 0; i < count; ++i) {
        if (char_info(cps[i]).kind == CharKind::ignorable) continue;
        s.append(static_cast<UChar32>(cps[i]));
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = nfc().normalize(s, status);
    folded.foldCase(U_FOLD_CASE_DEFAULT);
    folded = nfc().normalize(folded, status);
    if (U_FAILURE(status)) folded = s;

    scratch.code_points.clear();
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1))
        scratch.code_points.push_back(static_cast<char32_t>(folded.char32At(i)));
    if (read_letters(scratch.code_points.data(), scratch.code_points.size(), scratch.letters)) {
        const bool syllable = place_tone(scratch.letters);
        write_forms(scratch.letters, out);
        return syllable;
    }
    out.exact = to_utf8(folded);
    out.tone_free = strip_marks(folded, is_tone_mark);
    std::string base = strip_marks(folded, [](UChar32 c) {
        return u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
    });
    // đ has no decomposition; fold it by hand so "đường" and "duong" meet at the base level.
    out.base.clear();
    for (std::size_t i = 0; i < base.size(); ++i) {
        if (base.compare(i, 2, "\xC4\x91") == 0) {
            out.base.push_back('d');
            ++i;
        } else {
            out.base.push_back(base[i]);
        }
    }
    return false;
}

}  // namespace

bool normalize_token(const char32_t* cps, std::size_t count, FormsOut out,
                     NormalizeScratch& scratch) {
    if (read_letters(cps, count, scratch.letters)) {
        const bool syllable = place_tone(scratch.letters);
        write_forms(scratch.letters, out);
        return syllable;
    }
    return normalize_with_icu(cps, count, out, scratch);
}

bool FormCache::find(const Probe& k, Forms& out) const noexcept {
    if (!entries_ || k.size == 0) return false;
    const Entry& e = entries_[k.slot];
    if (e.key_size != k.size || e.a != k.a || e.b != k.b) return false;
    const char* p = e.forms;
    out.exact = {p, e.exact_size};
    p += e.exact_size;
    out.tone_free = {p, e.tone_free_size};
    p += e.tone_free_size;
    out.base = {p, e.base_size};
    out.syllable = e.syllable;
    return true;
}

void FormCache::insert(const Probe& k, const Forms& forms) {
    const std::size_t total = forms.exact.size() + forms.tone_free.size() + forms.base.size();
    if (k.size == 0 || total > sizeof(Entry::forms)) return;
    if (!entries_) entries_ = std::make_unique<Entry[]>(entry_count);
    Entry& e = entries_[k.slot];
    e.a = k.a;
    e.b = k.b;
    e.key_size = static_cast<std::uint8_t>(k.size);
    e.exact_size = static_cast<std::uint8_t>(forms.exact.size());
    e.tone_free_size = static_cast<std::uint8_t>(forms.tone_free.size());
    e.base_size = static_cast<std::uint8_t>(forms.base.size());
    e.syllable = forms.syllable;
    char* p = e.forms;
    for (std::string_view part : {forms.exact, forms.tone_free, forms.base}) {
        if (part.empty()) continue;
        std::memcpy(p, part.data(), part.size());
        p += part.size();
    }
}

std::string normalize_term(std::string_view utf8) {
    std::vector<char32_t> cps;
    for (std::size_t pos = 0; pos < utf8.size();) {
        std::size_t len = 0;
        cps.push_back(decode_utf8(utf8, pos, len));
        pos += len;
    }
    TermForms forms;
    NormalizeScratch scratch;
    normalize_token(cps.data(), cps.size(), forms, scratch);
    return forms.exact;
}

void ascii_fold(std::string_view in, std::string& out) {
    out.clear();
    for (char c : in) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

}  // namespace vnsearch::text
