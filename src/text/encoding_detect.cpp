// SPDX-License-Identifier: Apache-2.0
#include "text/encoding_detect.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <vnsearch/error.hpp>
#include "data/embedded.hpp"
#include "text/encoding_tables.hpp"

namespace vnsearch::text {
namespace {

// A syllable is spelt in a small key alphabet: ASCII letters in lower case, and one upper-case
// stand-in per modified letter: â=A ă=W ê=E ô=O ơ=P ư=U đ=D. Tones are kept apart (1..5).
enum class Kind : std::uint8_t {
    other,
    letter,
    foreign,
    tone_mark,
    mod_mark,
    foreign_mark,
    odd,
    bad
};

struct Info {
    Kind kind = Kind::other;
    char key = 0;
    std::uint8_t tone = 0;
    bool upper = false;
};

std::uint8_t tone_of(UChar32 m) {
    switch (m) {
        case 0x300:
            return 1;  // huyền
        case 0x301:
            return 2;  // sắc
        case 0x303:
            return 3;  // ngã
        case 0x309:
            return 4;  // hỏi
        case 0x323:
            return 5;  // nặng
        default:
            return 0;
    }
}

bool is_modifier(UChar32 m) { return m == 0x302 || m == 0x306 || m == 0x31B; }

// The key of `key` with modifier `m`, or 0 if Vietnamese has no such letter.
char apply_modifier(char key, UChar32 m) {
    if (m == 0x302) return key == 'a' ? 'A' : key == 'e' ? 'E' : key == 'o' ? 'O' : 0;
    if (m == 0x306) return key == 'a' ? 'W' : 0;
    if (m == 0x31B) return key == 'o' ? 'P' : key == 'u' ? 'U' : 0;
    return 0;
}

Info classify_slow(UChar32 c) {
    if (c < 0x80) {
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return {Kind::letter, static_cast<char>(c | 0x20), 0, c < 'a'};
        if (c < 0x20 && (c < 0x09 || c > 0x0D)) return {Kind::bad, 0, 0};
        return {};
    }
    if (c < 0xA0 || c == 0xFFFD) return {Kind::bad, 0, 0};
    // Symbols Vietnamese prose does not use, but Windows-1252 readings of letter bytes give
    // ("™ vòng bán kết" is "Ở vòng bán kết" read as ABC instead of VN1).
    static constexpr std::u32string_view odd =
        U"\u201A\u201E\u2020\u2021\u02C6\u2030\u2039\u203A"
        U"\u02DC\u2122\u00A1\u00A4\u00A6\u00A8\u00AC"
        U"\u00AF\u00B4\u00B6\u00B8\u00BF";
    if (odd.find(c) != std::u32string_view::npos) return {Kind::odd, 0, 0};
    if (tone_of(c) != 0) return {Kind::tone_mark, 0, tone_of(c)};
    if (is_modifier(c)) return {Kind::mod_mark, 0, 0};
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK)
        return {Kind::foreign_mark, 0, 0};
    if (c == 0x110 || c == 0x111) return {Kind::letter, 'D', 0, c == 0x110};
    if (!u_isalpha(c)) return {};
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw Error(Errc::internal, "cannot load ICU NFD data");
    icu::UnicodeString d;
    if (!nfd->getDecomposition(c, d)) return {Kind::foreign, 0, 0};
    const UChar32 base = d.char32At(0);
    if (base >= 0x80 || !u_isalpha(base)) return {Kind::foreign, 0, 0};
    Info info{Kind::letter, static_cast<char>(base | 0x20), 0, u_isupper(c) != 0};
    for (int32_t i = 1; i < d.length(); i += U16_LENGTH(d.char32At(i))) {
        const UChar32 m = d.char32At(i);
        if (tone_of(m) != 0 && info.tone == 0 &&
            std::string_view("aeiouyAEOPUW").find(info.key) != std::string_view::npos) {
            info.tone = tone_of(m);
        } else if (is_modifier(m) && apply_modifier(info.key, m) != 0) {
            info.key = apply_modifier(info.key, m);
        } else {
            return {Kind::foreign, 0, 0};
        }
    }
    return info;
}

// Code points below U+0250 and in Latin Extended Additional (U+1E00-U+1EFF) by table.
struct Classifier {
    std::array<Info, 0x370> low{};
    std::array<Info, 0x100> ext{};
    Classifier() {
        for (UChar32 c = 0; c < 0x370; ++c) low[static_cast<std::size_t>(c)] = classify_slow(c);
        for (UChar32 c = 0; c < 0x100; ++c)
            ext[static_cast<std::size_t>(c)] = classify_slow(0x1E00 + c);
    }
    [[nodiscard]] Info operator()(char32_t c) const {
        if (c < 0x370) return low[c];
        if (c >= 0x1E00 && c < 0x1F00) return ext[c - 0x1E00];
        return classify_slow(static_cast<UChar32>(c));
    }
};

const Classifier& classifier() {
    static const Classifier c;
    return c;
}

std::string key_of(std::string_view utf8);
std::string key_and_tone_of(std::string_view utf8);

// Keys of up to 8 chars (all below 0x80) packed into an integer, for cheap set lookups.
std::uint64_t pack(std::string_view key) {
    std::uint64_t v = 0;
    for (char c : key) v = (v << 7) | static_cast<unsigned char>(c);
    return (v << 4) | key.size();
}

struct Spelling {
    std::vector<std::string> initials;         // longest first
    std::vector<std::uint64_t> rhymes;         // packed, sorted
    std::unordered_set<std::uint64_t> common;  // packed key + tone digit of frequent syllables
    Spelling() {
        // Vietnamese rhymes without tone (medial + nucleus + final), loanword-free.
        static constexpr std::string_view rhyme_list =
            "a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây "
            "e eo ec em en eng ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu iêc iêm "
            "iên iêng iêp iêt iêu o oi oc om on ong op ot oo ooc oong oa oac oach oai oam oan oang "
            "oanh oao oap oat oay oăc oăm oăn oăng oăp oăt oe oec oem oen oeo oet ô ôi ôc ôm ôn "
            "ông ôp ôt ơ ơi ơm ơn ơp ơt u ua uân uâng uât uây uc ui um un ung up ut uê uêch uênh "
            "uy uya uych uyên uyêt uyn uynh uyp uyt uyu uơ uôc uôi uôm uôn uông uôt ư ưa ưc ưi ưm "
            "ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu y yêm yên yêng yêt yêu";
        static constexpr std::string_view initial_list =
            "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x";
        std::size_t start = 0;
        for (std::size_t i = 0; i <= rhyme_list.size(); ++i)
            if (i == rhyme_list.size() || rhyme_list[i] == ' ') {
                rhymes.push_back(pack(key_of(rhyme_list.substr(start, i - start))));
                start = i + 1;
            }
        start = 0;
        for (std::size_t i = 0; i <= initial_list.size(); ++i)
            if (i == initial_list.size() || initial_list[i] == ' ') {
                initials.push_back(key_of(initial_list.substr(start, i - start)));
                start = i + 1;
            }
        initials.emplace_back();
        std::sort(rhymes.begin(), rhymes.end());
        std::string_view list = data::common_syllables;
        while (!list.empty()) {
            const std::size_t end = std::min(list.find('\n'), list.size());
            const std::string_view line = list.substr(0, end);
            if (!line.empty() && line.front() != '#') common.insert(pack(key_and_tone_of(line)));
            list.remove_prefix(std::min(end + 1, list.size()));
        }
    }
};

const Spelling& spelling() {
    static const Spelling s;
    return s;
}

// Decodes one code point of our own (valid) UTF-8; malformed input yields U+FFFD.
char32_t next_cp(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (b >= 0x80 && (b < 0xC2 || i + n > s.size())) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k)
        c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return c;
}

