// SPDX-License-Identifier: Apache-2.0
#include "text/segmenter.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <tuple>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <vnsearch/error.hpp>
#include "data/embedded.hpp"

namespace vnsearch::text {

namespace {

// Longest word the dictionary holds, in syllables (tools/build_dictionary.py keeps the same bound).
constexpr std::size_t kMaxWordSyllables = 4;
// Score (natural-log probability) of a syllable the dictionary does not know, and the floor of a
// known one. Below every known syllable (the rarest score about -17.7); on the VTB dev set any
// value from -12 to -25 gives the same F1.
constexpr float kUnknownSyllableScore = -20.0F;
// Score of a user dictionary word: that of a common word, so that it beats the split into its
// syllables. A frequency, read as a count in a corpus of the size the built-in scores come from
// (about 48 million words of news), can raise it, never lower it: user words must be found.
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

std::uint32_t load32(const unsigned char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// A base syllable has at most 7 letters, so the common case reads it whole in two overlapping
// 4-byte loads (or, under 4 bytes, three single bytes) chosen by selects, not branches: a
// mispredicted branch per syllable would cost more than the whole hash. Longer tokens (foreign
// words) take a plain loop.
std::uint64_t hash_syllable(std::string_view s) {
    static constexpr unsigned char kZeros[4] = {};
    const std::size_t len = s.size();
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::uint64_t h = len * 0x9e3779b97f4a7c15ULL;  // spread over all bytes: "o" vs "lo"
    if (len - 1 >= 8) [[unlikely]] {                // 0 or more than 8 bytes
        std::uint64_t packed = 0;
        for (std::size_t i = 0; i < len; ++i) {
            packed = (packed << 8) | p[i];
            if (i % 8 == 7) {
                h = mix(h ^ packed);
                packed = 0;
            }
        }
        return mix(h ^ packed);
    }
    const bool wide = len >= 4;
    const std::uint64_t take = 0 - static_cast<std::uint64_t>(wide);
    // Never read 4 bytes from a shorter syllable: read zeros instead. An indexed pair, because
    // GCC turns "wide ? p : kZeros" into a branch.
    const unsigned char* const sources[2] = {kZeros, p};
    const unsigned char* q = sources[wide];
    const std::uint64_t four =
        (std::uint64_t{load32(q)} << 32) | load32(q + ((len - 4) & static_cast<std::size_t>(take)));
    const std::uint64_t bytes =
        p[0] | (std::uint64_t{p[len / 2]} << 8) | (std::uint64_t{p[len - 1]} << 16);
    return mix(h ^ ((four & take) | (bytes & ~take)));
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

// Open-addressing hash table from a 64-bit key hash to a word entry. A bucket is one cache line:
// 8 tags (31 bits of the hash, plus a flag bit) and their 8 scores. A lookup compares the 8 tags
// at once and selects its result without branching on hit or miss: segment() does about two
// lookups per syllable, half of them misses in no predictable pattern, so the cost of a lookup is
// its cache miss plus whatever branch mispredictions it adds. At most 3/4 full, so a bucket
// rarely overflows into the next one.
class HashTable {
public:
    struct Found {
        float score;   // -inf if absent (or only the prefix of longer words)
        bool extends;  // a longer word starts with this one
    };
    static constexpr float kAbsent = -std::numeric_limits<float>::infinity();

    [[nodiscard]] Found find(std::uint64_t h) const {
        const std::uint32_t tag = tag_of(h);
        for (std::size_t b = h & mask_;; b = (b + 1) & mask_) {
            const Bucket& bucket = buckets_[b];
            const unsigned match = matches(bucket, tag, ~1U);
            const unsigned empty = matches(bucket, 0, ~0U);
            if ((match | empty) != 0) [[likely]] {  // not "match || empty": hits are unpredictable
                // Selected with masks: a branch here would follow the hits and misses.
                const unsigned i = static_cast<unsigned>(std::countr_zero(match | 0x100U)) & 7U;
                const std::uint32_t hit = 0U - static_cast<std::uint32_t>(match != 0);
                const std::uint32_t score = (std::bit_cast<std::uint32_t>(bucket.scores[i]) & hit) |
                                            (std::bit_cast<std::uint32_t>(kAbsent) & ~hit);
                return {std::bit_cast<float>(score), (bucket.tags[i] & hit & 1U) != 0};
            }
        }
    }

    void prefetch(std::uint64_t h) const { __builtin_prefetch(&buckets_[h & mask_]); }

    // Marks h as a word with `score` (the best one wins) or as a prefix of a longer word.
    void add(std::uint64_t h, float score, bool prefix) {
        const std::uint32_t tag = tag_of(h);
        auto [bucket, i] = slot_of(h, tag);
        if (bucket == nullptr) {
            if ((hashes_.size() + 1) * 4 > buckets_.size() * kSlots * 3) {
                grow();
            }
            std::tie(bucket, i) = empty_slot(h);
            bucket->tags[i] = tag;
            bucket->scores[i] = kAbsent;
            hashes_.push_back(h);
        }
        bucket->scores[i] = std::max(bucket->scores[i], score);
        bucket->tags[i] |= prefix ? 1U : 0U;
    }

private:
    static constexpr std::size_t kSlots = 8;
    struct alignas(64) Bucket {
        std::uint32_t tags[kSlots] = {};  // 0: empty
        float scores[kSlots] = {};
    };

    static std::uint32_t tag_of(std::uint64_t h) {
        const auto t = static_cast<std::uint32_t>(h >> 32) & ~1U;
        return t == 0 ? 2U : t;
    }

    // Bit i set if (tags[i] & mask) == tag: 8 compares at once with SSE2 (baseline on x86-64).
    static unsigned matches(const Bucket& bucket, std::uint32_t tag, std::uint32_t mask) {
#if defined(__SSE2__)
        const __m128i want = _mm_set1_epi32(static_cast<int>(tag));
        const __m128i bits = _mm_set1_epi32(static_cast<int>(mask));
        const auto* tags = reinterpret_cast<const __m128i*>(bucket.tags);
        const __m128i lo = _mm_cmpeq_epi32(_mm_and_si128(_mm_load_si128(tags), bits), want);
        const __m128i hi = _mm_cmpeq_epi32(_mm_and_si128(_mm_load_si128(tags + 1), bits), want);
        return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(lo))) |
               (static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(hi))) << 4);
#else
        unsigned found = 0;
        for (std::size_t i = 0; i < kSlots; ++i) {
            found |= static_cast<unsigned>((bucket.tags[i] & mask) == tag) << i;
        }
        return found;
#endif
    }

