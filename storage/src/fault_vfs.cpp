#include "gridcase/storage/fault_vfs.hpp"

#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

namespace gridcase::storage::fault_vfs {
namespace {

std::atomic<int> g_fault{static_cast<int>(Fault::kNone)};
std::atomic<unsigned> g_ops{0};
std::atomic<std::uint64_t> g_failures{0};
std::atomic<int> g_left{-1};  // failures left before disarming itself; -1: no limit

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

// Our file: the wrapped VFS's file follows it in the same allocation (szOsFile covers both).
struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int x_close(sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); }

int x_read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  return real_of(f)->pMethods->xRead(real_of(f), buf, amount, offset);
}

int x_write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  if (int rc = injected(kWrite, SQLITE_IOERR_WRITE); rc != SQLITE_OK) return rc;
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

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

int x_lock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xLock(real_of(f), level); }
int x_unlock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xUnlock(real_of(f), level); }

int x_check_reserved_lock(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

int x_file_control(sqlite3_file* f, int op, void* arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

int x_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }

int x_device_characteristics(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}

int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

void x_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }

int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}

int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), offset, p);
}

// Methods of iVersion 1 (no shared memory: WAL would not work), 2 (shared memory) and 3
// (memory-mapped I/O), matching what the wrapped file offers.
sqlite3_io_methods make_methods(int version) {
  sqlite3_io_methods m{};
  m.iVersion = version;
  m.xClose = x_close;
  m.xRead = x_read;
  m.xWrite = x_write;
  m.xTruncate = x_truncate;
  m.xSync = x_sync;
  m.xFileSize = x_file_size;
  m.xLock = x_lock;
  m.xUnlock = x_unlock;
  m.xCheckReservedLock = x_check_reserved_lock;
  m.xFileControl = x_file_control;
  m.xSectorSize = x_sector_size;
  m.xDeviceCharacteristics = x_device_characteristics;
  if (version >= 2) {
    m.xShmMap = x_shm_map;
    m.xShmLock = x_shm_lock;
    m.xShmBarrier = x_shm_barrier;
    m.xShmUnmap = x_shm_unmap;
  }
  if (version >= 3) {
    m.xFetch = x_fetch;
    m.xUnfetch = x_unfetch;
  }
  return m;
}

const sqlite3_io_methods g_methods[3] = {make_methods(1), make_methods(2), make_methods(3)};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<FaultFile*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->real->pMethods = nullptr;
  const int rc = g_real->xOpen(g_real, name, f->real, flags, out_flags);
  // SQLite calls xClose exactly when pMethods is set, also after a failed open.
  const sqlite3_io_methods* real_methods = f->real->pMethods;
  if (real_methods == nullptr) {
    f->base.pMethods = nullptr;
  } else {
    const int version = real_methods->iVersion < 1 ? 1 : (real_methods->iVersion > 3 ? 3 : real_methods->iVersion);
    f->base.pMethods = &g_methods[version - 1];
  }
  return rc;
}

int x_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_real->xDelete(g_real, name, sync_dir);
}

int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}

int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_real->xFullPathname(g_real, name, size, out);
}

void* x_dl_open(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { g_real->xDlError(g_real, size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return g_real->xDlSym(g_real, handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { g_real->xDlClose(g_real, handle); }

int x_randomness(sqlite3_vfs*, int size, char* out) { return g_real->xRandomness(g_real, size, out); }
int x_sleep(sqlite3_vfs*, int micros) { return g_real->xSleep(g_real, micros); }
int x_current_time(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int x_get_last_error(sqlite3_vfs*, int size, char* out) {
  return g_real->xGetLastError ? g_real->xGetLastError(g_real, size, out) : 0;
}
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_real->xCurrentTimeInt64(g_real, out);
}

}  // namespace

const char* install() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite3_initialize() != SQLITE_OK) throw std::runtime_error("sqlite3_initialize failed");
    g_real = sqlite3_vfs_find(nullptr);
    if (g_real == nullptr) throw std::runtime_error("no default SQLite VFS");
    std::memset(&g_vfs, 0, sizeof g_vfs);
    // Version 2: xCurrentTimeInt64 is the newest member the store's use needs (the system-call
    // overrides of version 3 are not passed through).
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = kName;
    g_vfs.xOpen = x_open;
    g_vfs.xDelete = x_delete;
    g_vfs.xAccess = x_access;
    g_vfs.xFullPathname = x_full_pathname;
    g_vfs.xDlOpen = x_dl_open;
    g_vfs.xDlError = x_dl_error;
    g_vfs.xDlSym = x_dl_sym;
    g_vfs.xDlClose = x_dl_close;
    g_vfs.xRandomness = x_randomness;
    g_vfs.xSleep = x_sleep;
    g_vfs.xCurrentTime = x_current_time;
    g_vfs.xGetLastError = x_get_last_error;
    g_vfs.xCurrentTimeInt64 = x_current_time_int64;
    const int rc = sqlite3_vfs_register(&g_vfs, 0);
    if (rc != SQLITE_OK) throw std::runtime_error("cannot register the fault VFS: " + std::to_string(rc));
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

}  // namespace gridcase::storage::fault_vfs