bool is_vowel_key(char k) {
    return std::string_view("aeiouyAWEOPU").find(k) != std::string_view::npos;
}
bool is_modified_key(char k) {
    return std::string_view("AWEOPU").find(k) != std::string_view::npos;
}

// Where the tone mark may sit in `rhyme` (index into it): on the modified vowel if there is one
// (the last: ươ takes it on ơ), else the only vowel, else the second of two before a final
// consonant, else the first of two (and also the second for oa, oe, uy: "hoà" beside "hòa"),
// else the middle of three ("ngoài", "khuỷu").
bool tone_position_ok(std::string_view rhyme, std::size_t pos) {
    std::array<std::size_t, 4> vowels{};
    std::size_t n = 0, modified = std::string_view::npos;
    for (std::size_t i = 0; i < rhyme.size() && is_vowel_key(rhyme[i]); ++i) {
        if (n == vowels.size()) return false;
        vowels[n++] = i;
        if (is_modified_key(rhyme[i])) modified = i;
    }
    if (n == 0) return false;
    if (modified != std::string_view::npos) return pos == modified;
    if (n == 1) return pos == vowels[0];
    if (n == 3) return pos == vowels[1];
    if (rhyme.size() > n) return pos == vowels[1];
    const std::string_view pair = rhyme.substr(0, 2);
    return pos == vowels[0] || (pos == vowels[1] && (pair == "oa" || pair == "oe" || pair == "uy"));
}

