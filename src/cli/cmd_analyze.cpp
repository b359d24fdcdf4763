// SPDX-License-Identifier: Apache-2.0
// `vnsearch analyze`: shows what the analyzer makes of a text (a table or JSON), or, with --words,
// segments stdin line by line in the `syllable_syllable word` form that seg_eval.py reads.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <sys/stat.h>

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

// All of `f`, in a buffer that is not zero-filled first and, for a regular file, allocated once
// at its size (growing a buffer a 50 MB input at a time costs page faults and copies).
struct Input {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    [[nodiscard]] std::string_view view() const { return {data.get(), size}; }
};

Input read_all(std::FILE* f) {
    struct stat st {};
    std::size_t capacity = std::size_t{1} << 20;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        capacity = static_cast<std::size_t>(st.st_size) + 1;  // + 1: sees the end at once
    Input in{std::make_unique_for_overwrite<char[]>(capacity), 0};
    std::size_t got;
    while ((got = std::fread(in.data.get() + in.size, 1, capacity - in.size, f)) > 0) {
        in.size += got;
        if (in.size == capacity) {
            auto bigger = std::make_unique_for_overwrite<char[]>(2 * capacity);
            std::memcpy(bigger.get(), in.data.get(), in.size);
            in.data = std::move(bigger);
            capacity *= 2;
        }
    }
    return in;
}

// Most bytes are above ' ': one comparison settles them.
bool is_space(char c) {
    return static_cast<unsigned char>(c) <= ' ' &&
           (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
}

// One output line: the line's whitespace-separated chunks, chunks of one word joined by '_'.
// Chunks without any token (punctuation) stand alone, as in the gold files. A token never holds
// white space, so the scan jumps over each token and looks at the bytes between tokens only. The
// line is copied out whole first: where chunks are one space apart (nearly always) only the
// separators are then written, elsewhere the chunks move up over the extra white space.
void write_words(std::string_view line, const Analysis& a, fmt::memory_buffer& out) {
    const std::size_t start = out.size();
    out.append(line);
    char* const dst = out.data() + start;
    std::size_t written = 0;
    const std::size_t token_count = a.tokens.size();
    std::size_t tok = 0;  // the first token at or after the scan position
    long previous_word = -1;
    bool first = true;
    for (std::size_t pos = 0; pos < line.size();) {
        while (pos < line.size() && is_space(line[pos])) ++pos;
        if (pos >= line.size()) break;
        const std::size_t first_token = tok;
        std::size_t end = pos;
        while (end < line.size()) {
            if (tok < token_count && a.tokens[tok].begin == end) {
                end = a.tokens[tok++].end;
            } else if (is_space(line[end])) {
                break;
            } else {
                ++end;
            }
        }
        // The chunk's word is that of its first token, if it has any.
        const long word = tok == first_token ? -1L : static_cast<long>(a.tokens[first_token].word);
        if (!first) dst[written++] = word >= 0 && word == previous_word ? '_' : ' ';
        if (written != pos) std::memmove(dst + written, line.data() + pos, end - pos);
        written += end - pos;
        previous_word = word;
        first = false;
        pos = end;
    }
    out.resize(start + written);
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
    AnalyzerOptions options;
    options.segment_words = !args.no_segment;
    options.user_dictionary = args.user_dictionary;
    // --words prints word boundaries only
    options.token_forms = args.words ? TokenForms::none : TokenForms::all;
    Analyzer analyzer(options);
    Analysis analysis;
    if (args.words) {
        const std::string text_line = args.has_text ? args.text + "\n" : std::string();
        const Input stdin_text = args.has_text ? Input{} : read_all(stdin);
        const std::string_view input = args.has_text ? text_line : stdin_text.view();
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
