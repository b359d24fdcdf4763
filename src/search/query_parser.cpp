// SPDX-License-Identifier: Apache-2.0
#include "search/query_parser.hpp"

#include <utility>

#include <vnsearch/error.hpp>

#include "text/utf8.hpp"

namespace vnsearch::search {

namespace {

bool is_invisible_control(char32_t cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    // Bidi embeddings, overrides, isolates and marks, line/paragraph separators: they only change
    // how text is displayed, and a pasted query should not differ from a typed one.
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029) return true;
    if (cp >= 0x202A && cp <= 0x202E) return true;
    if (cp >= 0x2066 && cp <= 0x2069) return true;
    return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_break(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

Field field_named(std::string_view name) {
    std::string n;
    for (char c : name) n.push_back(lower_ascii(c));
    if (n == "title") return Field::title;
    if (n == "author") return Field::author;
    if (n == "source") return Field::source;
    if (n == "category") return Field::category;
    if (n == "tag") return Field::tag;
    if (n == "date") return Field::date;
    return Field::none;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// One side of a date range: YYYY, YYYY-MM or YYYY-MM-DD. `upper` fills missing parts with their
// largest value so that "..2020" includes all of 2020 (values are compared as strings).
bool parse_date_bound(std::string_view s, bool upper, std::string& out) {
    std::string y, m, d;
    if (s.size() == 4 && all_digits(s)) {
        y = s;
    } else if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(0, 4)) &&
               all_digits(s.substr(5, 2))) {
        y = s.substr(0, 4);
        m = s.substr(5, 2);
    } else if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) &&
               all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2))) {
        y = s.substr(0, 4);
        m = s.substr(5, 2);
        d = s.substr(8, 2);
    } else {
        return false;
    }
    if (!m.empty() && (m < "01" || m > "12")) return false;
    if (!d.empty() && (d < "01" || d > "31")) return false;
    if (m.empty()) m = upper ? "12" : "01";
    if (d.empty()) d = upper ? "31" : "01";
    out = y + m + d;
    return true;
}

class Parser {
public:
    explicit Parser(std::string_view q) : q_(q) {}

    QueryNode parse() {
        QueryNode root = parse_any(0);  // at depth 0 a stray ')' is skipped
        if (root.kind != QueryNode::Kind::all && root.kind != QueryNode::Kind::any) {
            QueryNode wrap;
            wrap.children.push_back(std::move(root));
            return wrap;
        }
        return root;
    }

private:
    void skip_space() {
        while (pos_ < q_.size() && is_space(q_[pos_])) ++pos_;
    }

    std::string_view peek_chunk() const {
        std::size_t end = pos_;
        while (end < q_.size() && !is_break(q_[end])) ++end;
        return q_.substr(pos_, end - pos_);
    }

    std::string read_quoted() {
        ++pos_;  // opening quote
        const std::size_t close = q_.find('"', pos_);
        const std::size_t end = close == std::string_view::npos ? q_.size() : close;
        std::string text(q_.substr(pos_, end - pos_));
        pos_ = close == std::string_view::npos ? q_.size() : close + 1;
        return text;
    }

    QueryNode parse_any(std::size_t depth) {
        QueryNode any;
        any.kind = QueryNode::Kind::any;
        any.children.push_back(parse_all(depth));
        for (;;) {
            skip_space();
            if (peek_chunk() != "OR") break;
            pos_ += 2;
            any.children.push_back(parse_all(depth));
        }
        std::erase_if(any.children, [](const QueryNode& n) { return n.children.empty(); });
        if (any.children.size() == 1) return std::move(any.children.front());
        if (any.children.empty()) return QueryNode{};
        return any;
    }

