// SPDX-License-Identifier: Apache-2.0
#include "text/keystrokes.hpp"

#include <doctest/doctest.h>

#include <string>

using vnsearch::text::decode_keystrokes;
using vnsearch::text::decode_telex;
using vnsearch::text::decode_vni;

namespace {

std::string telex(std::string_view w) { return decode_telex(w).value_or("<none>"); }
std::string vni(std::string_view w) { return decode_vni(w).value_or("<none>"); }

}  // namespace

TEST_CASE("decode_telex: modifiers, dd and the tone key") {
    CHECK(telex("tees") == "tế");
    CHECK(telex("Vieetj") == "Việt");
    CHECK(telex("dduwowngf") == "đường");
    CHECK(telex("DDuwowngf") == "Đường");
    CHECK(telex("nawng") == "năng");
    CHECK(telex("nhaf") == "nhà");
    CHECK(telex("ddi") == "đi");
    CHECK(telex("tooi") == "tôi");
    CHECK(telex("hoaf") == "hoà");  // canonical (new) tone placement
    CHECK(telex("giaays") == "giấy");
    CHECK(telex("nguyeenx") == "nguyễn");
    CHECK(telex("HAF") == "HÀ");
}

TEST_CASE("decode_telex: the shortcuts input methods accept") {
    CHECK(telex("vieejt") == "việt");      // tone key before the final consonant
    CHECK(telex("duowngf") == "dường");    // uow -> ươ
    CHECK(telex("truwongf") == "trường");  // ưo before a final consonant -> ươ
    CHECK(telex("nhw") == "như");          // a lone w is ư
    CHECK(telex("w") == "ư");
    CHECK(telex("quowr") == "quở");  // the u of qu keeps no horn
    CHECK(telex("tuwj") == "tự");
}

TEST_CASE("decode_telex: words that are not Telex give nothing") {
    for (const char* w :
         {"books", "Facebook", "iPhone", "news", "mass", "fast",  "star",     "the",
          "ban",   "toi",      "nguyen", "viet", "kinh", "U23",   "COVID-19", "covid",
          "",      "aaa",      "ddd",    "uww",  "xyz",  "https", "vieejtt"}) {
        INFO(std::string(w));
        CHECK(!decode_telex(w));
    }
    // Two tone keys, a tone key before any vowel, letters outside ASCII.
    CHECK(!decode_telex("tesf"));
    CHECK(!decode_telex("sa"));  // s is the onset here: nothing consumed
    CHECK(!decode_telex("việt"));
    CHECK(!decode_telex(std::string(40, 'a')));
}

TEST_CASE("decode_telex: ambiguous words decode; the caller weighs them against the index") {
    // "boong" is a syllable as typed and "bông" in Telex; "car" is English and "cả" in Telex.
    CHECK(telex("boong") == "bông");
    CHECK(telex("car") == "cả");
    CHECK(telex("this") == "thí");
}

TEST_CASE("decode_vni: digits after the letter they mark or later") {
    CHECK(vni("te61") == "tế");
    CHECK(vni("Vie65t") == "Việt");
    CHECK(vni("Viet65") == "Việt");
    CHECK(vni("d9u7o7ng2") == "đường");
    CHECK(vni("tuoi7") == "tươi");
    CHECK(vni("na8ng") == "năng");
    CHECK(vni("D9i") == "Đi");
    CHECK(vni("nha2") == "nhà");
}

TEST_CASE("decode_vni: product names, codes and numbers give nothing") {
    for (const char* w : {"U23", "COVID19", "covid-19", "H2O", "MP3", "Q1", "G7", "iPhone6", "2020",
                          "1", "a10", "te6611", "d99", "xe1d9", ""}) {
        INFO(std::string(w));
        CHECK(!decode_vni(w));
    }
}

TEST_CASE("decode_keystrokes: VNI when there is a digit, Telex otherwise") {
    CHECK(decode_keystrokes("te61") == std::optional<std::string>("tế"));
    CHECK(decode_keystrokes("tees") == std::optional<std::string>("tế"));
    CHECK(!decode_keystrokes("tees1"));
    CHECK(!decode_keystrokes("kinh"));
}
