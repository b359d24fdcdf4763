// SPDX-License-Identifier: Apache-2.0
// Where the CLI's commands find the index when --db is not given: a policy of the tool (its
// environment variable and the XDG layout), not of the library, which always takes a path.
#pragma once
#include <string>

namespace vnsearch::cli {

/// $VNSEARCH_DB if set and not empty, else $XDG_DATA_HOME/vnsearch/index (an absolute
/// XDG_DATA_HOME only, as the XDG spec says), else $HOME/.local/share/vnsearch/index.
/// @throws Error{Errc::invalid_input} if none of these variables is usable.
[[nodiscard]] std::string default_index_path();

}  // namespace vnsearch::cli