    std::pair<Bucket*, std::size_t> slot_of(std::uint64_t h, std::uint32_t tag) {
        for (std::size_t b = h & mask_;; b = (b + 1) & mask_) {
            Bucket& bucket = buckets_[b];
            if (const unsigned match = matches(bucket, tag, ~1U)) {
                return {&bucket, static_cast<std::size_t>(std::countr_zero(match))};
            }
            if (matches(bucket, 0, ~0U) != 0) {
                return {nullptr, 0};
            }
        }
    }

    std::pair<Bucket*, std::size_t> empty_slot(std::uint64_t h) {
        for (std::size_t b = h & mask_;; b = (b + 1) & mask_) {
            if (const unsigned empty = matches(buckets_[b], 0, ~0U)) {
                return {&buckets_[b], static_cast<std::size_t>(std::countr_zero(empty))};
            }
        }
    }

    void grow() {
        // The buckets keep tags only, so the full hashes (kept in insertion order) re-place them.
        std::vector<std::pair<std::uint32_t, float>> entries;
        entries.reserve(hashes_.size());
        for (const std::uint64_t h : hashes_) {
            const auto [bucket, i] = slot_of(h, tag_of(h));
            entries.emplace_back(bucket->tags[i], bucket->scores[i]);
        }
        buckets_.assign(buckets_.size() * 2, Bucket{});
        mask_ = buckets_.size() - 1;
        for (std::size_t k = 0; k < hashes_.size(); ++k) {
            const auto [bucket, i] = empty_slot(hashes_[k]);
            bucket->tags[i] = entries[k].first;
            bucket->scores[i] = entries[k].second;
        }
    }

    std::vector<Bucket> buckets_ = std::vector<Bucket>(64);  // never empty: find() needs no test
    std::vector<std::uint64_t> hashes_;
    std::size_t mask_ = 63;
};

/// Word scores keyed on the chained hash of the base syllables. Single syllables and longer
/// n-grams live in separate tables: the syllable table is small and stays in cache. Each entry also
/// says whether a longer word starts with it, so the segmenter stops extending an n-gram as soon as
/// no dictionary word can follow. Built once, then read-only and shared across threads.
class Dictionary {
public:
    // Adds or raises a word given as base syllables separated by single spaces.
    void add(std::string_view word, float score) {
        std::uint64_t h = 0;
        std::size_t n = 0;
        while (!word.empty()) {
            const std::size_t space = std::min(word.find(' '), word.size());
            const std::uint64_t sh = hash_syllable(word.substr(0, space));
            h = n == 0 ? sh : extend(h, sh);
            word.remove_prefix(std::min(space + 1, word.size()));
            const bool last = word.empty();
            (n++ == 0 ? syllables_ : ngrams_).add(h, last ? score : HashTable::kAbsent, !last);
        }
    }

