// SPDX-License-Identifier: Apache-2.0
#include "text/fold_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "text/letters.hpp"
#include "text/utf8.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VNSEARCH_SCAN_SSSE3 1
#endif

namespace vnsearch::text {

namespace {

// A run with more letters or tones than this is longer than any token the analyzer keeps: it
// matches nothing and joins no concatenation.
constexpr std::size_t max_run_letters = 64;  // a multiple of 8: hash_letters reads whole words
constexpr std::size_t max_chain = 6;

enum class Class : std::uint8_t {
    letter,     // a letter or digit
    mark,       // a combining tone or modifier mark, or a zero-width character: part of the run
    joiner,     // ASCII punctuation: may join two runs into one token ("TP.HCM", "1.000")
    separator,  // white space, controls, punctuation and symbols the analyzer never reads as
                // letters
    unknown,    // a character this pass cannot fold: give up
};

// Non-ASCII characters that are never part of a token's letters: Latin-1 punctuation and
// symbols (not ª µ º, which are letters), × ÷, general punctuation (bidi and zero-width ones
// included; U+200B-D and U+2060 are ignorable and handled by the letter table first), arrows,
// mathematical and technical symbols, box drawing, shapes, dingbats, CJK punctuation,
// variation selectors, U+FFFD and emoji. NFC maps none of them to a letter.
bool is_separator_symbol(char32_t cp) {
    if (cp >= 0x80 && cp <= 0xBF) return cp != 0xAA && cp != 0xB5 && cp != 0xBA;
    return cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
           (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFFD || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// A letter of a run as one byte: its lower-case ASCII base (a-z, 0-9 as 0-35) times 5 plus its
// modifier (none, circumflex, breve, horn, stroke), so â ă ê ô ơ ư đ are letters of their own.
constexpr std::uint8_t letter_code(char base, Modifier modifier) {
    const unsigned index =
        base >= 'a' ? static_cast<unsigned>(base - 'a') : 26U + static_cast<unsigned>(base - '0');
    return static_cast<std::uint8_t>(index * 5 + static_cast<unsigned>(modifier));
}

// ASCII bytes: 1 + their letter code for letters and digits, else one of these.
constexpr std::uint8_t ascii_separator = 0xFF, ascii_joiner = 0xFE;
struct AsciiTable {
    std::array<std::uint8_t, 128> entry{};
    constexpr AsciiTable() {
        for (unsigned c = 0; c < 128; ++c) {
            const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            const bool upper = c >= 'A' && c <= 'Z';
            if (alnum || upper) {
                const char base = static_cast<char>(upper ? c - 'A' + 'a' : c);
                entry[c] = static_cast<std::uint8_t>(1 + letter_code(base, Modifier::none));
            } else {
                entry[c] = c <= 0x20 || c == 0x7F ? ascii_separator : ascii_joiner;
            }
        }
    }
};
constexpr AsciiTable ascii_table;

bool is_ascii_alnum(unsigned char byte) {
    return byte < 0x80 && ascii_table.entry[byte] < ascii_joiner;
}

// Classifies the non-ASCII character at `pos`; for a letter or mark, `info` says which.
Class classify_non_ascii(std::string_view text, std::size_t pos, std::size_t& length,
                         CharInfo& info) {
    const char32_t cp = decode_utf8(text, pos, length);
    info = char_info(cp);
    switch (info.kind) {
        case CharKind::letter:
            return Class::letter;
        case CharKind::tone_mark:
        case CharKind::modifier_mark:
        case CharKind::ignorable:
            return Class::mark;
        case CharKind::digit:  // ASCII only
        case CharKind::other:
            break;
    }
    return is_separator_symbol(cp) ? Class::separator : Class::unknown;
}

Class classify(std::string_view text, std::size_t pos, std::size_t& length, CharInfo& info) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) return classify_non_ascii(text, pos, length, info);
    length = 1;
    const std::uint8_t e = ascii_table.entry[c];
    if (e == ascii_separator) return Class::separator;
    if (e == ascii_joiner) return Class::joiner;
    const unsigned index = (e - 1U) / 5;
    info = {CharKind::letter,
            {static_cast<char>(index < 26 ? 'a' + index : '0' + (index - 26)), Modifier::none,
             Tone::none}};
    return Class::letter;
}

// The common non-ASCII characters of Vietnamese text, decoded by table: the two-byte sequences
// (U+0080-U+07FF: Latin-1, Latin Extended A and B) and Latin Extended Additional (U+1E00-U+1EFF,
// the letters with a tone). Anything else (combining marks, punctuation past U+07FF, other
// scripts) goes through classify_non_ascii().
struct FastEntry {
    enum Kind : std::uint8_t { slow, letter, separator };
    Kind kind = slow;
    std::uint8_t code = 0;  // letter code
    std::uint8_t tone = 0;  // tone bit (1 << Tone), 0 for none
};

struct FastTables {
    std::array<FastEntry, 0x800> two_byte{};
    std::array<FastEntry, 0x100> extended_additional{};  // U+1E00 + index
    static FastEntry entry(char32_t cp) {
        const CharInfo info = char_info(cp);
        if (info.kind == CharKind::letter)
            return {FastEntry::letter, letter_code(info.letter.base, info.letter.modifier),
                    static_cast<std::uint8_t>(info.letter.tone == Tone::none
                                                  ? 0
                                                  : 1U << static_cast<unsigned>(info.letter.tone))};
        if (info.kind == CharKind::other && is_separator_symbol(cp)) return {FastEntry::separator};
        return {};
    }
    FastTables() {
        for (char32_t cp = 0x80; cp < 0x800; ++cp) two_byte[cp] = entry(cp);
        for (char32_t k = 0; k < 0x100; ++k) extended_additional[k] = entry(0x1E00 + k);
    }
};

// Built on first use: the letter table it reads is built when the library loads.
const FastTables& fast_tables() {
    static const FastTables tables;
    return tables;
}

// The table entry of the character at `pos` (a non-ASCII lead byte), and its length; `slow` if
// the tables do not cover it.
FastEntry fast_entry(const FastTables& t, std::string_view text, std::size_t pos,
                     std::size_t& length) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const std::size_t avail = text.size() - pos;
    const auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
    if (s[0] >= 0xC2 && s[0] <= 0xDF && avail >= 2 && continuation(s[1])) {
        length = 2;
        return t.two_byte[(static_cast<unsigned>(s[0] & 0x1F) << 6) | (s[1] & 0x3F)];
    }
    if (s[0] == 0xE1 && avail >= 3 && s[1] >= 0xB8 && s[1] <= 0xBB && continuation(s[2])) {
        length = 3;
        return t.extended_additional[(static_cast<unsigned>(s[1] & 0x03) << 6) | (s[2] & 0x3F)];
    }
    return {};
}

// The letters of a run (letter codes) and the set of its tones: the same for every Unicode
// spelling, tone placement and letter case.
struct Spelling {
    std::array<std::uint8_t, max_run_letters> letters;  // only [0, letter_count) is read
    std::size_t letter_count = 0;
    unsigned tones = 0;     // bit (1 << Tone) for each tone present
    bool overflow = false;  // too long, or a mark that cannot be placed: matches nothing

