// SPDX-License-Identifier: Apache-2.0
#include "ingest/date.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace vnsearch::ingest {
namespace {

struct Number {
    std::int64_t value = 0;
    std::size_t digits = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Ymd {
    int year = 0, month = 0, day = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<Number> numbers_in(std::string_view text) {
    std::vector<Number> out;
    for (std::size_t i = 0; i < text.size() && out.size() < 64;) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        Number n;
        n.begin = i;
        while (i < text.size() && is_digit(text[i])) {
            if (n.digits < 18) n.value = n.value * 10 + (text[i] - '0');
            ++n.digits;
            ++i;
        }
        n.end = i;
        out.push_back(n);
    }
    return out;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid(const Ymd& d) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d.year < 1800 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1) return false;
    const int max = days[d.month - 1] + (d.month == 2 && is_leap(d.year) ? 1 : 0);
    return d.day <= max;
}

// The text between two numbers is exactly one separator character from `allowed`.
bool joined_by(std::string_view text, const Number& a, const Number& b, std::string_view allowed,
               char* which = nullptr) {
    if (b.begin != a.end + 1) return false;
    const char c = text[a.end];
    if (which != nullptr) *which = c;
    return allowed.find(c) != std::string_view::npos;
}

bool gap_contains(std::string_view text, const Number& a, const Number& b, std::string_view word) {
    const std::string_view gap = text.substr(a.end, b.begin - a.end);
    return gap.size() <= 16 && gap.find(word) != std::string_view::npos;
}

// A date made of nums[i], nums[i+1], nums[i+2], and where it ends.
std::optional<Ymd> date_at(std::string_view text, const std::vector<Number>& nums, std::size_t i) {
    const Number& a = nums[i];
    const Number& b = nums[i + 1];
    const Number& c = nums[i + 2];
    const auto v = [](const Number& n) { return static_cast<int>(n.value); };
    char s1 = 0, s2 = 0;
    if (a.digits == 4 && b.digits <= 2 && c.digits <= 2 && joined_by(text, a, b, "-/.", &s1) &&
        joined_by(text, b, c, "-/.", &s2) && s1 == s2) {
        return Ymd{v(a), v(b), v(c)};
    }
    if (a.digits <= 2 && b.digits <= 2 && c.digits == 4 && joined_by(text, a, b, "-/.", &s1) &&
        joined_by(text, b, c, "-/.", &s2) && s1 == s2) {
        return Ymd{v(c), v(b), v(a)};
    }
    if (a.digits <= 2 && b.digits <= 2 && c.digits == 4 && gap_contains(text, a, b, "tháng") &&
        gap_contains(text, b, c, "năm")) {
        return Ymd{v(c), v(b), v(a)};
    }
    return std::nullopt;
}

struct Hms {
    int hour = 0, minute = 0, second = 0;
};

// A time of day "08:30", "8h30", "08:30:15" that is not part of the date.
std::optional<Hms> time_in(std::string_view text, const std::vector<Number>& nums,
                           std::size_t skip) {
    for (std::size_t j = 0; j + 1 < nums.size(); ++j) {
        if (j + 1 >= skip && j <= skip + 2) continue;  // overlaps the date's numbers
        const Number& h = nums[j];
        const Number& m = nums[j + 1];
        char sep = 0;
        if (h.digits > 2 || m.digits != 2 || !joined_by(text, h, m, ":h", &sep)) continue;
        Hms t{static_cast<int>(h.value), static_cast<int>(m.value), 0};
        if (j + 2 < nums.size() && sep == ':' && nums[j + 2].digits == 2 &&
            joined_by(text, m, nums[j + 2], ":")) {
            t.second = static_cast<int>(nums[j + 2].value);
        }
        if (t.hour < 24 && t.minute < 60 && t.second < 60) return t;
    }
    return std::nullopt;
}

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
Ymd civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
    return {y, m, d};
}

std::string format(const Ymd& d, const std::optional<Hms>& t) {
    char buf[32];
    if (t) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day,
                      t->hour, t->minute, t->second);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    }
    return buf;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string normalize_date(std::string_view text) {
    const std::vector<Number> nums = numbers_in(text);
    const std::string_view trimmed = trim(text);
    if (nums.size() == 1 && nums[0].digits == trimmed.size()) {
        // Unix time: 9-10 digits are seconds (2001..2286), 12-13 are milliseconds.
        std::int64_t seconds = -1;
        if (nums[0].digits == 9 || nums[0].digits == 10) seconds = nums[0].value;
        if (nums[0].digits == 12 || nums[0].digits == 13) seconds = nums[0].value / 1000;
        if (seconds < 0) return {};
        const std::int64_t in_day = seconds % 86400;
        const Ymd d = civil_from_days(seconds / 86400);
        if (!valid(d)) return {};
        return format(d, Hms{static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                             static_cast<int>(in_day % 60)});
    }
    for (std::size_t i = 0; i + 2 < nums.size(); ++i) {
        const auto d = date_at(text, nums, i);
        if (!d || !valid(*d)) continue;
        return format(*d, time_in(text, nums, i));
    }
    return {};
}

}  // namespace vnsearch::ingest
