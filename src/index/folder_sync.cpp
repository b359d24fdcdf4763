// SPDX-License-Identifier: Apache-2.0
#include "index/folder_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace vnsearch::index {

namespace fs = std::filesystem;

void sync_folder(const std::string& path) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ::fsync(fd);
        ::close(fd);
    }
    const int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void sync_parent(const std::string& path) {
    const fs::path parent = fs::absolute(path).parent_path();
    const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace vnsearch::index
