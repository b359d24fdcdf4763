// SPDX-License-Identifier: Apache-2.0
#include "text/segmenter.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <vnsearch/error.hpp>

#include "data/embedded.hpp"
#include "support/temp_dir.hpp"

namespace {

using vnsearch::text::Segmenter;

// Base form as the analyzer hands it to the segmenter: lower case, marks removed, đ -> d.
// ICU here (not the library's folding) so the test does not check the code with itself.
std::string base_form(std::string_view text) {
    static const std::unique_ptr<icu::Transliterator> fold = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
            "NFD; [:Nonspacing Mark:] Remove; Lower; NFC", UTRANS_FORWARD, status));
        REQUIRE(U_SUCCESS(status));
        return t;
    }();
    auto u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    fold->transliterate(u);
    u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0111)), "d");  // đ
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

// Segments a space-separated run of syllables; returns it with the syllables of a word joined by
// '_' (the gold-file notation), keeping the input's spelling.
std::string segmented(const Segmenter& seg, std::string_view text) {
    const auto words = split(text);
    std::vector<std::string> bases;
    for (const auto& w : words) {
        bases.push_back(base_form(w));
    }
    const std::vector<std::string_view> syllables(bases.begin(), bases.end());
    std::vector<std::uint32_t> lengths;
    seg.segment(syllables, lengths);
    std::string out;
    std::size_t i = 0;
    for (const auto len : lengths) {
        if (!out.empty()) {
            out += ' ';
        }
        for (std::uint32_t k = 0; k < len && i < words.size(); ++k, ++i) {
            out += (k ? "_" : "") + words[i];
        }
    }
    return out;
}

}  // namespace

TEST_CASE("segmenter: dictionary words are grouped") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"two-syllable word", "kinh tế", "kinh_tế"},
        {"another two-syllable word", "xã hội", "xã_hội"},
        {"three-syllable name", "hồ chí minh", "hồ_chí_minh"},
        {"four-syllable institution is one dictionary word", "ủy ban nhân dân", "ủy_ban_nhân_dân"},
        {"word inside a sentence", "phát triển kinh tế xã hội", "phát_triển kinh_tế xã_hội"},
        {"treebank keeps verb and object apart", "tôi đi học", "tôi đi học"},
        {"treebank splits \"cho biết\"", "ông cho biết", "ông cho biết"},
        {"one-letter syllables (hashing must tell \"o\" from \"lo\")", "u ơ", "u_ơ"},
        {"single syllable", "và", "và"},
        {"unknown syllables stay single", "xyzzy plugh", "xyzzy plugh"},
    };
    const Segmenter seg;
    for (const auto& c : cases) {
        INFO(std::string(c.why));  // a const char* would print as an address
        CHECK(segmented(seg, c.in) == c.out);
    }
}

TEST_CASE("segmenter: the treebank's word boundaries, learned from its gold segmentations") {
    // The scores of multi-syllable words are trained on gold segmented sentences
    // (tools/build_dictionary.py), so phrases that news-segmenting tools join and the treebank
    // keeps apart (or the reverse) come out the treebank's way. Examples from the training
    // sentences, not the evaluation set.
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"pronoun \"anh ta\" is two words", "anh ta cẩn thận ghi chép", "anh ta cẩn_thận ghi_chép"},
        {"\"thế là\" is one word", "thế là yên tâm rồi", "thế_là yên_tâm rồi"},
        {"\"nhất là\" is one word", "nhất là các doanh nghiệp", "nhất_là các doanh_nghiệp"},
        {"\"con trai\" is two words", "có hai đứa con trai", "có hai đứa con trai"},
        {"\"câu hỏi\" is two words", "tôi đã tự đặt câu hỏi", "tôi đã tự đặt câu hỏi"},
        {"a frequent compound keeps its word (search needs it)", "giá dầu khí", "giá dầu_khí"},
        {"\"di động\" is one word", "đó là số di động", "đó là số di_động"},
        {"unaccented, the same words", "the la yen tam roi", "the_la yen_tam roi"},
        {"upper case, the same words", "ANH TA CẨN THẬN GHI CHÉP", "ANH TA CẨN_THẬN GHI_CHÉP"},
    };
    const Segmenter seg;
    for (const auto& c : cases) {
        INFO(std::string(c.why));  // a const char* would print as an address
        CHECK(segmented(seg, c.in) == c.out);
    }
}

