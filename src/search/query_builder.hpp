// SPDX-License-Identifier: Apache-2.0
// Turns a parsed query into Xapian queries over the term scheme (index/term_scheme.hpp).
//
// Each query syllable expands, through the index's synonym table, to the indexed spellings that
// carry every mark the user typed (OP_SYNONYM): "ha" finds hà, hạ, hả...; "hà" only hà; "viêt"
// việt and viết. A multi-syllable word requires its syllables, which share one term's weight,
// and adds the W word term as optional evidence, so documents with the word outrank those with
// the syllables apart. Phrases are OP_PHRASE over the expansions. Stopwords barely score unless
// the query has nothing else. A query typed with any diacritic is taken as typed with an input
// method: its syllables match their own spelling when the index has it (a syllable without marks
// is level tone there). Question words ("bao nhiêu", "khi nào") are scored like stopwords. In a
// query of several content words, neighbouring words found close together in a document add
// proximity evidence.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include <vnsearch/analyzer.hpp>

#include "search/query_parser.hpp"
#include "search/suggest.hpp"  // carries_marks
#include "search/term_stats.hpp"

namespace vnsearch::search {
struct Abbreviation;
class AbbreviationTable;
}  // namespace vnsearch::search

namespace vnsearch::search {

/// Proximity evidence for two neighbouring query words: a document that has a spelling of each
/// of their syllables within `window` positions scores `factor` times those terms' BM25 weights
/// more (Xapian's OP_NEAR, scaled; search/rerank.hpp computes it).
struct ProximityPair {
    std::vector<std::vector<std::string>> syllables;  ///< each: the indexed terms it may match
    unsigned window = 0;
    double factor = 0;
};

/// A query at three levels. Explicit constructs (phrases, title:, groups, filters, exclusions)
/// always hold except in `relaxed`; free words differ:
struct BuiltQuery {
    Xapian::Query strict;   ///< every free word required (decides SearchResults::partial)
    Xapian::Query ranked;   ///< any free word, ranked by BM25: what the user is shown
    Xapian::Query relaxed;  ///< also phrases loosened to their words: the fallback
    /// Evidence that only reorders the best documents of `ranked` (search/rerank.hpp): scaled
    /// queries whose weight is added to a document's score where they match. The words in the
    /// summary (field evidence), and stopwords and question words beside content words.
    std::vector<Xapian::Query> evidence;
    /// The same for proximity: pairs of neighbouring content words.
    std::vector<ProximityPair> proximity;
    /// The content syllables of the free text, each once, as the indexed terms it may match
    /// (stopwords, question words, excluded words and the alternatives of an OR left out), and
    /// the coordination factor that counts the share of them a reranked document has
    /// (BuildOptions::coordination).
    std::vector<std::vector<std::string>> coverage;
    double coordination = 0;
    /// The query has diacritics, so its words match their own spellings only (see expand()),
    /// and was not typed in part without them (`partly_unaccented`): the second pass reranks it
    /// as typed with an input method.
    bool accented = false;
    /// Exact forms (lower-case, canonical) of every indexed spelling a positive query word may
    /// match: the snippet highlights tokens whose exact form is in this set.
    std::unordered_set<std::string> highlight;
    /// The forms of `highlight` that come from stopwords and question words only: marked in a
    /// snippet, but the passage is chosen by the other words when there are any.
    std::unordered_set<std::string> highlight_minor;
    /// Multi-token spellings to highlight as one unit ("tp hcm" for a query "TPHCM").
    std::vector<std::vector<std::string>> highlight_sequences;
    /// Words typed as Telex or VNI keystrokes and searched as the syllable they decode to: each
    /// as typed ("tees", "Vie65t") and decoded ("tế", "Việt"), in query order.
    std::vector<std::pair<std::string, std::string>> decoded;
    /// Syllables typed with a tone that is a slip (exact forms: "giẩy" -> "giấy", "nỗi" ->
    /// "nội" in "Hà Nỗi"), searched as both; the did-you-mean proposes the second.
    std::vector<std::pair<std::string, std::string>> respelled;
    /// Marks typed in part: unmarked words were typed without marks (see
    /// BuildOptions::level_share).
    bool partly_unaccented = false;
};

/// `query` with each word of `decoded` (as typed) replaced by its decoded spelling ("kinh tees"
/// -> "kinh tế"), or an empty string if nothing was decoded. Words are matched at the
/// analyzer's token boundaries.
std::string interpreted_query(Analyzer& analyzer, std::string_view query,
                              const std::vector<std::pair<std::string, std::string>>& decoded);

/// Whether a document that has exactly the terms for which `has` is true matches `q`, as far as
/// terms alone tell: nullopt for phrases, value ranges and the other operators that need more.
/// A term `has` wrongly says is missing can only turn a true into a false or nullopt, so `true`
/// is proof even when `has` knows only some of the terms.
std::optional<bool> satisfied(const Xapian::Query& q,
                              const std::function<bool(const std::string&)>& has);

/// Ranking knobs. The defaults are the best choice on the dev sets (see bench/README.md,
/// Relevance): word restoration by frequency helps unaccented queries a little at 0.2 and hurts
/// at 0.5 or more; syllable restoration and title boosts hurt and stay off; the W term at full
/// weight over-counts words; summary evidence helps news; proximity helps questions and
/// statements and, below four content words, hurts keyword queries.
struct BuildOptions {
    /// An unaccented word of 2+ syllables also scores its most frequent indexed spelling (the W
    /// term) with this factor, when that spelling has at least `restore_min_share` of the word's
    /// documents. 0 turns restoration off.
    double restore_word_weight = 0.2;
    /// The same for an unaccented one-syllable word (its exact term).
    double restore_syllable_weight = 0.0;
    double restore_min_share = 0.5;
    /// The syllables of a word of n syllables share one term's weight: each scores 1/n of its
    /// BM25 weight in the ranked query. Scored in full, a compound counts as many terms as it
    /// has syllables, and "thể loại âm nhạc" (four) outweighs a rare name of one ("Lindisfarne")
    /// that the question is about. Sharing, with the W term at 0.6, ranks better on questions
    /// and leaves news titles level (see bench/README.md, Relevance). Summary evidence and
    /// proximity keep the syllables' own weights.
    bool syllables_share_word_weight = true;
    /// Weight factor of a multi-syllable word's W term (word evidence over scattered syllables).
    double word_weight = 0.6;
    /// Weight factor of the title (S) terms added beside each free-text syllable; 0: none.
    double title_weight = 0.0;
    /// The same for the summary (XSUM) terms; 0: none.
    double summary_weight = 0.3;
    /// Weight factor of stopwords in free text when other words are present (0: left out). They
    /// always count fully in phrases and in a query made only of stopwords.
    double stopword_weight = 0.3;
    /// The same for question words (data/question_words.txt): they carry no topic.
    double question_weight = 0.3;
    /// Proximity: each pair of neighbouring content words (stopwords and question words skipped)
    /// also scores, scaled by this factor, where a document has their syllables within a window
    /// of their syllable count + `near_slack` positions (OP_NEAR). 0 turns it off.
    double near_weight = 0.3;
    unsigned near_slack = 2;
    /// Proximity applies to free text of at least this many content words: a short query is a
    /// bag of keywords, a long one a question or statement whose neighbouring words belong
    /// together.
    unsigned near_min_words = 4;
    /// Coordination (after Lucene's classic coord factor), for a query typed with diacritics:
    /// the weight of each document that proximity reranks (at least the best 10) is multiplied
    /// by 1 + c * (the share of the query's content syllables it has), so that of two documents
    /// BM25 scores alike, the one with more of the query's words ranks first. 0 turns it off.
    /// 0.43 (the order of a factor 1 - 0.3 + 0.3 * share) ranks better on every dev set (see
    /// bench/README.md, Relevance).
    double coordination = 0.43;
    /// An unmarked syllable in a query with marks is taken as typed without marks (any
    /// spelling), not as level tone, in every word of the query, when the user evidently skipped
    /// marks somewhere: a word of 2+ syllables as typed has less than `word_level_share` of the
    /// documents of its most frequent spelling with the marks typed ("an toan" beside "an
    /// toàn"), or an unmarked syllable's own spelling less than `level_share` of the documents
    /// of all its spellings ("noi" beside "nội", "nói", "nơi"; level-tone syllables such as "va"
    /// or "ho" have more). 0 turns it off.
    double level_share = 0.003;
    double word_level_share = 0.1;
    /// A typed tone is taken as a slip, and the query also searches the syllable (or the word)
    /// with the tone the index has, when the spelling as typed has fewer than `tone_share` of the
    /// documents of that spelling and that spelling at least `tone_min_docs`. 0 turns it off.
    double tone_share = 0.01;
    unsigned tone_min_docs = 5;
    /// ... and the spelling as typed has at most this share of all documents (a typo's count).
    double tone_typed_share = 0.00005;
    /// Abbreviations (data/abbreviations.tsv): a typed abbreviation also matches its expansion as
    /// a phrase, scored this share of one of its syllables; an expansion typed in full also
    /// matches the abbreviation, scored this share of its term. Below 1, so the form typed ranks
    /// first. 0 turns both off.
    double abbreviation_weight = 0.5;
    /// The abbreviations and synonym groups to use (borrowed): the built-in table plus the
    /// index's synonym groups (search/abbreviations.hpp). nullptr: the built-in table.
    const AbbreviationTable* abbreviations = nullptr;
    /// The last word of the query is a prefix (SearchOptions::prefix_last): it stands for the
    /// `prefix_expansions` most frequent indexed terms it begins (search/query_prefix.cpp).
    bool prefix_last = false;
    unsigned prefix_expansions = 40;
    /// ... as long as their document counts add up to at most this (the first always counts).
    std::size_t prefix_postings = 100000;
};

/// The weighting scheme of the ranked query: BM25 with k1 = 0.8 (Xapian's default 1.0 let a
/// repeated term outweigh a second distinct one; 0.8 ranks better on every dev set), b = 0.5.
Xapian::BM25Weight ranking_weight();

/// True if `word` (exact forms of its syllables joined by single spaces) is a question word.
bool is_question_word(std::string_view word);

class QueryBuilder {
public:
    /// Both are borrowed for the builder's lifetime.
    QueryBuilder(const Xapian::Database& db, Analyzer& analyzer, BuildOptions options = {})
        : db_(db), analyzer_(analyzer), options_(options) {}
    /// Reads the term statistics through `stats` (search/term_stats.hpp), borrowed too.
    QueryBuilder(const Xapian::Database& db, Analyzer& analyzer, BuildOptions options,
                 TermStats& stats)
        : db_(db), analyzer_(analyzer), options_(options), stats_(stats) {}

