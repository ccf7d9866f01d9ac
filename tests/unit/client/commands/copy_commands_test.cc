#include "client/commands/copy_commands.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

v1::ObjectInfo Info(const std::string& key, size_t size) {
  v1::ObjectInfo info;
  info.set_key(key);
  info.set_size(static_cast<int64_t>(size));
  return info;
}

class CopyCommandsTest : public FakeServerTest {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/ospctl-cp-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& relative, const std::string& data) {
    const fs::path path = fs::path(dir_) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << data;
    return path.string();
  }

  // Lists `keys` (stored with their data) for the next ListObjects.
  void Serve(const std::map<std::string, std::string>& objects,
             const std::vector<std::string>& listed_only = {}) {
    v1::ListObjectsResponse page;
    for (const auto& [key, data] : objects) {
      *page.add_objects() = Info(key, data.size());
      service_.SetObject(Info(key, data.size()), data, 3);
    }
    for (const std::string& key : listed_only) *page.add_objects() = Info(key, 1);
    service_.Respond("ListObjects", page);
  }

  std::map<std::string, std::string> Uploaded() {
    std::map<std::string, std::string> uploaded;
    for (const ReceivedPut& put : service_.puts()) uploaded[put.header.key()] = put.data;
    return uploaded;
  }

  std::string dir_;
};