// Quốc ngữ spelling: k/gh/ngh before i e ê (y), c/g/ng elsewhere.
bool initial_fits(std::string_view initial, char first) {
    const bool front = first == 'i' || first == 'e' || first == 'E' || first == 'y';
    if (initial == "k") return front;
    if (initial == "c") return !front;
    if (initial == "gh" || initial == "ngh") return front && first != 'y';
    if (initial == "ng") return !front || first == 'y';
    if (initial == "g") return first != 'e' && first != 'E';
    return true;
}

// Collects the letters of one word and judges it.
class Word {
public:
    enum class Verdict { none, ascii, valid, common, invalid };

    void letter(const Info& info) {
        if (info.kind == Kind::foreign || info.key < 'a' || info.tone != 0) non_ascii_ = true;
        if (info.kind == Kind::foreign) broken_ = true;
        if (size_ == keys_.size()) {
            broken_ = true;
            return;
        }
        // Case must be all lower, all upper or Capitalised: a capital inside a lower-case word
        // is what a wrong reading of a lower-case letter looks like.
        if (size_ == 1) upper_rest_ = info.upper;
        if (size_ >= 2 && info.upper != upper_rest_) broken_ = true;
        if (size_ >= 1 && info.upper && !upper_first_) broken_ = true;
        if (size_ == 0) upper_first_ = info.upper;
        keys_[size_] = info.key;
        if (info.tone != 0) add_tone(info.tone, size_);
        ++size_;
    }
    void mark(const Info& info, char32_t cp) {
        non_ascii_ = true;
        if (size_ == 0 || info.kind == Kind::foreign_mark) {
            broken_ = true;
        } else if (info.kind == Kind::tone_mark) {
            add_tone(info.tone, size_ - 1);
        } else {
            keys_[size_ - 1] = apply_modifier(keys_[size_ - 1], static_cast<UChar32>(cp));
            broken_ = broken_ || keys_[size_ - 1] == 0;
        }
    }
    [[nodiscard]] bool empty() const { return size_ == 0 && !non_ascii_; }
    [[nodiscard]] bool modified() const {
        return std::any_of(keys_.begin(), keys_.begin() + static_cast<std::ptrdiff_t>(size_),
                           [](char k) { return is_modified_key(k) || k == 'D'; });
    }

    /// Judges the word and starts a new one. ASCII-only words are the same in every reading, so
    /// they are not judged unless `judge_ascii`; a valid one-letter word ("ở", or "Ọ" that is
    /// really a dash) proves too little to count.
    Verdict finish(bool judge_ascii = false) {
        Verdict v = Verdict::none;
        if (!empty()) {
            if (!non_ascii_ && !judge_ascii) {
                v = Verdict::ascii;
            } else if (!judge()) {
                v = Verdict::invalid;
            } else {
                v = size_ == 1 && !judge_ascii ? Verdict::none
                    : is_common()              ? Verdict::common
                                               : Verdict::valid;
            }
        }
        *this = Word{};
        return v;
    }

private:
    void add_tone(std::uint8_t tone, std::size_t pos) {
        ++tones_;
        tone_ = tone;
        tone_pos_ = pos;
    }

