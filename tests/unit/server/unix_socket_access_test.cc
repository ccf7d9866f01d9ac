#include "server/unix_socket_access.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;

v1::ListenConfig Listen(const std::string& mode, const std::string& group) {
  v1::ListenConfig listen;
  listen.set_unix("/run/ospd.sock");
  listen.set_unix_mode(mode);
  listen.set_unix_group(group);
  return listen;
}

// A group the process may chown its files to other than its current one: any gid for root,
// otherwise a supplementary group; nullopt if there is none.
std::optional<gid_t> AnotherGroup() {
  if (geteuid() == 0) return getegid() == 4242 ? 4243 : 4242;
  std::vector<gid_t> groups(static_cast<size_t>(getgroups(0, nullptr)));
  groups.resize(static_cast<size_t>(getgroups(static_cast<int>(groups.size()), groups.data())));
  for (gid_t gid : groups) {
    if (gid != getegid()) return gid;
  }
  return std::nullopt;
}

class UnixSocketAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ospd-access-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    // chown/chmod act on any file alike; a regular file stands in for the socket.
    path_ = dir_ + "/ospd.sock";
    std::ofstream(path_) << "";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  struct stat Stat() const {
    struct stat st {};
    EXPECT_EQ(stat(path_.c_str(), &st), 0);
    return st;
  }

  std::string dir_;
  std::string path_;
};

TEST(UnixSocketAccessFromConfigTest, DefaultsToMode0660AndTheDaemonsGroup) {
  absl::StatusOr<UnixSocketAccess> access = UnixSocketAccess::FromConfig(Listen("", ""));
  ASSERT_THAT(access, IsOk());
  EXPECT_EQ(access->mode(), 0660u);
  EXPECT_EQ(access->gid(), std::nullopt);
  providers::base::LogFields fields;
  access->AppendLogFields(&fields);
  EXPECT_THAT(fields, ::testing::ElementsAre(Pair("unix_mode", "0660")));
}

TEST(UnixSocketAccessFromConfigTest, TakesANumericGidAsIs) {
  // 4242 need not exist in the group database.
  absl::StatusOr<UnixSocketAccess> access = UnixSocketAccess::FromConfig(Listen("0600", "4242"));
  ASSERT_THAT(access, IsOk());
  EXPECT_EQ(access->mode(), 0600u);
  EXPECT_THAT(access->gid(), Optional(gid_t{4242}));
  providers::base::LogFields fields;
  access->AppendLogFields(&fields);
  EXPECT_THAT(fields, ::testing::ElementsAre(Pair("unix_mode", "0600"), Pair("unix_group", "4242"),
                                             Pair("unix_gid", "4242")));
}

TEST(UnixSocketAccessFromConfigTest, LooksUpAGroupName) {
  // Every Debian system has root (0); the name lookup goes through the group database.
  absl::StatusOr<UnixSocketAccess> access = UnixSocketAccess::FromConfig(Listen("", "root"));
  ASSERT_THAT(access, IsOk());
  EXPECT_THAT(access->gid(), Optional(gid_t{0}));
  const struct group* nogroup = getgrnam("nogroup");
  if (nogroup != nullptr) {
    access = UnixSocketAccess::FromConfig(Listen("", "nogroup"));
    ASSERT_THAT(access, IsOk());
    EXPECT_THAT(access->gid(), Optional(nogroup->gr_gid));
  }
}

TEST(UnixSocketAccessFromConfigTest, UnknownGroupNameIsAConfigError) {
  EXPECT_THAT(UnixSocketAccess::FromConfig(Listen("", "no-such-group-ospd-test")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "listen.unix_group: no group named 'no-such-group-ospd-test'"));
}

TEST(UnixSocketAccessFromConfigTest, RefusesGidsChownCannotSet) {
  for (const char* gid : {"4294967295", "99999999999"}) {
    EXPECT_THAT(UnixSocketAccess::FromConfig(Listen("", gid)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         "listen.unix_group: must be a group name or a numeric gid"))
        << gid;
  }
  EXPECT_THAT(UnixSocketAccess::FromConfig(Listen("999", "")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listen.unix_mode")));
}

TEST_F(UnixSocketAccessTest, AppliesModeAndGroup) {
  std::optional<gid_t> other = AnotherGroup();
  if (!other.has_value()) GTEST_SKIP() << "not root and in no supplementary group";
  ASSERT_NE(Stat().st_gid, *other);
  absl::StatusOr<UnixSocketAccess> access =
      UnixSocketAccess::FromConfig(Listen("0640", std::to_string(*other)));
  ASSERT_THAT(access, IsOk());
  ASSERT_THAT(access->Apply(path_), IsOk());
  EXPECT_EQ(Stat().st_gid, *other);
  EXPECT_EQ(Stat().st_mode & 07777, 0640u);
  EXPECT_THAT(access->Apply(path_), IsOk());  // idempotent
}

TEST_F(UnixSocketAccessTest, WithoutAGroupOnlyTheModeChanges) {
  const gid_t before = Stat().st_gid;
  absl::StatusOr<UnixSocketAccess> access = UnixSocketAccess::FromConfig(Listen("0600", ""));
  ASSERT_THAT(access, IsOk());
  ASSERT_THAT(access->Apply(path_), IsOk());
  EXPECT_EQ(Stat().st_gid, before);
  EXPECT_EQ(Stat().st_mode & 07777, 0600u);
}

TEST_F(UnixSocketAccessTest, FailuresNameTheFieldAndThePath) {
  const std::string missing = dir_ + "/missing.sock";
  absl::StatusOr<UnixSocketAccess> with_group =
      UnixSocketAccess::FromConfig(Listen("0660", "4242"));
  ASSERT_THAT(with_group, IsOk());
  EXPECT_THAT(with_group->Apply(missing),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("listen.unix_group: cannot chown '" + missing + "' to gid 4242")));
  absl::StatusOr<UnixSocketAccess> mode_only = UnixSocketAccess::FromConfig(Listen("0660", ""));
  ASSERT_THAT(mode_only, IsOk());
  EXPECT_THAT(mode_only->Apply(missing),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("listen.unix_mode: cannot chmod '" + missing + "' to 0660")));
}

}  // namespace
}  // namespace osp::server
