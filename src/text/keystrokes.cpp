// SPDX-License-Identifier: Apache-2.0
#include "text/keystrokes.hpp"

#include <vector>

#include <unicode/uchar.h>

#include "text/letters.hpp"
#include "text/syllable.hpp"
#include "text/utf8.hpp"

namespace vnsearch::text {

namespace {

// Longer than any syllable's keystrokes ("nghieeng" + tone): anything longer is not one.
constexpr std::size_t max_keys = 12;

struct Typed {
    Letter letter;
    bool upper = false;
};

// A word being decoded: its letters so far, the tone, and whether any key was consumed.
struct Keys {
    std::vector<Typed> letters;
    Tone tone = Tone::none;
    bool consumed = false;

    bool has_vowel() const {
        for (const Typed& t : letters)
            if (is_vowel(t.letter.base)) return true;
        return false;
    }
    static bool is_vowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }
    bool set_tone(Tone t) {
        if (tone != Tone::none || !has_vowel()) return false;
        tone = t;
        consumed = true;
        return true;
    }
    // The last vowel among `bases` with no modifier in the vowel cluster, looking back over the
    // final consonants (a mark belongs to the rhyme: VNI "tuoi7" is "tươi"): its index, or -1.
    int last_plain_vowel(std::string_view bases) const {
        std::size_t i = letters.size();
        while (i > 0 && !is_vowel(letters[i - 1].letter.base)) --i;
        for (; i > 0 && is_vowel(letters[i - 1].letter.base); --i) {
            const Letter& l = letters[i - 1].letter;
            if (bases.find(l.base) != std::string_view::npos && l.modifier == Modifier::none)
                return static_cast<int>(i - 1);
        }
        return -1;
    }
    // Horn on the last u or o; on both letters of "uo" (ươ).
    bool horn() {
        const int i = last_plain_vowel("uo");
        if (i < 0) return false;
        letters[i].letter.modifier = Modifier::horn;
        // ... but not the u of the onset qu ("quowr" is "quở").
        if (letters[i].letter.base == 'o' && i > 0 && letters[i - 1].letter.base == 'u' &&
            !(i > 1 && letters[i - 2].letter.base == 'q'))
            letters[i - 1].letter.modifier = Modifier::horn;
        consumed = true;
        return true;
    }
    bool mark(std::string_view bases, Modifier m) {
        const int i = last_plain_vowel(bases);
        if (i < 0) return false;
        letters[i].letter.modifier = m;
        consumed = true;
        return true;
    }
    bool stroke() {
        if (letters.size() != 1 || letters[0].letter.base != 'd' ||
            letters[0].letter.modifier != Modifier::none)
            return false;
        letters[0].letter.modifier = Modifier::stroke;
        consumed = true;
        return true;
    }
    void add(char c) {
        const bool up = c >= 'A' && c <= 'Z';
        letters.push_back(
            {{static_cast<char>(up ? c - 'A' + 'a' : c), Modifier::none, Tone::none}, up});
    }
    std::optional<std::string> finish();
};

std::optional<std::string> Keys::finish() {
    if (!consumed || letters.empty()) return std::nullopt;
    std::vector<Letter> plain;
    for (const Typed& t : letters) plain.push_back(t.letter);
    // "ưo" before a final consonant is "ươ" (an input method adds the second horn itself).
    for (std::size_t i = 0; i + 2 < plain.size(); ++i)
        if (plain[i].base == 'u' && plain[i].modifier == Modifier::horn &&
            plain[i + 1].base == 'o' && plain[i + 1].modifier == Modifier::none &&
            !is_vowel(plain[i + 2].base))
            plain[i + 1].modifier = Modifier::horn;
    std::size_t slot = 0;
    if (!parse_syllable(plain.data(), plain.size(), slot)) return std::nullopt;
    plain[slot].tone = tone;
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        const char32_t cp = compose(plain[i]);
        if (cp == 0) return std::nullopt;
        append_utf8(out, letters[i].upper
                             ? static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp)))
                             : cp);
    }
    return out;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

Tone telex_tone(char c) {
    switch (c) {
        case 's':
            return Tone::acute;
        case 'f':
            return Tone::grave;
        case 'r':
            return Tone::hook;
        case 'x':
            return Tone::tilde;
        case 'j':
            return Tone::dot;
        default:
            return Tone::none;
    }
}

// One Telex key: true if it was taken (as a letter or as a mark), false if the word cannot be
// Telex.
bool telex_key(Keys& k, char typed) {
    const char c = lower(typed);
    const std::size_t n = k.letters.size();
    const Letter* last = n > 0 ? &k.letters[n - 1].letter : nullptr;
    if (c == 'd' && n == 1 && last->base == 'd' && last->modifier == Modifier::none)
        return k.stroke();
    if ((c == 'a' || c == 'e' || c == 'o') && last != nullptr && last->base == c &&
        last->modifier == Modifier::none) {
        k.letters[n - 1].letter.modifier = Modifier::circumflex;
        k.consumed = true;
        return true;
    }
    if (c == 'w') {
        if (last != nullptr && last->base == 'a' && last->modifier == Modifier::none)
            return k.mark("a", Modifier::breve);
        if (last != nullptr && (last->base == 'u' || last->base == 'o')) return k.horn();
        if (k.has_vowel()) return false;
        k.add(typed);  // a lone w types ư
        k.letters.back().letter = {'u', Modifier::horn, Tone::none};
        k.consumed = true;
        return true;
    }
    if (const Tone t = telex_tone(c); t != Tone::none && k.has_vowel()) return k.set_tone(t);
    k.add(typed);
    return true;
}

bool vni_key(Keys& k, char c) {
    switch (c) {
        case '1':
            return k.set_tone(Tone::acute);
        case '2':
            return k.set_tone(Tone::grave);
        case '3':
            return k.set_tone(Tone::hook);
        case '4':
            return k.set_tone(Tone::tilde);
        case '5':
            return k.set_tone(Tone::dot);
        case '6':
            return k.mark("aeo", Modifier::circumflex);
        case '7':
            return k.horn();
        case '8':
            return k.mark("a", Modifier::breve);
        case '9':
            return k.stroke();
        default:
            if (!is_ascii_letter(c)) return false;
            k.add(c);
            return true;
    }
}

}  // namespace

std::optional<std::string> decode_telex(std::string_view word) {
    if (word.empty() || word.size() > max_keys) return std::nullopt;
    Keys k;
    for (char c : word)
        if (!is_ascii_letter(c) || !telex_key(k, c)) return std::nullopt;
    return k.finish();
}

std::optional<std::string> decode_vni(std::string_view word) {
    if (word.empty() || word.size() > max_keys) return std::nullopt;
    Keys k;
    for (char c : word)
        if (!vni_key(k, c)) return std::nullopt;
    return k.finish();
}

std::optional<std::string> decode_keystrokes(std::string_view word) {
    for (char c : word)
        if (c >= '0' && c <= '9') return decode_vni(word);
    return decode_telex(word);
}

}  // namespace vnsearch::text
