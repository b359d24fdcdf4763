// SPDX-License-Identifier: Apache-2.0
#include "search/query_builder.hpp"

#include <algorithm>
#include <utility>

#include "data/embedded.hpp"
#include "index/term_scheme.hpp"
#include "search/abbreviations.hpp"
#include "search/suggest.hpp"
#include "text/letters.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"
#include "text/word_list.hpp"

namespace vnsearch::search {

namespace {

using Queries = std::vector<Xapian::Query>;

Xapian::Query combine(Xapian::Query::op op, const Queries& qs) {
    if (qs.empty()) return Xapian::Query();
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(op, qs.begin(), qs.end());
}

// `qs` with each repeated subquery kept once, scaled by its count: a word typed twice weighs
// twice, as before, but its posting lists are opened and merged once. (Xapian weighs each
// leaf with its own wqf, 1 here, so the scores are the same.) Long questions repeat words: a
// legal-qa query has "dịch vụ" three times.
Queries merge_repeats(const Queries& qs) {
    std::vector<std::pair<std::string, std::size_t>> keys;  // serialised, index in `out`
    Queries out;
    std::vector<double> counts;
    for (const Xapian::Query& q : qs) {
        std::string key = q.serialise();
        const auto it =
            std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.first == key; });
        if (it != keys.end()) {
            counts[it->second] += 1;
            continue;
        }
        keys.emplace_back(std::move(key), out.size());
        out.push_back(q);
        counts.push_back(1);
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (counts[i] > 1)
            out[i] = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, out[i], counts[i]);
    return out;
}

Xapian::Query phrase_of(const Queries& qs) {
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, qs.begin(), qs.end(),
                         static_cast<Xapian::termcount>(qs.size()));
}

// Abbreviations are written without vowels (TPHCM, UBND, HĐND): only such tokens are split or
// joined, so ordinary words never turn into two.
bool is_vowelless_letters(const Token& t) {
    if (t.kind != TokenKind::word && t.kind != TokenKind::abbreviation) return false;
    if (t.base.empty() || t.base.size() > 12) return false;
    for (char c : t.base) {
        if (c < 'a' || c > 'z') return false;
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') return false;
    }
    return true;
}

// Question words in exact form, syllables separated by one space. Built once per process.
const std::unordered_set<std::string>& question_set() {
    static const auto set = text::load_word_list(data::question_words);
    return set;
}

}  // namespace

Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(0.8, 0, 1, 0.5, 0.5); }

bool is_question_word(std::string_view word) { return question_set().contains(std::string(word)); }

std::optional<bool> satisfied(const Xapian::Query& q,
                              const std::function<bool(const std::string&)>& has) {
    const std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return has(*q.get_unique_terms_begin());
        case Xapian::Query::LEAF_MATCH_ALL:
            return true;
        case Xapian::Query::LEAF_MATCH_NOTHING:
            return false;
        case Xapian::Query::OP_SCALE_WEIGHT:
        case Xapian::Query::OP_AND_MAYBE:  // the optional side never decides a match
            return n == 0 ? std::optional<bool>() : satisfied(q.get_subquery(0), has);
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER: {
            std::optional<bool> all = true;
            for (std::size_t i = 0; i < n && all != false; ++i) {
                const std::optional<bool> c = satisfied(q.get_subquery(i), has);
                if (c != true) all = c;
            }
            return all;
        }
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM: {
            std::optional<bool> any = false;
            for (std::size_t i = 0; i < n && any != true; ++i) {
                const std::optional<bool> c = satisfied(q.get_subquery(i), has);
                if (c != false) any = c;
            }
            return any;
        }
        default:
            return std::nullopt;
    }
}

// One node's queries at the three levels (see BuiltQuery). `required` parts (phrases, title:,
// groups) must match at the ranked level; free text only ranks.
struct QueryBuilder::Part {
    enum class Role { nothing, scored, stop, filter };
    Role role = Role::nothing;
    bool required = false;
    Xapian::Query strict, ranked, relaxed;
};

