#include "core/util/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace zsi {
namespace {

constexpr std::size_t kBufferSize = 1 << 20;

std::string dirOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Error ioError(const std::string& what, const std::string& path, int err) {
  std::string reason = err == ENOSPC ? "disk full" : std::strerror(err);
  return Error(what + ": " + reason).inFile(path);
}

}  // namespace

Result<AtomicFileWriter> AtomicFileWriter::open(const std::string& path) {
  AtomicFileWriter w;
  w.path_ = path;
  std::random_device rd;
  for (int attempt = 0; attempt < 16; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08x", static_cast<unsigned>(rd()));
    w.tmpPath_ = path + suffix;
    w.fd_ = ::open(w.tmpPath_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (w.fd_ >= 0) break;
    if (errno != EEXIST) return ioError("cannot create a file for writing", path, errno);
  }
  if (w.fd_ < 0) return ioError("cannot create a temporary file", path, EEXIST);
  w.buffer_.reserve(kBufferSize);
  return w;
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& o) noexcept { *this = std::move(o); }

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& o) noexcept {
  if (this != &o) {
    discard();
    path_ = std::move(o.path_);
    tmpPath_ = std::move(o.tmpPath_);
    fd_ = o.fd_;
    errno_ = o.errno_;
    buffer_ = std::move(o.buffer_);
    o.fd_ = -1;
    o.tmpPath_.clear();
  }
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!tmpPath_.empty()) {
    ::unlink(tmpPath_.c_str());
    tmpPath_.clear();
  }
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
  if (errno_ != 0 || fd_ < 0) return;
  if (buffer_.size() + size > kBufferSize) flushBuffer();
  if (size >= kBufferSize) {
    const char* p = static_cast<const char*>(data);
    while (size > 0 && errno_ == 0) {
      ssize_t n = ::write(fd_, p, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        errno_ = errno;
        return;
      }
      p += n;
      size -= static_cast<std::size_t>(n);
    }
    return;
  }
  buffer_.append(static_cast<const char*>(data), size);
}

void AtomicFileWriter::flushBuffer() {
  const char* p = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0 && errno_ == 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      errno_ = errno;
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

Status AtomicFileWriter::commit() {
  if (fd_ < 0) return Error("file already committed or never opened").inFile(path_);
  flushBuffer();
  if (errno_ == 0 && ::fsync(fd_) != 0) errno_ = errno;
  if (::close(fd_) != 0 && errno_ == 0) errno_ = errno;
  fd_ = -1;
  if (errno_ != 0) {
    int err = errno_;
    discard();
    return ioError("cannot write", path_, err);
  }
  if (::rename(tmpPath_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    discard();
    return ioError("cannot replace", path_, err);
  }
  tmpPath_.clear();
  // Make the rename itself durable.
  int dfd = ::open(dirOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return okStatus();
}

Status writeFileAtomic(const std::string& path, std::string_view contents) {
  auto w = AtomicFileWriter::open(path);
  if (!w) return w.error();
  w->write(contents);
  return w->commit();
}

Result<std::string> readFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ioError("cannot stat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error("is a directory, expected a file").inFile(path);
  }
  std::string out;
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ioError("cannot read", path, err);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  // Files that grow while read (or report size 0, like /proc) are read to the end.
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace zsi
