// SPDX-License-Identifier: Apache-2.0
// Date recognition for article metadata. Vietnamese writes dates day first ("24/10/2020",
// "24-10-2020", "ngày 24 tháng 10 năm 2020"); feeds and APIs use ISO 8601 or Unix time.
#pragma once
#include <string>
#include <string_view>

namespace vnsearch::ingest {

/// The first date in `text` as ISO "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" when a time of day comes
/// with it; empty when no valid date is recognised. Accepts ISO dates (with a time and a zone,
/// which is dropped), day-first dates with '/', '-' or '.', year-first dates with '/' or '.',
/// "ngày D tháng M năm Y", and a bare Unix time in seconds or milliseconds (read as UTC).
std::string normalize_date(std::string_view text);

}  // namespace vnsearch::ingest