const std::vector<std::string>& QueryBuilder::expand(const Token& token) {
    auto [it, inserted] = expansions_.try_emplace(token.exact);
    if (!inserted) return it->second;
    std::vector<std::string>& out = it->second;
    // A tone the index (almost) never has with these letters, where another tone is common:
    // a slip of the finger ("giẩy" for "giấy"), searched as both.
    if (const std::string& fix = tone_fix(token); !fix.empty()) {
        if (stats_.exists(token.exact)) out.push_back(token.exact);
        out.push_back(fix);
        return out;
    }
    // A query typed with diacritics anywhere was typed with an input method, so a syllable without
    // marks in it is level tone, not "marks omitted": it matches its own spelling when indexed.
    if (accented_ && !partly_unaccented_ && stats_.exists(token.exact)) {
        out.push_back(token.exact);
        return out;
    }
    for (auto s = db_.synonyms_begin(token.base); s != db_.synonyms_end(token.base); ++s) {
        const std::string candidate = *s;
        if (carries_marks(token.exact, candidate)) out.push_back(candidate);
    }
    if (std::find(out.begin(), out.end(), token.exact) == out.end() && stats_.exists(token.exact))
        out.push_back(token.exact);
    return out;
}

Xapian::Query QueryBuilder::syllable_query(const Token& token, std::string_view prefix,
                                           BuiltQuery& out, bool in_phrase) {
    Xapian::Query q = spellings_query(token, prefix, out, in_phrase);
    // A word decoded from keystrokes ("tees" -> "tế") also matches as typed, with its own weight:
    // an English word or a name that happens to read as Telex still finds its documents.
    const auto literal = literals_.find(token.exact);
    if (literal == literals_.end()) return q;
    const std::string typed = std::string(prefix) + literal->second;
    if (!stats_.exists(typed)) return q;
    out.highlight.insert(literal->second);
    return Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(typed));
}

Xapian::Query QueryBuilder::spellings_query(const Token& token, std::string_view prefix,
                                            BuiltQuery& out, bool in_phrase) {
    const auto& spellings = expand(token);
    std::string p(prefix);
    if (spellings.empty()) return Xapian::Query(p + token.exact);
    Queries qs;
    for (const auto& s : spellings) {
        out.highlight.insert(s);
        qs.emplace_back(p + s);
    }
    // Xapian 1.4's OP_PHRASE takes OP_OR subqueries but not OP_SYNONYM ones.
    if (in_phrase) return combine(Xapian::Query::OP_OR, qs);
    // Field evidence: the same spellings in the title or summary, as an extra scaled term that
    // reranks the best documents.
    const std::pair<std::string_view, double> fields[] = {
        {index::title_prefix, options_.title_weight},
        {index::summary_prefix, options_.summary_weight}};
    for (const auto& [field, weight] : fields) {
        if (weight <= 0 || !prefix.empty() || !has_field(field)) continue;
        Queries terms;
        for (const auto& s : spellings) terms.emplace_back(std::string(field) + s);
        out.evidence.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                  combine(Xapian::Query::OP_SYNONYM, terms), weight);
    }
    return combine(Xapian::Query::OP_SYNONYM, qs);
}

bool QueryBuilder::has_field(std::string_view prefix) {
    const auto [it, added] = fields_present_.try_emplace(std::string(prefix), false);
    if (added) it->second = stats_.has_prefix(it->first);
    return it->second;
}

