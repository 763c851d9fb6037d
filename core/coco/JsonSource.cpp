#include "core/coco/JsonSource.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace zsi {

Result<JsonSource> JsonSource::openFile(const std::string& path) {
  JsonSource s;
  s.name_ = path;
  s.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (s.fd_ < 0) return Error(std::string("cannot open: ") + std::strerror(errno)).inFile(path);
  struct stat st {};
  if (::fstat(s.fd_, &st) != 0) return Error(std::string("cannot stat: ") + std::strerror(errno)).inFile(path);
  if (S_ISDIR(st.st_mode)) return Error("is a directory, expected a JSON file").inFile(path);
  s.size_ = static_cast<std::uint64_t>(st.st_size);
  return s;
}

JsonSource JsonSource::fromMemory(std::string_view text, std::string name) {
  JsonSource s;
  s.name_ = std::move(name);
  s.memory_ = text;
  s.size_ = text.size();
  return s;
}

JsonSource::JsonSource(JsonSource&& o) noexcept
    : name_(std::move(o.name_)), size_(o.size_), fd_(std::exchange(o.fd_, -1)), memory_(o.memory_) {}

JsonSource& JsonSource::operator=(JsonSource&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    name_ = std::move(o.name_);
    size_ = o.size_;
    fd_ = std::exchange(o.fd_, -1);
    memory_ = o.memory_;
  }
  return *this;
}

JsonSource::~JsonSource() {
  if (fd_ >= 0) ::close(fd_);
}

Status JsonSource::read(std::uint64_t offset, std::size_t n, char* out) const {
  if (offset + n > size_) return Error("read past the end of the file").inFile(name_);
  if (fd_ < 0) {
    std::memcpy(out, memory_.data() + offset, n);
    return okStatus();
  }
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd_, out + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      return Error(std::string("cannot read: ") + std::strerror(errno)).inFile(name_);
    }
    if (r == 0) return Error("the file became shorter while it was read").inFile(name_);
    got += static_cast<std::size_t>(r);
  }
  return okStatus();
}

Error JsonSource::errorAt(std::uint64_t offset, std::string message) const {
  if (offset > size_) offset = size_;
  std::int64_t line = 1, column = 1;
  std::vector<char> buf(1 << 20);
  for (std::uint64_t at = 0; at < offset;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), offset - at));
    if (!read(at, n, buf.data()).ok()) break;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char c = static_cast<unsigned char>(buf[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
        ++column;
      }
    }
    at += n;
  }
  return Error(std::move(message)).inFile(name_).at(line, column);
}

}  // namespace zsi
