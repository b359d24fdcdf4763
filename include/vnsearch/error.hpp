// SPDX-License-Identifier: Apache-2.0
// Error is the only exception type that crosses the vnsearch API. It carries an Errc so callers
// can react to the kind of failure (a missing index, a locked one, a bad query) without parsing
// messages. Bad input *data* (a malformed JSON line, an undecodable file) is reported as a value by
// the readers, never thrown.
#pragma once
#include <stdexcept>
#include <string>

#include <vnsearch/export.hpp>

namespace vnsearch {

/// What went wrong, in the spirit of std::errc.
enum class Errc {
    io,               ///< a file or folder could not be read or written
    invalid_input,    ///< the caller passed something unusable (bad option, unknown encoding)
    invalid_query,    ///< a query that cannot be parsed or answered
    index_not_found,  ///< no index at the given path
    index_locked,     ///< another writer holds the index
    index_corrupt,    ///< the index is damaged or of an unknown version
    internal,         ///< a failure inside ICU or Xapian that has no better name
    /// a shard of the index could not be reached (a remote shard that is down or too slow), and
    /// the caller asked for every shard (SearcherOptions::require_all_shards) or none answered
    shard_unavailable,
};

/// The exception thrown by every vnsearch API call that fails.
class VNSEARCH_API Error : public std::runtime_error {
public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    /// The kind of failure.
    [[nodiscard]] Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

}  // namespace vnsearch
