// The channel on which a PostgreSQL write transaction tells every server's event feed
// (gridcase/storage/pg_event_feed.hpp) that it appended events.
#pragma once

#include "pg_connection.hpp"

namespace gridcase::storage::pg {

constexpr const char* kEventsChannel = "gridcase_events";

// Sends a notification on kEventsChannel whose payload is the event counter's value (the last
// seq this transaction appended). Call inside the write transaction after its last append:
// PostgreSQL delivers it at COMMIT, in commit order, and not at all on a rollback. Throws
// PgError.
void notify_events(PgConnection& c);

}  // namespace gridcase::storage::pg