TEST_CASE("segmenter: letter case and diacritics do not change the words") {
    struct Case {
        const char* why;
        std::string_view accented, other;
    };
    const Case cases[] = {
        {"unaccented", "phát triển kinh tế xã hội", "phat trien kinh te xa hoi"},
        {"upper case", "phát triển kinh tế xã hội", "PHÁT TRIỂN KINH TẾ XÃ HỘI"},
        {"title case name", "thành phố hồ chí minh", "Thành Phố Hồ Chí Minh"},
        {"unaccented upper case", "ủy ban nhân dân tỉnh", "UY BAN NHAN DAN TINH"},
        {"decomposed marks (NFD)", "vi\u1EC7t nam", "vie\u0323\u0302t nam"},
    };
    const Segmenter seg;
    for (const auto& c : cases) {
        INFO(std::string(c.why));  // a const char* would print as an address
        const auto a = split(segmented(seg, c.accented));
        const auto b = split(segmented(seg, c.other));
        CHECK(std::any_of(a.begin(), a.end(), [](const std::string& w) {  // something to compare
            return w.find('_') != std::string::npos;
        }));
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(std::count(a[i].begin(), a[i].end(), '_') ==
                  std::count(b[i].begin(), b[i].end(), '_'));
        }
    }
}

TEST_CASE("segmenter: user dictionary words are joined") {
    struct Case {
        const char* why;
        std::string_view file, in, out;
    };
    const Case cases[] = {
        {"spaces, no frequency", "bánh xèo tôm\n", "ăn bánh xèo tôm", "ăn bánh_xèo_tôm"},
        {"underscores, a comment, a low frequency", "# a comment\nxíu_quách_mậu\t50\n",
         "xíu quách mậu", "xíu_quách_mậu"},
        {"written in capitals, text unaccented", "PHÁO HOA GIẤY\n", "phao hoa giay",
         "phao_hoa_giay"},
        {"written unaccented, text accented", "ca phe trung\r\n", "cà phê trứng", "cà_phê_trứng"},
        {"decomposed marks in the file", "ba\u0301nh xe\u0300o to\u0302m\n", "bánh xèo tôm",
         "bánh_xèo_tôm"},
    };
    for (const auto& c : cases) {
        INFO(std::string(c.why));  // a const char* would print as an address
        const vnsearch::test::TempDir dir;
        const std::string file = dir.write("user.dict", c.file);
        CHECK(segmented(Segmenter{}, c.in) != c.out);  // not a built-in word
        CHECK(segmented(Segmenter{file}, c.in) == c.out);
    }
}

TEST_CASE("segmenter: a missing user dictionary throws Errc::io") {
    const std::string path = "/nonexistent/vnsearch/user_dictionary.txt";
    try {
        const Segmenter seg(path);
        FAIL("no exception");
    } catch (const vnsearch::Error& e) {
        CHECK(e.code() == vnsearch::Errc::io);
        CHECK(std::string(e.what()).find(path) != std::string::npos);
    }
}

TEST_CASE("segmenter: word lengths always cover the input") {
    // Known syllables, pieces of long words, and syllables no dictionary has.
    const std::vector<std::string> pool = {"kinh", "te",  "xa",   "hoi", "ho", "chi", "minh",
                                           "uy",   "ban", "nhan", "dan", "va", "cua", "nguoi",
                                           "viet", "nam", "qzx",  "bbb", "a",  "o"};
    const Segmenter seg;
    std::mt19937 rng(12345);
    std::vector<std::uint32_t> lengths;
    for (int round = 0; round < 2000; ++round) {
        const std::size_t n = rng() % 150;
        std::vector<std::string_view> syllables;
        for (std::size_t i = 0; i < n; ++i) {
            syllables.emplace_back(pool[rng() % pool.size()]);
        }
        seg.segment(syllables, lengths);
        std::size_t sum = 0;
        bool in_range = true;
        for (const auto len : lengths) {
            sum += len;
            in_range = in_range && len >= 1 && len <= 4;
        }
        CAPTURE(round);
        REQUIRE(sum == n);
        REQUIRE(in_range);
    }
}

