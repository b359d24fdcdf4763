// SPDX-License-Identifier: Apache-2.0
#include <vnsearch/reader.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <vnsearch/error.hpp>

#include "support/compress.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using vnsearch::Document;
using vnsearch::DocumentReader;
using vnsearch::ReaderOptions;
using vnsearch::test::gzip;
using vnsearch::test::TempDir;
using vnsearch::test::zstd;

namespace {

struct Result {
    std::vector<Document> docs;
    std::vector<vnsearch::ReadIssue> issues;
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& d : docs) out.push_back(d.id);
        return out;
    }
};

Result read_all(const std::string& path, ReaderOptions options = {}) {
    DocumentReader reader(path, options);
    Result r;
    while (auto doc = reader.next()) r.docs.push_back(std::move(*doc));
    r.issues = reader.issues();
    return r;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

constexpr std::string_view seed_text =
    "Thứ bảy,  24/10/2020\n"
    "Huyện Cao Lộc\n\n"
    "Sơ kết công tác 6 tháng đầu năm\n\n"
    "LSO-Sáng nay (20/6), huyện tổ chức hội nghị sơ kết. \n"
    "Quang cảnh hội nghị\n\n"
    "Trong 6 tháng đầu năm 2017, kinh tế của huyện tiếp tục phát triển.\n\n"
    "PHÙNG KHIÊM\n";

}  // namespace

TEST_CASE("DocumentReader: a folder is read recursively, sorted, compressed files included") {
    TempDir dir;
    dir.write("b/seed.txt", seed_text);
    dir.write("a/one.jsonl", "{\"id\": \"j1\", \"title\": \"Một\"}\n{\"id\": \"j2\"}\n");
    dir.write("c.txt.gz", gzip("Tiêu đề nén\nThân bài nén\n"));
    dir.write("d.jsonl.zst", zstd("{\"id\": \"z1\", \"date\": \"24/10/2020\"}\n"));
    dir.write(".hidden/x.txt", "ẩn\n");
    dir.write(".dotfile.txt", "ẩn\n");
    dir.write("a/sub/plain", "Không đuôi\nthân\n");
    dir.write("README.md", "# không phải bài báo\n");              // not an article type
    dir.write("a/photo.jpg", std::string("\xFF\xD8\xFF\0\0", 5));  // passed over, no issue

    DocumentReader reader(dir.path());
    std::vector<Document> docs;
    while (auto doc = reader.next()) docs.push_back(std::move(*doc));
    CHECK(reader.issues().empty());
    REQUIRE(docs.size() == 6);
    const std::string root = fs::path(dir.path()).generic_string();
    struct Expected {
        std::string id, origin, title;
    };
    const Expected expected[] = {
        {"j1", root + "/a/one.jsonl", "Một"},
        {"j2", root + "/a/one.jsonl", ""},
        {"a/sub/plain", root + "/a/sub/plain", "Không đuôi"},
        {"b/seed.txt", root + "/b/seed.txt", "Huyện Cao Lộc: Sơ kết công tác 6 tháng đầu năm"},
        {"c.txt.gz", root + "/c.txt.gz", "Tiêu đề nén"},
        {"z1", root + "/d.jsonl.zst", ""},
    };
    for (std::size_t i = 0; i < docs.size(); ++i) {
        CAPTURE(i);
        CHECK(docs[i].id == expected[i].id);
        CHECK(docs[i].origin == expected[i].origin);
        CHECK(docs[i].title == expected[i].title);
        CHECK(docs[i].encoding == "utf-8");
    }
    CHECK(docs[3].author == "PHÙNG KHIÊM");
    CHECK(docs[3].date == "2020-10-24");
    CHECK(docs[5].date == "2020-10-24");
    CHECK(reader.bytes_total() > 0);
    CHECK(reader.bytes_read() == reader.bytes_total());
}

TEST_CASE("DocumentReader: linked files are read, linked folders are not followed") {
    TempDir dir;
    dir.write("a.jsonl", "{\"id\": \"a\"}\n");
    fs::create_directory_symlink(dir.path(), dir.path() + "/loop");  // would never end
    fs::create_symlink(dir.path() + "/a.jsonl", dir.path() + "/b.jsonl");
    const Result r = read_all(dir.path());
    CHECK(r.ids() == std::vector<std::string>{"a", "a"});
    CHECK(r.issues.empty());
}

