// SPDX-License-Identifier: Apache-2.0
// ICU helpers shared by src/text: the normalizers, loaded once and checked once.
#pragma once
#include <unicode/normalizer2.h>

namespace vnsearch::text {

/// ICU's NFC and NFD normalizers (owned by ICU, valid for the life of the process).
/// @throws vnsearch::Error{Errc::internal} if ICU's normalization data cannot be loaded.
const icu::Normalizer2& nfc();
const icu::Normalizer2& nfd();

}  // namespace vnsearch::text
