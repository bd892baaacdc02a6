#include "gridcase/storage/wal_gather_vfs.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <sqlite3.h>

#include "vfs_shim.hpp"

namespace gridcase::storage::wal_gather_vfs {
namespace {

constexpr std::size_t kMaxGathered = 8u << 20;
// The most one call down writes: the default VFS takes fewer than 128 KiB per call (it masks
// the amount to 17 bits).
constexpr std::size_t kMaxWrite = 64u << 10;

// A WAL file's writes not yet passed down: bytes[i] belongs at file offset start + i.
struct Gathered {
  std::vector<char> bytes;
  sqlite3_int64 start = 0;

  sqlite3_int64 end() const { return start + static_cast<sqlite3_int64>(bytes.size()); }
  bool overlaps(sqlite3_int64 offset, sqlite3_int64 amount) const {
    return !bytes.empty() && offset < end() && offset + amount > start;
  }
};

struct GatherFile {
  vfs_shim::File shim;
  Gathered* gathered;   // a WAL file's; nullptr for every other file
  GatherFile* partner;  // a WAL file's database file and the other way round, while both are open
};

static_assert(sizeof(GatherFile) % 8 == 0, "the wrapped file follows, aligned");

GatherFile* gather_file(sqlite3_file* f) { return reinterpret_cast<GatherFile*>(f); }
using vfs_shim::real_of;

// Writes what `f` gathered to its file. When that fails, what was gathered is dropped, or kept
// for the next try when `keep_on_error`.
int pass_down(GatherFile* f, bool keep_on_error = false) {
  Gathered* g = f->gathered;
  if (g == nullptr || g->bytes.empty()) return SQLITE_OK;
  sqlite3_file* real = f->shim.real;
  int rc = SQLITE_OK;
  for (std::size_t done = 0; done < g->bytes.size() && rc == SQLITE_OK; done += kMaxWrite) {
    const std::size_t amount = std::min(kMaxWrite, g->bytes.size() - done);
    rc = real->pMethods->xWrite(real, g->bytes.data() + done, static_cast<int>(amount),
                                g->start + static_cast<sqlite3_int64>(done));
  }
  if (rc == SQLITE_OK || !keep_on_error) g->bytes.clear();
  return rc;
}

int wal_write(sqlite3_file* file, const void* buf, int amount, sqlite3_int64 offset) {
  GatherFile* f = gather_file(file);
  Gathered& g = *f->gathered;
  const char* bytes = static_cast<const char*>(buf);
  if (!g.bytes.empty() && offset >= g.start && offset + amount <= g.end()) {
    // A frame of the same transaction written again: it has not reached the file yet.
    std::memcpy(g.bytes.data() + (offset - g.start), bytes, static_cast<std::size_t>(amount));
    return SQLITE_OK;
  }
  if (g.bytes.empty() || offset != g.end() || g.bytes.size() + static_cast<std::size_t>(amount) > kMaxGathered) {
    if (int rc = pass_down(f); rc != SQLITE_OK) return rc;
    g.start = offset;
  }
  g.bytes.insert(g.bytes.end(), bytes, bytes + amount);
  return SQLITE_OK;
}

int wal_read(sqlite3_file* file, void* buf, int amount, sqlite3_int64 offset) {
  GatherFile* f = gather_file(file);
  if (f->gathered->overlaps(offset, amount)) {
    if (int rc = pass_down(f); rc != SQLITE_OK) return rc;
  }
  return real_of(file)->pMethods->xRead(real_of(file), buf, amount, offset);
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (int rc = pass_down(gather_file(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xTruncate(real_of(file), size);
}

int wal_sync(sqlite3_file* file, int flags) {
  if (int rc = pass_down(gather_file(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xSync(real_of(file), flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  if (int rc = pass_down(gather_file(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFileSize(real_of(file), size);
}

int wal_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  if (int rc = pass_down(gather_file(file)); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFetch(real_of(file), offset, amount, out);
}

int wal_close(sqlite3_file* file) {
  GatherFile* f = gather_file(file);
  const int written = pass_down(f);
  if (f->partner != nullptr) f->partner->partner = nullptr;
  delete f->gathered;
  f->gathered = nullptr;
  const int closed = real_of(file)->pMethods->xClose(real_of(file));
  return written != SQLITE_OK ? written : closed;
}

void db_shm_barrier(sqlite3_file* file) {
  GatherFile* f = gather_file(file);
  if (f->partner != nullptr) pass_down(f->partner, /*keep_on_error=*/true);
  real_of(file)->pMethods->xShmBarrier(real_of(file));
}

int db_close(sqlite3_file* file) {
  GatherFile* f = gather_file(file);
  if (f->partner != nullptr) f->partner->partner = nullptr;
  return real_of(file)->pMethods->xClose(real_of(file));
}

sqlite3_io_methods wal_methods(int version) {
  sqlite3_io_methods m = vfs_shim::forwarding_methods(version);
  m.xClose = wal_close;
  m.xRead = wal_read;
  m.xWrite = wal_write;
  m.xTruncate = wal_truncate;
  m.xSync = wal_sync;
  m.xFileSize = wal_file_size;
  if (version >= 3) m.xFetch = wal_fetch;
  return m;
}

sqlite3_io_methods db_methods(int version) {
  sqlite3_io_methods m = vfs_shim::forwarding_methods(version);
  m.xClose = db_close;
  if (version >= 2) m.xShmBarrier = db_shm_barrier;
  return m;
}

const sqlite3_io_methods g_wal_methods[3] = {wal_methods(1), wal_methods(2), wal_methods(3)};
const sqlite3_io_methods g_db_methods[3] = {db_methods(1), db_methods(2), db_methods(3)};
const sqlite3_io_methods g_other_methods[3] = {vfs_shim::forwarding_methods(1), vfs_shim::forwarding_methods(2),
                                               vfs_shim::forwarding_methods(3)};

bool is_database_file(const sqlite3_file* f) {
  return f != nullptr && (f->pMethods == &g_db_methods[0] || f->pMethods == &g_db_methods[1] ||
                          f->pMethods == &g_db_methods[2]);
}

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  GatherFile* f = gather_file(file);
  f->gathered = nullptr;
  f->partner = nullptr;
  int version = 0;
  const int rc = vfs_shim::open_wrapped(static_cast<sqlite3_vfs*>(vfs->pAppData), sizeof(GatherFile), name,
                                        file, flags, out_flags, &version);
  if (version == 0) {
    f->shim.base.pMethods = nullptr;
    return rc;
  }
  if ((flags & SQLITE_OPEN_WAL) != 0) {
    f->gathered = new Gathered;
    f->shim.base.pMethods = &g_wal_methods[version - 1];
    // The database file this WAL belongs to, opened through this VFS by the same connection.
    sqlite3_file* db = name == nullptr ? nullptr : sqlite3_database_file_object(name);
    if (is_database_file(db)) {
      f->partner = gather_file(db);
      f->partner->partner = f;
    }
  } else if ((flags & SQLITE_OPEN_MAIN_DB) != 0) {
    f->shim.base.pMethods = &g_db_methods[version - 1];
  } else {
    f->shim.base.pMethods = &g_other_methods[version - 1];
  }
  return rc;
}

struct Instance {
  std::string name;
  sqlite3_vfs vfs;
};

}  // namespace

std::string install(const std::string& base) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Instance>> by_base;  // never freed: SQLite keeps the pointers
  std::lock_guard<std::mutex> lock(mu);
  sqlite3_vfs* real = vfs_shim::find_vfs(base);
  if (real->xOpen == x_open) return real->zName;
  auto& instance = by_base[real->zName];
  if (!instance) {
    auto made = std::make_unique<Instance>();
    made->name = std::string("gridcase-wal-") + real->zName;
    vfs_shim::register_wrapping(made->vfs, real, made->name.c_str(), sizeof(GatherFile), x_open);
    instance = std::move(made);
  }
  return instance->name;
}

}  // namespace gridcase::storage::wal_gather_vfs
