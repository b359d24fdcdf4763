// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "search/query_builder.hpp"

TEST_CASE("query_builder: a candidate must carry every mark typed") {
    struct Case {
        const char* why;
        const char* typed;
        const char* candidate;
        bool carries;
    };
    const Case cases[] = {
        {"nothing typed", "ha", "hà", true},
        {"nothing typed, đ", "duong", "đường", true},
        {"same spelling", "hà", "hà", true},
        {"other tone", "hà", "hạ", false},
        {"tone typed, candidate bare", "hà", "ha", false},
        {"modifier typed", "viêt", "việt", true},
        {"modifier typed, other modifier", "viêt", "viết", true},
        {"modifier missing in candidate", "viêt", "viet", false},
        {"đ typed", "đuong", "đường", true},
        {"đ typed, candidate d", "đuong", "dương", false},
        {"ư ơ typed", "dương", "dương", true},
        {"ư ơ typed, đ candidate carries more", "dương", "đương", true},
        {"tone anywhere counts", "duòng", "đường", true},
        {"breve vs circumflex", "ăn", "ân", false},
        {"dê vs dế", "dê", "dế", true},
        {"dế vs dê", "dế", "dê", false},
        {"different lengths", "ha", "hai", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.why);
        CHECK(vnsearch::search::carries_marks(c.typed, c.candidate) == c.carries);
    }
}