    void clear() {
        letter_count = 0;
        tones = 0;
        overflow = false;
    }
    void add_letter(std::uint8_t code) {
        if (letter_count == max_run_letters) {
            overflow = true;
            return;
        }
        letters[letter_count++] = code;
    }
    void add(const CharInfo& info) {
        switch (info.kind) {
            case CharKind::letter:
                add_letter(letter_code(info.letter.base, info.letter.modifier));
                break;
            case CharKind::modifier_mark:  // NFD: modifies the letter before it
                if (letter_count == 0 || letters[letter_count - 1] % 5 != 0) {
                    overflow = true;
                    return;
                }
                letters[letter_count - 1] = static_cast<std::uint8_t>(
                    letters[letter_count - 1] + static_cast<unsigned>(info.letter.modifier));
                return;
            case CharKind::tone_mark:
                break;
            default:  // ignorable
                return;
        }
        if (info.letter.tone != Tone::none)  // a letter's own tone, or a combining one
            tones |= 1U << static_cast<unsigned>(info.letter.tone);
    }
};

// Mixes 64 bits (the finalizer of MurmurHash3).
constexpr std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

// The hash of a sequence of `count` letter codes, eight at a time. `letters` must be readable up
// to the next multiple of 8 (the bytes past `count` are masked off).
std::uint64_t hash_letters(const std::uint8_t* letters, std::size_t count) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ count;
    for (std::size_t i = 0; i < count; i += 8) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, letters + i, 8);
        if (count - i < 8) chunk &= (std::uint64_t{1} << (8 * (count - i))) - 1;
        h = mix64(h ^ chunk) + 0x9e3779b97f4a7c15ULL;
    }
    return h;
}

