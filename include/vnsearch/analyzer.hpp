// SPDX-License-Identifier: Apache-2.0
// Analyzer turns UTF-8 Vietnamese text into tokens with byte offsets into the original text, each
// with three forms (exact, tone-free, base), grouped into words by a dictionary segmenter. The same
// analyzer serves indexing, queries and snippets, so what is indexed, asked and highlighted agree.
// An Analyzer is not safe for concurrent use (it reuses buffers): use one per thread. Copies are
// independent; the built-in dictionary is shared, immutable and loaded once per process.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <vnsearch/export.hpp>

namespace vnsearch {

/// What a token is. Only `syllable` tokens take part in word segmentation with their neighbours.
enum class TokenKind : std::uint8_t {
    syllable,      ///< a Vietnamese syllable ("việt", "Hà")
    word,          ///< a foreign or mixed word ("COVID-19", "U23", "Vietlott")
    number,        ///< a number in Vietnamese notation ("55,95", "1.234.567", "6x36" is a word)
    date,          ///< a date ("24/10/2020", "24-10-2020", "6/2")
    abbreviation,  ///< letters joined by dots ("TP.HCM", "v.v.")
    email,         ///< "ten@example.vn"
    url,           ///< "https://…", "www.…"
};

/// The lower-case name of a kind ("syllable", "word", ...).
VNSEARCH_API std::string_view to_string(TokenKind kind) noexcept;

/// One token. Offsets are bytes into the *original* input, so snippets highlight what the user
/// wrote; the three forms are canonical (NFC, case-folded, canonical tone placement).
struct Token {
    TokenKind kind = TokenKind::word;
    std::uint32_t position = 0;  ///< 0-based index of the token in the text (stopwords included)
    std::uint32_t word = 0;      ///< index into Analysis::words of the word this token belongs to
    std::size_t begin = 0;       ///< byte offset of the first byte in the input
    std::size_t end = 0;         ///< byte offset one past the last byte in the input
    std::string exact;           ///< canonical form: "hoà", "việt", "tphcm", "55,95"
    std::string tone_free;       ///< tone marks removed, â ă ê ô ơ ư đ kept: "hoa", "viêt"
    std::string base;            ///< every mark removed, đ -> d: "hoa", "viet"
};

/// A word: one or more consecutive tokens ("kinh tế", "Hồ Chí Minh"); most words are one token.
struct Word {
    std::uint32_t first_token = 0;  ///< index into Analysis::tokens
    std::uint32_t token_count = 0;  ///< number of tokens (syllables) in the word
};

/// The result of analysing one text.
struct Analysis {
    std::vector<Token> tokens;
    std::vector<Word> words;
};

/// Which of a token's three forms (`exact`, `tone_free`, `base`) the analyzer fills. The forms
/// left out stay empty; leaving them out saves their copies.
enum class TokenForms : std::uint8_t {
    all,         ///< all three (indexing, queries)
    exact_only,  ///< `exact` only: for callers that compare exact forms, such as snippets
    none,        ///< none: for callers that want word boundaries only (`analyze --words`)
};

/// Options fixed at construction.
struct AnalyzerOptions {
    /// Group syllables into words with the dictionary (default on). Off: every token is a word.
    bool segment_words = true;
    /// Optional path of a user dictionary: one word a line, syllables separated by spaces or `_`,
    /// optionally followed by a tab and a frequency; `#` starts a comment. Empty: none.
    std::string user_dictionary;
    /// Words added to the dictionary, syllables separated by spaces ("Vin Phát"): an index's word
    /// list (IndexOptions::words), which indexing and searching that index use alike. Any
    /// spelling of a listed word (letter case, marks) is segmented as one word.
    std::vector<std::string> words;
    /// Tokens longer than this many bytes (in exact form) are dropped (Xapian's term limit).
    std::size_t max_token_bytes = 64;
    /// Which of each token's forms to fill (default all). Everything else (kinds, offsets,
    /// positions, words) is the same whatever this says.
    TokenForms token_forms = TokenForms::all;
};

class VNSEARCH_API Analyzer {
public:
    /// @throws Error{Errc::io} if the user dictionary cannot be read.
    explicit Analyzer(AnalyzerOptions options = {});
    Analyzer(const Analyzer& other);
    Analyzer& operator=(const Analyzer& other);
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;
    ~Analyzer();

    /// Analyses `text`. Invalid UTF-8 is never an error: each bad byte reads as U+FFFD, which
    /// separates tokens, so offsets still lie on the input's own boundaries.
    [[nodiscard]] Analysis analyze(std::string_view text);
    /// The same, reusing `out`'s buffers (the fast path for indexing loops).
    void analyze(std::string_view text, Analysis& out);

    /// True if the word (exact, tone-free or base form of a whole word, syllables separated by a
    /// space) is on the built-in Vietnamese stopword list. Stopwords keep their positions; only
    /// the query side uses this, to keep them from driving ranking.
    [[nodiscard]] bool is_stopword(std::string_view word_exact_form) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vnsearch
