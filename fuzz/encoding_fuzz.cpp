// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes through decode_text, detected and with each forced encoding
// (chosen by the first byte). Beyond not crashing, checks what callers rely on: the text is valid
// UTF-8, and decoding it again changes nothing (valid UTF-8 is never converted; NFC is stable).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <vnsearch/encoding.hpp>

#include "text/encoding_decode.hpp"

namespace {

void check(const vnsearch::Decoded& d) {
    if (!vnsearch::text::check_utf8(d.text).valid) std::abort();
    if (d.text.starts_with("\xEF\xBB\xBF")) return;  // a second BOM: re-decoding drops it
    const vnsearch::Decoded again = vnsearch::decode_text(d.text);
    if (again.text != d.text || again.encoding != vnsearch::Encoding::utf8 || again.undecidable)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static constexpr vnsearch::Encoding all[] = {
        vnsearch::Encoding::utf8,  vnsearch::Encoding::utf16le, vnsearch::Encoding::utf16be,
        vnsearch::Encoding::tcvn3, vnsearch::Encoding::vni,     vnsearch::Encoding::viscii,
        vnsearch::Encoding::vps,   vnsearch::Encoding::cp1258,  vnsearch::Encoding::viqr};
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    check(vnsearch::decode_text(bytes));
    if (data[0] < sizeof all / sizeof all[0]) check(vnsearch::decode_text(bytes, all[data[0]]));
    return 0;
}