// The hash of the letters of `count` spellings read as one word (with modifiers, or base only).
template <typename Get>
std::uint64_t letters_hash(std::size_t count, Get get, bool with_modifiers) {
    if (count == 1 && with_modifiers)
        return hash_letters(get(0).letters.data(), get(0).letter_count);
    std::array<std::uint8_t, max_run_letters * max_chain> joined;  // a multiple of 8
    std::size_t n = 0;
    for (std::size_t k = 0; k < count; ++k) {
        const Spelling& s = get(k);
        for (std::size_t i = 0; i < s.letter_count; ++i)
            joined[n++] =
                with_modifiers ? s.letters[i] : static_cast<std::uint8_t>(s.letters[i] / 5);
    }
    return hash_letters(joined.data(), n);
}
std::uint64_t with_tones(std::uint64_t letters, unsigned tones) {
    return mix64(letters ^ (static_cast<std::uint64_t>(tones) << 56)) | 1;  // never 0 (WantedSet)
}

// Calls `emit(spelling hash)` for each spelling the analyzer may give these runs read as one
// word: their tone set as it is and, if it has two tones or more (a typo such as "tạọ", which
// the analyzer repairs), each one of them alone and none.
template <typename Get, typename Emit>
void for_each_spelling(std::size_t count, Get get, Emit emit) {
    const std::uint64_t letters = letters_hash(count, get, true);
    unsigned tones = 0;
    for (std::size_t k = 0; k < count; ++k) tones |= get(k).tones;
    emit(with_tones(letters, tones));
    if ((tones & (tones - 1)) == 0) return;
    emit(with_tones(letters, 0));
    for (unsigned bit = 1; bit <= tones; bit <<= 1)
        if (tones & bit) emit(with_tones(letters, bit));
}

struct Run {
    std::size_t begin = 0, end = 0;  // bytes
    Spelling spelling;
};

}  // namespace

namespace {

// Bytes a run can start with (its first character's first byte), per letter code: the ASCII
// letter in both cases, and the lead bytes of every letter of the table with that base and
// modifier (precomposed, with a tone or not; Ð for Đ).
struct StartBytes {
    std::array<std::array<bool, 256>, 180> of_code{};
    StartBytes() {
        // Any letter code: its ASCII base in either case, which NFD text starts it with.
        for (unsigned code = 0; code < of_code.size(); ++code) {
            const unsigned index = code / 5;
            const char base = static_cast<char>(index < 26 ? 'a' + index : '0' + (index - 26));
            of_code[code][static_cast<unsigned char>(base)] = true;
            if (index < 26) of_code[code][static_cast<unsigned char>(base - 'a' + 'A')] = true;
        }
        for (char32_t cp = 0x30; cp < 0x1F00; ++cp) {
            const CharInfo info = char_info(cp);
            if (info.kind != CharKind::letter && info.kind != CharKind::digit) continue;
            const char base =
                info.kind == CharKind::digit ? static_cast<char>(cp) : info.letter.base;
            const std::uint8_t code = letter_code(
                base, info.kind == CharKind::digit ? Modifier::none : info.letter.modifier);
            of_code[code][lead_byte(cp)] = true;
        }
    }
    static unsigned lead_byte(char32_t cp) {
        if (cp < 0x80) return static_cast<unsigned>(cp);
        if (cp < 0x800) return 0xC0 | static_cast<unsigned>(cp >> 6);
        return 0xE0 | static_cast<unsigned>(cp >> 12);
    }
};

const StartBytes& start_bytes() {
    static const StartBytes table;  // built on first use, after the letter table
    return table;
}

}  // namespace