TEST_F(CopyCommandsTest, OneFileUpAndDown) {
  const std::string local = Write("a.txt", "hello");
  OspctlResult result = Run({"cp", local, "s3://media/docs/", "--content-type", "text/plain"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(service_.puts().size(), 1u);
  EXPECT_EQ(service_.puts()[0].header.key(), "docs/a.txt");
  EXPECT_EQ(service_.puts()[0].header.content_type(), "text/plain");
  EXPECT_EQ(service_.puts()[0].header.size(), 5);

  service_.SetObject(Info("docs/a.txt", 5), "hello", 2);
  result = Run({"cp", "s3://media/docs/a.txt", dir_ + "/copy.txt", "--version-id", "v1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFile(dir_ + "/copy.txt"), "hello");
  EXPECT_EQ(service_.Requests<v1::GetObjectRequest>("GetObject")[0].version_id(), "v1");
}

TEST_F(CopyCommandsTest, StdinAndStdout) {
  ASSERT_EQ(Run({"cp", "-", "s3://media/k"}, "piped").exit_code, 0);
  EXPECT_EQ(service_.puts()[0].data, "piped");
  service_.SetObject(Info("k", 4), "data", 3);
  const OspctlResult result = Run({"cp", "s3://media/k", "-"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "data");
}

TEST_F(CopyCommandsTest, UsageErrors) {
  const std::string local = Write("f", "1");
  EXPECT_EQ(Run({"cp", local, dir_ + "/g"}).exit_code, 64);      // no remote side
  EXPECT_EQ(Run({"cp", "s3://a/b", "s3://c/d"}).exit_code, 64);  // two remote sides
  EXPECT_EQ(Run({"cp", local, "s3://a/b", "--version-id", "v"}).exit_code, 64);
  EXPECT_EQ(Run({"cp", "s3://a/b", local, "--meta", "a=b"}).exit_code, 64);
  EXPECT_EQ(Run({"cp", "s3://a/", local}).exit_code, 64);        // no key
  EXPECT_EQ(Run({"cp", dir_, "s3://a/p"}).exit_code, 64);        // folder without -r
  EXPECT_EQ(Run({"cp", "-r", dir_, "s3://a/p"}).exit_code, 64);  // unknown flag
  EXPECT_EQ(Run({"cp", "--recursive", "-", "s3://a/p"}).exit_code, 64);
  EXPECT_EQ(Run({"cp", "--recursive", "s3://a/p", "-"}).exit_code, 64);
  for (const std::string jobs : {"0", "33", "x"}) {
    EXPECT_EQ(Run({"cp", "--recursive", dir_, "s3://a/p", "--jobs", jobs}).exit_code, 64);
  }
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(CopyCommandsTest, RecursiveUploadSendsEveryFileUnderThePrefix) {
  Write("tree/top.txt", "top");
  Write("tree/a/b/deep.bin", std::string(3 << 20, 'd'));
  Write("tree/a/empty", "");
  Write("tree/sp ace/ünï.txt", "u");
  const OspctlResult result = Run({"cp", "--recursive", dir_ + "/tree", "s3://media/backup",
                                   "--jobs", "2", "--meta", "owner=me"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto uploaded = Uploaded();
  EXPECT_THAT(uploaded,
              UnorderedElementsAre(Pair("backup/top.txt", "top"),
                                   Pair("backup/a/b/deep.bin", std::string(3 << 20, 'd')),
                                   Pair("backup/a/empty", ""), Pair("backup/sp ace/ünï.txt", "u")));
  for (const ReceivedPut& put : service_.puts()) {
    EXPECT_EQ(put.header.bucket(), "media");
    EXPECT_EQ(put.header.metadata().at("owner"), "me");
  }
  EXPECT_THAT(result.out, AllOf(HasSubstr("uploaded   " + dir_ +
                                          "/tree/top.txt -> "
                                          "s3://media/backup/top.txt (3 B)"),
                                HasSubstr("copied 4 files, 3.0 MiB\n")));
  EXPECT_THAT(result.err, IsEmpty());
}

TEST_F(CopyCommandsTest, RecursiveUploadContinuesAfterAFailureAndExitsWithItsCode) {
  Write("tree/a", "1");
  Write("tree/b", "2");
  service_.Fail("PutObject", grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "denied"));
  const OspctlResult result =
      Run({"cp", "--recursive", dir_ + "/tree", "s3://media/p/", "--jobs", "1"});
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(service_.puts().size(), 2u);
  EXPECT_THAT(result.out, HasSubstr("copied 1 file, 1 B, 1 failed"));
  EXPECT_THAT(result.err, HasSubstr("PERMISSION_DENIED: 1 of 2 files not copied; first: "));
}

TEST_F(CopyCommandsTest, RecursiveDownloadMapsKeysToFolders) {
  Serve({{"docs/top.txt", "top"},
         {"docs/a/b/deep.bin", "deep data"},
         {"docs/zero", ""},
         {"docs/sp ace/ünï.txt", "u"}});
  const std::string out = dir_ + "/out";
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/docs", out, "--jobs", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFile(out + "/top.txt"), "top");
  EXPECT_EQ(ReadFile(out + "/a/b/deep.bin"), "deep data");
  EXPECT_TRUE(fs::is_regular_file(out + "/zero"));
  EXPECT_EQ(ReadFile(out + "/sp ace/ünï.txt"), "u");
  const auto lists = service_.Requests<v1::ListObjectsRequest>("ListObjects");
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].prefix(), "docs/");
  EXPECT_THAT(lists[0].delimiter(), IsEmpty());
  EXPECT_THAT(result.out, HasSubstr("copied 4 files, 13 B"));
}

TEST_F(CopyCommandsTest, RecursiveDownloadRefusesKeysThatEscapeAndWritesTheRest) {
  Serve({{"p/good.txt", "good"}}, {"p/../../escaped", "p/a/../../../x", "p//etc/passwd"});
  const std::string out = dir_ + "/deep/out";
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p/", out});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(ReadFile(out + "/good.txt"), "good");
  EXPECT_THAT(result.err, AllOf(HasSubstr("INVALID_ARGUMENT: 3 of 4 files not copied"),
                                HasSubstr("refusing to download key 'p/../../escaped'")));
  EXPECT_THAT(result.out, HasSubstr("refusing to download key 'p/a/../../../x'"));
  EXPECT_FALSE(fs::exists(dir_ + "/escaped"));
  EXPECT_FALSE(fs::exists(dir_ + "/deep/escaped"));
  EXPECT_FALSE(fs::exists(dir_ + "/x"));
  // Only the good key was requested.
  EXPECT_EQ(service_.Requests<v1::GetObjectRequest>("GetObject").size(), 1u);
}

TEST_F(CopyCommandsTest, RecursiveDownloadDoesNotFollowALinkOutOfTheTarget) {
  const std::string out = dir_ + "/out";
  fs::create_directories(out);
  fs::create_directories(dir_ + "/outside");
  fs::create_directory_symlink(dir_ + "/outside", out + "/link");
  Serve({{"p/link/file", "data"}, {"p/link/new/file", "data"}});
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p", out});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("leads outside"));
  EXPECT_TRUE(fs::is_empty(dir_ + "/outside"));  // not even a folder created through the link
}

TEST_F(CopyCommandsTest, RecursiveDownloadDoesNotWriteThroughAFileLinkOutOfTheTarget) {
  const std::string out = dir_ + "/out";
  fs::create_directories(out);
  const std::string outside = Write("outside.txt", "keep");
  fs::create_symlink(outside, out + "/x");
  Serve({{"p/x", "data"}});
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p", out});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("leads outside"));
  EXPECT_EQ(ReadFile(outside), "keep");
}

TEST_F(CopyCommandsTest, RecursiveDownloadCreatesNoFolderMarkerThroughALinkOutOfTheTarget) {
  const std::string out = dir_ + "/out";
  fs::create_directories(out + "/kept");
  fs::create_directories(dir_ + "/outside");
  fs::create_directory_symlink(dir_ + "/outside", out + "/link");
  Serve({{"p/ok", "data"}}, {"p/link/planted/", "p/kept/new/"});
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p", out});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("refusing to write '" + out + "/link/planted': a link leads"));
  EXPECT_TRUE(fs::is_empty(dir_ + "/outside"));
  EXPECT_TRUE(fs::is_directory(out + "/kept/new"));
  EXPECT_EQ(ReadFile(out + "/ok"), "data");
}

TEST_F(CopyCommandsTest, RecursiveDownloadIntoDotOrARelativeFolderWritesTheFiles) {
  const fs::path before = fs::current_path();
  fs::create_directories(dir_ + "/here");
  fs::current_path(dir_ + "/here");
  Serve({{"p/top.txt", "top"}, {"p/sub/deep.txt", "deep"}});
  const OspctlResult into_dot = Run({"cp", "--recursive", "s3://media/p", "."});
  Serve({{"p/top.txt", "top"}, {"p/sub/deep.txt", "deep"}});
  const OspctlResult into_relative = Run({"cp", "--recursive", "s3://media/p", "copy"});
  fs::current_path(before);
  EXPECT_EQ(into_dot.exit_code, 0) << into_dot.out << into_dot.err;
  EXPECT_EQ(ReadFile(dir_ + "/here/top.txt"), "top");
  EXPECT_EQ(ReadFile(dir_ + "/here/sub/deep.txt"), "deep");
  EXPECT_EQ(into_relative.exit_code, 0) << into_relative.out << into_relative.err;
  EXPECT_EQ(ReadFile(dir_ + "/here/copy/top.txt"), "top");
  EXPECT_EQ(ReadFile(dir_ + "/here/copy/sub/deep.txt"), "deep");
}

TEST_F(CopyCommandsTest, AFailedDownloadLeavesNoFileAndNoPart) {
  Serve({{"p/ok", "fine"}}, {"p/missing"});  // listed, but GetObject says NOT_FOUND
  const std::string out = dir_ + "/out";
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p", out});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(ReadFile(out + "/ok"), "fine");
  EXPECT_FALSE(fs::exists(out + "/missing"));
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 1);
}

TEST_F(CopyCommandsTest, KeysXAndXDotPartDownloadedTogetherKeepTheirData) {
  // x streams in many small chunks, so x.part's download runs while x's does.
  const std::string x(30000, 'x');
  service_.SetObject(Info("p/x", x.size()), x, 3);
  service_.SetObject(Info("p/x.part", 5), "small", 5);
  v1::ListObjectsResponse page;
  *page.add_objects() = Info("p/x", x.size());
  *page.add_objects() = Info("p/x.part", 5);
  service_.Respond("ListObjects", page);
  const std::string out = dir_ + "/out";
  const OspctlResult result = Run({"cp", "--recursive", "s3://media/p", out, "--jobs", "2"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(ReadFile(out + "/x") == x);
  EXPECT_EQ(ReadFile(out + "/x.part"), "small");
}

TEST_F(CopyCommandsTest, RecursiveJsonIsOneDocument) {
  Serve({{"p/a", "1"}, {"p/b", "22"}});
  const OspctlResult result =
      Run({"cp", "--recursive", "s3://media/p", dir_ + "/out", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find('{'), 0u);
  EXPECT_EQ(result.out.rfind('}'), result.out.size() - 2);
  EXPECT_THAT(result.out, AllOf(HasSubstr("\"direction\": \"download\""), HasSubstr("\"files\": 2"),
                                HasSubstr("\"bytes\": 3"), HasSubstr("\"code\": \"OK\""),
                                Not(HasSubstr("downloaded "))));
}

TEST_F(CopyCommandsTest, ProgressOnlyOnATerminalAndNotQuietOrJson) {
  const std::string local = Write("f.bin", std::string(2 << 20, 'x'));
  OspctlResult result = RunOnTty({"cp", local, "s3://media/f.bin"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, AllOf(HasSubstr("\r2.0 MiB / 2.0 MiB  100%"), HasSubstr("\n")));
  EXPECT_THAT(RunOnTty({"cp", local, "s3://media/f.bin", "--quiet"}).err, IsEmpty());
  EXPECT_THAT(RunOnTty({"cp", local, "s3://media/f.bin", "--output", "json"}).err, IsEmpty());
  EXPECT_THAT(Run({"cp", local, "s3://media/f.bin"}).err, IsEmpty());

  Serve({{"p/a", "1"}, {"p/b", "22"}});
  result = RunOnTty({"cp", "--recursive", "s3://media/p", dir_ + "/out"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("2/2 files  3 B / 3 B  100%"));
}

}  // namespace
}  // namespace osp::client::testing
