// The calls of livelihood projects (core/gridcase/project.hpp): a project action, a project's
// page, the list of a subtree's projects and their figures. Kept apart from dispatcher.cpp,
// which hands these frames here. A progress update's photos come with their bytes: they are
// checked (size, digest, what their content is) and stored content-addressed in the attachment
// store before the engine records them, and released if it does not.
#pragma once

#include <optional>

#include "gridcase/engine.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

// True for the frames project_call answers.
bool is_project_call(::gridcase::v1::ClientFrame::RequestCase kind);

// Answers one of those frames for a logged-in `actor`: inline, or (a project action) later.
// Photos without a store answer UNAVAILABLE "ATTACHMENTS_UNAVAILABLE".
std::optional<::gridcase::v1::Reply> project_call(Engine& engine, AttachmentStore* store, UserId actor,
                                                  const ::gridcase::v1::ClientFrame& frame,
                                                  Dispatcher::AsyncReply later);

// A project as of an instant (its milestones' clocks and colour).
void to_proto(const Project& in, const AsOf& at, ::gridcase::v1::Project* out);
void to_proto(const ProjectPage& in, const AsOf& at, ::gridcase::v1::Project* out);
Result<ProjectCommand> from_proto(const ::gridcase::v1::ProjectCommandRequest& in);

}  // namespace gridcase::net