WantedSet::WantedSet(std::span<const FoldedHashes> words) {
    shapes_.assign(max_run_letters * max_chain + 1, 0);
    std::size_t capacity = 16;
    while (capacity < 4 * words.size()) capacity *= 2;
    slots_.assign(capacity, {});
    starts_.fill(false);
    // A run may also start with a combining mark or a zero-width character (C2 for U+00AD, CC
    // and CD for marks, E2 for U+200B-D and U+2060, EF for U+FEFF), whatever its first letter.
    for (const unsigned lead : {0xC2U, 0xCCU, 0xCDU, 0xE2U, 0xEFU}) starts_[lead] = true;
    // Or with a character that NFC or case folding turns into ASCII letters, which the scan must
    // meet to give up: for a word starting with s, ß ſ ẞ (C3, C5, E1) and the ligatures ſt st
    // (EF); with k, the Kelvin sign (E2); with f, the ligatures ﬀ to ﬄ (EF). Only these: C3 and
    // E1 lead most accented vowels, so a word that starts otherwise skips them. (Anything else
    // the scan cannot fold, touching a run that starts with a wanted letter, is seen from that
    // letter.) A test checks this against every code point.
    constexpr unsigned s_index = 's' - 'a';
    for (std::size_t w = 0; w < words.size(); ++w) {
        const FoldedHashes& word = words[w];
        if (word.first_letter / 5 == s_index)
            for (const unsigned lead : {0xC3U, 0xC5U, 0xE1U}) starts_[lead] = true;
        shapes_[word.letters] |= std::uint64_t{1} << (word.first_letter & 63);
        const auto& bytes = start_bytes().of_code[word.first_letter];
        for (std::size_t b = 0; b < 256; ++b) starts_[b] = starts_[b] || bytes[b];
        const std::uint64_t h = word.spelling;
        std::size_t i = h & (slots_.size() - 1);
        while (slots_[i].spelling != 0 && slots_[i].spelling != h)
            i = (i + 1) & (slots_.size() - 1);
        if (slots_[i].spelling == 0) slots_[i] = {h, static_cast<int>(w)};
    }
    build_nibble_tables();
}

// Each high nibble with start bytes gets a bucket (a bit) for its set of low nibbles; high
// nibbles with the same set share one. Up to eight sets are exact; more share the last bucket,
// which then admits more bytes than starts_ (next_start checks starts_ on each).
void WantedSet::build_nibble_tables() {
    std::array<std::uint16_t, 16> lows{};  // per high nibble, a bit per low nibble
    for (unsigned b = 0; b < 256; ++b)
        if (starts_[b]) lows[b >> 4] = static_cast<std::uint16_t>(lows[b >> 4] | 1U << (b & 15));
    std::array<std::uint16_t, 8> bucket_lows{};
    unsigned buckets = 0;
    for (unsigned h = 0; h < 16; ++h) {
        if (lows[h] == 0) continue;
        unsigned k = 0;
        while (k < buckets && bucket_lows[k] != lows[h]) ++k;
        if (k == buckets) {
            if (buckets < bucket_lows.size())
                ++buckets;
            else
                k = buckets - 1;
        }
        bucket_lows[k] = static_cast<std::uint16_t>(bucket_lows[k] | lows[h]);
        high_nibble_[h] = static_cast<std::uint8_t>(high_nibble_[h] | 1U << k);
    }
    for (unsigned k = 0; k < buckets; ++k)
        for (unsigned l = 0; l < 16; ++l)
            if ((bucket_lows[k] >> l) & 1U)
                low_nibble_[l] = static_cast<std::uint8_t>(low_nibble_[l] | 1U << k);
}