TEST_CASE("segmenter: keys computed one syllable at a time give the same words") {
    const std::vector<std::string> pool = {"kinh", "te",  "xa",   "hoi", "ho",    "chi", "minh",
                                           "uy",   "ban", "nhan", "dan", "nguoi", "qzx", "a"};
    const Segmenter seg;
    std::mt19937 rng(2024);
    std::vector<std::uint32_t> from_strings, from_keys, from_scored;
    for (int round = 0; round < 500; ++round) {
        const std::size_t n = rng() % 100;  // past the stack buffer too
        std::vector<std::string_view> syllables;
        std::vector<vnsearch::text::SyllableKey> keys, scored;  // scored: as the analyzer's cache
        for (std::size_t i = 0; i < n; ++i) {
            syllables.emplace_back(pool[rng() % pool.size()]);
            keys.emplace_back();
            seg.next_key(syllables.back(), keys.data(), keys.size() - 1);
            scored.emplace_back();
            seg.next_key(seg.syllable(syllables.back()), scored.data(), scored.size() - 1);
        }
        seg.segment(syllables, from_strings);
        seg.segment(keys.data(), keys.size(), from_keys);
        seg.segment(scored.data(), scored.size(), from_scored);
        CAPTURE(round);
        REQUIRE(from_strings == from_keys);
        REQUIRE(from_strings == from_scored);
    }
}

// The model of segmenter.cpp written the slow, obvious way: string keys, a backward DP. Same
// scores, same tie-break (the longest last word wins a tie).
class ReferenceSegmenter {
public:
    ReferenceSegmenter() {
        std::istringstream in{std::string(vnsearch::data::dictionary)};
        for (std::string line; std::getline(in, line);) {
            const auto tab = line.find('\t');
            if (line.empty() || line[0] == '#' || tab == std::string::npos) {
                continue;
            }
            const std::string word = line.substr(0, tab);
            scores_[word] = std::stof(line.substr(tab + 1));
            words_.push_back(word);
        }
    }
    [[nodiscard]] const std::vector<std::string>& words() const { return words_; }

    [[nodiscard]] std::vector<std::uint32_t> segment(const std::vector<std::string>& syl) const {
        const float none = -std::numeric_limits<float>::infinity();
        std::vector<float> best(syl.size() + 1, none);
        std::vector<std::uint32_t> back(syl.size() + 1, 0);
        best[0] = 0;
        for (std::size_t j = 1; j <= syl.size(); ++j) {
            for (std::size_t k = std::min<std::size_t>(4, j); k >= 1; --k) {
                std::string word = syl[j - k];
                for (std::size_t m = j - k + 1; m < j; ++m) {
                    word += ' ' + syl[m];
                }
                const auto it = scores_.find(word);
                float score = it == scores_.end() ? none : it->second;
                if (k == 1) {
                    score = std::max(score, -20.0F);  // kUnknownSyllableScore
                }
                if (best[j - k] + score > best[j]) {
                    best[j] = best[j - k] + score;
                    back[j] = static_cast<std::uint32_t>(k);
                }
            }
        }
        std::vector<std::uint32_t> out;
        for (std::size_t j = syl.size(); j > 0; j -= back[j]) {
            out.insert(out.begin(), back[j]);
        }
        return out;
    }

private:
    std::unordered_map<std::string, float> scores_;
    std::vector<std::string> words_;
};

TEST_CASE("segmenter: same words as a plain reference implementation of the model") {
    // Catches hash collisions and table or DP shortcuts that change the result. Text is made of
    // random dictionary words (so long words and their overlaps occur) and unknown syllables.
    const ReferenceSegmenter reference;
    const Segmenter seg;
    std::mt19937 rng(2024);
    const auto& words = reference.words();
    REQUIRE(words.size() > 50000);
    std::vector<std::uint32_t> lengths;
    for (int round = 0; round < 3000; ++round) {
        std::vector<std::string> syl;
        const std::size_t n_words = 1 + rng() % 40;  // up to ~100 syllables: both storage paths
        for (std::size_t w = 0; w < n_words; ++w) {
            if (rng() % 10 == 0) {
                syl.emplace_back("zq" + std::to_string(rng() % 5));  // not a dictionary syllable
                continue;
            }
            std::istringstream in(words[rng() % words.size()]);
            for (std::string s; in >> s;) {
                syl.push_back(s);
            }
        }
        const std::vector<std::string_view> views(syl.begin(), syl.end());
        seg.segment(views, lengths);
        CAPTURE(round);
        REQUIRE(lengths == reference.segment(syl));
    }
}