    BuiltQuery build(const QueryNode& root);

    /// The indexed exact spellings of `token` that carry its marks (cached per builder).
    const std::vector<std::string>& expand(const Token& token);

private:
    struct Part;
    Part build_node(const QueryNode& node, BuiltQuery& out);
    Part build_all(const QueryNode& node, BuiltQuery& out);
    Part build_text(const QueryNode& node, BuiltQuery& out);
    std::vector<ProximityPair> proximity(
        const std::vector<std::vector<std::vector<std::string>>>& words) const;
    Part build_phrase(std::string_view text, std::string_view prefix, bool phrase, BuiltQuery& out);
    Xapian::Query syllable_query(const Token& token, std::string_view prefix, BuiltQuery& out,
                                 bool in_phrase = false);
    Xapian::Query spellings_query(const Token& token, std::string_view prefix, BuiltQuery& out,
                                  bool in_phrase);
    Xapian::Query word_query(const Analysis& a, const Word& w, BuiltQuery& out);
    Xapian::Query word_terms(const Analysis& a, const Word& w);
    Xapian::Query split_abbreviation(const Token& token, BuiltQuery& out);
    std::string filter_term(Field field, std::string_view value);
    bool has_marks(const QueryNode& node);
    /// The analysis of `text` after decode_keystrokes(), cached for one build(): has_marks() and
    /// the builders read the same texts.
    const Analysis& analyse(const std::string& text);
    /// `text` with the words typed as Telex or VNI keystrokes replaced by the syllable they
    /// decode to, when that syllable is more frequent in the index than the word as typed
    /// (cached for one build(); the pairs go to `decoded_`, the literal forms to `literals_`).
    const std::string& decode_keystrokes(const std::string& text);
    bool prefer_decoded(const std::string& typed, const std::string& decoded);
    /// The spelling that stands in for `token`'s tone when that tone is a slip (tone_slip()), or
    /// an empty string (cached per exact form; fix_word_tones() adds a word's fixes first).
    const std::string& tone_fix(const Token& token);
    void fix_word_tones(const Analysis& a, const Word& w);
    bool tone_slip(Xapian::doccount typed, Xapian::doccount other) const;
    bool almost_nothing(Xapian::doccount typed) const;
    /// True if the unaccented syllable `token` is unlikely to be a level-tone syllable typed with
    /// an input method: its own spelling is a small share of its base form's spellings.
    bool rarely_level(const Token& token);
    std::optional<bool> bare_word(const Analysis& a, const Word& w);
    /// True if the query has words with marks and words that look typed without them.
    bool partly_unaccented(const QueryNode& node);
    // Abbreviations and their expansions (search/abbreviations.cpp).
    struct ExpansionRun {
        std::size_t first_word = 0, end_word = 0;  ///< the words that spell the expansion
        Xapian::Query abbreviation;                ///< the abbreviations' terms
        std::vector<std::string> terms;            ///< the same terms, for coordination
        /// Weight factor of `abbreviation`: an abbreviation is often rarer than the words of
        /// its expansion, so its term weighs more; scaled to the expansion's rarest syllable,
        /// it weighs less than the words typed.
        double scale = 0;
    };
    double rarity(const std::vector<std::string>& terms);
    /// The abbreviation that tokens [first, first + count) of `a` spell, or nullptr. `typed` is
    /// the text `a` was made from: a syllable ("CA") is an abbreviation only in capitals.
    std::vector<const Abbreviation*> typed_abbreviation(const Analysis& a, std::uint32_t first,
                                                        std::uint32_t count,
                                                        std::string_view typed);
    Xapian::Query with_expansion(Xapian::Query q, const std::vector<const Abbreviation*>& found,
                                 BuiltQuery& out);
    const AbbreviationTable& table() const;
    std::string expansion_marker(const Abbreviation& abbreviation);
    Xapian::Query abbreviation_terms(const Abbreviation& abbreviation, BuiltQuery& out);
    std::vector<ExpansionRun> expansion_runs(const Analysis& a, BuiltQuery& out);
    void add_expansion_runs(const std::vector<ExpansionRun>& runs, const Analysis& a,
                            const std::vector<std::size_t>& content_word,
                            std::vector<Xapian::Query>& strict, std::vector<Xapian::Query>& ranked,
                            BuiltQuery& out);
    static void widen_coverage(BuiltQuery& out, const std::vector<std::string>& entry,
                               const std::vector<std::string>& extra);
    // The last word as a prefix (search/query_prefix.cpp).
    std::vector<std::string> prefix_terms(const Token& token);
    Xapian::Query prefix_query(const std::vector<std::string>& terms, BuiltQuery& out);
    /// The text node whose last token is a prefix, or nullptr.
    const QueryNode* prefix_node_ = nullptr;
    /// True if any document has a term with this field prefix (legal texts have no summary:
    /// evidence over absent terms is work for nothing).
    bool has_field(std::string_view prefix);

    const Xapian::Database& db_;
    Analyzer& analyzer_;
    BuildOptions options_;
    TermStats own_stats_{db_};  // direct calls, unless a TermStats is given
    TermStats& stats_ = own_stats_;
    bool accented_ = false;  ///< the query has a diacritic somewhere (see expand())
    /// Marks typed in part (see partly_unaccented()): an unmarked syllable means any spelling.
    bool partly_unaccented_ = false;
    std::unordered_map<std::string, std::vector<std::string>> expansions_;
    std::unordered_map<std::string, Analysis> analyses_;
    std::unordered_map<std::string, std::string> decoded_texts_;
    /// Exact form of a decoded syllable -> exact form of the word as typed ("tế" -> "tees"),
    /// searched beside it (English and product names keep matching).
    std::unordered_map<std::string, std::string> literals_;
    std::vector<std::pair<std::string, std::string>> decoded_;
    std::unordered_map<std::string, std::string> tone_fixes_;  ///< exact -> fix or ""
    std::unordered_map<std::string, bool> fields_present_;
};

}  // namespace vnsearch::search
