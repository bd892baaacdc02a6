// Mapping between the wire contract and the core's hazards (hazard.hpp) and whistles
// (whistle.hpp), with the same rules as convert.hpp: core -> proto cannot fail, proto -> core
// refuses an enumeration value the core does not know with INVALID_ARGUMENT
// "UNKNOWN_ENUM_VALUE".
#pragma once

#include "gridcase/engine.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/status.hpp"
#include "gridcase/v1/gridcase.pb.h"
#include "gridcase/whistle.hpp"

namespace gridcase::net {

namespace v1 = ::gridcase::v1;

void to_proto(const Hazard& in, v1::Hazard* out);
void to_proto(const Whistle& in, v1::Whistle* out);
void to_proto(const Inspection& in, v1::Inspection* out);
void to_proto(const InspectionPlan& in, v1::InspectionPlan* out);

Result<InspectionState> inspection_state_from_proto(int value, const char* field);
Result<InspectionReport> from_proto(const v1::RecordInspectionRequest& in);
NewInspectionPlan from_proto(const v1::CreateInspectionPlanRequest& in);

}  // namespace gridcase::net
