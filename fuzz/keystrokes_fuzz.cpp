// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as one word typed in Telex or VNI (text/keystrokes.hpp).
// Checks what a crash-free run alone would not show: a decoded word is valid UTF-8 made of
// letters only, one syllable of the analyzer with marks, and never longer than the keys typed
// allow; a word with a byte outside ASCII letters and digits never decodes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <vnsearch/analyzer.hpp>

#include "text/keystrokes.hpp"
#include "text/letters.hpp"
#include "text/utf8.hpp"

namespace {

void check(std::string_view typed, const std::optional<std::string>& decoded) {
    if (!decoded) return;
    bool plain = true;
    for (char c : typed)
        plain =
            plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (!plain || decoded->empty() || decoded->size() > 3 * typed.size()) std::abort();
    for (std::size_t pos = 0; pos < decoded->size();) {
        std::size_t length = 0;
        const char32_t cp = vnsearch::text::decode_utf8(*decoded, pos, length);
        if (cp == 0xFFFD || vnsearch::text::char_info(cp).kind != vnsearch::text::CharKind::letter)
            std::abort();
        pos += length;
    }
    static vnsearch::Analyzer analyzer;
    const vnsearch::Analysis a = analyzer.analyze(*decoded);
    if (a.tokens.size() != 1 || a.tokens[0].kind != vnsearch::TokenKind::syllable) std::abort();
    if (a.tokens[0].exact == a.tokens[0].base && a.tokens[0].exact.size() == typed.size())
        std::abort();  // a decoding consumes a key: the result has a mark or is shorter
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view word(reinterpret_cast<const char*>(data), size);
    check(word, vnsearch::text::decode_telex(word));
    check(word, vnsearch::text::decode_vni(word));
    check(word, vnsearch::text::decode_keystrokes(word));
    return 0;
}
