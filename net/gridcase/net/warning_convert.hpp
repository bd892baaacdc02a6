// Mapping between the wire contract and the core's early warnings (warning.hpp), with the same
// rules as convert.hpp. A warning's key (a person's only as a digest) never goes on the wire.
#pragma once

#include "gridcase/status.hpp"
#include "gridcase/v1/gridcase.pb.h"
#include "gridcase/warning.hpp"

namespace gridcase::net {

namespace v1 = ::gridcase::v1;

void to_proto(const Warning& in, v1::Warning* out);
void to_proto(const WarningPolicy& in, v1::WarningPolicy* out);

// The filter of a list, and its page token (the id to list below; opaque to clients).
// INVALID_ARGUMENT BAD_PAGE_TOKEN, UNKNOWN_ENUM_VALUE.
Result<WarningFilter> from_proto(const v1::ListWarningsRequest& in);
// The token of the page after `page` when it is full.
std::string next_warning_page(const std::vector<Warning>& page, int page_size);
Result<WarningCommand> from_proto(const v1::HandleWarningRequest& in);
WarningPolicy from_proto(const v1::WarningPolicy& in);

}  // namespace gridcase::net
