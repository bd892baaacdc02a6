#include "vfs_shim.hpp"

#include <cstring>
#include <stdexcept>

#include "connection.hpp"

namespace gridcase::storage::vfs_shim {
namespace {

int x_close(sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); }

int x_read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  return real_of(f)->pMethods->xRead(real_of(f), buf, amount, offset);
}

int x_write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  return real_of(f)->pMethods->xWrite(real_of(f), buf, amount, offset);
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

int x_sync(sqlite3_file* f, int flags) { return real_of(f)->pMethods->xSync(real_of(f), flags); }

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

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return real_vfs(vfs)->xDelete(real_vfs(vfs), name, sync_dir);
}

int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}

int x_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, size, out);
}

void* x_dl_open(sqlite3_vfs* vfs, const char* name) { return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name); }
void x_dl_error(sqlite3_vfs* vfs, int size, char* out) { real_vfs(vfs)->xDlError(real_vfs(vfs), size, out); }
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return real_vfs(vfs)->xDlSym(real_vfs(vfs), handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) { real_vfs(vfs)->xDlClose(real_vfs(vfs), handle); }

int x_randomness(sqlite3_vfs* vfs, int size, char* out) {
  return real_vfs(vfs)->xRandomness(real_vfs(vfs), size, out);
}
int x_sleep(sqlite3_vfs* vfs, int micros) { return real_vfs(vfs)->xSleep(real_vfs(vfs), micros); }
int x_current_time(sqlite3_vfs* vfs, double* out) { return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out); }
int x_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  return real_vfs(vfs)->xGetLastError ? real_vfs(vfs)->xGetLastError(real_vfs(vfs), size, out) : 0;
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_vfs(vfs)->xCurrentTimeInt64(real_vfs(vfs), out);
}

}  // namespace

sqlite3_io_methods forwarding_methods(int version) {
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

int open_wrapped(sqlite3_vfs* real_vfs, std::size_t own_size, sqlite3_filename name,
                 sqlite3_file* file, int flags, int* out_flags, int* version) {
  auto* f = reinterpret_cast<File*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + own_size);
  f->real->pMethods = nullptr;
  const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  const sqlite3_io_methods* real_methods = f->real->pMethods;
  if (real_methods == nullptr) {
    *version = 0;
  } else {
    *version = real_methods->iVersion < 1 ? 1 : (real_methods->iVersion > 3 ? 3 : real_methods->iVersion);
  }
  return rc;
}

sqlite3_vfs* find_vfs(const std::string& name) {
  configure_sqlite();  // before SQLite is initialized, here or by sqlite3_vfs_find
  if (sqlite3_initialize() != SQLITE_OK) throw std::runtime_error("sqlite3_initialize failed");
  sqlite3_vfs* vfs = sqlite3_vfs_find(name.empty() ? nullptr : name.c_str());
  if (vfs == nullptr) throw std::runtime_error(name.empty() ? "no default SQLite VFS" : "no SQLite VFS named " + name);
  return vfs;
}

void register_wrapping(sqlite3_vfs& vfs, sqlite3_vfs* real, const char* name, std::size_t own_size,
                       int (*open)(sqlite3_vfs*, sqlite3_filename, sqlite3_file*, int, int*)) {
  std::memset(&vfs, 0, sizeof vfs);
  // Version 2: xCurrentTimeInt64 is the newest member the store's use needs (the system-call
  // overrides of version 3 are not passed through).
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(own_size) + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = name;
  vfs.pAppData = real;
  vfs.xOpen = open;
  vfs.xDelete = x_delete;
  vfs.xAccess = x_access;
  vfs.xFullPathname = x_full_pathname;
  vfs.xDlOpen = x_dl_open;
  vfs.xDlError = x_dl_error;
  vfs.xDlSym = x_dl_sym;
  vfs.xDlClose = x_dl_close;
  vfs.xRandomness = x_randomness;
  vfs.xSleep = x_sleep;
  vfs.xCurrentTime = x_current_time;
  vfs.xGetLastError = x_get_last_error;
  vfs.xCurrentTimeInt64 = x_current_time_int64;
  const int rc = sqlite3_vfs_register(&vfs, 0);
  if (rc != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot register the SQLite VFS ") + name + ": " + sqlite3_errstr(rc));
  }
}

}  // namespace gridcase::storage::vfs_shim