namespace {

#ifdef VNSEARCH_SCAN_SSSE3
// next_start() sixteen bytes at a time: two table lookups (PSHUFB) give the bytes that may start
// a run, and range compares the bytes that follow an ASCII letter or digit (the middle of a
// word: "ng" in "người" is no start for a word in g). Most blocks of a text have no start left.
__attribute__((target("ssse3"))) std::size_t next_start_ssse3(const unsigned char* s,
                                                              std::size_t pos, std::size_t n,
                                                              const std::uint8_t* low,
                                                              const std::uint8_t* high,
                                                              const std::array<bool, 256>& starts) {
    if (pos == 0 && n > 0) {  // no byte before the first
        if (starts[s[0]]) return 0;
        pos = 1;
    }
    const __m128i low_table = _mm_load_si128(reinterpret_cast<const __m128i*>(low));
    const __m128i high_table = _mm_load_si128(reinterpret_cast<const __m128i*>(high));
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const auto in_range = [](__m128i v, char lo, char hi) {  // signed: bytes >= 0x80 are out
        return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                             _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
    };
    for (; pos + 16 <= n; pos += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos));
        const __m128i l = _mm_shuffle_epi8(low_table, _mm_and_si128(v, nibble));
        const __m128i h = _mm_shuffle_epi8(high_table, _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
        const __m128i none = _mm_cmpeq_epi8(_mm_and_si128(l, h), _mm_setzero_si128());
        const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos - 1));
        const __m128i after_alnum =
            _mm_or_si128(in_range(_mm_or_si128(before, _mm_set1_epi8(0x20)), 'a', 'z'),
                         in_range(before, '0', '9'));
        for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(none, after_alnum))) ^
                         0xFFFFU;
             mask != 0; mask &= mask - 1) {
            const std::size_t at = pos + static_cast<std::size_t>(std::countr_zero(mask));
            if (starts[s[at]]) return at;
        }
    }
    for (; pos < n; ++pos)
        if (starts[s[pos]] && !is_ascii_alnum(s[pos - 1])) return pos;
    return n;
}

bool has_ssse3() {
    static const bool yes = __builtin_cpu_supports("ssse3");
    return yes;
}
#endif

}  // namespace

std::size_t WantedSet::next_start(std::string_view text, std::size_t pos) const noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
#ifdef VNSEARCH_SCAN_SSSE3
    if (has_ssse3())
        return next_start_ssse3(s, pos, text.size(), low_nibble_.data(), high_nibble_.data(),
                                starts_);
#endif
    for (; pos < text.size(); ++pos)
        if (starts_[s[pos]] && (pos == 0 || !is_ascii_alnum(s[pos - 1]))) return pos;
    return text.size();
}

int WantedSet::find(std::uint64_t spelling) const noexcept {
    for (std::size_t i = spelling & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
        if (slots_[i].spelling == spelling) return slots_[i].word;
        if (slots_[i].spelling == 0) return -1;
    }
}

namespace {

// The class of the character that ends just before `pos` (> 0).
Class class_before(std::string_view text, std::size_t pos) {
    std::size_t start = pos - 1;
    while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    std::size_t length = 0;
    CharInfo info;
    const Class c = classify(text, start, length, info);
    // A byte that is not the end of a valid sequence reads as U+FFFD, a separator.
    return start + length == pos ? c : Class::separator;
}

// Folds the run that starts at `pos` (a letter or mark) into `run`; `end_class` is the class of
// the character after it (separator at the end of the text). False if the run holds a
// character this pass cannot fold.
bool fold_run(std::string_view text, std::size_t pos, const FastTables& tables, Run& run,
              Class& end_class) {
    run.begin = pos;
    run.spelling.clear();
    end_class = Class::separator;
    CharInfo info;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {  // ASCII letters inline: most of a Vietnamese text
            const std::uint8_t e = ascii_table.entry[byte];
            if (e >= ascii_joiner) {
                end_class = e == ascii_joiner ? Class::joiner : Class::separator;
                break;
            }
            run.spelling.add_letter(static_cast<std::uint8_t>(e - 1));
            ++pos;
            continue;
        }
        std::size_t length = 0;
        const FastEntry fast = fast_entry(tables, text, pos, length);
        if (fast.kind == FastEntry::letter) {
            run.spelling.add_letter(fast.code);
            run.spelling.tones |= fast.tone;
            pos += length;
            continue;
        }
        if (fast.kind == FastEntry::separator) break;
        const Class c = classify_non_ascii(text, pos, length, info);
        if (c == Class::unknown) return false;
        if (c != Class::letter && c != Class::mark) {
            end_class = c;
            break;
        }
        run.spelling.add(info);
        pos += length;
    }
    run.end = pos;
    return true;
}

