// SPDX-License-Identifier: Apache-2.0
// `vnsearch convert [--from NAME] [-o OUT] FILE...`: rewrites Vietnamese text in any encoding
// vnsearch reads (legacy 8-bit, VIQR, UTF-16) as UTF-8 in NFC, so files can be fixed outside
// search. The encoding is detected per file unless --from names it; a file whose encoding cannot be
// told is reported and skipped, never guessed.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include <vnsearch/encoding.hpp>
#include <vnsearch/error.hpp>

#include "cli/commands.hpp"

namespace vnsearch::cli {
namespace {

namespace fs = std::filesystem;

struct ConvertArgs {
    std::string from;    // empty: detect
    std::string output;  // empty: stdout
    std::vector<std::string> files;
    bool verbose = false;
};

// Reads a whole file ("-" is stdin); nullopt with errno's message on failure.
std::optional<std::string> read_input(const std::string& path, std::string& error) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::string data;
    char buf[1 << 16];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, got);
    const bool failed = std::ferror(f) != 0;
    if (failed) error = std::strerror(errno);
    if (f != stdin) std::fclose(f);
    if (failed) return std::nullopt;
    return data;
}

bool write_output(const std::string& path, const std::string& text, std::string& error) {
    std::FILE* f = path.empty() ? stdout : std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        error = std::strerror(errno);
        return false;
    }
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = (path.empty() ? std::fflush(f) : std::fclose(f)) == 0 && ok;
    if (!ok) error = std::strerror(errno);
    return ok;
}

// Where the text of `input` goes: stdout, OUT, or OUT/<name> when several files go to a folder.
std::string output_path(const ConvertArgs& args, const std::string& input) {
    if (args.output.empty()) return {};
    if (args.files.size() == 1 && !fs::is_directory(args.output)) return args.output;
    const std::string name = input == "-" ? "stdin.txt" : fs::path(input).filename().string();
    return (fs::path(args.output) / name).string();
}

// Converts one file; false (after saying why on stderr) if it was not converted.
bool convert_one(const ConvertArgs& args, std::optional<Encoding> forced, const std::string& in) {
    std::string error;
    const auto bytes = read_input(in, error);
    if (!bytes) {
        fmt::print(stderr, "vnsearch convert: cannot read \"{}\": {}\n", in, error);
        return false;
    }
    const Decoded d = decode_text(*bytes, forced);
    if (d.undecidable) {
        fmt::print(stderr,
                   "vnsearch convert: \"{}\": cannot tell its encoding (not UTF-8, and no "
                   "Vietnamese encoding reads it as Vietnamese); name it with --from\n",
                   in);
        return false;
    }
    if (d.replaced > 0)
        fmt::print(stderr, "vnsearch convert: \"{}\": {} bytes are not {} and became U+FFFD\n", in,
                   d.replaced, to_string(d.encoding));
    if (d.also_reads_as)
        fmt::print(stderr,
                   "vnsearch convert: \"{}\" is valid UTF-8 and was left as it is, but it also "
                   "reads as {}: add --from {} to convert it\n",
                   in, to_string(*d.also_reads_as), to_string(*d.also_reads_as));
    if (args.verbose)
        fmt::print(stderr, "vnsearch convert: \"{}\": {} ({})\n", in, to_string(d.encoding),
                   d.detected ? "detected" : "as told");
    const std::string out = output_path(args, in);
    if (!write_output(out, d.text, error)) {
        fmt::print(stderr, "vnsearch convert: cannot write \"{}\": {}\n",
                   out.empty() ? "stdout" : out, error);
        return false;
    }
    return true;
}

void run_convert(const ConvertArgs& args) {
    const std::optional<Encoding> forced =
        args.from.empty() ? std::nullopt : parse_encoding(args.from);
    if (args.files.size() > 1 && !args.output.empty() && !fs::is_directory(args.output))
        throw Error(Errc::invalid_input,
                    fmt::format("-o \"{}\" must be an existing folder when converting {} files",
                                args.output, args.files.size()));
    std::size_t failed = 0;
    for (const std::string& file : args.files) failed += convert_one(args, forced, file) ? 0 : 1;
    if (failed > 0)
        throw Error(Errc::io, fmt::format("convert: {} of {} files not converted", failed,
                                          args.files.size()));
}

}  // namespace

void add_convert_command(CLI::App& app) {
    auto args = std::make_shared<ConvertArgs>();
    auto* cmd =
        app.add_subcommand("convert",
                           "Rewrite Vietnamese text in a legacy encoding (TCVN3, VNI, VISCII, VPS, "
                           "CP1258, VIQR) or UTF-16 as UTF-8 NFC");
    cmd->add_option("files", args->files, "Files to convert (\"-\" reads stdin)")->required();
    cmd->add_option("--from", args->from,
                    "Read every file in this encoding instead of detecting it: utf-8, utf-16le, "
                    "utf-16be, tcvn3 (abc), vni, viscii, vps, cp1258, viqr")
        ->check(CLI::Validator(
            [](std::string& name) -> std::string {
                return parse_encoding(name) ? std::string()
                                            : fmt::format("unknown encoding \"{}\"", name);
            },
            "ENCODING"));
    cmd->add_option("-o,--output", args->output,
                    "Write here instead of stdout (a folder when there are several files)");
    cmd->add_flag("-v,--verbose", args->verbose, "Say on stderr which encoding each file was in");
    cmd->callback([args] { run_convert(*args); });
}

}  // namespace vnsearch::cli
