// SPDX-License-Identifier: Apache-2.0
#include "store/xapian_util.hpp"

#include <filesystem>
#include <system_error>

namespace vnsearch::store {

void throw_error(const Xapian::Error& e, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += e.get_msg();
    if (const char* context = e.get_error_string(); context && *context) {
        message += " (";
        message += context;
        message += ')';
    }
    const std::string_view type = e.get_type();
    Errc code = Errc::internal;
    if (type == "DatabaseNotFoundError") {
        code = Errc::index_not_found;
    } else if (type == "DatabaseLockError") {
        code = Errc::index_locked;
    } else if (type == "DatabaseCorruptError" || type == "DatabaseVersionError") {
        code = Errc::index_corrupt;
    } else if (type == "DatabaseOpeningError" || type == "DatabaseCreateError") {
        code = Errc::io;
    }
    throw Error(code, message);
}

Xapian::Database open_for_reading(const std::string& path) {
    // Xapian 1.4 reports a missing directory as DatabaseOpeningError; name it for what it is.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(Errc::index_not_found, "cannot open index \"" + path + "\": no such index");
    }
    return xapian_call("cannot open index \"" + path + "\"",
                       [&] { return Xapian::Database(path); });
}

}  // namespace vnsearch::store