// The code points that start in text[from, to): the bytes that are not continuation bytes
// (10xxxxxx), eight at a time.
std::size_t count_code_points(std::string_view text, std::size_t from, std::size_t to) {
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    std::size_t n = 0;
    for (; from + 8 <= to; from += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, text.data() + from, 8);
        const std::uint64_t continuation = x & ~(x << 1) & high;
        n += 8 - static_cast<std::size_t>(std::popcount(continuation));
    }
    for (; from < to; ++from) n += (static_cast<unsigned char>(text[from]) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

}  // namespace

namespace {

// What the character at `pos` (a candidate byte) is to a scan.
enum class Start : std::uint8_t {
    run,      // a run of letters starts here
    no_run,   // a separator, or the middle of a run
    give_up,  // a character the scan cannot fold, at or just before `pos`
};

Start run_start_at(std::string_view text, std::size_t pos, std::size_t& length) {
    length = 1;
    // Most candidates are letters inside a word, after an ASCII letter: tell them first.
    if (pos > 0 && is_ascii_alnum(static_cast<unsigned char>(text[pos - 1]))) return Start::no_run;
    CharInfo info;
    const Class c = classify(text, pos, length, info);
    if (c == Class::unknown) return Start::give_up;
    if (c != Class::letter && c != Class::mark) return Start::no_run;
    if (pos == 0) return Start::run;
    const Class before = class_before(text, pos);
    if (before == Class::unknown) return Start::give_up;
    return before == Class::letter || before == Class::mark ? Start::no_run : Start::run;
}

// Folds the run at `pos` and the runs that single ASCII punctuation characters chain to it (at
// most max_chain) into `chain`; `count` is how many. False if the scan must give up.
bool fold_chain(std::string_view text, std::size_t pos, const FastTables& tables,
                std::array<Run, max_chain>& chain, std::size_t& count) {
    count = 0;
    for (std::size_t at = pos;;) {
        Class end_class = Class::separator;
        if (!fold_run(text, at, tables, chain[count], end_class)) return false;
        const std::size_t end = chain[count++].end;
        if (count == max_chain || end_class != Class::joiner || end + 1 >= text.size()) break;
        std::size_t next_length = 0;
        CharInfo next_info;
        const Class next = classify(text, end + 1, next_length, next_info);
        if (next == Class::unknown) return false;
        if (next != Class::letter && next != Class::mark) break;
        at = end + 1;
    }
    return true;
}

// Calls `found(k, word)` for each k (1..count) whose first k runs of `chain`, read as one word,
// spell a wanted word.
template <typename Found>
void match_chain(const std::array<Run, max_chain>& chain, std::size_t count,
                 const WantedSet& wanted, Found found) {
    for (std::size_t k = 1; k <= count; ++k) {
        const auto get = [&](std::size_t i) -> const Spelling& { return chain[i].spelling; };
        bool overflow = false;
        std::size_t letters = 0;
        std::uint8_t first_letter = 0;
        for (std::size_t i = 0; i < k; ++i) {
            const Spelling& s = get(i);
            overflow = overflow || s.overflow;
            if (letters == 0 && s.letter_count > 0) first_letter = s.letters[0];
            letters += s.letter_count;
        }
        if (overflow) return;  // so are the longer ones
        if (!wanted.may_contain(first_letter, letters)) continue;
        for_each_spelling(k, get, [&](std::uint64_t h) {
            if (const int word = wanted.find(h); word >= 0) found(k, word);
        });
    }
}

}  // namespace

// Looks only at the bytes a wanted word's run can start with; where a run starts at one, folds
// it and the runs chained to it and checks their spellings. Code points are counted only up to
// the spans found.
bool scan_folded_spans(std::string_view text, const WantedSet& wanted,
                       std::vector<FoldedSpan>& out) {
    out.clear();
    const FastTables& tables = fast_tables();
    std::array<Run, max_chain> chain;
    std::size_t counted_bytes = 0, counted_chars = 0;  // code points before counted_bytes
    for (std::size_t pos = 0;;) {
        pos = wanted.next_start(text, pos);
        if (pos == text.size()) return true;
        std::size_t length = 1;
        switch (run_start_at(text, pos, length)) {
            case Start::give_up:
                return false;
            case Start::no_run:
                pos += length;
                continue;
            case Start::run:
                break;
        }
        std::size_t count = 0;
        if (!fold_chain(text, pos, tables, chain, count)) return false;
        const std::size_t begin = pos;  // by value below: pos stays in a register
        match_chain(chain, count, wanted, [&, begin](std::size_t k, int word) {
            counted_chars += count_code_points(text, counted_bytes, begin);
            counted_bytes = begin;
            const std::size_t end = chain[k - 1].end;
            out.push_back({begin, end, counted_chars,
                           counted_chars + count_code_points(text, begin, end), word});
        });
        pos = chain[0].end;
    }
}