// The W terms of a multi-syllable word whose syllables carry the marks typed.
Xapian::Query QueryBuilder::word_terms(const Analysis& a, const Word& w) {
    std::string key(index::word_prefix), exact(index::word_prefix);
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        if (i) {
            key.push_back(index::word_joiner);
            exact.push_back(index::word_joiner);
        }
        key += a.tokens[w.first_token + i].base;
        exact += a.tokens[w.first_token + i].exact;
    }
    if (accented_ && !partly_unaccented_ && stats_.exists(exact)) return Xapian::Query(exact);
    Queries qs;
    bool has_exact = false;
    for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
        const std::string candidate = *s;
        std::string_view rest(candidate);
        if (!rest.starts_with(index::word_prefix)) continue;
        rest.remove_prefix(index::word_prefix.size());
        bool ok = true;
        for (std::uint32_t i = 0; i < w.token_count && ok; ++i) {
            const std::size_t cut = rest.find(index::word_joiner);
            const std::string_view part = rest.substr(0, cut);
            const Token& t = a.tokens[w.first_token + i];
            ok = carries_marks(t.exact, part) || (!tone_fix(t).empty() && tone_fix(t) == part);
            rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
        }
        if (!ok) continue;
        has_exact = has_exact || candidate == exact;
        qs.emplace_back(candidate);
    }
    if (!has_exact && stats_.exists(exact)) qs.emplace_back(exact);
    return combine(Xapian::Query::OP_SYNONYM, qs);
}

Xapian::Query QueryBuilder::split_abbreviation(const Token& token, BuiltQuery& out) {
    Queries alternatives;
    const std::string& s = token.exact;
    for (std::size_t i = 1; i < s.size() && alternatives.size() < 3; ++i) {
        const std::string left = s.substr(0, i), right = s.substr(i);
        if (!stats_.exists(left) || !stats_.exists(right)) continue;
        alternatives.push_back(phrase_of({Xapian::Query(left), Xapian::Query(right)}));
        out.highlight_sequences.push_back({left, right});
    }
    return combine(Xapian::Query::OP_OR, alternatives);
}

Xapian::Query QueryBuilder::word_query(const Analysis& a, const Word& w, BuiltQuery& out) {
    const Token& first = a.tokens[w.first_token];
    if (w.token_count > 1) fix_word_tones(a, w);
    if (w.token_count == 1) {
        Xapian::Query q = syllable_query(first, "", out);
        Restoration r;
        if (options_.restore_syllable_weight > 0 &&
            restore_word(db_, a, w, r, partly_unaccented_) && r.share >= options_.restore_min_share)
            q = Xapian::Query(
                Xapian::Query::OP_OR, q,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(r.syllables.front()),
                              options_.restore_syllable_weight));
        if (is_vowelless_letters(first) && first.exact.size() >= 3) {
            Xapian::Query split = split_abbreviation(first, out);
            if (!split.empty()) q = Xapian::Query(Xapian::Query::OP_OR, q, split);
        }
        return q;
    }
    Queries syllables;
    bool abbreviation = true;
    std::string joined;
    std::vector<std::string> sequence;
    for (std::uint32_t i = 0; i < w.token_count; ++i)
        abbreviation = abbreviation && a.tokens[w.first_token + i].kind == TokenKind::abbreviation;
    for (std::uint32_t i = 0; i < w.token_count; ++i) {
        const Token& t = a.tokens[w.first_token + i];
        syllables.push_back(syllable_query(t, "", out, abbreviation));
        joined += t.exact;
        sequence.push_back(t.exact);
    }
    if (abbreviation) {  // TP.HCM: the parts in a row, or the joined form TPHCM
        Xapian::Query q = phrase_of(syllables);
        if (stats_.exists(joined)) {
            out.highlight.insert(joined);
            q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(joined));
        }
        out.highlight_sequences.push_back(std::move(sequence));
        return q;
    }
    Xapian::Query all = combine(Xapian::Query::OP_AND, syllables);
    if (options_.syllables_share_word_weight)
        all = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 1.0 / w.token_count);
    Xapian::Query word = word_terms(a, w);
    if (word.empty()) return all;
    if (options_.word_weight != 1.0)
        word = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, word, options_.word_weight);
    Restoration r;
    if (options_.restore_word_weight > 0 && restore_word(db_, a, w, r, partly_unaccented_) &&
        r.share >= options_.restore_min_share) {
        std::string term(index::word_prefix);
        for (std::size_t i = 0; i < r.syllables.size(); ++i) {
            if (i) term.push_back(index::word_joiner);
            term += r.syllables[i];
        }
        word = Xapian::Query(Xapian::Query::OP_OR, word,
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                                           options_.restore_word_weight));
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, word);
}

