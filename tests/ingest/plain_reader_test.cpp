// SPDX-License-Identifier: Apache-2.0
#include "ingest/plain_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

using vnsearch::ingest::looks_binary;
using vnsearch::ingest::parse_plain_text;

using namespace std::string_literals;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The seed's layout, written here so the test never depends on files outside the repository:
// CRLF line ends, a parenthesised tag with an en dash, a caption glued to the lead, an
// intertitle, and a "Bài, ảnh:" author line.
constexpr std::string_view inline_seed =
    "Chủ nhật, 25/10/2020\r\n"
    "Thành phố Lạng Sơn\r\n"
    "\r\n"
    "Ra quân làm sạch đường phố\r\n"
    "\r\n"
    "(LSO) – Sáng nay, hàng nghìn người dân thành phố ra quân dọn vệ sinh đường phố. \r\n"
    "Người dân phường Chi Lăng dọn rác trên phố\r\n"
    "\r\n"
    "Ý thức người dân đã thay đổi\r\n"
    "\r\n"
    "Trên các tuyến phố, rác thải được thu gom gọn gàng.\r\n"
    "\r\n"
    "Bài, ảnh: NGUYỄN VĂN AN\r\n";

// The start of an article in the seed layout, whose title is "Tiêu đề" too.
const std::string layout_head = "Thứ hai, 16/11/2020\nTiêu đề\n\nLSO-Lời dẫn của bài.\n\n";

}  // namespace

TEST_CASE("parse_plain_text: the seed layout gives date, headline, lead, body and author") {
    const auto d = parse_plain_text(inline_seed);
    CHECK(d.date == "2020-10-25");
    CHECK(d.title == "Thành phố Lạng Sơn: Ra quân làm sạch đường phố");
    CHECK(d.summary == "Sáng nay, hàng nghìn người dân thành phố ra quân dọn vệ sinh đường phố.");
    CHECK(d.body ==
          "Ý thức người dân đã thay đổi\nTrên các tuyến phố, rác thải được thu gom gọn gàng.");
    CHECK(d.author == "NGUYỄN VĂN AN");
    REQUIRE(d.fields.count("captions") == 1);
    CHECK(d.fields.at("captions") == "Người dân phường Chi Lăng dọn rác trên phố");
}

TEST_CASE("parse_plain_text: the repository fixture tests/data/seed_layout.txt") {
    const std::string path = VNSEARCH_SOURCE_DIR "/tests/data/seed_layout.txt";
    REQUIRE(std::filesystem::exists(path));
    const auto d = parse_plain_text(slurp(path));
    CHECK(d.date == "2020-11-12");
    CHECK(d.title == "Huyện Bình Gia: Khánh thành cầu treo ở thôn Nà Pàn");
    CHECK(starts_with(d.summary, "Sáng nay (12/11), UBND huyện Bình Gia"));
    CHECK(ends_with(d.summary, "tổng kinh phí 1,8 tỷ đồng."));
    CHECK(d.fields.at("captions") ==
          "Người dân thôn Nà Pàn đi qua cầu treo mới trong ngày khánh thành");
    CHECK(starts_with(d.body, "Trước đây, mỗi mùa mưa lũ"));
    CHECK(ends_with(d.body, "sử dụng được lâu dài."));
    CHECK(std::count(d.body.begin(), d.body.end(), '\n') == 1);
    CHECK(d.author == "LỘC NINH");
}

// A corpus check on a crawled seed article (not redistributable, so not in tests/data), skipped
// unless asked for. ctest runs it (label "corpus") when CMake is given VNSEARCH_CORPUS_DIR; by
// hand:
//   VNSEARCH_CORPUS_DIR=../shared/data vnsearch_tests -tc='*crawled seed*' --no-skip
TEST_CASE("parse_plain_text: a crawled seed article" * doctest::skip()) {
    const char* corpus = std::getenv("VNSEARCH_CORPUS_DIR");
    REQUIRE_MESSAGE(corpus != nullptr, "set VNSEARCH_CORPUS_DIR to the shared data folder");
    const std::string path = std::string(corpus) + "/seed/000_5caeb0ce9ff23243.txt";
    REQUIRE(std::filesystem::exists(path));
    const auto d = parse_plain_text(slurp(path));
    CHECK(d.date == "2020-10-24");
    CHECK(d.title == "Ban Chấp hành Đảng bộ huyện Cao Lộc: Sơ kết công tác 6 tháng đầu năm");
    CHECK(starts_with(d.summary, "Sáng nay (20/6), Ban Chấp hành Đảng bộ huyện Cao Lộc"));
    CHECK(ends_with(d.summary, "dự và phát biểu chỉ đạo."));
    CHECK(starts_with(d.fields.at("captions"), "Đồng chí Tô Hùng Khoa"));
    CHECK(starts_with(d.body, "Trong 6 tháng đầu năm 2017"));
    CHECK(ends_with(d.body, "hiệu quả hơn."));
    CHECK(std::count(d.body.begin(), d.body.end(), '\n') == 2);
    CHECK(d.author == "PHÙNG KHIÊM – PHƯƠNG DUNG");
}

