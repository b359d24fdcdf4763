// SPDX-License-Identifier: Apache-2.0
#include "text/segmenter.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <utility>

#include <vnsearch/error.hpp>

namespace vnsearch::data {
extern const std::string_view dictionary;
}  // namespace vnsearch::data

namespace vnsearch::text {

namespace {

// Longest word the dictionary holds, in syllables (tools/build_dictionary.py keeps the same bound).
constexpr std::size_t kMaxWordSyllables = 4;
// Score (natural-log probability) of a syllable the dictionary does not know. Far below any real
// word, so an unknown syllable is never preferred over a known split; tuned on the VTB dev set.
constexpr float kUnknownSyllableScore = -20.0F;
// Scores of user dictionary words. Without a frequency a user word scores like a common word, so
// it beats the split into its syllables; a frequency is read as a count in a corpus of the size
// the built-in scores were estimated on (about 48 million words of news).
constexpr float kUserWordScore = -7.0F;
constexpr double kReferenceCorpusWords = 48e6;

std::uint64_t mix(std::uint64_t h) {  // splitmix64 finaliser
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

// Packs the bytes into 64-bit words (a base syllable is at most 7 letters, so one word) and mixes
// them: cheaper than a byte-wise multiply chain, and segment() hashes every syllable it sees.
std::uint64_t hash_syllable(std::string_view s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
    std::uint64_t packed = 0;
    std::size_t filled = 0;
    for (const char c : s) {
        packed = (packed << 8) | static_cast<unsigned char>(c);
        if (++filled == 8) {
            h = mix(h ^ packed);
            packed = 0;
            filled = 0;
        }
    }
    return mix(h ^ packed);
}

// Hash of a word = syllable hashes chained in order, so n-gram hashes extend one syllable at a
// time.
std::uint64_t extend(std::uint64_t word_hash, std::uint64_t syllable_hash) {
    return mix(word_hash * 0x9e3779b97f4a7c15ULL + syllable_hash);
}

// Folds one UTF-8 code point of a Vietnamese letter to its base ASCII letter, or returns 0.
char base_letter(char32_t cp) {
    struct Family {
        char base;
        std::u32string_view letters;
    };
    static constexpr Family families[] = {
        {'a', U"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
        {'e', U"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
        {'i', U"ìíỉĩịÌÍỈĨỊ"},
        {'o', U"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
        {'u', U"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
        {'y', U"ỳýỷỹỵỲÝỶỸỴ"},
        {'d', U"đĐ"},
    };
    for (const auto& f : families) {
        if (f.letters.find(cp) != std::u32string_view::npos) {
            return f.base;
        }
    }
    return 0;
}

/// Base form of a user-supplied word: lower case, Vietnamese marks removed (precomposed letters by
/// table, combining marks U+0300..U+036F dropped), đ -> d. Other bytes pass through unchanged.
std::string fold_to_base(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            out += static_cast<char>(lead >= 'A' && lead <= 'Z' ? lead + ('a' - 'A') : lead);
            ++i;
            continue;
        }
        const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (i + len > text.size() || len == 1) {  // invalid UTF-8: keep the byte as it is
            out += text[i++];
            continue;
        }
        char32_t cp = lead & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        if (cp >= 0x300 && cp <= 0x36F) {
            // combining mark (NFD input): dropped
        } else if (const char b = base_letter(cp)) {
            out += b;
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

}  // namespace

// Linear-probing hash table from a 64-bit key hash to a word entry, in 8-byte slots (a 31-bit tag
// from the high hash bits, a flag, a score), at most half full so that most lookups, hits or
// misses, read a single slot: segment() is bound by the cache misses of these lookups.
class HashTable {
public:
    struct Slot {
        std::uint32_t tag = 0;  // 0: empty; bit 0: a longer word starts with this one
        float score = -std::numeric_limits<float>::infinity();
    };

    [[nodiscard]] const Slot* find(std::uint64_t h) const {
        const std::uint32_t tag = tag_of(h);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if ((s.tag & ~1U) == tag) {
                return &s;
            }
            if (s.tag == 0) {
                return nullptr;
            }
        }
    }

    void prefetch(std::uint64_t h) const { __builtin_prefetch(&slots_[h & mask_]); }

    Slot& insert(std::uint64_t h) {
        if (Slot* s = find_mutable(h)) {
            return *s;
        }
        if ((hashes_.size() + 1) * 2 > slots_.size()) {
            grow();
        }
        hashes_.push_back(h);
        Slot& s = place(h);
        s.tag = tag_of(h);
        return s;
    }

private:
    static std::uint32_t tag_of(std::uint64_t h) {
        const auto t = static_cast<std::uint32_t>(h >> 32) & ~1U;
        return t == 0 ? 2U : t;
    }

    Slot* find_mutable(std::uint64_t h) {
        return slots_.empty() ? nullptr : const_cast<Slot*>(std::as_const(*this).find(h));
    }

    Slot& place(std::uint64_t h) {  // first empty slot of h's probe sequence
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            if (slots_[i].tag == 0) {
                return slots_[i];
            }
        }
    }

    void grow() {
        // The slots keep tags only, so the full hashes (kept in insertion order) re-place them.
        std::vector<Slot> entries;
        entries.reserve(hashes_.size());
        for (const std::uint64_t h : hashes_) {
            entries.push_back(*find_mutable(h));
        }
        slots_.assign(std::max<std::size_t>(slots_.size() * 2, 1024), Slot{});
        mask_ = slots_.size() - 1;
        for (std::size_t i = 0; i < hashes_.size(); ++i) {
            place(hashes_[i]) = entries[i];
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::uint64_t> hashes_;
    std::size_t mask_ = 0;
};

/// Word scores keyed on the chained hash of the base syllables. Single syllables and longer
/// n-grams live in separate tables: the syllable table is small and stays in cache. Each entry also
/// says whether a longer word starts with it, so the segmenter stops extending an n-gram as soon as
/// no dictionary word can follow. Built once, then read-only and shared across threads.
class Dictionary {
public:
    struct Entry {
        float score;  // kNotAWord if the n-gram is only the prefix of longer words
        bool extends;
    };
    static constexpr float kNotAWord = -std::numeric_limits<float>::infinity();

    // Adds or raises a word given as base syllables separated by single spaces.
    void add(std::string_view word, float score) {
        std::uint64_t h = 0;
        std::size_t n = 0;
        while (!word.empty()) {
            const std::size_t space = std::min(word.find(' '), word.size());
            const std::uint64_t sh = hash_syllable(word.substr(0, space));
            h = n == 0 ? sh : extend(h, sh);
            word.remove_prefix(std::min(space + 1, word.size()));
            HashTable::Slot& slot = (n++ == 0 ? syllables_ : ngrams_).insert(h);
            if (word.empty()) {
                slot.score = std::max(slot.score, score);
            } else {
                slot.tag |= 1U;
            }
        }
    }

    // `h` is the hash of an n-gram of `n` syllables.
    [[nodiscard]] bool find(std::uint64_t h, std::size_t n, Entry& entry) const {
        const HashTable::Slot* s = (n == 1 ? syllables_ : ngrams_).find(h);
        if (s == nullptr) {
            return false;
        }
        entry = {s->score, (s->tag & 1U) != 0};
        return true;
    }

    // Hint that find(h, n) comes soon: segment() hashes a whole run first, so the cache misses of
    // its lookups overlap instead of being paid one after another.
    void prefetch(std::uint64_t h, std::size_t n) const {
        (n == 1 ? syllables_ : ngrams_).prefetch(h);
    }

private:
    HashTable syllables_;
    HashTable ngrams_;
};

namespace {

// Parses "word<TAB>score" lines (the built-in format); '#' lines and blank lines are skipped.
void load_builtin(Dictionary& dict, std::string_view text) {
    while (!text.empty()) {
        const std::size_t eol = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(std::min(eol + 1, text.size()));
        const std::size_t tab = line.find('\t');
        if (line.empty() || line.front() == '#' || tab == std::string_view::npos) {
            continue;
        }
        float score = 0;
        const char* end = line.data() + line.size();
        if (std::from_chars(line.data() + tab + 1, end, score).ec == std::errc{}) {
            dict.add(line.substr(0, tab), score);
        }
    }
}

std::shared_ptr<const Dictionary> builtin_dictionary() {
    static const std::shared_ptr<const Dictionary> dict = [] {
        auto d = std::make_shared<Dictionary>();
        load_builtin(*d, vnsearch::data::dictionary);
        return d;
    }();
    return dict;
}

// One user dictionary line -> base syllables joined by single spaces (empty if none).
std::string user_word_key(std::string_view word) {
    std::string base = fold_to_base(word);
    std::replace(base.begin(), base.end(), '_', ' ');
    std::string key;
    std::size_t i = 0;
    while (i < base.size()) {
        const std::size_t start = base.find_first_not_of(" \r\t", i);
        if (start == std::string::npos) {
            break;
        }
        const std::size_t stop = std::min(base.find_first_of(" \r\t", start), base.size());
        if (!key.empty()) {
            key += ' ';
        }
        key.append(base, start, stop - start);
        i = stop;
    }
    return key;
}

void load_user(Dictionary& dict, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Errc::io,
                    "cannot read user dictionary \"" + path + "\": " + std::strerror(errno));
    }
    std::string line;
    while (std::getline(in, line)) {
        const std::string_view view = line;
        if (view.empty() || view.front() == '#') {
            continue;
        }
        const std::size_t tab = view.find('\t');
        const std::string key = user_word_key(view.substr(0, tab));
        if (key.empty()) {
            continue;
        }
        float score = kUserWordScore;
        if (tab != std::string_view::npos) {
            double frequency = 0;
            const std::string_view f = view.substr(tab + 1);
            if (std::from_chars(f.data(), f.data() + f.size(), frequency).ec == std::errc{} &&
                frequency > 0) {
                score = static_cast<float>(std::log(frequency / kReferenceCorpusWords));
            }
        }
        dict.add(key, score);
    }
    if (in.bad()) {
        throw Error(Errc::io, "cannot read user dictionary \"" + path + "\": read error");
    }
}

// Reused between calls so that segment() does not allocate in steady state.
struct Scratch {
    std::vector<std::uint64_t> hashes;   // syllable i
    std::vector<std::uint64_t> bigrams;  // syllables i, i + 1
    std::vector<float> best;
    std::vector<std::uint32_t> back;
};

}  // namespace

Segmenter::Segmenter(const std::string& user_dictionary_path) {
    if (user_dictionary_path.empty()) {
        dictionary_ = builtin_dictionary();
        return;
    }
    auto dict = std::make_shared<Dictionary>(*builtin_dictionary());
    load_user(*dict, user_dictionary_path);
    dictionary_ = std::move(dict);
}

// Unigram Viterbi: the split that maximises the sum of word scores, words of 1..4 syllables, a
// syllable outside the dictionary scoring kUnknownSyllableScore. Forward relaxation lets each start
// position stop extending as soon as its n-gram is no dictionary prefix.
void Segmenter::segment(const std::vector<std::string_view>& syllables,
                        std::vector<std::uint32_t>& word_lengths) const {
    word_lengths.clear();
    const std::size_t n = syllables.size();
    if (n == 0) {
        return;
    }
    thread_local Scratch scratch;
    auto& hashes = scratch.hashes;
    auto& bigrams = scratch.bigrams;
    auto& best = scratch.best;
    auto& back = scratch.back;
    hashes.resize(n);
    bigrams.resize(n);
    best.assign(n + 1, -std::numeric_limits<float>::infinity());
    back.resize(n + 1);
    const Dictionary& dict = *dictionary_;
    for (std::size_t i = 0; i < n; ++i) {
        hashes[i] = hash_syllable(syllables[i]);
        dict.prefetch(hashes[i], 1);
        if (i > 0) {
            bigrams[i - 1] = extend(hashes[i - 1], hashes[i]);
            dict.prefetch(bigrams[i - 1], 2);
        }
    }
    best[0] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float base = best[i];
        std::uint64_t h = hashes[i];
        Dictionary::Entry e{};
        const bool known = dict.find(h, 1, e);
        const float single =
            known && e.score != Dictionary::kNotAWord ? e.score : kUnknownSyllableScore;
        if (base + single > best[i + 1]) {
            best[i + 1] = base + single;
            back[i + 1] = 1;
        }
        const std::size_t limit = std::min(n - i, kMaxWordSyllables);
        for (std::size_t k = 2; known && e.extends && k <= limit; ++k) {
            h = k == 2 ? bigrams[i] : extend(h, hashes[i + k - 1]);
            if (!dict.find(h, k, e)) {
                break;
            }
            if (e.score != Dictionary::kNotAWord && base + e.score > best[i + k]) {
                best[i + k] = base + e.score;
                back[i + k] = static_cast<std::uint32_t>(k);
            }
        }
    }
    for (std::size_t j = n; j > 0; j -= back[j]) {
        word_lengths.push_back(back[j]);
    }
    std::reverse(word_lengths.begin(), word_lengths.end());
}

}  // namespace vnsearch::text