// Pairs of neighbouring content words, each word given as its syllables' terms; an empty entry
// (a joined abbreviation) breaks the chain.
std::vector<ProximityPair> QueryBuilder::proximity(
    const std::vector<std::vector<std::vector<std::string>>>& words) const {
    std::vector<ProximityPair> pairs;
    if (options_.near_weight <= 0 || words.size() < options_.near_min_words) return pairs;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i].empty() || words[i + 1].empty()) continue;
        ProximityPair& pair = pairs.emplace_back();
        pair.syllables = words[i];
        pair.syllables.insert(pair.syllables.end(), words[i + 1].begin(), words[i + 1].end());
        pair.window = static_cast<unsigned>(pair.syllables.size()) + options_.near_slack;
        pair.factor = options_.near_weight;
    }
    return pairs;
}

QueryBuilder::Part QueryBuilder::build_text(const QueryNode& node, BuiltQuery& out) {
    const Analysis& a = analyse(node.text);
    const std::string& typed = decode_keystrokes(node.text);  // the text `a` was made from
    Queries content, stop;
    std::vector<std::size_t> content_word;  // the word each entry of `content` comes from
    Queries stop_evidence;  // the stopwords' field evidence, if they are all there is
    Queries weak;           // the stopwords, scaled, and their field evidence, beside content
    // Per content word, its syllables' terms, for proximity.
    std::vector<std::vector<std::vector<std::string>>> positional;
    // Expansions typed in full ("uỷ ban nhân dân") also match their abbreviation (UBND).
    const std::vector<ExpansionRun> runs = expansion_runs(a, out);
    // The last token, typed so far: a prefix (BuildOptions::prefix_last).
    const bool prefix =
        &node == prefix_node_ && !a.tokens.empty() &&
        (a.tokens.back().kind == TokenKind::syllable || a.tokens.back().kind == TokenKind::word);
    const std::size_t prefix_word = prefix ? a.tokens.back().word : a.words.size();
    for (std::size_t wi = 0; wi < a.words.size(); ++wi) {
        const Word& w = a.words[wi];
        if (wi == prefix_word) {
            if (w.token_count > 1) {  // the syllables before it as a word of their own
                content.push_back(word_query(a, Word{w.first_token, w.token_count - 1}, out));
                content_word.push_back(wi);
            }
            std::vector<std::string> terms = prefix_terms(a.tokens.back());
            content.push_back(prefix_query(terms, out));
            content_word.push_back(wi);
            out.coverage.push_back(std::move(terms));
            positional.emplace_back();
            continue;
        }
        // "TP HCM" typed apart: also the joined form, and the two in a row; "GD-ĐT" likewise,
        // and a known abbreviation's expansion.
        if (w.token_count == 1 && wi + 1 < a.words.size() && a.words[wi + 1].token_count == 1 &&
            wi + 1 != prefix_word) {
            const Token& t1 = a.tokens[w.first_token];
            const Token& t2 = a.tokens[a.words[wi + 1].first_token];
            const std::string joined = t1.exact + t2.exact;
            const bool letters = is_vowelless_letters(t1) && is_vowelless_letters(t2);
            const std::vector<const Abbreviation*> known =
                letters && options_.abbreviation_weight > 0 ? table().find_all(joined)
                                                            : std::vector<const Abbreviation*>{};
            if (letters && (!known.empty() || stats_.exists(joined))) {
                const Queries pair{syllable_query(t1, "", out, true),
                                   syllable_query(t2, "", out, true)};
                out.highlight_sequences.push_back({t1.exact, t2.exact});
                Xapian::Query q = phrase_of(pair);
                if (stats_.exists(joined)) {
                    out.highlight.insert(joined);
                    q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(joined));
                }
                content.push_back(with_expansion(q, known, out));
                content_word.push_back(wi);
                positional.emplace_back();
                ++wi;
                continue;
            }
        }
        std::string words;
        for (std::uint32_t i = 0; i < w.token_count; ++i) {
            if (i) words.push_back(' ');
            words += a.tokens[w.first_token + i].exact;
        }
        BuiltQuery scratch;
        const bool is_question = is_question_word(words);
        const bool is_stop = is_question || analyzer_.is_stopword(words);
        Xapian::Query q = word_query(a, w, is_stop ? scratch : out);
        const std::vector<const Abbreviation*> found =
            is_stop ? std::vector<const Abbreviation*>{}
                    : typed_abbreviation(a, w.first_token, w.token_count, typed);
        const Abbreviation* abbreviation = found.empty() ? nullptr : found.front();
        if (abbreviation != nullptr) q = with_expansion(q, found, out);
        (is_stop ? stop : content).push_back(q);
        if (!is_stop) content_word.push_back(wi);
        const double weight = is_question ? options_.question_weight : options_.stopword_weight;
        if (is_stop) {
            stop_evidence.insert(stop_evidence.end(), scratch.evidence.begin(),
                                 scratch.evidence.end());
            if (weight > 0) {
                weak.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, weight);
                for (const Xapian::Query& e : scratch.evidence)
                    weak.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, e, weight);
            }
            for (auto& h : scratch.highlight) {
                out.highlight.insert(h);
                out.highlight_minor.insert(h);
            }
            continue;
        }
        for (std::uint32_t i = 0; i < w.token_count; ++i) {
            const Token& t = a.tokens[w.first_token + i];
            const auto& spellings = expand(t);
            std::vector<std::string> terms =
                spellings.empty() ? std::vector<std::string>{t.exact} : spellings;
            if (std::find(out.coverage.begin(), out.coverage.end(), terms) == out.coverage.end())
                out.coverage.push_back(terms);
            if (abbreviation != nullptr)
                widen_coverage(out, terms, {expansion_marker(*abbreviation)});
        }
        if (options_.near_weight > 0) {
            auto& syllables = positional.emplace_back();
            for (std::uint32_t i = 0; i < w.token_count; ++i) {
                const Token& t = a.tokens[w.first_token + i];
                const auto& spellings = expand(t);
                syllables.push_back(spellings.empty() ? std::vector<std::string>{t.exact}
                                                      : spellings);
            }
        }
    }
    Part p;
    const Queries& use = content.empty() ? stop : content;
    if (use.empty()) return p;
    p.role = content.empty() ? Part::Role::stop : Part::Role::scored;
    Queries strict = use, ranked = merge_repeats(use);
    if (!content.empty()) add_expansion_runs(runs, a, content_word, strict, ranked, out);
    p.strict = combine(Xapian::Query::OP_AND, strict);
    const Queries& extra = content.empty() ? stop_evidence : weak;
    out.evidence.insert(out.evidence.end(), extra.begin(), extra.end());
    p.ranked = p.relaxed = combine(Xapian::Query::OP_OR, ranked);
    // Proximity only ranks (every document it matches already matches the words), and only the
    // best documents: it is kept apart.
    for (ProximityPair& pair : proximity(positional)) out.proximity.push_back(std::move(pair));
    return p;
}

