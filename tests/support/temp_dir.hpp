// SPDX-License-Identifier: Apache-2.0
// A fresh folder under the system temp directory for one test, removed with everything in it when
// the test ends, pass or fail. Move-only: one owner removes it.
#pragma once
#include <stdlib.h>  // mkdtemp (POSIX)

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace vnsearch::test {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vnsearch-test-XXXXXX");
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + tmpl);
        }
        path_ = std::move(tmpl);
    }
    ~TempDir() {
        if (path_.empty()) return;
        std::error_code ec;  // a destructor must not throw; a leftover folder is harmless
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
    TempDir& operator=(TempDir&&) = delete;

    /// The folder's absolute path.
    [[nodiscard]] const std::string& path() const { return path_; }

    /// The path of `name` inside the folder (nothing is created).
    [[nodiscard]] std::string operator/(std::string_view name) const {
        std::string p = path_;
        p += '/';
        p += name;
        return p;
    }

    /// Writes `bytes` to `relative` inside the folder, creating subfolders; returns the full path.
    std::string write(std::string_view relative, std::string_view bytes) const {
        const std::string p = *this / relative;
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw std::runtime_error("cannot write " + p);
        return p;
    }

private:
    std::string path_;
};

}  // namespace vnsearch::test
