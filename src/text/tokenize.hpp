// SPDX-License-Identifier: Apache-2.0
// Splits text into raw tokens: runs of letters and digits, joined across punctuation only where
// the notation asks for it (55,95 · 1.234.567 · 24/10/2020 · COVID-19 · TP.HCM), plus e-mail
// addresses and URLs taken whole. Offsets are bytes into the original text.
//
// Text is cut into chunks at white space. Most chunks are a run of letters with punctuation
// around it ("(Hà", "Nội,"): those take a single pass over the bytes that decodes and classifies
// each character once and stores nothing per character. Any other chunk (digits, joiners, URLs,
// foreign scripts) is decoded into per-character arrays for the full rules.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/analyzer.hpp>

namespace vnsearch::text {

/// A token before normalisation. Its characters are exactly the bytes [begin, end) of the text.
struct RawToken {
    TokenKind kind = TokenKind::word;  ///< syllable means "letters only": normalisation decides
    std::size_t begin = 0, end = 0;    ///< bytes into the text
    bool run_break = false;   ///< punctuation or a line break precedes it: words never span it
    std::uint32_t group = 0;  ///< abbreviation parts ("TP", "HCM") share a group; others: unique
    std::uint32_t canonical_begin = 0, canonical_size = 0;  ///< into Tokenizer::canonical()
};

class Tokenizer {
public:
    /// Tokenizes `text`; the result is valid until the next call.
    const std::vector<RawToken>& tokenize(std::string_view text);
    /// For numbers, dates, URLs and e-mails: the canonical form ("" for other tokens).
    [[nodiscard]] std::string_view canonical(const RawToken& t) const {
        return std::string_view(canonical_).substr(t.canonical_begin, t.canonical_size);
    }

private:
    enum class Class : std::uint8_t { space, line_break, word, punct };
    struct Segment;  // a run of word characters between joiners

    std::uint8_t class_at(std::size_t pos, std::size_t& len) const;
    std::size_t scan_simple_chunk(std::size_t pos, std::uint8_t bits, std::size_t len);
    std::size_t decode_chunk(std::size_t pos);
    void scan_chunk(std::size_t from, std::size_t to);
    bool try_url_or_email(std::size_t from, std::size_t to);
    std::size_t scan_piece(std::size_t start, std::size_t chunk_end);
    void emit_piece(std::size_t start, std::size_t end);
    void emit_bytes(TokenKind kind, std::size_t begin, std::size_t end);
    void emit(TokenKind kind, std::size_t cp_begin, std::size_t cp_end);
    void set_canonical(std::string_view canonical);
    Segment segment_at(std::size_t start, std::size_t limit) const;

    std::string_view text_;
    const std::uint8_t* table_ = nullptr;  // character classes below the letter table's limit
    // The chunk being scanned by the full rules: its code points, their classes, the byte offset
    // of each (plus the chunk's end), and the joiner kind found after each.
    std::vector<char32_t> cps_;
    std::vector<std::uint32_t> offsets_;
    std::vector<Class> classes_;
    std::vector<std::uint8_t> joiners_;
    std::vector<RawToken> tokens_;
    std::string canonical_;  // canonical forms of all tokens, back to back
    std::string scratch_;
    bool pending_break_ = true;
    std::uint32_t next_group_ = 0;
};

}  // namespace vnsearch::text
