// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/encoding.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include "text/encoding_decode.hpp"
#include "text/encoding_detect.hpp"

namespace fs = std::filesystem;
using vnsearch::decode_text;
using vnsearch::Encoding;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open ", path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const fs::path fixtures = fs::path(VNSEARCH_SOURCE_DIR) / "tests" / "data" / "encodings";
const fs::path shared_samples =
    fs::path(VNSEARCH_SOURCE_DIR) / ".." / "shared" / "data" / "encodings" / "samples_legacy";

bool is_valid_utf8(std::string_view s) { return vnsearch::text::check_utf8(s).valid; }

// Whether the race (early stop) picks what scoring every reading on every word picks.
bool same_as_full_scoring(std::string_view bytes) {
    using vnsearch::text::detect_reading;
    const auto readers = vnsearch::text::candidate_readers(bytes);
    const auto race = detect_reading(bytes, readers);
    const auto full = detect_reading(bytes, readers, {.early_stop = false});
    return race.decided == full.decided && (!race.decided || race.reader == full.reader);
}

}  // namespace

TEST_CASE("encoding: names parse as users type them and print canonically") {
    struct Case {
        std::string_view why;
        std::string_view name;
        std::optional<Encoding> expected;
    };
    const Case cases[] = {
        {"canonical utf-8", "utf-8", Encoding::utf8},
        {"no dash, upper case", "UTF8", Encoding::utf8},
        {"utf-16 little endian", "utf-16le", Encoding::utf16le},
        {"TCVN3 by its font family", "ABC", Encoding::tcvn3},
        {"TCVN3 by its standard", "TCVN5712-1", Encoding::tcvn3},
        {"VNI by its Windows name", "VNI-Windows", Encoding::vni},
        {"CP1258 by its Windows name", "windows-1258", Encoding::cp1258},
        {"VISCII", "viscii", Encoding::viscii},
        {"VPS", "VPS", Encoding::vps},
        {"VIQR", "viqr", Encoding::viqr},
        {"unknown name", "latin-9", std::nullopt},
        {"empty name", "", std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::parse_encoding(c.name) == c.expected);
    }
    for (Encoding e :
         {Encoding::utf8, Encoding::utf16le, Encoding::utf16be, Encoding::tcvn3, Encoding::vni,
          Encoding::viscii, Encoding::vps, Encoding::cp1258, Encoding::viqr}) {
        CAPTURE(vnsearch::to_string(e));
        CHECK(vnsearch::parse_encoding(vnsearch::to_string(e)) == e);
    }
}

TEST_CASE("encoding: valid UTF-8 is never converted, only composed to NFC") {
    struct Case {
        std::string_view why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"ASCII", "Ha Noi 2024", "Ha Noi 2024"},
        {"NFC Vietnamese", "Vi\xE1\xBB\x87t Nam", "Vi\xE1\xBB\x87t Nam"},
        {"NFD becomes NFC", "Vie\xCC\xA3\xCC\x82t", "Vi\xE1\xBB\x87t"},
        {"a UTF-8 BOM is dropped", "\xEF\xBB\xBFH\xC3\xA0", "H\xC3\xA0"},
        {"mojibake that is valid UTF-8 stays", "Vi\xC3\xAA\xC2\xA3t", "Vi\xC3\xAA\xC2\xA3t"},
        {"empty input", "", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto d = decode_text(c.in);
        CHECK(d.text == c.out);
        CHECK(d.encoding == Encoding::utf8);
        CHECK(d.detected);
        CHECK_FALSE(d.undecidable);
        CHECK(d.replaced == 0);
        const auto forced = decode_text(c.in, Encoding::utf8);
        CHECK(forced.text == c.out);
        CHECK_FALSE(forced.detected);
    }
}

