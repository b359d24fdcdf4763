// SPDX-License-Identifier: Apache-2.0
// The search page's files (web/index.html, app.js, style.css), compiled into the binary by
// cmake/embed_web.cmake, so that `vnsearch serve` needs no files at run time and the page always
// matches the API of the binary that serves it.
#pragma once
#include <span>
#include <string_view>

namespace vnsearch::server {

struct WebAsset {
    std::string_view name;  ///< file name in web/, e.g. "app.js"
    std::string_view body;
    std::string_view etag;  ///< a strong validator, quoted: "\"<hex of the SHA-256>\""
};

/// Every embedded file, in the order CMakeLists.txt lists them.
[[nodiscard]] std::span<const WebAsset> web_assets();

}  // namespace vnsearch::server