    [[nodiscard]] HashTable::Found syllable(std::uint64_t h) const { return syllables_.find(h); }
    [[nodiscard]] HashTable::Found ngram(std::uint64_t h) const { return ngrams_.find(h); }

    // Hint that a lookup comes soon: segment() hashes a whole run first, so the cache misses of its
    // lookups overlap instead of being paid one after another.
    void prefetch_syllable(std::uint64_t h) const { syllables_.prefetch(h); }
    void prefetch_ngram(std::uint64_t h) const { ngrams_.prefetch(h); }

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
                score = std::max(score,
                                 static_cast<float>(std::log(frequency / kReferenceCorpusWords)));
            }
        }
        dict.add(key, score);
    }
    if (in.bad()) {
        throw Error(Errc::io, "cannot read user dictionary \"" + path + "\": read error");
    }
}

// Working arrays of one segment() call: per position the best score so far and the length of the
// last word reaching it, with room for kMaxWordSyllables positions past the end, so the DP never
// tests bounds.
struct Work {
    float* best;
    std::uint32_t* back;
};

// Typical runs (a clause between punctuation marks) fit on the stack; longer ones use per-thread
// vectors that only grow, so that segment() does not allocate in steady state.
constexpr std::size_t kStackSyllables = 64;
struct Scratch {
    std::vector<SyllableKey> keys;
    std::vector<float> best;
    std::vector<std::uint32_t> back;
};

}  // namespace

namespace {

// Dictionaries with a word list added, by list: every analyzer of an index with a word list (one
// per analysis thread, one per searcher) shares one copy of the built-in tables plus the list,
// built once. Few lists ever meet in a process; the cache keeps the last few.
std::shared_ptr<const Dictionary> dictionary_with(const std::vector<std::string>& words) {
    static std::mutex mutex;
    static std::vector<std::pair<std::vector<std::string>, std::shared_ptr<const Dictionary>>>
        cache;
    constexpr std::size_t kept = 4;
    std::lock_guard lock(mutex);
    for (const auto& [list, dict] : cache)
        if (list == words) return dict;
    auto dict = std::make_shared<Dictionary>(*builtin_dictionary());
    for (const std::string& word : words)
        if (const std::string key = user_word_key(word); !key.empty())
            dict->add(key, kUserWordScore);
    if (cache.size() == kept) cache.erase(cache.begin());
    cache.emplace_back(words, dict);
    return dict;
}

}  // namespace

Segmenter::Segmenter(const std::string& user_dictionary_path,
                     const std::vector<std::string>& words) {
    if (user_dictionary_path.empty()) {
        dictionary_ = words.empty() ? builtin_dictionary() : dictionary_with(words);
        return;
    }
    auto dict = std::make_shared<Dictionary>(words.empty() ? *builtin_dictionary()
                                                           : *dictionary_with(words));
    load_user(*dict, user_dictionary_path);
    dictionary_ = std::move(dict);
}

