#include "gridcase/net/evidence_calls.hpp"

#include <algorithm>

#include "gridcase/net/convert.hpp"

namespace gridcase::net {

namespace {

using F = v1::ClientFrame;

Status no_store() {
  return Status(reason::ATTACHMENTS_UNAVAILABLE, "this server keeps no attachments");
}

Status no_upload(const std::string& id) {
  return Status(reason::UPLOAD_NOT_FOUND, "no upload " + id + " open on this connection");
}

}  // namespace

void to_proto(const Attachment& in, v1::Attachment* out) {
  out->set_id(in.id);
  out->set_case_id(in.case_id);
  out->set_sha256(in.sha256);
  out->set_size(in.size);
  out->set_media_type(in.media_type);
  out->set_file_name(in.file_name);
  out->set_note(in.note);
  out->set_has_coordinates(in.has_coordinates);
  out->set_lat(in.lat);
  out->set_lon(in.lon);
  out->set_captured_at(in.captured_at);
  out->set_uploaded_by(in.uploaded_by);
  out->set_uploaded_at(in.uploaded_at);
}

bool is_evidence_call(F::RequestCase kind) {
  switch (kind) {
    case F::kFindDuplicates:
    case F::kBeginUpload:
    case F::kUploadChunk:
    case F::kFinishUpload:
    case F::kAbortUpload:
    case F::kListAttachments:
    case F::kReadAttachment:
    case F::kSetCategoryEvidence:
    case F::kLinkCases:
    case F::kUnlinkCases:
    case F::kUnmergeCase:
    case F::kGetRelatedCases:
      return true;
    default:
      return false;
  }
}

std::optional<v1::Reply> evidence_call(Engine& engine, AttachmentStore* store, SessionContext& ctx,
                                       UserId actor, const v1::ClientFrame& frame,
                                       Dispatcher::AsyncReply later) {
  switch (frame.request_case()) {
    case F::kFindDuplicates: {
      const auto& req = frame.find_duplicates();
      auto kind = case_kind_from_proto(req.kind(), "kind");
      if (!kind) return error_reply(0, kind.status());
      DuplicateQuery q;
      q.kind = *kind;
      q.category_code = req.category_code();
      q.location = from_proto(req.location());
      q.title = req.title();
      q.description = req.description();
      q.id_numbers.assign(req.id_numbers().begin(), req.id_numbers().end());
      q.matter = req.matter();
      q.exclude_case_id = req.case_id();
      q.limit = req.limit();
      if (q.kind == CaseKind::kUnspecified && q.exclude_case_id <= 0) {
        return error_reply(0, Status(reason::MISSING_FIELD, "give a case_id or the draft's kind and category"));
      }
      auto found = engine.queries().find_duplicates(actor, q);
      if (!found) return error_reply(0, found.status());
      const AsOf at = AsOf::of(engine);
      v1::Reply r;
      auto* out = r.mutable_duplicates();
      for (const auto& c : *found) to_proto(c, at, out->add_cases());
      return r;
    }
    case F::kSetCategoryEvidence: {
      const auto& req = frame.set_category_evidence();
      engine.admin().set_category_evidence(
          actor, req.category_code(), req.required(), [&engine, later = std::move(later)](Result<Category> changed) {
            if (!changed) return later(error_reply(0, changed.status()));
            const auto all = engine.queries().categories(CaseKind::kUnspecified);
            v1::Reply r;
            to_proto(*changed, all, r.mutable_category()->mutable_category());
            later(std::move(r));
          });
      return std::nullopt;
    }
    case F::kLinkCases:
    case F::kUnlinkCases:
    case F::kUnmergeCase: {
      const bool unmerge = frame.request_case() == F::kUnmergeCase;
      const auto& h = unmerge ? frame.unmerge_case().header()
                              : (frame.request_case() == F::kLinkCases ? frame.link_cases() : frame.unlink_cases()).header();
      RelateCommand cmd;
      cmd.request_id = h.request_id();
      cmd.case_id = h.case_id();
      cmd.expected_version = h.expected_version();
      cmd.reason = h.reason();
      auto reply = [&engine, later](Result<CaseResult> result) {
        if (!result) {
          later(error_reply(0, result.status()));
          return;
        }
        v1::Reply r;
        to_proto(*result, AsOf::of(engine), r.mutable_case_result());
        later(std::move(r));
      };
      if (unmerge) {
        engine.commands().unmerge_case(actor, std::move(cmd), std::move(reply));
      } else {
        const bool link = frame.request_case() == F::kLinkCases;
        cmd.other_case_id = (link ? frame.link_cases() : frame.unlink_cases()).other_case_id();
        engine.commands().link_cases(actor, std::move(cmd), link, std::move(reply));
      }
      return std::nullopt;
    }
    case F::kGetRelatedCases: {
      auto related = engine.queries().related_cases(actor, frame.get_related_cases().case_id());
      if (!related) return error_reply(0, related.status());
      const AsOf at = AsOf::of(engine);
      v1::Reply r;
      auto* out = r.mutable_related_cases();
      for (const auto& c : related->linked) to_proto(c, at, out->add_linked());
      for (const auto& c : related->merged) to_proto(c, at, out->add_merged());
      return r;
    }
    case F::kListAttachments: {
      auto files = engine.queries().attachments(actor, frame.list_attachments().case_id());
      if (!files) return error_reply(0, files.status());
      v1::Reply r;
      auto* out = r.mutable_attachments();
      for (const auto& a : *files) to_proto(a, out->add_attachments());
      return r;
    }
    default:
      break;
  }

  if (store == nullptr) return error_reply(0, no_store());
  switch (frame.request_case()) {
    case F::kBeginUpload: {
      const auto& req = frame.begin_upload();
      NewAttachment declared;
      declared.request_id = req.request_id();
      declared.case_id = req.case_id();
      declared.size = req.size();
      declared.media_type = req.media_type();
      declared.sha256 = req.sha256();
      declared.file_name = req.file_name();
      declared.note = req.note();
      declared.has_coordinates = req.has_coordinates();
      declared.lat = req.lat();
      declared.lon = req.lon();
      declared.captured_at = req.captured_at();
      if (static_cast<int>(ctx.uploads.size()) >= store->limits().uploads_per_connection) {
        return error_reply(0, Status(reason::TOO_MANY_UPLOADS, "at most " + std::to_string(store->limits().uploads_per_connection) +
                                                     " uploads may be open on one connection"));
      }
      if (Status s = check_new_attachment(declared); !s) return error_reply(0, s);
      if (Status s = engine.queries().check_attach(actor, declared.case_id); !s) return error_reply(0, s);
      auto upload = store->begin(declared);
      if (!upload) return error_reply(0, upload.status());
      const std::string id = std::to_string(++ctx.last_upload_id);
      ctx.uploads[id] = std::move(*upload);
      v1::Reply r;
      r.mutable_upload_started()->set_upload_id(id);
      r.mutable_upload_started()->set_max_chunk_bytes(store->limits().chunk_bytes);
      return r;
    }
    case F::kUploadChunk: {
      const auto& req = frame.upload_chunk();
      auto it = ctx.uploads.find(req.upload_id());
      if (it == ctx.uploads.end()) return error_reply(0, no_upload(req.upload_id()));
      if (Status s = store->write(*it->second, req.offset(), req.data()); !s) {
        ctx.uploads.erase(it);  // a damaged upload keeps nothing
        return error_reply(0, s);
      }
      v1::Reply r;
      r.mutable_upload_progress()->set_upload_id(req.upload_id());
      r.mutable_upload_progress()->set_received(it->second->received());
      return r;
    }
    case F::kAbortUpload: {
      const auto& id = frame.abort_upload().upload_id();
      if (ctx.uploads.erase(id) == 0) return error_reply(0, no_upload(id));
      v1::Reply r;
      r.mutable_done();
      return r;
    }
    case F::kFinishUpload: {
      const auto& id = frame.finish_upload().upload_id();
      auto it = ctx.uploads.find(id);
      if (it == ctx.uploads.end()) return error_reply(0, no_upload(id));
      std::shared_ptr<PendingUpload> upload = std::move(it->second);
      ctx.uploads.erase(it);
      bool created = false;
      if (Status s = store->place(*upload, created); !s) return error_reply(0, s);
      const NewAttachment declared = upload->declared();
      upload.reset();
      engine.commands().add_attachment(actor, declared,
                            [store, created, sha = declared.sha256, later = std::move(later)](Result<AttachmentResult> result) {
                              store->release(sha, created, result.is_ok());
                              if (!result) {
                                later(error_reply(0, result.status()));
                                return;
                              }
                              v1::Reply r;
                              auto* out = r.mutable_attachment();
                              to_proto(result->attachment, out->mutable_attachment());
                              if (!result->replayed) to_proto(result->event, out->mutable_event());
                              out->set_replayed(result->replayed);
                              later(std::move(r));
                            });
      return std::nullopt;
    }
    case F::kReadAttachment: {
      const auto& req = frame.read_attachment();
      auto a = engine.queries().attachment(actor, req.attachment_id());
      if (!a) return error_reply(0, a.status());
      const std::int64_t chunk = store->limits().chunk_bytes;
      const std::int64_t max = req.max_bytes() <= 0 ? chunk : std::min<std::int64_t>(req.max_bytes(), chunk);
      auto data = store->read(a->sha256, req.offset(), max);
      if (!data) return error_reply(0, data.status());
      v1::Reply r;
      auto* out = r.mutable_attachment_chunk();
      to_proto(*a, out->mutable_attachment());
      out->set_offset(req.offset());
      out->set_last(req.offset() + static_cast<std::int64_t>(data->size()) >= a->size);
      out->set_data(std::move(*data));
      return r;
    }
    default:
      break;
  }
  return error_reply(0, Status(reason::UNKNOWN_REQUEST, "this server does not know the call"));
}

}  // namespace gridcase::net
