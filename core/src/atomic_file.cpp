// SPDX-License-Identifier: GPL-3.0-or-later
#include "losslab/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

namespace losslab {
namespace {

// (Built with += : GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.)
std::string quoted(const std::filesystem::path& p) {
  std::string s = "'";
  s += p.string();
  s += '\'';
  return s;
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
  std::string msg = "cannot write " + quoted(path) + ": " + what;
  if (err != 0) msg += ": " + std::string(std::strerror(err));
  throw IoError(msg);
}

// Writes all of [data, data+n) to fd, retrying short writes and EINTR.
// Returns 0 or the errno of the failure.
int write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return 0;
}

// A std::streambuf on a file descriptor that remembers the first write error.
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd) { setp(buf_.data(), buf_.data() + buf_.size()); }
  int error() const { return err_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!flush_buffer()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    // Large writes bypass the buffer.
    if (n >= static_cast<std::streamsize>(buf_.size())) {
      if (!flush_buffer()) return 0;
      if ((err_ = write_all(fd_, s, static_cast<std::size_t>(n))) != 0) return 0;
      return n;
    }
    return std::streambuf::xsputn(s, n);
  }
  int sync() override { return flush_buffer() ? 0 : -1; }

 private:
  bool flush_buffer() {
    if (err_ != 0) return false;
    const std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    if (n > 0 && (err_ = write_all(fd_, pbase(), n)) != 0) return false;
    setp(buf_.data(), buf_.data() + buf_.size());
    return true;
  }

  int fd_;
  int err_ = 0;
  std::array<char, 1 << 16> buf_{};
};

// Creates a fresh temporary file beside `path`; returns its fd and name.
int create_temp(const std::filesystem::path& path, std::filesystem::path& tmp) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = ".";
    name += path.filename().string();
    name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) + "-" +
            std::to_string(rd() % 1000000);
    tmp = dir / name;
    // 0666 & ~umask, like any ordinary new file.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST) fail(path, "cannot create a temporary file in " + quoted(dir), errno);
  }
  fail(path, "cannot find a free temporary file name in " + quoted(dir), 0);
}

void fsync_dir(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer) {
  if (path.empty() || !path.has_filename()) fail(path, "not a file name", 0);
  std::filesystem::path tmp;
  const int fd = create_temp(path, tmp);
  auto discard = [&] {
    ::close(fd);
    ::unlink(tmp.c_str());
  };
  try {
    FdStreamBuf buf(fd);
    std::ostream os(&buf);
    writer(os);
    os.flush();
    if (buf.error() != 0) fail(path, "write to " + quoted(tmp) + " failed", buf.error());
    if (!os) fail(path, "the stream writer reported an error", 0);
    if (::fsync(fd) != 0) fail(path, "fsync of " + quoted(tmp) + " failed", errno);
  } catch (...) {
    discard();
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "close of " + quoted(tmp) + " failed", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename from " + quoted(tmp) + " failed", err);
  }
  fsync_dir(path);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  write_file_atomically(path, [bytes](std::ostream& os) {
    os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
}

}  // namespace losslab