TEST_CASE("encoding: own prose in every legacy encoding is detected and decoded exactly") {
    const std::string expected = read_file(fixtures / "prose.utf8.txt");
    struct Case {
        std::string_view file;
        Encoding encoding;
    };
    const Case cases[] = {
        {"prose.tcvn3.txt", Encoding::tcvn3}, {"prose.tcvn3-vn1.txt", Encoding::tcvn3},
        {"prose.vni.txt", Encoding::vni},     {"prose.viscii.txt", Encoding::viscii},
        {"prose.vps.txt", Encoding::vps},     {"prose.cp1258.txt", Encoding::cp1258},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const std::string bytes = read_file(fixtures / std::string(c.file));
        REQUIRE_FALSE(is_valid_utf8(bytes));
        const auto detected = decode_text(bytes);
        CHECK(detected.encoding == c.encoding);
        CHECK(detected.detected);
        CHECK_FALSE(detected.undecidable);
        CHECK(detected.text == expected);
        const auto forced = decode_text(bytes, c.encoding);
        CHECK_FALSE(forced.detected);
        CHECK(forced.text == expected);
    }
}

TEST_CASE("encoding: VIQR is plain ASCII, so it is detected only in text that is not UTF-8") {
    const std::string expected = read_file(fixtures / "prose.utf8.txt");
    const std::string viqr = read_file(fixtures / "prose.viqr.txt");
    // A Latin-1 copyright sign makes the file invalid UTF-8; VIQR readers saw it as Latin-1.
    const auto d = decode_text(viqr + "\xA9 2024");
    CHECK(d.encoding == Encoding::viqr);
    CHECK_FALSE(d.undecidable);
    CHECK(d.text == expected + "\xC2\xA9 2024");
    CHECK(decode_text(viqr, Encoding::viqr).text == expected);
}

TEST_CASE("encoding: every Vietnamese letter round-trips through every encoding") {
    const std::string expected = read_file(fixtures / "letters.utf8.txt");
    struct Case {
        std::string_view file;
        Encoding encoding;
    };
    const Case cases[] = {
        {"letters.tcvn3.txt", Encoding::tcvn3}, {"letters.tcvn3-vn1.txt", Encoding::tcvn3},
        {"letters.vni.txt", Encoding::vni},     {"letters.viscii.txt", Encoding::viscii},
        {"letters.vps.txt", Encoding::vps},     {"letters.cp1258.txt", Encoding::cp1258},
        {"letters.viqr.txt", Encoding::viqr},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const auto d = decode_text(read_file(fixtures / std::string(c.file)), c.encoding);
        CHECK(d.text == expected);
        CHECK(d.replaced == 0);
    }
}

