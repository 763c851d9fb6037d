#include "core/train/AppendOnlyFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zsi {

Result<std::unique_ptr<AppendOnlyFile>> AppendOnlyFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error(std::string("cannot open for writing: ") + std::strerror(errno)).inFile(path);
  return std::unique_ptr<AppendOnlyFile>(new AppendOnlyFile(path, fd));
}

AppendOnlyFile::~AppendOnlyFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status AppendOnlyFile::appendLine(std::string_view line) {
  std::string buf;
  buf.reserve(line.size() + 1);
  buf.append(line);
  buf.push_back('\n');
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = ::write(fd_, buf.data() + done, buf.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(std::string("cannot write: ") + std::strerror(errno)).inFile(path_);
    }
    done += static_cast<std::size_t>(n);
  }
  return okStatus();
}

Status AppendOnlyFile::sync() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (::fsync(fd_) != 0) return Error(std::string("cannot sync: ") + std::strerror(errno)).inFile(path_);
  return okStatus();
}

std::int64_t AppendOnlyFile::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return -1;
  return static_cast<std::int64_t>(st.st_size);
}

}  // namespace zsi