QueryBuilder::Part QueryBuilder::build_phrase(std::string_view text, std::string_view prefix,
                                              bool phrase, BuiltQuery& out) {
    const Analysis& a = analyse(std::string(text));
    Part p;
    if (a.tokens.empty()) return p;
    Queries qs;
    for (const Token& t : a.tokens) qs.push_back(syllable_query(t, prefix, out, phrase));
    p.role = Part::Role::scored;
    p.required = true;
    p.strict = p.ranked = phrase ? phrase_of(qs) : combine(Xapian::Query::OP_AND, qs);
    p.relaxed = combine(Xapian::Query::OP_OR, qs);
    return p;
}

std::string QueryBuilder::filter_term(Field field, std::string_view value) {
    std::string_view prefix;
    switch (field) {
        case Field::author:
            prefix = index::author_prefix;
            break;
        case Field::source:
            prefix = index::source_prefix;
            break;
        case Field::category:
            prefix = index::category_prefix;
            break;
        case Field::tag:
            prefix = index::tag_prefix;
            break;
        default:
            break;
    }
    // The same body as the indexed term's, also for a value cut to fit a term.
    return std::string(prefix) + index::filter_value(analyzer_, value);
}

QueryBuilder::Part QueryBuilder::build_node(const QueryNode& node, BuiltQuery& out) {
    Part p;
    switch (node.kind) {
        case QueryNode::Kind::text:
            return build_text(node, out);
        case QueryNode::Kind::phrase:
            return build_phrase(node.text, "", true, out);
        case QueryNode::Kind::field:
            if (node.field == Field::title)
                return build_phrase(node.text, index::title_prefix, true, out);
            p.role = Part::Role::filter;
            p.strict = p.ranked = p.relaxed = Xapian::Query(filter_term(node.field, node.text));
            return p;
        case QueryNode::Kind::date:
            p.role = Part::Role::filter;
            p.strict = p.ranked = p.relaxed = Xapian::Query(
                Xapian::Query::OP_VALUE_RANGE, index::date_slot, node.date_from, node.date_to);
            return p;
        case QueryNode::Kind::all:
            return build_all(node, out);
        case QueryNode::Kind::any: {
            Queries strict, ranked, relaxed;
            // Alternatives: a document needs only one, so none counts towards coordination.
            const std::size_t coverage = out.coverage.size();
            for (const auto& child : node.children) {
                Part c = build_node(child, out);
                if (c.role == Part::Role::nothing) continue;
                if (c.role != Part::Role::filter) p.role = Part::Role::scored;
                if (p.role == Part::Role::nothing) p.role = Part::Role::filter;
                strict.push_back(c.strict);
                ranked.push_back(c.ranked);
                relaxed.push_back(c.relaxed);
            }
            out.coverage.resize(coverage);
            p.required = true;
            p.strict = combine(Xapian::Query::OP_OR, strict);
            p.ranked = combine(Xapian::Query::OP_OR, ranked);
            p.relaxed = combine(Xapian::Query::OP_OR, relaxed);
            return p;
        }
    }
    return p;
}