TEST_CASE("DocumentReader: an unreadable subfolder is an issue, the rest is read") {
    TempDir dir;
    dir.write("a.jsonl", "{\"id\": \"a\"}\n");
    dir.write("locked/b.jsonl", "{\"id\": \"b\"}\n");
    dir.write("z.jsonl", "{\"id\": \"z\"}\n");
    fs::permissions(dir.path() + "/locked", fs::perms::none);
    std::error_code ec;
    if (fs::directory_iterator(dir.path() + "/locked", ec); !ec) {
        fs::permissions(dir.path() + "/locked", fs::perms::owner_all);
        MESSAGE("skipped: permissions are not enforced for this user (root?)");
        return;
    }
    const Result r = read_all(dir.path());
    fs::permissions(dir.path() + "/locked", fs::perms::owner_all);
    CHECK(r.ids() == std::vector<std::string>{"a", "z"});
    REQUIRE(r.issues.size() == 1);
    CHECK(starts_with(r.issues[0].message, "cannot list the folder: "));
    CHECK(r.issues[0].kind == vnsearch::IssueKind::skipped);
}

TEST_CASE("DocumentReader: a single file's id is its name and its origin the path given") {
    TempDir dir;
    const std::string path = dir.write("x/bài-một.txt", seed_text);
    const Result r = read_all(path);
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0].id == "bài-một.txt");
    CHECK(r.docs[0].origin == path);
    CHECK(r.docs[0].summary == "Sáng nay (20/6), huyện tổ chức hội nghị sơ kết.");
    CHECK(r.docs[0].fields.at("captions") == "Quang cảnh hội nghị");
}

TEST_CASE("DocumentReader: line() is the line the last document came from") {
    TempDir dir;
    const std::string jsonl = dir.write("a.jsonl",
                                        "{\"id\":\"1\",\"title\":\"Một\"}\n"
                                        "\n"
                                        "{not json\n"
                                        "{\"id\":\"4\",\"title\":\"Bốn\"}\n");
    DocumentReader reader(jsonl);
    REQUIRE(reader.next());
    CHECK(reader.line() == 1);
    REQUIRE(reader.next());
    CHECK(reader.line() == 4);
    CHECK_FALSE(reader.next());
    DocumentReader text(dir.write("b.txt", seed_text));
    REQUIRE(text.next());
    CHECK(text.line() == 0);  // a whole file
}

TEST_CASE("DocumentReader: a missing path is an io error naming it") {
    TempDir dir;
    const std::string path = dir.path() + "/nope";
    try {
        DocumentReader reader(path);
        FAIL("no exception");
    } catch (const vnsearch::Error& e) {
        CHECK(e.code() == vnsearch::Errc::io);
        CHECK(std::string(e.what()) == "cannot read \"" + path + "\": no such file or directory");
    }
}

