// The attachments table (migration 6): what is known of each file attached to a case.
#include <string>

#include "errors.hpp"
#include "sql_view.hpp"

namespace gridcase::storage {
namespace {

constexpr const char* kAttachmentColumns =
    "id, case_id, sha256, size, media_type, file_name, note, has_coordinates, lat, lon, "
    "captured_at, uploaded_by, uploaded_at";

Attachment read_attachment(SQLite::Statement& s) {
  Attachment a;
  int i = 0;
  a.id = s.getColumn(i++).getInt64();
  a.case_id = s.getColumn(i++).getInt64();
  a.sha256 = s.getColumn(i++).getString();
  a.size = s.getColumn(i++).getInt64();
  a.media_type = s.getColumn(i++).getString();
  a.file_name = s.getColumn(i++).getString();
  a.note = s.getColumn(i++).getString();
  a.has_coordinates = s.getColumn(i++).getInt() != 0;
  a.lat = s.getColumn(i++).getDouble();
  a.lon = s.getColumn(i++).getDouble();
  a.captured_at = s.getColumn(i++).getInt64();
  a.uploaded_by = s.getColumn(i++).getInt64();
  a.uploaded_at = s.getColumn(i++).getInt64();
  return a;
}

}  // namespace

Result<std::vector<Attachment>> SqlView::list_attachments(CaseId case_id) {
  return guarded([&]() -> Result<std::vector<Attachment>> {
    StatementUse s(c_, std::string("SELECT ") + kAttachmentColumns +
                           " FROM attachments WHERE case_id = ? ORDER BY id");
    s->bind(1, case_id);
    std::vector<Attachment> out;
    while (s->executeStep()) out.push_back(read_attachment(*s));
    return out;
  });
}

Result<Attachment> SqlView::get_attachment(AttachmentId id) {
  return guarded([&]() -> Result<Attachment> {
    StatementUse s(c_, std::string("SELECT ") + kAttachmentColumns + " FROM attachments WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::ATTACHMENT_NOT_FOUND, "attachment not found");
    return read_attachment(*s);
  });
}

Result<AttachmentId> SqlView::insert_attachment(Attachment& a) {
  return guarded([&]() -> Result<AttachmentId> {
    {
      StatementUse known(c_, "SELECT 1 FROM cases WHERE id = ?");
      known->bind(1, a.case_id);
      if (!known->executeStep()) return Status(reason::CASE_NOT_FOUND, "case not found");
    }
    StatementUse s(c_, "INSERT INTO attachments(case_id, sha256, size, media_type, file_name, note, "
                       "has_coordinates, lat, lon, captured_at, uploaded_by, uploaded_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 1;
    s->bind(i++, a.case_id);
    s->bind(i++, a.sha256);
    s->bind(i++, a.size);
    s->bind(i++, a.media_type);
    s->bind(i++, a.file_name);
    s->bind(i++, a.note);
    s->bind(i++, a.has_coordinates ? 1 : 0);
    s->bind(i++, a.lat);
    s->bind(i++, a.lon);
    s->bind(i++, a.captured_at);
    s->bind(i++, a.uploaded_by);
    s->bind(i++, a.uploaded_at);
    s->exec();
    a.id = c_.db().getLastInsertRowid();
    return a.id;
  });
}

}  // namespace gridcase::storage