namespace {

// Applies the filters (boolean AND) and exclusions (AND_NOT) of a node to one of its queries;
// with no scored part, the filters alone select (and "-word" alone means "everything but").
Xapian::Query constrain(Xapian::Query q, const Queries& filters, const Queries& negatives) {
    if (!filters.empty()) {
        const Xapian::Query f = combine(Xapian::Query::OP_AND, filters);
        q = q.empty() ? f : Xapian::Query(Xapian::Query::OP_FILTER, q, f);
    }
    if (!negatives.empty()) {
        if (q.empty()) q = Xapian::Query::MatchAll;
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, combine(Xapian::Query::OP_OR, negatives));
    }
    return q;
}

}  // namespace

QueryBuilder::Part QueryBuilder::build_all(const QueryNode& node, BuiltQuery& out) {
    struct Level {
        Queries strict, required, free, relaxed;
    };
    Level scored, stop;
    Queries filters, negatives;
    for (const auto& child : node.children) {
        if (child.negated) {
            BuiltQuery ignored;  // excluded words are never highlighted
            Part c = build_node(child, ignored);
            if (c.role != Part::Role::nothing) negatives.push_back(c.strict);
            continue;
        }
        Part c = build_node(child, out);
        if (c.role == Part::Role::nothing) continue;
        if (c.role == Part::Role::filter) {
            filters.push_back(c.strict);
            continue;
        }
        Level& level = c.role == Part::Role::stop ? stop : scored;
        level.strict.push_back(c.strict);
        (c.required ? level.required : level.free).push_back(c.ranked);
        level.relaxed.push_back(c.relaxed);
    }
    const Level& use = scored.strict.empty() ? stop : scored;
    // Ranked: every required part, and at least one free word (OR: BM25 ranks by how many and
    // how rare). Strict: everything. Relaxed: anything.
    Queries ranked = use.required;
    if (!use.free.empty()) ranked.push_back(combine(Xapian::Query::OP_OR, use.free));
    Part p;
    p.role = use.strict.empty() ? Part::Role::filter : Part::Role::scored;
    p.required = true;
    p.strict = constrain(combine(Xapian::Query::OP_AND, use.strict), filters, negatives);
    p.ranked = constrain(combine(Xapian::Query::OP_AND, ranked), filters, negatives);
    p.relaxed = constrain(combine(Xapian::Query::OP_OR, use.relaxed), filters, negatives);
    if (p.strict.empty()) p.role = Part::Role::nothing;
    return p;
}

