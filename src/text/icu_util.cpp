// SPDX-License-Identifier: Apache-2.0
#include "text/icu_util.hpp"

#include <vnsearch/error.hpp>

namespace vnsearch::text {

namespace {

using Getter = const icu::Normalizer2* (*)(UErrorCode&);

const icu::Normalizer2& load(Getter get, const char* what) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = get(status);
    if (U_FAILURE(status) || n == nullptr)
        throw Error(Errc::internal, std::string("cannot load ICU ") + what + " data");
    return *n;
}

}  // namespace

const icu::Normalizer2& nfc() {
    static const icu::Normalizer2& n = load(&icu::Normalizer2::getNFCInstance, "NFC");
    return n;
}

const icu::Normalizer2& nfd() {
    static const icu::Normalizer2& n = load(&icu::Normalizer2::getNFDInstance, "NFD");
    return n;
}

}  // namespace vnsearch::text