TEST_CASE("parse_plain_text: other texts are first line title, the rest body") {
    struct Case {
        const char* why;
        std::string_view in;
        std::string title, summary, body, date, author;
    };
    const Case cases[] = {
        {"plain note", "Ghi chú\nDòng một\n\nDòng hai\n", "Ghi chú", "", "Dòng một\nDòng hai", "",
         ""},
        {"leading blank lines and a BOM", "\xEF\xBB\xBF\n\n  Tiêu đề  \nNội dung", "Tiêu đề", "",
         "Nội dung", "", ""},
        {"title only", "Chỉ có một dòng", "Chỉ có một dòng", "", "", "", ""},
        {"blank text", " \n\t\n", "", "", "", "", ""},
        {"old Mac line ends", "Tiêu đề\rThân bài", "Tiêu đề", "", "Thân bài", "", ""},
        {"date line without a tagged lead", "Thứ hai, 26/10/2020\nTiêu đề\nThân bài", "Tiêu đề", "",
         "Thân bài", "2020-10-26", ""},
        {"a dash late in a sentence is not a tag",
         "Thứ hai, 26/10/2020\nTiêu đề\nHôm nay trời đẹp, nhiệt độ khoảng 20 - 25 độ.\nHẾT",
         "Tiêu đề", "", "Hôm nay trời đẹp, nhiệt độ khoảng 20 - 25 độ.\nHẾT", "2020-10-26", ""},
        {"capitals at the end of a plain note are not an author", "Tiêu đề\nThân bài\nHÀ NỘI",
         "Tiêu đề", "", "Thân bài\nHÀ NỘI", "", ""},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        const auto d = parse_plain_text(c.in);
        CHECK(d.title == c.title);
        CHECK(d.summary == c.summary);
        CHECK(d.body == c.body);
        CHECK(d.date == c.date);
        CHECK(d.author == c.author);
    }
}

TEST_CASE("parse_plain_text: a closing byline becomes the author and leaves the body") {
    struct Case {
        const char* why;
        std::string_view last;  // the text's last line
        std::string_view author;
    };
    const Case cases[] = {
        {"two names and an en dash", "PHÙNG KHIÊM – PHƯƠNG DUNG", "PHÙNG KHIÊM – PHƯƠNG DUNG"},
        {"two names and a hyphen", "MINH ANH - HOÀNG LONG", "MINH ANH - HOÀNG LONG"},
        {"two names and an em dash", "MINH ANH — HOÀNG LONG", "MINH ANH — HOÀNG LONG"},
        {"names and a comma", "THU HÀ, MAI LAN", "THU HÀ, MAI LAN"},
        {"names and và", "THU HÀ và MAI LAN", "THU HÀ và MAI LAN"},
        {"three names", "NGỌC ÁNH, THU HÀ và MAI LAN", "NGỌC ÁNH, THU HÀ và MAI LAN"},
        {"one name of two words", "LỘC NINH", "LỘC NINH"},
        {"a full name", "NGUYỄN THỊ MINH KHAI", "NGUYỄN THỊ MINH KHAI"},
        {"trailing spaces are trimmed", "LỘC NINH  ", "LỘC NINH"},
        {"decomposed (NFD) capitals",
         "LO\xCC\xA3\xCC\x82"
         "C NINH",
         "LO\xCC\xA3\xCC\x82"
         "C NINH"},
        {"a credit before the name", "Bài, ảnh: NGUYỄN VĂN AN", "NGUYỄN VĂN AN"},
        {"a credit and a name in title case", "Bài và ảnh: Thu Hà", "Thu Hà"},
        {"a news credit and one name", "Tin: HẢI", "HẢI"},
        {"a source", "Theo TTXVN", "TTXVN"},
        {"a source in mixed case", "Theo VnExpress", "VnExpress"},
        {"a source with a dot inside", "Theo VnExpress.net", "VnExpress.net"},
        {"a source of words", "Theo Dân trí", "Dân trí"},
        {"a source in parentheses", "(Theo Báo Lạng Sơn)", "Báo Lạng Sơn"},
        {"initials in parentheses", "(TTXVN)", "TTXVN"},
        {"names in parentheses", "(MINH ANH)", "MINH ANH"},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        const std::string ending = "Câu cuối của bài kết thúc ở đây.\n\n" + std::string(c.last);
        for (const std::string& head : {"Tiêu đề\n\n"s, layout_head}) {
            const auto d = parse_plain_text(head + ending + "\n");
            CHECK(d.title == "Tiêu đề");
            CHECK(d.author == c.author);
            CHECK(d.body == "Câu cuối của bài kết thúc ở đây.");
        }
    }
}

