// SPDX-License-Identifier: Apache-2.0
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/utf8.hpp"

namespace {

vnsearch::text::TermForms forms_of(std::string_view utf8, bool* syllable = nullptr) {
    std::vector<char32_t> cps;
    for (std::size_t pos = 0; pos < utf8.size();) {
        std::size_t len = 0;
        cps.push_back(vnsearch::text::decode_utf8(utf8, pos, len));
        pos += len;
    }
    vnsearch::text::TermForms forms;
    vnsearch::text::NormalizeScratch scratch;
    const bool s = vnsearch::text::normalize_token(cps.data(), cps.size(), forms, scratch);
    if (syllable) *syllable = s;
    return forms;
}

}  // namespace

TEST_CASE("normalize_term: every Unicode spelling of a syllable gives one term") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"NFC stays as it is", "việt", "việt"},
        {"NFD input is composed", "vie\u0323\u0302t", "việt"},
        {"NFD with marks in the other order", "vie\u0302\u0323t", "việt"},
        {"mixed NFC letter and combining tone", "vi\u00EA\u0323t", "việt"},
        {"deprecated U+0341 acute tone", "ca\u0341", "cá"},
        {"deprecated U+0340 grave tone", "ha\u0340", "hà"},
        {"Icelandic eth typed for Đ", "\u00D0\u00E0", "đà"},
        {"lower-case eth typed for đ", "\u00F0\u01B0\u1EDDng", "đường"},
        {"zero-width space inside a word", "Vi\u200B\u1EC7t", "việt"},
        {"soft hyphen inside a word", "Vi\u00AD\u1EC7t", "việt"},
        {"zero-width joiner inside a word", "ng\u01B0\u200D\u1EDDi", "người"},
        {"byte order mark inside a word", "ha\uFEFF\u0300", "hà"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::text::normalize_term(c.in) == c.out);
    }
}

TEST_CASE("normalize_term: tone placement is canonical and parsed, not rewritten by substring") {
    struct Case {
        const char* why;
        std::string_view old_style, new_style;
    };
    const Case same[] = {
        {"oa without final consonant", "hòa", "hoà"},
        {"oe without final consonant", "khỏe", "khoẻ"},
        {"uy without final consonant", "thủy", "thuỷ"},
        {"capitalised oa", "Hóa", "Hoá"},
        {"upper-case oa", "HÒA", "HOÀ"},
        {"oa after th", "thỏa", "thoả"},
    };
    for (const auto& c : same) {
        CAPTURE(c.why);
        CHECK(vnsearch::text::normalize_term(c.old_style) ==
              vnsearch::text::normalize_term(c.new_style));
    }
    const Case unchanged[] = {
        {"oa before a final consonant has one placement", "hoàng", "hoàng"},
        {"qu is an onset: quý has one vowel", "quý", "quý"},
        {"uyê carries the tone on ê", "thuyền", "thuyền"},
        {"gi is an onset in giữa", "giữa", "giữa"},
        {"gì has i as its vowel", "gì", "gì"},
        {"ươ carries the tone on ơ", "người", "người"},
        {"a pair other than oa/oe/uy keeps it first", "mùa", "mùa"},
        {"a triple carries it in the middle", "ngoài", "ngoài"},
    };
    for (const auto& c : unchanged) {
        CAPTURE(c.why);
        CHECK(vnsearch::text::normalize_term(c.old_style) == c.new_style);
    }
}

TEST_CASE("normalize_term: marks that input methods misplace are repaired") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"tone typed on i of iê", "vịêt", "việt"},
        {"tone typed on ư of ươ", "lựơng", "lượng"},
        {"tone typed on u of uô", "ủông", "uổng"},
        {"tone typed on o of oa before a final consonant", "hòan", "hoàn"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::text::normalize_term(c.in) == c.out);
    }
}

TEST_CASE("normalize_token: three forms and the syllable test") {
    struct Case {
        const char* why;
        std::string_view in;
        std::string_view exact, tone_free, base;
        bool syllable;
    };
    const Case cases[] = {
        {"tone and modifier", "Việt", "việt", "viêt", "viet", true},
        {"đ folds to d only at the base level", "Đường", "đường", "đương", "duong", true},
        {"upper case folds, Đ included", "XỊT", "xịt", "xit", "xit", true},
        {"ở keeps its horn without the tone", "ở", "ở", "ơ", "o", true},
        {"a foreign word is not a syllable", "Vietlott", "vietlott", "vietlott", "vietlott", false},
        {"letters and digits make a word", "U23", "u23", "u23", "u23", false},
        {"French accents fold too", "Café", "café", "cafe", "cafe", false},
        {"a Greek word goes through ICU", "ΣΟΦΊΑ", "σοφία", "σοφια", "σοφια", false},
        {"German sharp s folds fully", "STRASSE", "strasse", "strasse", "strasse", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        bool syllable = false;
        const auto f = forms_of(c.in, &syllable);
        CHECK(f.exact == c.exact);
        CHECK(f.tone_free == c.tone_free);
        CHECK(f.base == c.base);
        CHECK(syllable == c.syllable);
    }
}

TEST_CASE("normalize_token: minimal pairs stay apart at the level their marks live") {
    struct Case {
        const char* why;
        std::string_view a, b;
    };
    const Case cases[] = {
        {"dương / đương differ by the stroke", "dương", "đương"},
        {"đương / đường differ by the tone", "đương", "đường"},
        {"dê / dế differ by the tone", "dê", "dế"},
        {"thể / thế differ by the tone", "thể", "thế"},
        {"hà / hả differ by the tone", "hà", "hả"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(forms_of(c.a).exact != forms_of(c.b).exact);
        CHECK(forms_of(c.a).base == forms_of(c.b).base);
    }
    CHECK(forms_of("dương").tone_free != forms_of("đương").tone_free);
    CHECK(forms_of("thể").base == "the");
}