    [[nodiscard]] bool is_common() const {
        std::array<char, 9> key{};
        std::copy_n(keys_.begin(), size_, key.begin());
        key[size_] = static_cast<char>('0' + (tones_ == 0 ? 0 : tone_));
        return spelling().common.count(pack(std::string_view(key.data(), size_ + 1))) != 0;
    }

    [[nodiscard]] bool judge() const {
        if (broken_ || tones_ > 1 || size_ == 0) return false;
        const std::string_view key(keys_.data(), size_);
        const Spelling& sp = spelling();
        for (const std::string& initial : sp.initials) {
            if (!initial.empty() && (initial.size() >= key.size() || initial[0] != key[0] ||
                                     key.substr(0, initial.size()) != initial))
                continue;
            const std::string_view rhyme = key.substr(initial.size());
            if (rhyme.size() > 4 ||
                !std::binary_search(sp.rhymes.begin(), sp.rhymes.end(), pack(rhyme)))
                continue;
            if (!initial_fits(initial, rhyme[0])) continue;
            if (tones_ == 1 && (tone_pos_ < initial.size() ||
                                !tone_position_ok(rhyme, tone_pos_ - initial.size())))
                continue;
            const bool stop = rhyme.back() == 'c' || rhyme.back() == 'p' || rhyme.back() == 't' ||
                              rhyme.ends_with("ch");
            if (!stop || tone_ == 2 || tone_ == 5) return true;
        }
        return false;
    }

    std::array<char, 8> keys_{};
    std::size_t size_ = 0;
    int tones_ = 0;
    std::uint8_t tone_ = 0;
    std::size_t tone_pos_ = 0;
    bool non_ascii_ = false;
    bool broken_ = false;
    bool upper_first_ = false;
    bool upper_rest_ = false;
};

std::string key_of(std::string_view utf8) {
    std::string key;
    for (std::size_t i = 0; i < utf8.size();) {
        const Info info = classify_slow(static_cast<UChar32>(next_cp(utf8, i)));
        key.push_back(info.key);
    }
    return key;
}

std::string key_and_tone_of(std::string_view utf8) {
    std::string key;
    std::uint8_t tone = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = next_cp(utf8, i);
        const Info info = classify_slow(static_cast<UChar32>(cp));
        if (info.kind == Kind::letter) key.push_back(info.key);
        tone = info.tone != 0 ? info.tone : tone;
    }
    key.push_back(static_cast<char>('0' + tone));
    return key;
}

// Calls on_word(verdict, modified) for each word; `modified`: it has a modified letter (â ă ê ô ơ
// ư đ).
template <typename OnWord>
void for_each_word(std::string_view text, bool judge_ascii, int& bad, OnWord&& on_word) {
    const Classifier& classify = classifier();
    Word word;
    auto flush = [&] {
        const bool modified = word.modified();
        on_word(word.finish(judge_ascii), modified);
    };
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = next_cp(text, i);
        const Info info = classify(cp);
        switch (info.kind) {
            case Kind::letter:
            case Kind::foreign:
                word.letter(info);
                break;
            case Kind::tone_mark:
            case Kind::mod_mark:
            case Kind::foreign_mark:
                word.mark(info, cp);
                break;
            case Kind::odd:
                flush();
                on_word(Word::Verdict::invalid, false);
                break;
            case Kind::bad:
                ++bad;
                [[fallthrough]];
            case Kind::other:
                flush();
                break;
        }
    }
    flush();
}

// ---- Choosing a reading ------------------------------------------------------------------------

// The best reading must beat every reading that gives another text in another encoding by this
// much: one word that is a syllable in one and not in the other moves the difference by 3.
constexpr long decisive_margin = 2;
// The race drops a reading that trails the best by this much (about five words that are
// syllables in the best reading and not in this one), and scores words in batches of this many.
constexpr long drop_margin = 16;
constexpr std::size_t batch_words = 8;