TEST_CASE("segmenter: concurrent calls on one segmenter give the words of a single thread") {
    // segment() is const and keeps its working arrays on the stack or per thread; runs of 30 and
    // of 90 syllables take each path.
    const Segmenter seg;
    const std::vector<std::string> pool = {"kinh", "te",    "xa",  "hoi",   "ho",
                                           "chi",  "minh",  "uy",  "ban",   "nhan",
                                           "dan",  "thanh", "pho", "nguoi", "viet"};
    std::mt19937 rng(7);
    std::vector<std::vector<std::string>> runs(40);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        for (std::size_t i = 0; i < (r % 2 ? 90U : 30U); ++i) {
            runs[r].push_back(pool[rng() % pool.size()]);
        }
    }
    const auto segment_all = [&] {
        std::vector<std::vector<std::uint32_t>> out;
        std::vector<std::uint32_t> lengths;
        for (int repeat = 0; repeat < 50; ++repeat) {
            for (const auto& run : runs) {
                seg.segment(std::vector<std::string_view>(run.begin(), run.end()), lengths);
                out.push_back(lengths);
            }
        }
        return out;
    };
    const auto expected = segment_all();
    std::vector<std::vector<std::vector<std::uint32_t>>> got(4);
    std::vector<std::thread> threads;
    for (auto& g : got) {
        threads.emplace_back([&g, &segment_all] { g = segment_all(); });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const auto& g : got) {
        CHECK(g == expected);
    }
}

TEST_CASE("segmenter: empty input gives no words") {
    const Segmenter seg;
    std::vector<std::uint32_t> lengths = {7, 7};  // stale content must be cleared
    seg.segment({}, lengths);
    CHECK(lengths.empty());
}

// Word F1 on a treebank's gold segmentation (the shared VTB dev set): a corpus check, skipped
// unless asked for. ctest runs it (label "corpus") when CMake is given VNSEARCH_CORPUS_DIR; by
// hand:
//   VNSEARCH_SEG_GOLD=../shared/data/segmentation/vtb_dev.seg.txt
//       vnsearch_tests -tc='segmenter: word F1 on a gold corpus' --no-skip
// Gold lines are words separated by spaces, syllables joined by '_'. Each token is base-folded;
// a token that is not all letters (punctuation, numbers) breaks the run and is one word, as the
// analyzer does. The measure is seg_eval.py's: word precision, recall and F1.
TEST_CASE("segmenter: word F1 on a gold corpus" * doctest::skip()) {
    const Segmenter seg;
    const auto is_syllable = [](const std::string& s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    // Splits a line into base tokens and runs; appends predicted and gold word spans.
    struct Runs {
        std::vector<std::string> tokens;
        std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end) of syllable runs
    };
    const auto runs_of = [&](const std::vector<std::string>& tokens) {
        Runs r{tokens, {}};
        for (std::size_t i = 0; i < tokens.size();) {
            if (!is_syllable(tokens[i])) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < tokens.size() && is_syllable(tokens[j])) {
                ++j;
            }
            r.runs.emplace_back(i, j);
            i = j;
        }
        return r;
    };
    const char* gold_path = std::getenv("VNSEARCH_SEG_GOLD");
    REQUIRE_MESSAGE(gold_path != nullptr, "set VNSEARCH_SEG_GOLD to a gold segmentation file");
    {
        std::ifstream in(gold_path);
        REQUIRE(in);
        std::size_t tp = 0, fp = 0, fn = 0;
        std::vector<std::uint32_t> lengths;
        for (std::string line; std::getline(in, line);) {
            std::vector<std::string> tokens;
            std::set<std::pair<std::size_t, std::size_t>> gold, pred;
            for (const auto& w : split(line)) {
                const std::size_t start = tokens.size();
                for (std::size_t b = 0, e; b <= w.size(); b = e + 1) {
                    e = std::min(w.find('_', b), w.size());
                    tokens.push_back(base_form(std::string_view(w).substr(b, e - b)));
                }
                gold.emplace(start, tokens.size());
            }
            const Runs r = runs_of(tokens);
            std::vector<bool> in_run(tokens.size(), false);
            for (const auto& [b, e] : r.runs) {
                const std::vector<std::string_view> syl(tokens.begin() + b, tokens.begin() + e);
                seg.segment(syl, lengths);
                std::size_t at = b;
                for (const auto len : lengths) {
                    pred.emplace(at, at + len);
                    at += len;
                }
                std::fill(in_run.begin() + b, in_run.begin() + e, true);
            }
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                if (!in_run[i]) {
                    pred.emplace(i, i + 1);
                }
            }
            for (const auto& span : pred) {
                (gold.count(span) ? tp : fp) += 1;
            }
            for (const auto& span : gold) {
                fn += pred.count(span) ? 0 : 1;
            }
        }
        const double p = double(tp) / double(tp + fp), rc = double(tp) / double(tp + fn);
        const double f1 = 2 * p * rc / (p + rc);
        std::printf("segmenter on %s: P %.4f R %.4f F1 %.4f\n", gold_path, p, rc, f1);
        // The dictionary scores 0.9470 on vtb_dev (data/README.md); a drop below this is a
        // regression of the dictionary or of the segmenter's search.
        CHECK(f1 >= 0.945);
    }
}