TEST_CASE("DocumentReader: bad input becomes an issue and never stops the batch") {
    std::string gz_lines =
        gzip("{\"id\": \"g1\"}\n{\"id\": \"g2\"}\n{\"id\": \"g3\", \"body\": \"" +
             std::string(4000, 'x') + "\"}\n");
    gz_lines.resize(gz_lines.size() - 20);  // cut inside the third record
    std::string zst_corrupt = zstd("Tiêu đề\nThân bài\n");
    zst_corrupt[0] = 'X';
    const std::string zst_text = zstd(std::string(100000, 'a') + "\n");
    std::string utf16 = "\xFF\xFE";
    for (const char16_t c : std::u16string_view(u"Tiêu đề\nThân bài")) {
        utf16 += static_cast<char>(c & 0xFF);
        utf16 += static_cast<char>(c >> 8);
    }
    struct Case {
        const char* why;
        std::string name;
        std::string bytes;
        std::vector<std::string> ids;
        std::uint64_t issue_line;
        std::string issue_starts;  // empty: no issue expected
        std::size_t max_record = std::size_t{64} << 20;
        vnsearch::IssueKind kind = vnsearch::IssueKind::skipped;
    };
    const Case cases[] = {
        {"malformed json line",
         "a.jsonl",
         "{\"id\": \"a\"}\n{\"id\": \"b\"\n{\"id\": \"c\"}\n",
         {"a", "c"},
         2,
         "malformed json: "},
        {"missing id", "a.jsonl", "{\"title\": \"x\"}\n{\"id\": \"b\"}\n", {"b"}, 1, "missing id"},
        {"json that is not an object", "a.jsonl", "[1]\n", {}, 1, "not a json object"},
        {"blank lines and a BOM are not records",
         "a.jsonl",
         "\xEF\xBB\xBF{\"id\": \"a\"}\n\n   \n{\"id\": \"b\"}",
         {"a", "b"},
         0,
         ""},
        {"invalid utf-8 on a line is repaired, still indexed",
         "a.jsonl",
         "{\"id\": \"u1\", \"title\": \"H\xC3\xA0 N\xFFi\"}\n",
         {"u1"},
         1,
         "invalid utf-8 repaired",
         std::size_t{64} << 20,
         vnsearch::IssueKind::repaired},
        {"damaged utf-8 plain text is repaired, still indexed",
         "a.txt",
         "H\xC3\xA0 N\xFFi\nTh\xC3\xA2n b\xC3\xA0i c\xC3\xB3 ch\xE1\xBB\xAF Vi\xE1\xBB\x87t\n",
         {"a.txt"},
         0,
         "invalid utf-8 repaired",
         std::size_t{64} << 20,
         vnsearch::IssueKind::repaired},
        {"bytes no encoding explains are skipped",
         "a.txt",
         "\x80\x81\x82\x83 \x84\x85\x86\x87\n\x88\x89\x8a",
         {},
         0,
         "cannot tell the text encoding"},
        {"binary plain file",
         "a.txt",
         std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
         {},
         0,
         "binary file: skipped"},
        {"binary json-lines file",
         "a.jsonl",
         std::string("{\"id\0\0\0", 7),
         {},
         0,
         "binary file: skipped"},
        {"empty plain file", "a.txt", "", {}, 0, "empty file: skipped"},
        {"blank plain file", "a.txt", " \n\t\n", {}, 0, "empty file: skipped"},
        {"empty json-lines file", "a.jsonl", "", {}, 0, "empty file: skipped"},
        {"blank json-lines file", "a.jsonl", "\n  \n\n", {}, 0, "empty file: skipped"},
        {"truncated gzip keeps the records before the cut",
         "a.jsonl.gz",
         gz_lines,
         {"g1", "g2"},
         3,
         "truncated gzip stream: reading stopped"},
        {"corrupt zstd plain file", "a.txt.zst", zst_corrupt, {}, 0, "corrupt zstd data"},
        {"truncated zstd plain file",
         "a.txt.zst",
         zst_text.substr(0, zst_text.size() / 2),
         {},
         0,
         "truncated zstd stream: file skipped"},
        {"json line over the maximum",
         "a.jsonl",
         "{\"id\": \"a\", \"body\": \"" + std::string(3000, 'x') + "\"}\n{\"id\": \"b\"}\n",
         {"b"},
         1,
         "record of 3023 bytes exceeds the maximum record size (2048 bytes): skipped",
         2048},
        {"plain file over the maximum",
         "a.txt",
         "Tiêu đề\n" + std::string(3000, 'x'),
         {},
         0,
         "file exceeds the maximum record size (2048 bytes): skipped",
         2048},
        {"utf-16 text with a BOM is text, not binary", "a.txt", utf16, {"a.txt"}, 0, ""},
        {"utf-16 json lines are refused", "a.jsonl", utf16, {}, 0, "json lines in utf-16"},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        TempDir dir;
        dir.write(c.name, c.bytes);
        dir.write("zz-after.jsonl", "{\"id\": \"after\"}\n");  // the batch goes on
        ReaderOptions options;
        options.max_record_bytes = c.max_record;
        const Result r = read_all(dir.path(), options);
        std::vector<std::string> ids = c.ids;
        ids.push_back("after");
        CHECK(r.ids() == ids);
        if (c.issue_starts.empty()) {
            CHECK(r.issues.empty());
            continue;
        }
        REQUIRE(r.issues.size() == 1);
        CHECK(r.issues[0].file == (fs::path(dir.path()) / c.name).generic_string());
        CHECK(r.issues[0].line == c.issue_line);
        const std::string message = r.issues[0].message;
        CAPTURE(message);
        CHECK(starts_with(message, c.issue_starts));
        CHECK(r.issues[0].kind == c.kind);
    }
}

TEST_CASE("DocumentReader: repaired and decoded text") {
    TempDir dir;
    const std::string bad =
        dir.write("bad.jsonl", "{\"id\": \"u1\", \"title\": \"H\xC3\xA0 N\xFFi\"}\n");
    Result r = read_all(bad);
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0].title == "Hà N\xEF\xBF\xBDi");  // U+FFFD in place of the bad byte

    std::string utf16 = "\xFF\xFE";
    for (const char16_t c : std::u16string_view(u"Tiêu đề\nThân bài")) {
        utf16 += static_cast<char>(c & 0xFF);
        utf16 += static_cast<char>(c >> 8);
    }
    r = read_all(dir.write("u16.txt", utf16));
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0].title == "Tiêu đề");
    CHECK(r.docs[0].body == "Thân bài");
    CHECK(r.docs[0].encoding == "utf-16le");

    // A JSON escape can spell decomposed text; the document holds NFC.
    r = read_all(dir.write("nfd.jsonl", "{\"id\": \"n\", \"title\": \"Vie\\u0323\\u0302t\"}\n"));
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0].title == "Việt");
}

