// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "losslab/atomic_file.hpp"

using namespace losslab;
namespace fs = std::filesystem;

namespace {

struct AtomicFile : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("losslab-atomic-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
    return v;
  }
};

}  // namespace

TEST_F(AtomicFile, WritesAndReplaces) {
  const auto p = dir / "a.txt";
  write_file_atomically(p, std::string_view("first"));
  EXPECT_EQ(slurp(p), "first");
  write_file_atomically(p, std::string_view("second, longer"));
  EXPECT_EQ(slurp(p), "second, longer");
  write_file_atomically(p, std::string_view(""));
  EXPECT_EQ(slurp(p), "");
  EXPECT_EQ(entries(), std::vector<std::string>{"a.txt"});  // no temporary left behind
}

TEST_F(AtomicFile, StreamWriterLargeAndBinary) {
  const auto p = dir / "big.bin";
  std::string expected;
  for (int i = 0; i < 300000; ++i) expected += static_cast<char>(i * 7 + (i >> 8));
  write_file_atomically(p, [&](std::ostream& os) {
    os.write(expected.data(), 10);                        // buffered
    os << expected.substr(10, 100000);                    // larger than the buffer
    for (std::size_t i = 100010; i < expected.size(); ++i) os.put(expected[i]);  // byte by byte
  });
  EXPECT_EQ(slurp(p), expected);
}

TEST_F(AtomicFile, WriterExceptionKeepsOldFile) {
  const auto p = dir / "keep.txt";
  write_file_atomically(p, std::string_view("old"));
  EXPECT_THROW(write_file_atomically(p,
                                     [](std::ostream& os) {
                                       os << "partial new content";
                                       throw std::logic_error("boom");
                                     }),
               std::logic_error);
  EXPECT_EQ(slurp(p), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"keep.txt"});
}

TEST_F(AtomicFile, ErrorsNameThePath) {
  const auto missing = dir / "no-such-dir" / "x.txt";
  try {
    write_file_atomically(missing, std::string_view("x"));
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
  fs::create_directories(dir / "sub");
  try {
    write_file_atomically(dir / "sub", std::string_view("x"));  // the target is a directory
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("sub"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_directory(dir / "sub"));
  EXPECT_EQ(entries(), std::vector<std::string>{"sub"});
}