constexpr std::size_t reader_count = static_cast<std::size_t>(Reader::viqr) + 1;

// Bytes that separate words in every reading and reset every decoder's context, so that a reading
// of the whole input is the readings of its words put together, and so is its score.
constexpr bool is_separator(unsigned char b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
}

bool is_8bit(Reader r) { return r >= Reader::tcvn3 && r <= Reader::cp1258; }

Charset charset_of(Reader r) {
    return static_cast<Charset>(static_cast<int>(r) - static_cast<int>(Reader::tcvn3));
}

// What a reader makes of one byte, as a string that is equal for two readers exactly when both
// decoders treat the byte alike (same output, same effect on the next byte). Readers whose reading
// depends on more than the byte get a key of their own, which only costs scoring time.
std::string byte_key(Reader r, unsigned b) {
    const std::string own = "own " + std::to_string(static_cast<int>(r));
    const std::string identity = "id";
    auto reading_key = [](const ByteReading& br) {
        if (br.size == 0) return std::string("undefined");
        if (br.identity) return std::string("id");
        return std::string(br.utf8.data(), br.size) + '|' + std::to_string(br.capital_base) + '|' +
               std::to_string(br.alone_cp);
    };
    if (is_8bit(r)) return reading_key(charset_table(charset_of(r)).bytes[b]);
    if (r == Reader::utf8) return b < 0x80 ? identity : own;
    if (r == Reader::viqr) {
        if (b < 0x80) {
            // Marks, the escape and the d of dd change what comes before or after them.
            return std::string_view("'`?~.^(+\\dD").find(static_cast<char>(b)) ==
                           std::string_view::npos
                       ? identity
                       : own;
        }
        if (b >= 0xA0) {  // Latin-1, as decode_viqr reads it
            std::array<char, 4> buf{};
            const auto n = encode_utf8(static_cast<char32_t>(b), buf.data());
            return std::string(buf.data(), n) + "|0|0";
        }
        return reading_key(charset_table(Charset::tcvn3).bytes[b]);  // cp1252 in 80-9F
    }
    return own;  // UTF-16 is not read byte by byte
}

// For each reader and byte, a number equal between readers that read the byte alike.
struct ByteClasses {
    std::array<std::array<std::uint16_t, 256>, reader_count> id{};
    ByteClasses() {
        std::map<std::string, std::uint16_t> ids;
        for (std::size_t r = 0; r < reader_count; ++r)
            for (unsigned b = 0; b < 256; ++b) {
                const auto [it, added] = ids.try_emplace(byte_key(static_cast<Reader>(r), b),
                                                         static_cast<std::uint16_t>(ids.size()));
                id[r][b] = it->second;
            }
    }
};

const ByteClasses& byte_classes() {
    static const ByteClasses classes;
    return classes;
}

struct Contender {
    Reader reader;
    VietnameseScore score;
    std::size_t text_hash = 0;  // of the words read so far: tells readings with one text apart
    bool alive = true;
};

std::size_t mix(std::size_t h, std::string_view text) {
    return (h ^ std::hash<std::string_view>{}(text)) * 0x100000001B3ULL;
}

Reader family(Reader r) { return r == Reader::tcvn3_vn1 ? Reader::tcvn3 : r; }

// The best reading still in the race, if it is Vietnamese and clearly ahead of every other
// reading that gives another text in another encoding.
Detection pick(const std::vector<Contender>& contenders) {
    std::vector<const Contender*> order;
    for (const Contender& c : contenders)
        if (c.alive) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(), [](const Contender* a, const Contender* b) {
        return a->score.value() > b->score.value();
    });
    const Contender& best = *order.front();
    Detection d{best.reader, false};
    if (best.score.valid == 0 || best.score.value() <= 0) return d;
    for (std::size_t i = 1; i < order.size(); ++i) {
        const Contender& c = *order[i];
        if (family(c.reader) == family(best.reader) || c.text_hash == best.text_hash) continue;
        d.decided = best.score.value() - c.score.value() >= decisive_margin;
        return d;
    }
    d.decided = true;
    return d;
}