bool QueryBuilder::has_marks(const QueryNode& node) {
    switch (node.kind) {
        case QueryNode::Kind::text:
        case QueryNode::Kind::phrase:
        case QueryNode::Kind::field: {
            if (node.kind == QueryNode::Kind::field && node.field != Field::title) return false;
            const Analysis& a = analyse(node.text);
            for (const Token& t : a.tokens)
                if (t.kind == TokenKind::syllable && t.exact != t.base) return true;
            return false;
        }
        case QueryNode::Kind::date:
            return false;
        case QueryNode::Kind::all:
        case QueryNode::Kind::any:
            for (const auto& child : node.children)
                if (!child.negated && has_marks(child)) return true;
            return false;
    }
    return false;
}

const Analysis& QueryBuilder::analyse(const std::string& text) {
    auto [it, added] = analyses_.try_emplace(text);
    if (added) it->second = analyzer_.analyze(decode_keystrokes(text));
    return it->second;
}

BuiltQuery QueryBuilder::build(const QueryNode& root) {
    BuiltQuery out;
    analyses_.clear();
    decoded_texts_.clear();
    literals_.clear();
    decoded_.clear();
    tone_fixes_.clear();
    accented_ = has_marks(root);
    // Typed in part without marks ("Hà noi vệ sinh an toan"): "noi" and "toan" are no level-tone
    // syllables, so the user skipped marks, and an unmarked word means what it means in an
    // unaccented query.
    partly_unaccented_ = accented_ && options_.level_share > 0 && partly_unaccented(root);
    // Such a query is reranked as an unaccented one (coordinated and reranked as typed with an
    // input method, it ranks worse on every dev set: bench/README.md, Relevance).
    out.accented = accented_ && !partly_unaccented_;
    // Unaccented, a syllable is in a document through any of its spellings ("thuoc" through
    // "thuốc" for "thuộc"), which says too little to count: coordinating unaccented queries
    // ranks worse (see bench/README.md, Relevance).
    out.coordination = out.accented ? options_.coordination : 0;
    expansions_.clear();
    // The query's last word is a prefix when the query ends in free text.
    prefix_node_ = nullptr;
    if (options_.prefix_last) {
        if (root.kind == QueryNode::Kind::text) prefix_node_ = &root;
        if (root.kind == QueryNode::Kind::all && !root.children.empty() &&
            root.children.back().kind == QueryNode::Kind::text && !root.children.back().negated)
            prefix_node_ = &root.children.back();
    }
    Part p = build_node(root, out);
    out.decoded = decoded_;
    out.partly_unaccented = partly_unaccented_;
    for (const auto& [typed, fix] : tone_fixes_)
        if (!fix.empty()) out.respelled.emplace_back(typed, fix);
    out.evidence = merge_repeats(out.evidence);  // each word's evidence, once per repetition
    if (p.role == Part::Role::nothing) return out;
    out.strict = p.strict;
    out.ranked = p.ranked;
    out.relaxed = p.relaxed;
    return out;
}

}  // namespace vnsearch::search
