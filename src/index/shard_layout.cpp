// SPDX-License-Identifier: Apache-2.0
#include "index/shard_layout.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include <xapian.h>

#include <vnsearch/error.hpp>

#include "index/term_scheme.hpp"
#include "store/shard_set.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch::index {

namespace fs = std::filesystem;

namespace {

std::string shards_word(std::uint32_t n) {
    return std::to_string(n) + (n == 1 ? " shard" : " shards");
}

void check_count(const ShardLayout& layout, const LayoutRequest& request) {
    const auto count = static_cast<std::uint32_t>(layout.shards.size());
    if (request.shards != 0 && request.shards != count) {
        throw Error(Errc::invalid_input,
                    "index \"" + layout.path + "\" has " + shards_word(count) +
                        "; changing the count is a rebuild: --rebuild --shards " +
                        std::to_string(request.shards));
    }
}

void set_sharded(ShardLayout& layout, std::uint32_t count) {
    layout.sharded = count > 1;
    layout.shards.clear();
    if (count <= 1) {
        layout.shards.push_back(layout.path);
        return;
    }
    for (std::uint32_t k = 0; k < count; ++k) {
        layout.shards.push_back((fs::path(layout.path) / store::shard_folder_name(k)).string());
    }
}

// A sharded folder vnsearch wrote: every shard local.
void read_sharded(ShardLayout& layout, const LayoutRequest& request) {
    const store::IndexLocation location = store::locate_index(layout.path);
    if (location.layout != store::IndexLocation::Layout::sharded) {
        throw Error(Errc::invalid_input, "index \"" + layout.path +
                                             "\" is a stub vnsearch did not write: "
                                             "write to the databases it names one by one");
    }
    for (const store::ShardLocation& shard : location.shards) {
        if (shard.is_remote()) {
            throw Error(Errc::invalid_input, "index \"" + layout.path + "\" has a remote shard \"" +
                                                 shard.name() +
                                                 "\": write to it on the machine that holds it");
        }
    }
    set_sharded(layout, location.declared_shards);
    check_count(layout, request);
    if (request.part) {
        throw Error(Errc::invalid_input, "--shard " + to_string(*request.part) +
                                             " writes one plain database, and \"" + layout.path +
                                             "\" is a sharded index");
    }
}

// A plain database: whole, or one part of a cluster's index (its metadata says which).
void read_plain(ShardLayout& layout, const LayoutRequest& request) {
    set_sharded(layout, 1);
    check_count(layout, request);
    std::string label;
    Xapian::doccount documents = 0;
    store::xapian_call("cannot open index \"" + layout.path + "\"", [&] {
        Xapian::Database db(layout.path);
        label = db.get_metadata(std::string(shard_key));
        documents = db.get_doccount();
    });
    std::optional<ShardPart> stored;
    if (!label.empty()) {
        stored = parse_shard_part(label);
        if (!stored) {
            throw Error(Errc::index_corrupt, "index \"" + layout.path + "\" has a bad " +
                                                 std::string(shard_key) + " \"" + label + "\"");
        }
    }
    if (stored && stored->count == 1) stored.reset();
    if (request.part && stored && *request.part != *stored) {
        throw Error(Errc::invalid_input, "index \"" + layout.path + "\" holds shard " +
                                             to_string(*stored) + ", not " +
                                             to_string(*request.part));
    }
    if (request.part && !stored && documents > 0 && request.part->count > 1) {
        throw Error(Errc::invalid_input, "index \"" + layout.path +
                                             "\" holds a whole index, not shard " +
                                             to_string(*request.part));
    }
    if (stored && !request.part && request.shards > 1) {
        throw Error(Errc::invalid_input, "index \"" + layout.path + "\" holds shard " +
                                             to_string(*stored) + " of a cluster's index");
    }
    layout.part = request.part ? request.part : stored;
    if (layout.part && layout.part->count == 1) layout.part.reset();
}

}  // namespace

std::string to_string(ShardPart part) {
    return std::to_string(part.index) + "/" + std::to_string(part.count);
}