TEST_CASE("DocumentReader: a forced encoding is used for every file") {
    TempDir dir;
    dir.write("a.txt", "Tie^u dde^`\nNo^.i dung\n");  // VIQR: plain ASCII, so never detected
    dir.write("b.jsonl", "{\"id\": \"b\", \"title\": \"Vie^.t Nam\"}\n");
    ReaderOptions options;
    options.encoding = vnsearch::Encoding::viqr;
    const Result r = read_all(dir.path(), options);
    REQUIRE(r.docs.size() == 2);
    CHECK(r.docs[0].title == "Tiêu đề");
    CHECK(r.docs[0].body == "Nội dung");
    CHECK(r.docs[0].encoding == "viqr");
    CHECK(r.docs[1].title == "Việt Nam");
    CHECK(r.docs[1].encoding == "viqr");

    ReaderOptions utf8;
    utf8.encoding = vnsearch::Encoding::utf8;
    const Result as_told = read_all(dir.path(), utf8);
    REQUIRE(as_told.docs.size() == 2);
    CHECK(as_told.docs[0].title == "Tie^u dde^`");  // forced UTF-8: no VIQR conversion
    CHECK(as_told.docs[0].encoding == "utf-8");
    CHECK(as_told.issues.empty());
}

TEST_CASE("DocumentReader: ASCII that is clearly VIQR is converted and reported, nothing else") {
    using vnsearch::IssueKind;
    TempDir dir;
    dir.write("a-viqr.txt",
              "DDe^m ho^.i tra(ng ra(`m o+? pho^' co^?\n\nTo^'i qua, ha`ng nghi`n ngu+o+`i ddo^? "
              "ve^` pho^' co^? xem mu'a la^n, ru+o+'c dde`n. Xem https://pho-co.vn/a.html ho^.p "
              "thu+ a.b@pho-co.vn\n");
    dir.write("b-english.txt", "Notes\n\nWe didn't go. Why? The U.S. team (e.g. Bob) said no.\n");
    dir.write(
        "c.jsonl",
        "{\"id\": \"v\", \"url\": \"http://a.vn/a.html\", \"title\": \"Mu`a lu'a chi'n\", "
        "\"body\": \"Nhu+~ng ca'nh ddo^`ng chuye^?n sang ma`u va`ng.\", \"x\": \"a.b\"}\n"
        "{\"id\": \"e\", \"title\": \"Hello\", \"body\": \"Don't go. Who is he? So.\"}\n"
        "{\"id\": \"u\", \"title\": \"Đêm hội\", \"body\": \"pho^' co^? ddo^ng ngu+o+`i\"}\n");
    const Result r = read_all(dir.path());
    REQUIRE(r.docs.size() == 5);
    CHECK(r.docs[0].title == "Đêm hội trăng rằm ở phố cổ");
    CHECK(r.docs[0].body ==
          "Tối qua, hàng nghìn người đổ về phố cổ xem múa lân, rước đèn. Xem "
          "https://pho-co.vn/a.html hộp thư a.b@pho-co.vn");
    CHECK(r.docs[0].encoding == "viqr");
    CHECK(r.docs[1].body == "We didn't go. Why? The U.S. team (e.g. Bob) said no.");
    CHECK(r.docs[1].encoding == "utf-8");
    CHECK(r.docs[2].title == "Mùa lúa chín");
    CHECK(r.docs[2].body == "Những cánh đồng chuyển sang màu vàng.");
    CHECK(r.docs[2].url == "http://a.vn/a.html");  // only text fields are converted
    CHECK(r.docs[2].fields.at("x") == "a.b");
    CHECK(r.docs[2].encoding == "viqr");
    CHECK(r.docs[3].body == "Don't go. Who is he? So.");
    // Fields are judged one by one: the UTF-8 title stays, the ASCII body is VIQR.
    CHECK(r.docs[4].title == "Đêm hội");
    CHECK(r.docs[4].body == "phố cổ đông người");
    REQUIRE(r.issues.size() == 3);
    CHECK(r.issues[0].kind == IssueKind::converted);
    CHECK(r.issues[0].line == 0);
    CHECK(r.issues[0].message == "converted from viqr");
    CHECK(r.issues[1].kind == IssueKind::converted);
    CHECK(r.issues[1].line == 1);
    CHECK(r.issues[1].message == "converted from viqr: title, body");
    CHECK(r.issues[2].line == 3);
    CHECK(r.issues[2].message == "converted from viqr: body");
}

