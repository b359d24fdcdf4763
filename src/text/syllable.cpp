// SPDX-License-Identifier: Apache-2.0
#include "text/syllable.hpp"

#include <array>
#include <string_view>

namespace vnsearch::text {

namespace {

// Vowels as small codes so a cluster of up to three packs into one table index.
constexpr int vowel_count = 12;
constexpr int not_a_vowel = -1;

int vowel_code(const Letter& l) noexcept {
    switch (l.base) {
        case 'a':
            return l.modifier == Modifier::none         ? 0
                   : l.modifier == Modifier::breve      ? 1
                   : l.modifier == Modifier::circumflex ? 2
                                                        : not_a_vowel;
        case 'e':
            return l.modifier == Modifier::none         ? 3
                   : l.modifier == Modifier::circumflex ? 4
                                                        : not_a_vowel;
        case 'i':
            return l.modifier == Modifier::none ? 5 : not_a_vowel;
        case 'o':
            return l.modifier == Modifier::none         ? 6
                   : l.modifier == Modifier::circumflex ? 7
                   : l.modifier == Modifier::horn       ? 8
                                                        : not_a_vowel;
        case 'u':
            return l.modifier == Modifier::none   ? 9
                   : l.modifier == Modifier::horn ? 10
                                                  : not_a_vowel;
        case 'y':
            return l.modifier == Modifier::none ? 11 : not_a_vowel;
        default:
            return not_a_vowel;
    }
}

// The vowel clusters of Vietnamese rhymes (after the onset, glides included), spelled with the
// codes above: a ă â e ê i o ô ơ u ư y.
constexpr std::string_view vowel_letters = "aAbeEioOPuUy";  // a ă â e ê i o ô ơ u ư y
constexpr std::array<std::string_view, 50> clusters = {
    "a",  "A",  "b",  "e",   "E",   "i",   "o",   "O",   "P",   "u",   "U",  "y",  "ai",
    "ao", "au", "ay", "bu",  "by",  "eo",  "Eu",  "ia",  "iE",  "iu",  "oa", "oA", "oe",
    "oi", "Oi", "Pi", "oo",  "ua",  "ub",  "uE",  "ui",  "uO",  "uP",  "uy", "Ua", "Ui",
    "Uu", "UP", "yE", "iEu", "oai", "oay", "oeo", "uby", "uOi", "uya", "uyE"};
constexpr std::array<std::string_view, 4> more_clusters = {"uyu", "UPi", "UPu", "yEu"};

struct ClusterTable {
    std::array<bool, (vowel_count + 1) * (vowel_count + 1) * (vowel_count + 1)> valid{};
    static std::size_t index(const int* codes, std::size_t n) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < 3; ++i) k = k * (vowel_count + 1) + (i < n ? codes[i] + 1 : 0);
        return k;
    }
    void add(std::string_view spelled) {
        int codes[3] = {};
        for (std::size_t i = 0; i < spelled.size(); ++i)
            codes[i] = static_cast<int>(vowel_letters.find(spelled[i]));
        valid[index(codes, spelled.size())] = true;
    }
    ClusterTable() {
        for (auto c : clusters) add(c);
        for (auto c : more_clusters) add(c);
    }
};

const ClusterTable& cluster_table() {
    static const ClusterTable table;
    return table;
}

bool is_consonant(char c) {
    return c >= 'a' && c <= 'z' && std::string_view("aeiouy").find(c) == std::string_view::npos;
}

// Length of the onset: the longest consonant cluster Vietnamese allows, with "gi" and "qu"
// taking their glide-like letter when a vowel follows.
std::size_t onset_length(const Letter* l, std::size_t n) {
    auto plain = [&](std::size_t i, char c) {
        return i < n && l[i].base == c && l[i].modifier == Modifier::none;
    };
    if (n == 0) return 0;
    if (l[0].modifier == Modifier::stroke) return 1;  // đ
    if (l[0].modifier != Modifier::none || !is_consonant(l[0].base)) return 0;
    const char c0 = l[0].base;
    if (c0 == 'q') return plain(1, 'u') && n > 2 ? 2 : 1;
    if (c0 == 'g' && plain(1, 'i') && n > 2 && vowel_code(l[2]) != not_a_vowel) return 2;
    if (c0 == 'n' && plain(1, 'g')) return plain(2, 'h') ? 3 : 2;
    if (n > 1 && l[1].modifier == Modifier::none && l[1].base == 'h' &&
        std::string_view("cgknpt").find(c0) != std::string_view::npos)
        return 2;
    if (c0 == 't' && plain(1, 'r')) return 2;
    return std::string_view("fjwz").find(c0) == std::string_view::npos ? 1 : 0;
}

bool is_coda(const Letter* l, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (l[i].modifier != Modifier::none) return false;
    if (n == 0) return true;
    if (n == 1) return std::string_view("cmnpt").find(l[0].base) != std::string_view::npos;
    if (n == 2)
        return l[1].base == 'h' ? (l[0].base == 'c' || l[0].base == 'n')
                                : (l[0].base == 'n' && l[1].base == 'g');
    return false;
}

}  // namespace

bool parse_syllable(const Letter* letters, std::size_t count, std::size_t& tone_slot) noexcept {
    const std::size_t onset = onset_length(letters, count);
    if (onset == 0 && count > 0 && vowel_code(letters[0]) == not_a_vowel) return false;
    int codes[3] = {};
    std::size_t vowels = 0;
    while (onset + vowels < count && vowels < 4) {
        const int code = vowel_code(letters[onset + vowels]);
        if (code == not_a_vowel) break;
        if (vowels == 3) return false;
        codes[vowels++] = code;
    }
    if (vowels == 0) return false;
    const std::size_t coda = count - onset - vowels;
    if (!is_coda(letters + onset + vowels, coda)) return false;
    if (!cluster_table().valid[ClusterTable::index(codes, vowels)]) return false;

    // The tone goes on the last modified vowel (ơ of ươ, ê of iê/uyê), ...
    for (std::size_t i = vowels; i-- > 0;) {
        const Modifier m = letters[onset + i].modifier;
        if (m != Modifier::none) {
            tone_slot = onset + i;
            return true;
        }
    }
    // ... else on the last vowel before a final consonant, ...
    if (coda > 0 || vowels == 1) {
        tone_slot = onset + vowels - 1;
        return true;
    }
    if (vowels == 3) {
        tone_slot = onset + 1;
        return true;
    }
    // ... else oa, oe, uy take it on the second vowel (new style), the other pairs on the first.
    const char first = letters[onset].base, second = letters[onset + 1].base;
    const bool second_vowel =
        (first == 'o' && (second == 'a' || second == 'e')) || (first == 'u' && second == 'y');
    tone_slot = onset + (second_vowel ? 1 : 0);
    return true;
}

}  // namespace vnsearch::text
