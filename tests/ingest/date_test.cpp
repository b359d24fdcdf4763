// SPDX-License-Identifier: Apache-2.0
#include "ingest/date.hpp"

#include <string>
#include <string_view>

#include <doctest/doctest.h>

TEST_CASE("normalize_date: dates as Vietnamese papers and feeds write them become ISO") {
    struct Case {
        const char* why;
        std::string_view in, out;
    };
    const Case cases[] = {
        {"ISO date is kept", "2021-01-04", "2021-01-04"},
        {"ISO date-time keeps the time, drops the zone", "2020-10-24T08:30:00+07:00",
         "2020-10-24T08:30:00"},
        {"ISO with a space before the time", "2020-10-24 08:30", "2020-10-24T08:30:00"},
        {"day first with slashes", "24/10/2020", "2020-10-24"},
        {"single-digit day and month", "6/2/2017", "2017-02-06"},
        {"day first with dashes", "24-10-2020", "2020-10-24"},
        {"day first with dots", "24.10.2020", "2020-10-24"},
        {"year first with slashes", "2020/10/24", "2020-10-24"},
        {"weekday line of a saved article", "Thứ bảy,  24/10/2020", "2020-10-24"},
        {"time before the date", "08:30 24/10/2020", "2020-10-24T08:30:00"},
        {"Vietnamese hour notation", "Thứ Hai, 26/10/2020, 9h15 (GMT+7)", "2020-10-26T09:15:00"},
        {"words: ngày tháng năm", "ngày 24 tháng 10 năm 2020", "2020-10-24"},
        {"Unix seconds", "1603528200", "2020-10-24T08:30:00"},
        {"Unix milliseconds", "1603528200000", "2020-10-24T08:30:00"},
        {"leap day", "29/02/2020", "2020-02-29"},
        {"no leap day in 2021", "29/02/2021", ""},
        {"month 13 is not a date", "24/13/2020", ""},
        {"mixed separators are not a date", "24/10-2020", ""},
        {"a year alone is not a date", "2020", ""},
        {"a decimal number is not a date", "55,95", ""},
        {"empty", "", ""},
        {"the first valid date wins", "31/02/2020 hoặc 01/03/2020", "2020-03-01"},
    };
    for (const auto& c : cases) {
        const std::string why = c.why;
        CAPTURE(why);
        CHECK(vnsearch::ingest::normalize_date(c.in) == c.out);
    }
}
