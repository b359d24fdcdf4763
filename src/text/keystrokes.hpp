// SPDX-License-Identifier: Apache-2.0
// Vietnamese typed as keystrokes with no input method running: Telex ("Vieetj" for "Việt",
// "dduwowngf" for "đường") and VNI ("Vie65t", "d9u7o7ng2"). Each function decodes one word into
// the syllable it types, or gives nothing when the word is not such a spelling.
//
// Telex: aa ee oo -> â ê ô, aw -> ă, ow -> ơ, uw (and a lone w) -> ư, uow -> ươ, dd -> đ at the
// start, and one tone key after a vowel: s (sắc), f (huyền), r (hỏi), x (ngã), j (nặng), at the
// end or before the final consonant ("vieejt"). VNI: digits after the letter they mark, or later
// in the word: 1-5 the tones in that order, 6 circumflex (on the last a e o), 7 horn (on the last
// u or o; uo7 -> ươ), 8 breve (on the last a), 9 stroke (a leading d).
//
// Pure functions of the letters: whether a decoded word is what the user meant (English "car"
// decodes to "cả", "boong" to "bông") is the caller's decision, from what the index holds. The
// output is NFC with the canonical tone placement of syllable.hpp; each letter keeps the case of
// the key that typed it ("DDuwowngf" -> "Đường").
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vnsearch::text {

/// The syllable `word` types in Telex, if it consumes at least one key (a tone, a modifier or
/// dd) and the result is a Vietnamese syllable; otherwise nothing. Only ASCII letters qualify.
std::optional<std::string> decode_telex(std::string_view word);

/// The syllable `word` types in VNI, if it has at least one VNI digit and the result is a
/// Vietnamese syllable; otherwise nothing. Only ASCII letters and digits qualify; each mark at
/// most once ("U23", two tones, is nothing).
std::optional<std::string> decode_vni(std::string_view word);

/// decode_vni() for a word with a digit, decode_telex() otherwise.
std::optional<std::string> decode_keystrokes(std::string_view word);

}  // namespace vnsearch::text