std::optional<ShardPart> parse_shard_part(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    ShardPart part;
    const auto read = [](std::string_view s, std::uint32_t& out) {
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return !s.empty() && ec == std::errc() && end == s.data() + s.size();
    };
    if (!read(text.substr(0, slash), part.index) || !read(text.substr(slash + 1), part.count) ||
        part.count == 0 || part.index >= part.count) {
        return std::nullopt;
    }
    return part;
}

std::size_t ShardLayout::shard_for(std::string_view id) const {
    if (shards.size() <= 1) return 0;
    return store::shard_of(id, static_cast<std::uint32_t>(shards.size()));
}

bool ShardLayout::owns(std::string_view id) const {
    return !part || store::shard_of(id, part->count) == part->index;
}

std::string ShardLayout::label(std::size_t k) const {
    if (sharded) return std::to_string(k) + "/" + std::to_string(shards.size());
    return part ? to_string(*part) : std::string();
}

// A new index gets one shard per core (up to max_default_shards, the batch job's most writer
// threads) from shard_input_bytes of input on, and one plain database below it. Sharding pays at
// indexing (the fold at the end runs on every core instead of one) and costs at search (every shard
// opens every posting list of the query), which shows most on small indexes, where a query is cheap
// anyway. Measured on 2 cores (Release, baomoi-35k: 35k articles, 127 MB of JSON lines): 1 shard
// 130 s, 2 shards 117 s (CPU 61 s vs 64 s), on a busy machine: about 10 % off a two-minute job, not
// worth a slower search for the index's life. The input size is counted as read: a .gz or .zst file
// counts its compressed bytes (about a fifth of the text), so compressed inputs shard from
// about 1.2 GB of text. Standard input (size unknown) gets one shard.
std::uint32_t default_shard_count(std::uint64_t input_bytes, unsigned cores) {
    if (input_bytes < shard_input_bytes) return 1;
    return std::clamp(cores, 1u, max_default_shards);
}

ShardLayout resolve_layout(const std::string& path, const LayoutRequest& request) {
    ShardLayout layout;
    layout.path = store::without_trailing_slashes(path);
    const fs::path folder(layout.path);
    std::error_code ec;
    const auto status = fs::status(folder, ec);
    if (fs::is_regular_file(status)) {
        throw Error(Errc::invalid_input, "index \"" + layout.path +
                                             "\" is a stub file: write to the databases it "
                                             "names one by one");
    }
    if (fs::exists(folder / store::shard_stub_name, ec)) {
        layout.exists = true;
        read_sharded(layout, request);
        return layout;
    }
    if (fs::exists(folder / "iamglass", ec)) {
        layout.exists = true;
        read_plain(layout, request);
        return layout;
    }
    // New, or a sharded folder whose creation was cut short before its stub was written (shards
    // are created first): either way the count comes from the request.
    layout.exists = fs::exists(folder / store::shard_folder_name(0), ec);
    if (request.part) {
        if (request.shards > 1) {
            throw Error(Errc::invalid_input, "--shard K/N and --shards N > 1 exclude each other");
        }
        set_sharded(layout, 1);
        layout.part = request.part->count > 1 ? request.part : std::nullopt;
        return layout;
    }
    set_sharded(layout, request.shards != 0 ? request.shards : request.count_if_new);
    return layout;
}

ShardLayout existing_layout(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw Error(Errc::index_not_found, "cannot open index \"" + path + "\": no such index");
    }
    ShardLayout layout = resolve_layout(path, {});
    if (!layout.exists) {
        throw Error(Errc::index_not_found, "cannot open index \"" + path + "\": no such index");
    }
    return layout;
}

void finish_layout(const ShardLayout& layout) {
    std::error_code ec;
    if (!layout.sharded || fs::exists(fs::path(layout.path) / store::shard_stub_name, ec)) return;
    store::write_shard_stub(layout.path, static_cast<std::uint32_t>(layout.shards.size()));
}

}  // namespace vnsearch::index
