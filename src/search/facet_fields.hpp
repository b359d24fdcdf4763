// SPDX-License-Identifier: Apache-2.0
// The facet fields and where each is read from: the facet slots of index/term_scheme.hpp, and for
// year and month the date slot.
#pragma once
#include <string>
#include <string_view>

#include <xapian.h>

#include "index/term_scheme.hpp"

namespace vnsearch::search {

enum class FacetField { source, category, author, tag, year, month };

/// The value slot `field` is read from (year and month: index::date_slot).
[[nodiscard]] inline Xapian::valueno facet_slot(FacetField field) {
    switch (field) {
        case FacetField::source:
            return index::source_facet_slot;
        case FacetField::category:
            return index::category_facet_slot;
        case FacetField::author:
            return index::author_facet_slot;
        case FacetField::tag:
            return index::tag_facet_slot;
        case FacetField::year:
        case FacetField::month:
            break;
    }
    return index::date_slot;
}

/// The key of a date_slot value ("YYYYMMDD") as a year ("2020") or month ("2020-10", the
/// spelling of the filter date:2020-10) facet; empty for a shorter value.
[[nodiscard]] inline std::string date_facet_key(std::string_view date, FacetField field) {
    if (date.size() < 8) return {};
    std::string key(date.substr(0, 4));
    if (field == FacetField::month) key.append("-").append(date.substr(4, 2));
    return key;
}

}  // namespace vnsearch::search