    QueryNode parse_all(std::size_t depth) {
        QueryNode all;
        std::string pending;  // plain chunks, analysed together later
        auto flush = [&] {
            if (pending.empty()) return;
            QueryNode t;
            t.kind = QueryNode::Kind::text;
            t.text = std::move(pending);
            pending.clear();
            all.children.push_back(std::move(t));
        };
        for (;;) {
            skip_space();
            if (pos_ >= q_.size()) break;
            const char c = q_[pos_];
            if (c == ')') {
                if (depth > 0) break;
                ++pos_;  // stray: ignore
                continue;
            }
            const std::string_view chunk = peek_chunk();
            if (chunk == "OR") break;
            if (chunk == "AND" || chunk == "+") {
                pos_ += chunk.size();
                continue;
            }
            bool negated = false;
            if (chunk == "NOT") {
                pos_ += 3;
                skip_space();
                negated = true;
            } else if (c == '-' && pos_ + 1 < q_.size() && !is_space(q_[pos_ + 1]) &&
                       q_[pos_ + 1] != '-') {
                ++pos_;
                negated = true;
            } else if (c == '+' && pos_ + 1 < q_.size() && !is_space(q_[pos_ + 1])) {
                ++pos_;
            }
            if (pos_ >= q_.size()) break;
            QueryNode item;
            const bool plain = parse_primary(depth, item);
            if (plain && !negated) {
                if (!pending.empty()) pending.push_back(' ');
                pending += item.text;
                continue;
            }
            flush();
            if (item.kind == QueryNode::Kind::all && item.children.empty()) continue;
            item.negated = negated;
            all.children.push_back(std::move(item));
        }
        flush();
        return all;
    }

    // Parses one item; returns true if it is plain text (to be merged with its neighbours).
    bool parse_primary(std::size_t depth, QueryNode& out) {
        const char c = q_[pos_];
        if (c == '(') {
            ++pos_;
            if (depth + 1 >= max_depth) return parse_primary_or_nothing(depth, out);
            out = parse_any(depth + 1);
            skip_space();
            if (pos_ < q_.size() && q_[pos_] == ')') ++pos_;
            return false;
        }
        if (c == '"') {
            out.kind = QueryNode::Kind::phrase;
            out.text = read_quoted();
            return false;
        }
        if (c == ')') {  // "-)" and the like: nothing to negate
            out = QueryNode{};
            return false;
        }
        const std::string_view chunk = peek_chunk();
        pos_ += chunk.size();
        const std::size_t colon = chunk.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            const Field f = field_named(chunk.substr(0, colon));
            std::string value(chunk.substr(colon + 1));
            bool quoted = false;
            if (f != Field::none && value.empty() && pos_ < q_.size() && q_[pos_] == '"') {
                value = read_quoted();
                quoted = true;
            }
            if (f == Field::date) {
                out.kind = QueryNode::Kind::date;
                if (!parse_date_range(value, out.date_from, out.date_to))
                    throw Error(Errc::invalid_query,
                                "invalid date \"" + value +
                                    "\": expected YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO");
                return false;
            }
            if (f != Field::none && !value.empty()) {
                out.kind = QueryNode::Kind::field;
                out.field = f;
                out.text = std::move(value);
                out.phrase = quoted;
                return false;
            }
        }
        out.kind = QueryNode::Kind::text;
        out.text = std::string(chunk);
        return true;
    }

    // Past max_depth, '(' only groups nothing: read what follows as if the parenthesis were absent.
    bool parse_primary_or_nothing(std::size_t depth, QueryNode& out) {
        skip_space();
        if (pos_ >= q_.size() || q_[pos_] == ')') {
            out = QueryNode{};
            return false;
        }
        return parse_primary(depth, out);
    }

    std::string_view q_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string clean_query(std::string_view query) {
    std::string out;
    out.reserve(query.size() < max_query_bytes ? query.size() : max_query_bytes);
    for (std::size_t pos = 0; pos < query.size();) {
        std::size_t length = 0;
        const char32_t cp = text::decode_utf8(query, pos, length);
        if (out.size() + length > max_query_bytes) break;
        if (is_invisible_control(cp))
            out.push_back(' ');
        else
            out.append(query.substr(pos, length));
        pos += length;
    }
    return out;
}

bool parse_date_range(std::string_view value, std::string& from, std::string& to) {
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos)
        return parse_date_bound(value, false, from) && parse_date_bound(value, true, to);
    const std::string_view a = value.substr(0, dots), b = value.substr(dots + 2);
    if (a.empty() && b.empty()) return false;
    from = "00000000";
    to = "99999999";
    if (!a.empty() && !parse_date_bound(a, false, from)) return false;
    if (!b.empty() && !parse_date_bound(b, true, to)) return false;
    return true;
}

QueryNode parse_query(std::string_view query) {
    const std::string cleaned = clean_query(query);
    return Parser(cleaned).parse();
}

}  // namespace vnsearch::search