namespace {

// Unigram Viterbi: the split that maximises the sum of word scores, words of 1..4 syllables, a
// syllable outside the dictionary scoring kUnknownSyllableScore. Forward relaxation lets each start
// position stop extending as soon as its n-gram is no dictionary prefix. Absent n-grams score -inf,
// which never wins, and the relaxations are selects, not branches.
// A syllable's own score: kept in its key by a caller that knows it (then the syllable table is
// not touched), else looked up.
template <bool scored>
float syllable_score(const Dictionary& dict, const SyllableKey& key) {
    if constexpr (scored) return key.score;
    return std::max(dict.syllable(key.syllable).score, kUnknownSyllableScore);
}

template <bool scored>
void viterbi(const Dictionary& dict, const SyllableKey* keys, std::size_t n, Work work,
             std::vector<std::uint32_t>& word_lengths) {
    auto* const best = work.best;
    auto* const back = work.back;
    constexpr float kNone = -std::numeric_limits<float>::infinity();
    const auto relax = [&](std::size_t j, float score, std::uint32_t length) {
        const float old = best[j];
        const std::uint32_t take = 0U - static_cast<std::uint32_t>(score > old);
        best[j] = std::max(old, score);
        back[j] = (length & take) | (back[j] & ~take);
    };
    // best[j] is first reached from position j - kMaxWordSyllables, so it is reset just then.
    best[0] = 0;
    for (std::size_t j = 1; j < kMaxWordSyllables; ++j) {
        best[j] = kNone;
        back[j] = 1;
    }
    for (std::size_t i = 0; i + 1 < n; ++i) {
        best[i + kMaxWordSyllables] = kNone;
        back[i + kMaxWordSyllables] = 1;
        const float base = best[i];
        relax(i + 1, base + syllable_score<scored>(dict, keys[i]), 1);
        // The bigram is looked up even if the syllable starts no longer word (it is then absent):
        // it was prefetched, and skipping it would cost a branch on the text.
        std::uint64_t h = keys[i + 1].pair;
        HashTable::Found gram = dict.ngram(h);
        relax(i + 2, base + gram.score, 2);
        static_assert(kMaxWordSyllables == 4, "three- and four-syllable words are unrolled");
        if (gram.extends && i + 2 < n) [[unlikely]] {
            h = keys[i + 2].triple;
            gram = dict.ngram(h);
            relax(i + 3, base + gram.score, 3);
            if (gram.extends && i + 3 < n) {
                h = extend(h, keys[i + 3].syllable);
                gram = dict.ngram(h);
                relax(i + 4, base + gram.score, 4);
            }
        }
    }
    relax(n, best[n - 1] + syllable_score<scored>(dict, keys[n - 1]), 1);
    for (std::size_t j = n; j > 0; j -= back[j]) {
        word_lengths.push_back(back[j]);
    }
    std::reverse(word_lengths.begin(), word_lengths.end());
}

// A run's keys are all scored or none (one analyzer makes them all the same way).
void run_viterbi(const Dictionary& dict, const SyllableKey* keys, std::size_t n, Work work,
                 std::vector<std::uint32_t>& word_lengths) {
    if (std::isnan(keys[0].score)) {
        viterbi<false>(dict, keys, n, work, word_lengths);
    } else {
        viterbi<true>(dict, keys, n, work, word_lengths);
    }
}

Scratch& thread_scratch(std::size_t n) {
    thread_local Scratch scratch;
    if (scratch.best.size() < n + kMaxWordSyllables + 1) {
        scratch.keys.resize(n);
        scratch.best.resize(n + kMaxWordSyllables + 1);
        scratch.back.resize(n + kMaxWordSyllables + 1);
    }
    return scratch;
}

}  // namespace

void Segmenter::next_key(std::string_view base, SyllableKey* run,
                         std::size_t count) const noexcept {
    const std::uint64_t syllable = hash_syllable(base);
    std::uint64_t pair = 0, triple = 0;
    dictionary_->prefetch_syllable(syllable);
    if (count > 0) {
        pair = extend(run[count - 1].syllable, syllable);
        dictionary_->prefetch_ngram(pair);
        if (count > 1) {
            triple = extend(run[count - 1].pair, syllable);
            dictionary_->prefetch_ngram(triple);
        }
    }
    run[count].syllable = syllable;
    run[count].pair = pair;
    run[count].triple = triple;
    run[count].score = SyllableKey::unscored;
}

SyllableInfo Segmenter::syllable(std::string_view base) const noexcept {
    const std::uint64_t key = hash_syllable(base);
    return {key, std::max(dictionary_->syllable(key).score, kUnknownSyllableScore)};
}

void Segmenter::next_key(const SyllableInfo& syllable, SyllableKey* run,
                         std::size_t count) const noexcept {
    std::uint64_t pair = 0, triple = 0;
    if (count > 0) {
        pair = extend(run[count - 1].syllable, syllable.key);
        dictionary_->prefetch_ngram(pair);
        if (count > 1) {
            triple = extend(run[count - 1].pair, syllable.key);
            dictionary_->prefetch_ngram(triple);
        }
    }
    run[count].syllable = syllable.key;
    run[count].pair = pair;
    run[count].triple = triple;
    run[count].score = syllable.score;
}

void Segmenter::segment(const SyllableKey* keys, std::size_t count,
                        std::vector<std::uint32_t>& word_lengths) const {
    word_lengths.clear();
    if (count <= 1) {  // a run of one syllable (often: between punctuation) is one word
        if (count == 1) word_lengths.push_back(1);
        return;
    }
    if (count <= kStackSyllables) {
        float best[kStackSyllables + kMaxWordSyllables + 1];
        std::uint32_t back[kStackSyllables + kMaxWordSyllables + 1];
        run_viterbi(*dictionary_, keys, count, {best, back}, word_lengths);
        return;
    }
    Scratch& scratch = thread_scratch(count);
    run_viterbi(*dictionary_, keys, count, {scratch.best.data(), scratch.back.data()},
                word_lengths);
}

void Segmenter::segment(const std::vector<std::string_view>& syllables,
                        std::vector<std::uint32_t>& word_lengths) const {
    const std::size_t n = syllables.size();
    SyllableKey stack_keys[kStackSyllables];
    SyllableKey* keys = n <= kStackSyllables ? stack_keys : thread_scratch(n).keys.data();
    for (std::size_t i = 0; i < n; ++i) next_key(syllables[i], keys, i);
    segment(keys, n, word_lengths);
}

}  // namespace vnsearch::text