// The reference: every reading decodes and scores all of `bytes`.
Detection detect_full(std::string_view bytes, std::span<const Reader> readers) {
    std::vector<Contender> contenders;
    std::string text;
    for (Reader r : readers) {
        text.clear();
        decode_with(r, bytes, text);
        contenders.push_back({r, score_vietnamese(text), mix(0, text), true});
    }
    return pick(contenders);
}

// Words are scored in batches by every reading still in the race, and only words with a byte
// that those readings read differently: the others score alike in all of them. After each batch a
// reading far behind the best is dropped; the race ends when the readings left read every byte
// alike, typically after the first batch or two.
class Race {
public:
    explicit Race(std::span<const Reader> readers) {
        for (Reader r : readers) contenders_.push_back({r, {}, 0, true});
        refresh();
    }

    Detection run(std::string_view bytes) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
        const std::size_t n = bytes.size();
        for (std::size_t i = 0; differ_;) {
            while (i < n && !differs_[p[i]]) ++i;  // the hot loop once few readings are left
            if (i == n) break;
            std::size_t start = i;
            while (start > 0 && !is_separator(p[start - 1])) --start;
            while (i < n && !is_separator(p[i])) ++i;
            batch_.push_back(bytes.substr(start, i - start));
            if (batch_.size() == batch_words) score_batch();
        }
        if (!batch_.empty()) score_batch();
        return pick(contenders_);
    }

    [[nodiscard]] bool dropped_any() const { return dropped_; }

private:
    void score_batch() {
        long best = LONG_MIN;
        for (Contender& c : contenders_) {
            if (!c.alive) continue;
            text_.clear();
            for (std::string_view word : batch_) {
                decode_with(c.reader, word, text_);
                text_.push_back(' ');
            }
            c.score += score_vietnamese(text_);
            c.text_hash = mix(c.text_hash, text_);
            best = std::max(best, c.score.value());
        }
        batch_.clear();
        bool changed = false;
        for (Contender& c : contenders_) {
            if (c.alive && best - c.score.value() >= drop_margin) {
                c.alive = false;
                changed = true;
            }
        }
        if (changed) {
            dropped_ = true;
            refresh();
        }
    }

    // Which bytes the readings left read differently.
    void refresh() {
        const ByteClasses& classes = byte_classes();
        differ_ = false;
        for (unsigned b = 0; b < 256; ++b) {
            bool d = false;
            const std::uint16_t* first = nullptr;
            for (const Contender& c : contenders_) {
                if (!c.alive) continue;
                const std::uint16_t& id = classes.id[static_cast<std::size_t>(c.reader)][b];
                if (first == nullptr) {
                    first = &id;
                } else if (id != *first) {
                    d = true;
                    break;
                }
            }
            differs_[b] = d;
            differ_ = differ_ || d;
        }
    }

    std::vector<Contender> contenders_;
    std::array<bool, 256> differs_{};
    bool differ_ = false;
    bool dropped_ = false;
    std::vector<std::string_view> batch_;
    std::string text_;
};

// UTF-16 without a BOM: NUL bytes, nearly all at odd offsets (LE) or at even ones (BE).
void add_utf16_guesses(std::string_view s, std::vector<Reader>& out) {
    if (s.find('\0') == std::string_view::npos) return;
    std::size_t zero[2] = {0, 0};
    for (std::size_t i = 0; i < s.size(); ++i) zero[i % 2] += s[i] == '\0';
    const std::size_t pairs = s.size() / 2;
    if (pairs > 0 && zero[1] * 4 >= pairs && zero[0] * 10 <= zero[1])
        out.push_back(Reader::utf16le);
    if (pairs > 0 && zero[0] * 4 >= pairs && zero[1] * 10 <= zero[0])
        out.push_back(Reader::utf16be);
}

}  // namespace

VietnameseScore score_vietnamese(std::string_view text) {
    VietnameseScore score;
    for_each_word(text, false, score.bad, [&](Word::Verdict v, bool) {
        score.valid += v == Word::Verdict::valid || v == Word::Verdict::common;
        score.common += v == Word::Verdict::common;
        score.invalid += v == Word::Verdict::invalid;
    });
    return score;
}