std::optional<FoldedHashes> fold_joined_number(std::string_view word) {
    std::string digits;
    std::size_t runs = 1;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
            continue;
        }
        // A joiner: ASCII punctuation between two digits. Not '/': the analyzer writes dates
        // so, without leading zeros and in day-month-year order ("2020-01-05" is "5/1/2020"),
        // which are not the digits of the text.
        if (c == '/') return std::nullopt;
        const bool between_digits = i > 0 && i + 1 < word.size() && word[i - 1] >= '0' &&
                                    word[i - 1] <= '9' && word[i + 1] >= '0' && word[i + 1] <= '9';
        if (!between_digits || static_cast<unsigned char>(c) >= 0x80 ||
            ascii_table.entry[static_cast<unsigned char>(c)] != ascii_joiner || ++runs > max_chain)
            return std::nullopt;
    }
    if (runs < 2) return std::nullopt;
    return fold_word(digits);
}

namespace {

// `digits` with 0 to (width - size) leading zeros.
std::vector<std::string> zero_padded(std::string_view digits, std::size_t width) {
    std::vector<std::string> out;
    for (std::string padded(digits); padded.size() <= width; padded.insert(0, 1, '0'))
        out.push_back(padded);
    return out;
}

}  // namespace

std::vector<FoldedHashes> fold_date(std::string_view word) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t slash = word.find('/', start);
        const std::string_view part = word.substr(start, slash - start);
        if (part.empty() || part.size() > 4 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return {};
        parts.push_back(part);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (parts.size() < 2 || parts.size() > 3) return {};
    std::vector<std::string> texts;  // digit strings, in the order a text writes them
    std::string written;
    for (const std::string_view part : parts) written += part;
    texts.push_back(written);
    const auto first = zero_padded(parts[0], 4), second = zero_padded(parts[1], 4);
    if (parts.size() == 3) {
        // Day, month, then a year of two or four digits; or ISO order with a four-digit year.
        std::vector<std::string> years;
        for (const std::size_t width : {2U, 4U})
            if (parts[2].size() <= width)
                years.push_back(std::string(width - parts[2].size(), '0').append(parts[2]));
        for (const auto& d : first)
            for (const auto& m : second)
                for (const auto& y : years) {
                    texts.push_back(d + m + y);
                    if (y.size() == 4) texts.push_back(y + m + d);
                }
    } else {
        // Month and four-digit year, or day and month.
        for (const auto& a : first) {
            if (parts[1].size() <= 4)
                texts.push_back(a + std::string(4 - parts[1].size(), '0').append(parts[1]));
            for (const auto& b : second) texts.push_back(a + b);
        }
    }
    std::sort(texts.begin(), texts.end());
    texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
    std::vector<FoldedHashes> out;
    for (const std::string& t : texts)
        if (const auto f = fold_word(t)) out.push_back(*f);
    return out;
}

bool has_letter_or_digit(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t length = 0;
        CharInfo info;
        const Class c = classify(text, pos, length, info);
        if (c != Class::separator && c != Class::joiner) return true;
        pos += length;
    }
    return false;
}

std::optional<FoldedHashes> fold_word(std::string_view word) {
    Spelling s;
    for (std::size_t pos = 0; pos < word.size();) {
        std::size_t length = 0;
        CharInfo info;
        const Class c = classify(word, pos, length, info);
        if (c != Class::letter && c != Class::mark) return std::nullopt;
        s.add(info);
        pos += length;
    }
    if (s.overflow || s.letter_count == 0) return std::nullopt;
    const auto get = [&](std::size_t) -> const Spelling& { return s; };
    return FoldedHashes{with_tones(letters_hash(1, get, true), s.tones),
                        letters_hash(1, get, false) | 1,  // never 0, like the spellings
                        s.letters[0], static_cast<std::uint8_t>(s.letter_count)};
}

}  // namespace vnsearch::text
