#include "common/private_directory.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>

namespace octgate {
namespace {

namespace fs = std::filesystem;

class PrivateDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("octgate-private-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    old_umask_ = ::umask(022);  // the usual umask, which would leave new folders world-readable
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(dir_);
  }
  static fs::perms mode(const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; }

  fs::path dir_;
  mode_t old_umask_ = 0;
};

TEST_F(PrivateDirectory, EveryFolderItCreatesIsTheOwnersAlone) {
  EXPECT_FALSE(create_private_directories(dir_ / "a" / "b"));
  for (const fs::path& p : {dir_, dir_ / "a", dir_ / "a" / "b"}) EXPECT_EQ(mode(p), fs::perms::owner_all) << p;
  EXPECT_FALSE(create_private_directories(dir_ / "a" / "b"));  // already there: fine
}

TEST_F(PrivateDirectory, AnExistingFolderKeepsItsMode) {
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_FALSE(create_private_directories(dir_ / "new"));
  EXPECT_EQ(mode(dir_), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_EQ(mode(dir_ / "new"), fs::perms::owner_all);
}

TEST_F(PrivateDirectory, AFileInTheWayIsAnError) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  EXPECT_TRUE(create_private_directories(dir_ / "file" / "sub"));
}

}  // namespace
}  // namespace octgate