bool is_vietnamese_syllable(std::string_view word) {
    int bad = 0;
    int words = 0;
    bool ok = false;
    for_each_word(word, true, bad, [&](Word::Verdict v, bool) {
        if (v == Word::Verdict::none) return;
        ++words;
        ok = v == Word::Verdict::valid || v == Word::Verdict::common;
    });
    return bad == 0 && words == 1 && ok;
}

ViqrEvidence viqr_evidence(std::string_view text) {
    constexpr std::size_t sample_bytes = 64 * 1024;
    text = text.substr(0, sample_bytes);
    // Marks VIQR would apply: a tone or modifier after a vowel, or "dd". Without three of them,
    // two of which modify a letter, the text cannot pass is_clear_viqr, so most English and code
    // is never decoded.
    int marks = 0, modifiers = 0;
    for (std::size_t i = 0; i + 1 < text.size() && (marks < 3 || modifiers < 2); ++i) {
        const char a = static_cast<char>(text[i] | 0x20);
        const char b = text[i + 1];
        const bool vowel = std::string_view("aeiouy").find(a) != std::string_view::npos;
        const bool modifier =
            (vowel && (b == '^' || b == '(' || b == '+')) || (a == 'd' && (b | 0x20) == 'd');
        marks += modifier || (vowel && std::string_view("'`?~.").find(b) != std::string_view::npos);
        modifiers += modifier;
    }
    ViqrEvidence e;
    if (marks < 3 || modifiers < 2) return e;
    std::string decoded;
    decode_with(Reader::viqr, text, decoded);
    int bad = 0;
    for_each_word(decoded, false, bad, [&](Word::Verdict v, bool modified) {
        if (v == Word::Verdict::none) return;
        ++e.words;
        if (v == Word::Verdict::ascii) return;
        ++e.marked;
        if (v == Word::Verdict::valid || v == Word::Verdict::common) {
            ++e.valid;
            e.modified += modified;
        }
    });
    return e;
}

bool is_clear_viqr(const ViqrEvidence& e) {
    // Vietnamese prose marks about three words in four (tone or modified vowel); news full of
    // foreign names and figures still two in five. English and code mark a few in a hundred (a
    // full stop after a vowel), and most of those do not parse: the margin is wide both ways.
    // A tone mark alone is what a question mark or full stop after an English word reads as
    // ("he?" is "hẻ"); a modified letter (^ ( + dd) is not, and Vietnamese has one in about every
    // other word.
    return e.valid >= 3 && 10 * e.marked >= 3 * e.words && 10 * e.valid >= 9 * e.marked &&
           e.modified >= 2 && 5 * e.modified >= e.valid;
}

std::vector<Reader> candidate_readers(std::string_view bytes) {
    std::vector<Reader> readers = {Reader::utf8};
    add_utf16_guesses(bytes, readers);
    for (Reader r : {Reader::tcvn3, Reader::tcvn3_vn1, Reader::vni, Reader::viscii, Reader::vps,
                     Reader::cp1258, Reader::viqr})
        readers.push_back(r);
    return readers;
}

bool reads_alike(Reader a, Reader b, unsigned char byte) {
    const ByteClasses& classes = byte_classes();
    return classes.id[static_cast<std::size_t>(a)][byte] ==
           classes.id[static_cast<std::size_t>(b)][byte];
}

Detection detect_reading(std::string_view bytes, std::span<const Reader> readers,
                         DetectOptions options) {
    if (readers.empty()) return {};
    const bool utf16 = std::any_of(readers.begin(), readers.end(), [](Reader r) {
        return r == Reader::utf16le || r == Reader::utf16be;
    });
    if (!options.early_stop || utf16) return detect_full(bytes, readers);
    Race race(readers);
    const Detection d = race.run(bytes);
    // A reading dropped early might have come back: an undecided race is run again in full.
    return d.decided || !race.dropped_any() ? d : detect_full(bytes, readers);
}

}  // namespace vnsearch::text
