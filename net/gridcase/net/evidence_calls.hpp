// The calls of one matter from many sources and of evidence (core/gridcase/duplicates.hpp,
// related.hpp, evidence.hpp): duplicate suggestions, links, unmerging and related cases, chunked
// uploads and downloads of attachments, and the categories that require evidence. Kept apart from dispatcher.cpp, which hands these frames here.
#pragma once

#include <optional>

#include "gridcase/engine.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

// True for the frames evidence_call answers.
bool is_evidence_call(::gridcase::v1::ClientFrame::RequestCase kind);

// Answers one of those frames for a logged-in `actor`: inline, or (finishing an upload) later.
// Without a store, the attachment calls answer UNAVAILABLE "ATTACHMENTS_UNAVAILABLE".
std::optional<::gridcase::v1::Reply> evidence_call(Engine& engine, AttachmentStore* store, SessionContext& ctx,
                                                   UserId actor, const ::gridcase::v1::ClientFrame& frame,
                                                   Dispatcher::AsyncReply later);

void to_proto(const Attachment& in, ::gridcase::v1::Attachment* out);

}  // namespace gridcase::net