TEST_CASE("encoding: variants where the sources disagree are all accepted") {
    struct Case {
        std::string_view why;
        std::string_view in;
        Encoding encoding;
        std::string_view out;
    };
    const Case cases[] = {
        {"TCVN3 ABC capital = base + lower-case toned byte",
         "\xA2\xCA"
         "Y",
         Encoding::tcvn3, "\xE1\xBA\xA4Y"},
        {"TCVN3 lower-case toned byte after a lower-case letter stays", "m\xCA", Encoding::tcvn3,
         "m\xE1\xBA\xA5"},
        {"TCVN3 VN1 capital on a control byte",
         "\x01"
         "c",
         Encoding::tcvn3,
         "\xC3\x9A"
         "c"},
        {"TCVN3 combining tone byte", "A\xB3", Encoding::tcvn3, "\xC3\x81"},
        {"VNI capital Y + hook mark", "Y\xDB", Encoding::vni, "\xE1\xBB\xB6"},
        {"VNI breve+dot mark after A", "A\xCB", Encoding::vni, "\xE1\xBA\xB6"},
        {"VNI npm: CB after no a is Y with hook", "K\xCB", Encoding::vni, "K\xE1\xBB\xB6"},
        {"VNI npm: EB after no a is y with hook", "k\xEB", Encoding::vni, "k\xE1\xBB\xB7"},
        {"VNI cp1252 quotes in free bytes",
         "\x93"
         "a\xF9\x94",
         Encoding::vni, "\xE2\x80\x9C\xC3\xA1\xE2\x80\x9D"},
        {"VISCII capital on a control byte", "\x14", Encoding::viscii, "\xE1\xBB\xB6"},
        {"VISCII xvnkb capital on the lower-case byte reads lower case", "\xD6", Encoding::viscii,
         "\xE1\xBB\xB7"},
        {"VPS capital on a control byte", "\x02", Encoding::vps, "\xE1\xBA\xA0"},
        {"CP1258 combining tone is composed", "a\xF2", Encoding::cp1258, "\xE1\xBA\xA1"},
        {"VIQR modifier and tone", "Vie^.t", Encoding::viqr, "Vi\xE1\xBB\x87t"},
        {"VIQR full stop after a toned word stays", "No^.i.", Encoding::viqr, "N\xE1\xBB\x99i."},
        {"VIQR escape keeps a mark literal", "ha\\.", Encoding::viqr, "ha."},
        {"VIQR dd and DD", "ddi DDi", Encoding::viqr, "\xC4\x91i \xC4\x90i"},
        {"VIQR tone after a consonant is punctuation", "kho^ng?", Encoding::viqr, "kh\xC3\xB4ng?"},
        {"VIQR leaves web and e-mail addresses alone",
         "Xem http://a.vn/a.html, (www.ba.vn) ho^.p thu+ to^i@ba.vn a.b@c", Encoding::viqr,
         "Xem http://a.vn/a.html, (www.ba.vn) h\xE1\xBB\x99p th\xC6\xB0 to^i@ba.vn \xE1\xBA\xA1"
         "b@c"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto d = decode_text(c.in, c.encoding);
        CHECK(d.text == c.out);
        CHECK(d.encoding == c.encoding);
    }
}

TEST_CASE("encoding: the real TCVN3, VISCII and UTF-16 samples decode to their UTF-8 versions") {
    if (!fs::exists(shared_samples)) {
        MESSAGE("skipped: ", shared_samples.string(), " is not there (shared data set)");
        return;
    }
    struct Case {
        std::string_view why;
        std::string raw;
        std::string utf8;
        Encoding encoding;
        bool crlf;  // the sample has CRLF line ends where its UTF-8 version has LF
    };
    const Case cases[] = {
        {"TCVN3 file", "demo1.tcvn3.raw.txt", "demo1.utf8.txt", Encoding::tcvn3, false},
        {"VISCII paragraph (uchardet)", "uchardet_vi.viscii.raw.txt",
         "uchardet_vi.viscii.decoded-utf8.txt", Encoding::viscii, false},
        {"UTF-16LE without a BOM", "demo1.utf16le.raw.txt", "demo1.utf8.txt", Encoding::utf16le,
         true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto d = decode_text(read_file(shared_samples / c.raw));
        CHECK(d.encoding == c.encoding);
        CHECK_FALSE(d.undecidable);
        CHECK(d.replaced == 0);
        std::string text = d.text;
        if (c.crlf) std::erase(text, '\r');
        CHECK(text == read_file(shared_samples / c.utf8));  // byte for byte
    }
}

TEST_CASE("encoding: what is not Vietnamese in any encoding is reported, not guessed") {
    struct Case {
        std::string_view why;
        std::string_view in;
    };
    const Case cases[] = {
        {"French in Latin-1",
         "Le caf\xE9 \xE9tait tr\xE8s pr\xE8s de l'h\xF4tel, \xE0 c\xF4t\xE9."},
        {"one stray byte in English", "The quick brown fox\xFF jumps over the lazy dog."},
        {"binary", std::string_view("\x00\x01\xFE\x80\x81\x9D\x00\xC0\xC1", 9)},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto d = decode_text(c.in);
        CHECK(d.undecidable);
        CHECK_FALSE(d.detected);
        CHECK(d.encoding == Encoding::utf8);
        CHECK(d.replaced > 0);
        CHECK(is_valid_utf8(d.text));
    }
}

TEST_CASE("encoding: UTF-8 with a few broken bytes is read as UTF-8") {
    const std::string utf8 = read_file(fixtures / "prose.utf8.txt");
    const std::string broken = utf8.substr(0, 100) + "\xFF" + utf8.substr(100);
    const auto d = decode_text(broken);
    CHECK(d.encoding == Encoding::utf8);
    CHECK(d.detected);
    CHECK_FALSE(d.undecidable);
    CHECK(d.replaced == 1);
    CHECK(d.text == utf8.substr(0, 100) + "\xEF\xBF\xBD" + utf8.substr(100));
}

TEST_CASE("encoding: UTF-16 with a BOM") {
    struct Case {
        std::string_view why;
        std::string_view in;
        Encoding encoding;
        std::string_view out;
    };
    using namespace std::string_view_literals;
    const Case cases[] = {
        {"little endian", "\xFF\xFEH\x00\xE0\x00 \x00\xC7\x1E"sv, Encoding::utf16le,
         "H\xC3\xA0 \xE1\xBB\x87"},
        {"big endian", "\xFE\xFF\x00H\x00\xE0"sv, Encoding::utf16be, "H\xC3\xA0"},
        {"decomposed UTF-16 becomes NFC",
         "\xFF\xFE"
         "e\x00\x23\x03\x02\x03"sv,
         Encoding::utf16le, "\xE1\xBB\x87"},
        {"unpaired surrogate is replaced",
         "\xFF\xFE\x00\xD8"
         "a\x00"sv,
         Encoding::utf16le,
         "\xEF\xBF\xBD"
         "a"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        const auto d = decode_text(c.in);
        CHECK(d.encoding == c.encoding);
        CHECK(d.text == c.out);
    }
}

TEST_CASE("encoding: ASCII that reads as VIQR is flagged but left alone") {
    const std::string viqr = read_file(fixtures / "prose.viqr.txt");
    const std::string ascii = "Tie^'ng Vie^.t ddu+o+.c vie^'t ba(`ng chu+~ quo^'c ngu+~.";
    const auto d = decode_text(ascii);
    CHECK(d.encoding == Encoding::utf8);
    CHECK(d.text == ascii);
    CHECK(d.also_reads_as == Encoding::viqr);
    CHECK(decode_text("Plain English, nothing to see here.").also_reads_as == std::nullopt);
    CHECK(decode_text(viqr).also_reads_as == Encoding::viqr);
}

TEST_CASE("encoding: syllable check used by detection") {
    struct Case {
        std::string_view why;
        std::string_view word;
        bool expected;
    };
    const Case cases[] = {
        {"plain syllable", "vi\xE1\xBB\x87t", true},
        {"three-letter initial",
         "ngh\xC4\xA9"
         "a",
         true},
        {"capitals",
         "NG\xC6\xAF\xE1\xBB\x9C"
         "I",
         true},
        {"decomposed marks", "vie\xCC\xA3\xCC\x82t", true},
        {"stop final with huyen is impossible", "vi\xE1\xBB\x81t", false},
        {"two tones", "h\xC3\xA0\xC3\xA1", false},
        {"TCVN3 read as VNI", "vie\xE1\xBB\x8Dt", false},
        {"foreign letter", "caf\xC3\xA9", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::text::is_vietnamese_syllable(c.word) == c.expected);
    }
}

TEST_CASE("encoding: arbitrary bytes always give valid UTF-8") {
    std::mt19937 rng(20241128);
    const Encoding all[] = {Encoding::utf8,  Encoding::utf16le, Encoding::utf16be,
                            Encoding::tcvn3, Encoding::vni,     Encoding::viscii,
                            Encoding::vps,   Encoding::cp1258,  Encoding::viqr};
    for (int round = 0; round < 300; ++round) {
        std::string bytes(rng() % 300, '\0');
        for (char& b : bytes) b = static_cast<char>(rng() % 256);
        CAPTURE(round);
        const auto d = decode_text(bytes);
        CHECK(is_valid_utf8(d.text));
        const auto forced = decode_text(bytes, all[round % 9]);
        CHECK(is_valid_utf8(forced.text));
    }
}

TEST_CASE("encoding: the race picks the reading that scoring every word picks") {
    // Early stop drops readings that trail and stops once the rest read alike; on the fixtures,
    // every prefix of them and random bytes it must decide what full scoring decides.
    std::vector<std::string> inputs;
    for (const auto& entry : fs::directory_iterator(fixtures)) {
        const std::string bytes = read_file(entry.path());
        for (std::size_t n = 1; n < bytes.size(); n += 13) inputs.push_back(bytes.substr(0, n));
        inputs.push_back(bytes);
        inputs.push_back(bytes + "\xA9 2024");  // not UTF-8 even when the fixture is ASCII
    }
    if (fs::exists(shared_samples))
        for (const auto& entry : fs::directory_iterator(shared_samples))
            inputs.push_back(read_file(entry.path()));
    std::mt19937 rng(5);
    for (int round = 0; round < 300; ++round) {
        std::string bytes(rng() % 200, '\0');
        for (char& b : bytes)
            b = static_cast<char>(" aeiouhntAEIOUHNT\x80\xA9\xE0\xF9"[rng() % 21]);
        inputs.push_back(bytes);
    }
    int decided = 0;
    for (const std::string& bytes : inputs) {
        if (is_valid_utf8(bytes)) continue;
        const auto readers = vnsearch::text::candidate_readers(bytes);
        const auto race = vnsearch::text::detect_reading(bytes, readers);
        const auto full = vnsearch::text::detect_reading(bytes, readers, {.early_stop = false});
        CAPTURE(bytes);
        CHECK(race.decided == full.decided);
        if (race.decided && full.decided) CHECK(race.reader == full.reader);
        decided += full.decided;
    }
    CHECK(decided > 100);
}

TEST_CASE("encoding: bytes two readers read alike decode alike in any word") {
    using vnsearch::text::Reader;
    const Reader readers[] = {Reader::utf8,   Reader::tcvn3, Reader::tcvn3_vn1, Reader::vni,
                              Reader::viscii, Reader::vps,   Reader::cp1258,    Reader::viqr};
    std::mt19937 rng(17);
    int pairs_alike = 0;
    for (Reader a : readers) {
        for (Reader b : readers) {
            std::vector<unsigned char> alike;
            for (unsigned byte = 0; byte < 256; ++byte)
                if (vnsearch::text::reads_alike(a, b, static_cast<unsigned char>(byte)))
                    alike.push_back(static_cast<unsigned char>(byte));
            if (a == b) CHECK(alike.size() == 256);
            if (alike.empty() || a == b) continue;
            ++pairs_alike;
            for (int round = 0; round < 300; ++round) {
                std::string word(1 + rng() % 6, '\0');
                for (char& c : word) c = static_cast<char>(alike[rng() % alike.size()]);
                std::string out_a, out_b;
                vnsearch::text::decode_with(a, word, out_a);
                vnsearch::text::decode_with(b, word, out_b);
                CAPTURE(static_cast<int>(a));
                CAPTURE(static_cast<int>(b));
                CAPTURE(word);
                CHECK(out_a == out_b);
            }
        }
    }
    CHECK(pairs_alike > 20);
    // Lossy UTF-8 shares no byte above 0x7F with anything; every 8-bit reader reads ASCII letters
    // alike; VIQR marks are its own.
    CHECK_FALSE(vnsearch::text::reads_alike(Reader::utf8, Reader::cp1258, 0xE0));
    CHECK(vnsearch::text::reads_alike(Reader::tcvn3, Reader::vni, 'a'));
    CHECK_FALSE(vnsearch::text::reads_alike(Reader::viqr, Reader::tcvn3, '^'));
    CHECK(vnsearch::text::reads_alike(Reader::tcvn3, Reader::tcvn3_vn1, 0xE0));
    CHECK_FALSE(vnsearch::text::reads_alike(Reader::tcvn3, Reader::tcvn3_vn1, 0x93));
}

TEST_CASE("encoding: composition by table agrees with ICU") {
    UErrorCode status = U_ZERO_ERROR;
    const auto* nfc = icu::Normalizer2::getNFCInstance(status);
    REQUIRE(U_SUCCESS(status));
    auto check_range = [&](char32_t from, char32_t to) {
        for (char32_t base = from; base < to; ++base) {
            for (char32_t mark = 0x300; mark < 0x370; ++mark) {
                const UChar32 icu =
                    nfc->composePair(static_cast<UChar32>(base), static_cast<UChar32>(mark));
                const char32_t want = icu < 0 ? 0 : static_cast<char32_t>(icu);
                if (vnsearch::text::compose_pair(base, mark) != want) {
                    CAPTURE(static_cast<unsigned>(base));
                    CAPTURE(static_cast<unsigned>(mark));
                    CHECK(vnsearch::text::compose_pair(base, mark) == want);
                }
            }
        }
    };
    check_range(0, 0x370);
    check_range(0x1E00, 0x1F00);
    CHECK(vnsearch::text::compose_pair('a', 0x302) == 0xE2);
    CHECK(vnsearch::text::compose_pair(0x1EA1, 0x302) == 0x1EAD);  // ạ + ^ = ậ
    CHECK(vnsearch::text::compose_pair('q', 0x301) == 0);
}

// A corpus check, skipped unless asked for. ctest runs it (label "corpus") on baomoi slices when
// CMake is given VNSEARCH_CORPUS_DIR; by hand, on any corpus:
//   bench/make_legacy_corpus.py samples /tmp/enc-eval --corpus CORPUS.jsonl.zst --seed 5
//   VNSEARCH_ENCODING_EVAL=/tmp/enc-eval vnsearch_tests -tc='*detection accuracy*' --no-skip
// Prints a table per encoding and size (bench/README.md, "Legacy encodings").
TEST_CASE("encoding: detection accuracy on legacy-encoded news slices" * doctest::skip()) {
    const char* dir = std::getenv("VNSEARCH_ENCODING_EVAL");
    REQUIRE_MESSAGE(
        dir != nullptr,
        "set VNSEARCH_ENCODING_EVAL to the output of bench/make_legacy_corpus.py samples");
    const fs::path root(dir);
    struct Tally {
        int files = 0, right = 0, wrong_text = 0, undecidable = 0, mislabelled = 0, race = 0;
    };
    std::printf("%-10s %-8s %6s %6s %9s %11s %11s %11s %9s\n", "encoding", "size", "files", "right",
                "accuracy", "undecidable", "wrong text", "other name", "race/full");
    for (std::string name : {"tcvn3", "tcvn3-vn1", "vni", "viscii", "vps", "cp1258", "viqr"}) {
        const Encoding want = *vnsearch::parse_encoding(name == "tcvn3-vn1" ? "tcvn3" : name);
        std::map<std::string, Tally> tally;
        for (const auto& entry : fs::directory_iterator(root / name)) {
            const std::string bytes = read_file(entry.path());
            const std::string stem = entry.path().stem().string();
            const std::string expected =
                read_file(root / "expected" / (stem + "." + name + ".txt"));
            const bool ascii = vnsearch::text::check_utf8(bytes).ascii;
            Tally& t = tally[ascii ? "ascii" : bytes.size() >= 200 ? ">=200" : "<200"];
            const auto d = decode_text(bytes);
            ++t.files;
            t.race += !same_as_full_scoring(bytes);
            if (d.undecidable) {
                ++t.undecidable;
            } else if (d.text != expected && !ascii) {
                ++t.wrong_text;
            } else if (d.encoding != want && !ascii) {
                ++t.mislabelled;  // right text, other label: the bytes read the same in both
            }
            // An ASCII file reads the same in every encoding but VIQR, whose marks are ASCII:
            // right for VIQR is the hint, for the others the unchanged text.
            t.right +=
                ascii && want == Encoding::viqr ? d.also_reads_as == want : d.text == expected;
        }
        for (const auto& [size, t] : tally) {
            CAPTURE(name);
            CAPTURE(size);
            // Files of 200 bytes or more hold enough words to decide: 99.5 % of them or more
            // decode right on every corpus measured. ASCII and short files may stay undecidable.
            if (size == ">=200") CHECK(t.right >= 0.99 * t.files);
            CHECK(t.race == 0);  // the race decides as scoring every reading on every word
            std::printf("%-10s %-8s %6d %6d %8.2f%% %11d %11d %11d %9d\n", name.c_str(),
                        size.c_str(), t.files, t.right, 100.0 * t.right / std::max(1, t.files),
                        t.undecidable, t.wrong_text, t.mislabelled, t.race);
        }
    }
    int files = 0, converted = 0, composed = 0;
    for (const auto& entry : fs::directory_iterator(root / "utf-8")) {
        const std::string bytes = read_file(entry.path());
        const auto d = decode_text(bytes);
        ++files;
        if (d.encoding != Encoding::utf8 || d.undecidable || d.replaced != 0) {
            ++converted;
        } else if (d.text != bytes) {
            // Only NFC may change valid UTF-8.
            UErrorCode status = U_ZERO_ERROR;
            const auto* nfc = icu::Normalizer2::getNFCInstance(status);
            std::string expected;
            icu::StringByteSink<std::string> sink(&expected);
            nfc->normalizeUTF8(0, bytes, sink, nullptr, status);
            converted += d.text != expected;
            composed += d.text == expected;
        }
    }
    std::printf("utf-8: %d files, %d converted, %d only composed to NFC\n", files, converted,
                composed);
    CHECK(converted == 0);
}

namespace {

// Short articles written for these tests, in UTF-8 and in VIQR as people typed it (no escapes
// before punctuation). None of them is a fixture the detector's thresholds were tuned on.
struct Article {
    std::string_view utf8, viqr;
};
constexpr Article viqr_articles[] = {
    {"Mùa lúa chín ở Bắc Sơn\nCuối tháng chín, những cánh đồng ở huyện Bắc Sơn chuyển sang màu "
     "vàng. Bà con nông dân tranh thủ trời nắng để gặt lúa, phơi thóc.",
     "Mu`a lu'a chi'n o+? Ba('c So+n\nCuo^'i tha'ng chi'n, nhu+~ng ca'nh ddo^`ng o+? huye^.n "
     "Ba('c So+n chuye^?n sang ma`u va`ng. Ba` con no^ng da^n tranh thu? tro+`i na('ng dde^? "
     "ga(.t lu'a, pho+i tho'c."},
    {"Đêm hội trăng rằm ở phố cổ\nTối qua, hàng nghìn người đổ về phố cổ xem múa lân, rước đèn. "
     "Trẻ em cầm đèn ông sao đi khắp các ngõ nhỏ.",
     "DDe^m ho^.i tra(ng ra(`m o+? pho^' co^?\nTo^'i qua, ha`ng nghi`n ngu+o+`i ddo^? ve^` pho^' "
     "co^? xem mu'a la^n, ru+o+'c dde`n. Tre? em ca^`m dde`n o^ng sao ddi kha('p ca'c ngo~ nho?."},
    {"Xe buýt điện ở TP.HCM\nTừ tháng 3/2022, 20 xe buýt điện chạy tuyến D4 từ Vinhomes "
     "Grand Park đến bến xe Sài Gòn, giá vé 7.000 đồng.",
     "Xe buy't ddie^.n o+? TP.HCM\nTu+` tha'ng 3/2022, 20 xe buy't ddie^.n cha.y tuye^'n D4 tu+` "
     "Vinhomes Grand Park dde^'n be^'n xe Sa`i Go`n, gia' ve' 7.000 ddo^`ng."},
};

}  // namespace

TEST_CASE("is_clearly_viqr: Vietnamese typed in VIQR is clear, and converts to its UTF-8") {
    for (const Article& a : viqr_articles) {
        CAPTURE(a.utf8);
        CHECK(vnsearch::is_clearly_viqr(a.viqr));
        CHECK(decode_text(a.viqr, Encoding::viqr).text == a.utf8);
        // The title line alone is too short to tell.
        CHECK_FALSE(vnsearch::is_clearly_viqr(a.viqr.substr(0, a.viqr.find('\n')).substr(0, 12)));
    }
    // Vietnamese with dd for đ and one mark a word is enough.
    CHECK(vnsearch::is_clearly_viqr("DDo^`ng Nai, tru+o+`ng ho+.p, ddu+o+`ng pho^'."));
}

TEST_CASE("is_clearly_viqr: English, code, addresses and unmarked Vietnamese are never VIQR") {
    struct Case {
        const char* why;
        std::string_view text;
    };
    const Case cases[] = {
        {"English prose",
         "We didn't expect the U.S. team to win. Why would they? The coach said so (twice), "
         "e.g. in his interview: \"I'm not sure we're ready.\" Then again, who is?\n\n"
         "The rain came at noon. Everyone ran inside, shook off their coats, and waited. "
         "Nobody spoke; the radio played an old song, and the kettle began to sing. Do you "
         "remember that day? I do. It was the first time I saw the sea, and I'll never forget "
         "it. Mom's letters (all forty of them) are still in a box under the bed.\n\n"
         "It's a quiet place, isn't it? You can go there by bus, or take a taxi. No, really: "
         "try it. You'll see what I mean. I'd go again tomorrow if I could."},
        {"English with dd words", "Add the odd numbers, then address the middle ladder."},
        {"C++ code",
         "for (int i = 0; i < n; ++i) { x++; a.b(c); s.erase(0, 1); }\n"
         "if (ptr != nullptr && ptr->ok()) return a.value_or(b);\n"
         "auto e = std::find(v.begin(), v.end(), 'a'); // see a.h\n"},
        {"shell commands",
         "cd ~/src && make -j2 && ./a.out --help\nsed -e 's/a/b/' in.txt > out.txt\n"
         "grep -rn \"todo\" . | sort -u | head\nls -la /usr/local/bin/ ; echo done.\n"},
        {"markdown",
         "# Getting started\n\n1. Install the *dependencies* (see `README.md`).\n"
         "2. Run `cmake -S . -B build`.\n\n> Note: use **ccache** if you can.\n\n"
         "- [docs](https://example.org/docs/a.html)\n- e-mail: dev@example.org\n"},
        {"URLs, e-mail addresses and paths",
         "https://vnexpress.net/the-gioi/a.html http://example.com/?q=a&b=c.d "
         "ba.vu@gmail.com nguyen.van.a@example.edu.vn /home/ubuntu/data/a.b.c/e.txt "
         "C:\\Users\\An\\Documents\\bao-cao.docx ~/.config/vnsearch/a.toml"},
        {"Vietnamese without marks",
         "Ha Noi mua thu nam ay. Troi se lanh, la vang roi day tren nhung con pho co. Nguoi "
         "ban hang rong ganh qua sang di qua ngo nho, tieng rao khan khan vang len giua buoi "
         "som. Co ai con nho khong? Chung toi lang nghe, mat tron xoe."},
        {"Vietnamese without marks and with dd for d",
         "Ddoi khi, nguoi ta ddi ra ngoai luc troi mua. Ddung lo, ddi dduong can than nhe."},
        {"English with a VIQR phrase",
         "The street is called Ho^`ng Ha` in Hanoi. It's a long one, and it follows the river "
         "for miles; you can walk it in an afternoon if you don't stop for coffee, which you "
         "will, because the coffee there is excellent and cheap."},
        {"English and unmarked Vietnamese",
         "Pho bo is beef noodle soup. Banh mi is a sandwich. Ca phe sua da is iced coffee with "
         "condensed milk. Try them all in Ha Noi or Sai Gon; you won't regret it."},
        {"numbers and abbreviations", "a. 1.5 b. 2.0 c. 3.14 d. e.g. i.e. etc. vs. a.m. p.m."},
        {"UTF-8 Vietnamese is not ASCII", "Đồng Nai, trường học, đường phố, Việt Nam."},
        {"empty", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK_FALSE(vnsearch::is_clearly_viqr(c.text));
    }
    // The same texts run together are still not VIQR.
    std::string all;
    for (const auto& c : cases) (all += c.text) += '\n';
    CHECK_FALSE(vnsearch::is_clearly_viqr(all));
}
