// SPDX-License-Identifier: Apache-2.0
// Compressed fixtures made in the test itself, with the same libraries the readers use.
#pragma once
#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

namespace vnsearch::test {

/// A gzip stream (RFC 1952) of `data`.
inline std::string gzip(std::string_view data) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, data.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

/// A zstd frame of `data`, with a checksum as the zstd tool writes by default.
inline std::string zstd(std::string_view data) {
    // With a checksum, as the zstd tool writes by default: corruption is then always detected.
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(cctx);
    REQUIRE_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

}  // namespace vnsearch::test
