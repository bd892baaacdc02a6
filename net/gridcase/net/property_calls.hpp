// The calls of property companies and residents' forums (core/gridcase/property.hpp): estates,
// company figures and ranking, forums, their opinions and figures. Kept apart from
// dispatcher.cpp, which hands these frames here.
#pragma once

#include "gridcase/engine.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

// True for the frames property_call answers.
bool is_property_call(::gridcase::v1::ClientFrame::RequestCase kind);

// Answers one of those frames for a logged-in `actor`, inline (the changes wait for their
// commit).
::gridcase::v1::Reply property_call(Engine& engine, UserId actor, const ::gridcase::v1::ClientFrame& frame);

}  // namespace gridcase::net
