// SPDX-License-Identifier: Apache-2.0
// Splits text into raw tokens: runs of letters and digits, joined across punctuation only where
// the notation asks for it (55,95 · 1.234.567 · 24/10/2020 · COVID-19 · TP.HCM), plus e-mail
// addresses and URLs taken whole. Offsets are bytes into the original text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/analyzer.hpp>

namespace vnsearch::text {

/// A token before normalisation.
struct RawToken {
    TokenKind kind = TokenKind::word;  ///< syllable means "letters only": normalisation decides
    std::size_t begin = 0, end = 0;    ///< bytes into the text
    std::uint32_t cp_begin = 0, cp_end = 0;  ///< into Tokenizer::code_points()
    bool run_break = false;  ///< punctuation or a line break precedes it: words never span it
    std::uint32_t group = 0;  ///< abbreviation parts ("TP", "HCM") share a group; others: unique
    std::string canonical;   ///< for numbers, dates, URLs and e-mails: the canonical form
};

class Tokenizer {
public:
    /// Tokenizes `text`; the result is valid until the next call.
    const std::vector<RawToken>& tokenize(std::string_view text);
    /// The decoded code points of the last text (invalid bytes as U+FFFD).
    [[nodiscard]] const std::vector<char32_t>& code_points() const { return cps_; }

private:
    enum class Class : std::uint8_t { space, line_break, word, punct };
    struct Segment;  // a run of word characters between joiners

    void decode(std::string_view text);
    void scan_chunk(std::size_t from, std::size_t to);
    bool try_url_or_email(std::size_t from, std::size_t to);
    std::size_t scan_piece(std::size_t start, std::size_t chunk_end);
    void emit_piece(std::size_t start, std::size_t end);
    void emit(TokenKind kind, std::size_t cp_begin, std::size_t cp_end, std::string canonical = {});
    Segment segment_at(std::size_t start, std::size_t limit) const;

    std::string_view text_;
    std::vector<char32_t> cps_;
    std::vector<std::uint32_t> offsets_;  // byte offset of each code point, plus the end
    std::vector<Class> classes_;
    std::vector<RawToken> tokens_;
    std::vector<std::uint8_t> joiners_;  // per code point: joiner kind inside the current piece
    bool pending_break_ = true;
    std::uint32_t next_group_ = 0;
};

}  // namespace vnsearch::text
