#include "gridcase/storage/fault_vfs.hpp"

#include <atomic>
#include <mutex>

#include <sqlite3.h>

#include "vfs_shim.hpp"

namespace gridcase::storage::fault_vfs {
namespace {

std::atomic<int> g_fault{static_cast<int>(Fault::kNone)};
std::atomic<unsigned> g_ops{0};
std::atomic<std::uint64_t> g_failures{0};
std::atomic<int> g_left{-1};  // failures left before disarming itself; -1: no limit
std::atomic<std::uint64_t> g_wal_writes{0};

sqlite3_vfs* g_real = nullptr;  // the VFS wrapped; set once by install()
sqlite3_vfs g_vfs;

// The error an armed `op` returns instead of running, or SQLITE_OK when it runs.
int injected(unsigned op, int io_error) {
  const auto fault = static_cast<Fault>(g_fault.load());
  if (fault == Fault::kNone || (g_ops.load() & op) == 0) return SQLITE_OK;
  for (int left = g_left.load(); left >= 0;) {
    if (left == 0) return SQLITE_OK;  // other calls took the last ones
    if (g_left.compare_exchange_weak(left, left - 1)) {
      if (left == 1) g_fault.store(static_cast<int>(Fault::kNone));
      break;
    }
  }
  g_failures.fetch_add(1);
  return fault == Fault::kDiskFull ? SQLITE_FULL : io_error;
}

// Our file: the shim's head, then whether it is a WAL file.
struct FaultFile {
  vfs_shim::File shim;
  bool wal;
};

static_assert(sizeof(FaultFile) % 8 == 0, "the wrapped file follows, aligned");

using vfs_shim::real_of;

int x_write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  if (int rc = injected(kWrite, SQLITE_IOERR_WRITE); rc != SQLITE_OK) return rc;
  if (reinterpret_cast<FaultFile*>(f)->wal) g_wal_writes.fetch_add(1, std::memory_order_relaxed);
  return real_of(f)->pMethods->xWrite(real_of(f), buf, amount, offset);
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = injected(kTruncate, SQLITE_IOERR_TRUNCATE); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

int x_sync(sqlite3_file* f, int flags) {
  if (int rc = injected(kSync, SQLITE_IOERR_FSYNC); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}

sqlite3_io_methods make_methods(int version) {
  sqlite3_io_methods m = vfs_shim::forwarding_methods(version);
  m.xWrite = x_write;
  m.xTruncate = x_truncate;
  m.xSync = x_sync;
  return m;
}

const sqlite3_io_methods g_methods[3] = {make_methods(1), make_methods(2), make_methods(3)};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<FaultFile*>(file);
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  int version = 0;
  const int rc = vfs_shim::open_wrapped(g_real, sizeof(FaultFile), name, file, flags, out_flags, &version);
  f->shim.base.pMethods = version == 0 ? nullptr : &g_methods[version - 1];
  return rc;
}

}  // namespace

const char* install() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = vfs_shim::find_vfs("");
    vfs_shim::register_wrapping(g_vfs, g_real, kName, sizeof(FaultFile), x_open);
  });
  return kName;
}

void arm(Fault fault, unsigned ops, unsigned times) {
  g_ops.store(ops);
  g_left.store(times == 0 ? -1 : static_cast<int>(times));
  g_fault.store(static_cast<int>(fault));
}

void disarm() { g_fault.store(static_cast<int>(Fault::kNone)); }

std::uint64_t failures() { return g_failures.load(); }

std::uint64_t wal_writes() { return g_wal_writes.load(); }

}  // namespace gridcase::storage::fault_vfs
