// SPDX-License-Identifier: Apache-2.0
// Making writes durable with fsync: what a database writer does after commits made with
// DB_NO_SYNC, and what switching a rebuilt folder into place (index/rebuild.hpp) does after a
// rename. Both use it, and the rebuild also opens a DatabaseWriter to hold the lock, so this sits
// below both.
#pragma once
#include <string>

namespace vnsearch::index {

/// fsyncs every file of the folder `path` and the folder itself (errors ignored: best effort
/// after writes made with DB_NO_SYNC or by compaction).
void sync_folder(const std::string& path);

/// fsyncs the folder that holds `path`, so a rename of `path` is durable (best effort).
void sync_parent(const std::string& path);

}  // namespace vnsearch::index