TEST_CASE("DocumentReader: a 50 MB JSON line is read under the default maximum, skipped above") {
    TempDir dir;
    const std::size_t huge = std::size_t{50} << 20;
    const std::string path = dir.path() + "/big.jsonl";
    {
        std::ofstream out(path, std::ios::binary);
        out << "{\"id\": \"big\", \"body\": \"";
        const std::string block(1 << 20, 'x');
        for (std::size_t i = 0; i < huge / block.size(); ++i) out << block;
        out << "\"}\n{\"id\": \"small\"}\n";
    }
    Result r = read_all(path);
    REQUIRE(r.ids() == std::vector<std::string>{"big", "small"});
    CHECK(r.docs[0].body.size() == huge);
    CHECK(r.issues.empty());

    ReaderOptions small;
    small.max_record_bytes = std::size_t{1} << 20;
    r = read_all(path, small);
    CHECK(r.ids() == std::vector<std::string>{"small"});
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].line == 1);
    CHECK(r.issues[0].message ==
          "record of 52428825 bytes exceeds the maximum record size (1 MiB): skipped");
}

TEST_CASE("DocumentReader: the repository fixtures in tests/data") {
    const std::string data = VNSEARCH_SOURCE_DIR "/tests/data";
    REQUIRE(fs::exists(data + "/small.jsonl"));
    REQUIRE(fs::exists(data + "/bad/malformed.jsonl"));
    CHECK(read_all(data + "/small.jsonl").docs.size() == 14);

    // Duplicate ids are the index writer's business: both m1 records come through.
    const Result r = read_all(data + "/bad/malformed.jsonl");
    CHECK(r.ids() == std::vector<std::string>{"m1", "m1", "m3"});
    REQUIRE(r.issues.size() == 2);
    CHECK(r.issues[0].line == 2);
    CHECK(starts_with(r.issues[0].message, "malformed json: "));
    CHECK(r.issues[1].line == 4);
    CHECK(r.issues[1].message == "missing id");

    // A file given by name is read whatever its extension.
    const Result binary = read_all(data + "/bad/binary.bin");
    CHECK(binary.docs.empty());
    REQUIRE(binary.issues.size() == 1);
    CHECK(binary.issues[0].message == "binary file: skipped");

    // Every bad article file in the folder is reported, none stops the others; binary.bin is not
    // an article type, so the folder walk passes over it.
    const Result bad = read_all(data + "/bad");
    CHECK(bad.issues.size() == 4);
    // Damaged UTF-8 is repaired and indexed; the issue says so.
    CHECK(bad.ids() == std::vector<std::string>{"invalid_utf8.txt", "m1", "m1", "m3"});
    const auto repaired = std::find_if(bad.issues.begin(), bad.issues.end(), [](const auto& i) {
        return i.file.find("invalid_utf8.txt") != std::string::npos;
    });
    REQUIRE(repaired != bad.issues.end());
    CHECK(starts_with(repaired->message, "invalid utf-8 repaired"));
}

TEST_CASE("DocumentReader: \"-\" reads JSON lines from standard input, compressed or not") {
    TempDir dir;
    const std::string path =
        dir.write("in.gz", gzip("{\"id\": \"s1\"}\n{\"id\": \"s2\"}\nnot json\n"));
    REQUIRE(std::freopen(path.c_str(), "rb", stdin) != nullptr);
    const Result r = read_all("-");
    REQUIRE(std::freopen("/dev/null", "rb", stdin) != nullptr);
    CHECK(r.ids() == std::vector<std::string>{"s1", "s2"});
    CHECK(r.docs[0].origin.empty());
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].file == "-");
    CHECK(r.issues[0].line == 3);
}

TEST_CASE("DocumentReader: a named pipe streams JSON lines, compressed or not") {
    TempDir dir;
    const std::string fifo = dir.path() + "/pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    const std::string bytes = zstd("{\"id\": \"p1\"}\n{\"id\": \"p2\"}\n");
    std::thread writer([&] {
        std::ofstream out(fifo, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
    const Result r = read_all(fifo);
    writer.join();
    CHECK(r.ids() == std::vector<std::string>{"p1", "p2"});
    CHECK(r.issues.empty());
}