TEST_CASE("parse_plain_text: a last line that is not a byline stays in the body") {
    struct Case {
        const char* why;
        std::string_view before;  // the line before the last
        std::string_view last;
    };
    constexpr std::string_view sentence = "Câu cuối của bài kết thúc ở đây.";
    const Case cases[] = {
        {"an ordinary sentence", sentence, "Người dân rất phấn khởi."},
        {"a sentence without a full stop", sentence, "Người dân rất phấn khởi"},
        {"a heading in capitals (no sentence before it)", "Phần một", "KẾT QUẢ BƯỚC ĐẦU"},
        {"a capitalised heading", sentence, "Kết Quả Bước Đầu"},
        {"a single word in capitals", sentence, "HẾT"},
        {"an acronym", sentence, "TP.HCM"},
        {"an acronym that is no syllable", sentence, "UBND"},
        {"an acronym and a word", sentence, "UBND TỈNH"},
        {"a sentence in capitals with punctuation", sentence, "HÃY CẨN THẬN KHI RA ĐƯỜNG!"},
        {"capitals with a colon", sentence, "CẢNH BÁO: MƯA LỚN"},
        {"capitals with a number", sentence, "NĂM 2020"},
        {"a number", sentence, "2020"},
        {"English in capitals", sentence, "THE END"},
        {"English, words that fit", sentence, "THANK YOU"},
        {"a dash at the start", sentence, "– MINH ANH"},
        {"a dash at the end", sentence, "MINH ANH –"},
        {"two dashes in a row", sentence, "MINH ANH – – HOÀNG LONG"},
        {"a name too long to be one", sentence, "MỘT HAI BA BỐN NĂM SÁU"},
        {"a sentence starting with Theo", sentence, "Theo kế hoạch, công trình xong năm 2021."},
        {"Theo and a lower-case word", sentence, "Theo tôi"},
        {"Theo and a sentence in title case", sentence, "Theo Ông Nguyễn Văn An Cho Biết Thêm"},
        {"Theo and a number", sentence, "Theo Nghị định 100"},
        {"parentheses around a sentence", sentence, "(Xem tiếp ở trang 3.)"},
        {"parentheses around a note", sentence, "(còn nữa)"},
        {"an unknown credit", sentence, "Xem thêm: NGUYỄN VĂN AN"},
        {"a credit and a sentence", sentence, "Bài: xem trang sau"},
        {"a URL", sentence, "https://baolangson.vn/"},
        {"an e-mail address", sentence, "toasoan@baolangson.vn"},
        {"lower-case names", sentence, "phùng khiêm – phương dung"},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        const std::string ending = std::string(c.before) + "\n\n" + std::string(c.last);
        for (const std::string& head : {"Tiêu đề\n\n"s, layout_head}) {
            const auto d = parse_plain_text(head + ending + "\n");
            CHECK(d.author == "");
            CHECK(d.body == std::string(c.before) + "\n" + std::string(c.last));
        }
    }
}

TEST_CASE("parse_plain_text: a byline needs a body line before it") {
    // Title and byline alone: the second line is the body.
    auto d = parse_plain_text("Tiêu đề\nPHÙNG KHIÊM – PHƯƠNG DUNG\n");
    CHECK(d.author == "");
    CHECK(d.body == "PHÙNG KHIÊM – PHƯƠNG DUNG");
    // In the newspaper layout, the lead is not the body either.
    d = parse_plain_text("Thứ hai, 16/11/2020\nTiêu đề\nLSO-Lời dẫn của bài.\n\nTheo TTXVN\n");
    CHECK(d.author == "");
    CHECK(d.body == "Theo TTXVN");
    d = parse_plain_text(
        "Thứ hai, 16/11/2020\nTiêu đề\nLSO-Lời dẫn của bài.\nThân bài.\n\nTheo TTXVN\n");
    CHECK(d.author == "TTXVN");
    CHECK(d.body == "Thân bài.");
}

TEST_CASE("parse_plain_text: the fixture tests/data/byline_two_names.txt") {
    const auto d = parse_plain_text(slurp(VNSEARCH_SOURCE_DIR "/tests/data/byline_two_names.txt"));
    CHECK(d.date == "2020-11-16");
    CHECK(d.title == "Xã Tân Thanh: Chợ biên giới tấp nập ngày cuối tuần");
    CHECK(d.author == "MAI LAN – HOÀNG HẢI");
    CHECK(ends_with(d.body, "gấp rưỡi cùng kỳ năm trước."));
    CHECK(d.body.find("MAI LAN") == std::string::npos);
    CHECK(d.fields.at("captions") == "Khách chọn hàng tại một gian hàng vải trong chợ");
}

TEST_CASE("looks_binary: text in any encoding passes, binary does not") {
    struct Case {
        const char* why;
        std::string_view in;
        bool binary;
    };
    const Case cases[] = {
        {"UTF-8 Vietnamese", "Hôm nay trời đẹp.\n", false},
        {"TCVN3 bytes are high, not control", "H\xabm nay tr\xeai \xad\xb8p.\n", false},
        {"UTF-16LE with a BOM has NULs but is text", std::string_view("\xFF\xFEH\0a\0", 6), false},
        {"a NUL byte", std::string_view("abc\0def", 7), true},
        {"PNG header", std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), true},
        {"mostly control bytes", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", true},
        {"a few VISCII capitals among text", "Hello \x02 world, this is text.", false},
        {"empty", "", false},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        CHECK(looks_binary(c.in) == c.binary);
    }
}
