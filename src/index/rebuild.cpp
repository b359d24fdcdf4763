// SPDX-License-Identifier: Apache-2.0
#include "index/rebuild.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <vnsearch/error.hpp>

#include "index/database_writer.hpp"
#include "index/folder_sync.hpp"
#include "index/shard_layout.hpp"
#include "store/shard_set.hpp"
#include "store/xapian_util.hpp"

namespace vnsearch::index {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void throw_io(const std::string& what, int err) {
    throw Error(Errc::io, what + ": " + std::strerror(err));
}

}  // namespace

std::string rebuild_path(const std::string& db_path) {
    return store::without_trailing_slashes(db_path) + ".rebuild";
}

void compact_copy(const std::string& source, const std::string& output) {
    std::error_code ec;
    fs::remove_all(output, ec);
    store::xapian_call("cannot compact index \"" + source + "\"", [&] {
        Xapian::Database db(source);
        db.compact(output, Xapian::DBCOMPACT_NO_RENUMBER);
    });
}

void exchange_folders(const std::string& a, const std::string& b) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) {
        sync_parent(b);
        return;
    }
    if (errno != EINVAL && errno != ENOSYS) {
        throw_io("cannot exchange \"" + a + "\" and \"" + b + "\"", errno);
    }
    const std::string parked = a + ".exchange";
    std::error_code ec;
    fs::remove_all(parked, ec);
    if (::rename(b.c_str(), parked.c_str()) != 0 || ::rename(a.c_str(), b.c_str()) != 0 ||
        ::rename(parked.c_str(), a.c_str()) != 0) {
        throw_io("cannot exchange \"" + a + "\" and \"" + b + "\"", errno);
    }
    sync_parent(b);
}

void switch_into_place(const std::string& rebuilt, const std::string& live) {
    std::error_code ec;
    if (!fs::exists(live, ec)) {
        if (::rename(rebuilt.c_str(), live.c_str()) != 0) {
            throw_io("cannot move \"" + rebuilt + "\" to \"" + live + "\"", errno);
        }
        sync_parent(live);
        return;
    }
    {
        // Take the live index's locks (every shard's) so no writer is adding to the folder we
        // retire. A sharded folder has no lock of its own: Xapian locks each shard database.
        std::vector<DatabaseWriter> locks;
        for (const std::string& shard : existing_layout(live).shards) {
            locks.emplace_back(shard, OpenMode::open, true);
        }
        exchange_folders(rebuilt, live);
    }
    // The retired database now sits at `rebuilt`; readers that still have it open keep their
    // file descriptors, so removing it is safe.
    fs::remove_all(rebuilt, ec);
}

}  // namespace vnsearch::index
