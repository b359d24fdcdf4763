// SPDX-License-Identifier: Apache-2.0
// `vnsearch analyze`: shows what the analyzer makes of a text (a table or JSON), or, with --words,
// segments stdin line by line in the `syllable_syllable word` form that seg_eval.py reads.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <vnsearch/analyzer.hpp>

#include "cli/commands.hpp"

namespace vnsearch::cli {

namespace {

struct AnalyzeArgs {
    std::string text;
    bool has_text = false;
    std::string format = "table";
    bool words = false;
    bool no_segment = false;
    std::string user_dictionary;
};

std::string read_all(std::FILE* f) {
    std::string data;
    char buf[1 << 16];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, got);
    return data;
}

// Most bytes are above ' ': one comparison settles them.
bool is_space(char c) {
    return static_cast<unsigned char>(c) <= ' ' &&
           (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
}

// The first byte at or after `pos` that is <= ' ' (where white space may be), eight bytes at a
// time: in a word of x's bytes, x - 0x21.. & ~x & 0x80.. marks the bytes below 0x21, and its
// lowest mark (the first such byte in memory, x86 and ARM being little-endian) is exact.
std::size_t next_low_byte(std::string_view s, std::size_t pos) {
    if constexpr (std::endian::native == std::endian::little) {
        for (; pos + 8 <= s.size(); pos += 8) {
            std::uint64_t x = 0;
            std::memcpy(&x, s.data() + pos, sizeof x);
            const std::uint64_t low = (x - 0x2121212121212121ULL) & ~x & 0x8080808080808080ULL;
            if (low != 0) return pos + static_cast<std::size_t>(std::countr_zero(low) / 8);
        }
    }
    while (pos < s.size() && static_cast<unsigned char>(s[pos]) > ' ') ++pos;
    return pos;
}

// One output line: the line's whitespace-separated chunks, chunks of one word joined by '_'.
// Chunks without any token (punctuation) stand alone, as in the gold files.
void write_words(std::string_view line, const Analysis& a, fmt::memory_buffer& out) {
    std::size_t tok = 0;
    long previous_word = -1;
    bool first = true;
    for (std::size_t pos = 0; pos < line.size();) {
        while (pos < line.size() && is_space(line[pos])) ++pos;
        if (pos >= line.size()) break;
        std::size_t end = next_low_byte(line, pos);
        while (end < line.size() && !is_space(line[end])) end = next_low_byte(line, end + 1);
        while (tok < a.tokens.size() && a.tokens[tok].end <= pos) ++tok;
        long word = -1;
        if (tok < a.tokens.size() && a.tokens[tok].begin < end) word = a.tokens[tok].word;
        if (!first) out.push_back(word >= 0 && word == previous_word ? '_' : ' ');
        out.append(line.substr(pos, end - pos));
        previous_word = word;
        first = false;
        pos = end;
    }
    out.push_back('\n');
}

std::string word_text(std::string_view text, const Analysis& a, const Word& w) {
    const Token& first = a.tokens[w.first_token];
    const Token& last = a.tokens[w.first_token + w.token_count - 1];
    return std::string(text.substr(first.begin, last.end - first.begin));
}

nlohmann::json to_json(std::string_view text, const Analysis& a) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const Token& t : a.tokens) {
        tokens.push_back({{"text", std::string(text.substr(t.begin, t.end - t.begin))},
                          {"begin", t.begin},
                          {"end", t.end},
                          {"position", t.position},
                          {"kind", std::string(to_string(t.kind))},
                          {"word", t.word},
                          {"exact", t.exact},
                          {"tone_free", t.tone_free},
                          {"base", t.base}});
    }
    nlohmann::json words = nlohmann::json::array();
    for (const Word& w : a.words) {
        words.push_back({{"text", word_text(text, a, w)},
                         {"first_token", w.first_token},
                         {"tokens", w.token_count}});
    }
    return {{"text", std::string(text)}, {"tokens", tokens}, {"words", words}};
}

void print_table(std::string_view text, const Analysis& a) {
    fmt::print("{:>4} {:>11}  {:<12} {:>4}  {:<18} {:<16} {:<16} {}\n", "pos", "bytes", "kind",
               "word", "text", "exact", "tone-free", "base");
    for (const Token& t : a.tokens) {
        fmt::print("{:>4} {:>11}  {:<12} {:>4}  {:<18} {:<16} {:<16} {}\n", t.position,
                   fmt::format("{}-{}", t.begin, t.end), to_string(t.kind), t.word,
                   text.substr(t.begin, t.end - t.begin), t.exact, t.tone_free, t.base);
    }
    std::string words;
    for (const Word& w : a.words) {
        if (!words.empty()) words += " | ";
        words += word_text(text, a, w);
    }
    fmt::print("words: {}\n", words);
}

void run_analyze(const AnalyzeArgs& args) {
    Analyzer analyzer(AnalyzerOptions{.segment_words = !args.no_segment,
                                      .user_dictionary = args.user_dictionary});
    Analysis analysis;
    if (args.words) {
        const std::string input = args.has_text ? args.text + "\n" : read_all(stdin);
        fmt::memory_buffer out;
        for (std::size_t pos = 0; pos < input.size();) {
            std::size_t eol = input.find('\n', pos);
            if (eol == std::string::npos) eol = input.size();
            const std::string_view line(input.data() + pos, eol - pos);
            analyzer.analyze(line, analysis);
            write_words(line, analysis, out);
            if (out.size() > (1 << 16)) {
                std::fwrite(out.data(), 1, out.size(), stdout);
                out.clear();
            }
            pos = eol + 1;
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return;
    }
    auto show = [&](std::string_view text) {
        analyzer.analyze(text, analysis);
        if (args.format == "json") {
            fmt::print("{}\n", to_json(text, analysis).dump());
        } else {
            print_table(text, analysis);
        }
    };
    if (args.has_text) {
        show(args.text);
        return;
    }
    std::string line;
    while (std::getline(std::cin, line)) show(line);
}

}  // namespace

void add_analyze_command(CLI::App& app) {
    auto args = std::make_shared<AnalyzeArgs>();
    auto* cmd = app.add_subcommand("analyze", "Show the tokens, forms and words of a text");
    cmd->add_option("text", args->text, "Text to analyse (default: one text per line of stdin)");
    cmd->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}));
    cmd->add_flag("--words", args->words,
                  "Print each stdin line's words, syllables of a word joined by '_'");
    cmd->add_flag("--no-segment", args->no_segment, "Do not group syllables into words");
    cmd->add_option("--user-dict", args->user_dictionary,
                    "Extra dictionary: one word a line, optional TAB frequency")
        ->check(CLI::ExistingFile);
    cmd->callback([args, cmd] {
        args->has_text = cmd->count("text") > 0;
        run_analyze(*args);
    });
}

}  // namespace vnsearch::cli
