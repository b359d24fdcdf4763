// SPDX-License-Identifier: Apache-2.0
// The seam between Xapian and vnsearch errors. Xapian::Error does not derive from std::exception,
// so every Xapian call in src/index and src/search runs inside xapian_call(), which rethrows it
// once as vnsearch::Error: DatabaseNotFoundError (and, from open_for_reading, a missing path)
// -> index_not_found, DatabaseLockError -> index_locked, DatabaseCorruptError and
// DatabaseVersionError -> index_corrupt, DatabaseOpeningError and DatabaseCreateError -> io,
// anything else -> internal. Both sides use it, so it lives in src/store (see
// store/stored_article.hpp for why that module exists).
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include <xapian.h>

#include <vnsearch/error.hpp>

namespace vnsearch::store {

/// Rethrows `e` as a vnsearch::Error whose message is "<what>: <xapian message>".
[[noreturn]] void throw_error(const Xapian::Error& e, std::string_view what);

/// Runs `f()`, translating a Xapian::Error into vnsearch::Error (see throw_error).
template <class F>
decltype(auto) xapian_call(std::string_view what, F&& f) {
    try {
        return std::forward<F>(f)();
    } catch (const Xapian::Error& e) {
        throw_error(e, what);
    }
}

/// Opens the index at `path` for reading.
/// @throws Error{Errc::index_not_found} if there is no index, index_corrupt, internal.
Xapian::Database open_for_reading(const std::string& path);

}  // namespace vnsearch::store
