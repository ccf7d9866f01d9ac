#include "client/commands/transfer_commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/sha256_hasher.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr size_t kMiB = 1 << 20;

// Bytes that differ at every position, so that reordered or dropped chunks show.
std::string Pattern(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 131 + i / 4093) % 251);
  return data;
}

std::string Sha256Hex(const std::string& data) {
  Sha256Hasher hasher;
  hasher.Update(data);
  return hasher.HexDigest();
}

// The names in `folder`, hidden ones included.
std::vector<std::string> Names(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

class TransferCommandsTest : public FakeServerTest {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/ospctl-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteFile(const std::string& name, const std::string& data) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }

  std::string dir_;
};

TEST_F(TransferCommandsTest, PutStreamsAFileInMiBChunksWithSizeAndSha256) {
  const std::string data = Pattern(2 * kMiB + kMiB / 2);
  const std::string local = WriteFile("photo.jpg", data);
  v1::PutObjectResponse response;
  response.set_key("2024/photo.jpg");
  response.set_size(static_cast<int64_t>(data.size()));
  response.set_etag("\"e1\"");
  service_.Respond("PutObject", response);
  const OspctlResult result = Run({"put", local, "media/2024/photo.jpg", "--content-type",
                                   "image/jpeg", "--meta", "camera=x100", "--meta", "iso=200"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<ReceivedPut> puts = service_.puts();
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].chunks, 3);
  EXPECT_TRUE(puts[0].data == data);
  const v1::PutObjectHeader& header = puts[0].header;
  EXPECT_EQ(header.backend(), "b1");
  EXPECT_EQ(header.bucket(), "media");
  EXPECT_EQ(header.key(), "2024/photo.jpg");
  EXPECT_EQ(header.content_type(), "image/jpeg");
  EXPECT_THAT(header.metadata(), UnorderedElementsAre(Pair("camera", "x100"), Pair("iso", "200")));
  ASSERT_TRUE(header.has_size());
  EXPECT_EQ(header.size(), static_cast<int64_t>(data.size()));
  EXPECT_EQ(header.sha256(), Sha256Hex(data));
  EXPECT_THAT(result.out, AllOf(HasSubstr("uploaded    media/2024/photo.jpg"),
                                HasSubstr("size        2.5 MiB"), HasSubstr("\"e1\"")));
}

TEST_F(TransferCommandsTest, PutFromStdinSendsNoSizeOrDigest) {
  const std::string data = Pattern(kMiB + 7);
  const OspctlResult result = Run({"put", "-", "media/stream.bin"}, data);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<ReceivedPut> puts = service_.puts();
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].chunks, 2);
  EXPECT_TRUE(puts[0].data == data);
  EXPECT_FALSE(puts[0].header.has_size());
  EXPECT_THAT(puts[0].header.sha256(), IsEmpty());
}

TEST_F(TransferCommandsTest, PutToAFolderAppendsTheFileName) {
  const std::string local = WriteFile("notes.txt", "hello");
  ASSERT_EQ(Run({"put", local, "media/docs/"}).exit_code, 0);
  ASSERT_EQ(Run({"put", local, "media"}).exit_code, 0);
  const std::vector<ReceivedPut> puts = service_.puts();
  ASSERT_EQ(puts.size(), 2u);
  EXPECT_EQ(puts[0].header.key(), "docs/notes.txt");
  EXPECT_EQ(puts[1].header.key(), "notes.txt");
  EXPECT_EQ(puts[0].chunks, 1);
}

TEST_F(TransferCommandsTest, PutEmptyFileSendsOnlyTheHeader) {
  const std::string local = WriteFile("empty", "");
  ASSERT_EQ(Run({"put", local, "media/empty"}).exit_code, 0);
  const std::vector<ReceivedPut> puts = service_.puts();
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].chunks, 0);
  EXPECT_EQ(puts[0].header.size(), 0);
}

TEST_F(TransferCommandsTest, PutJsonPrintsTheResponse) {
  v1::PutObjectResponse response;
  response.set_key("k");
  response.set_version_id("v7");
  service_.Respond("PutObject", response);
  const OspctlResult result = Run({"put", "-", "media/k", "--output", "json"}, "x");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"versionId\": \"v7\""));
}

TEST_F(TransferCommandsTest, PutServerErrorExitsWithItsCode) {
  service_.Fail("PutObject", grpc::Status(grpc::StatusCode::NOT_FOUND, "no bucket 'media'"));
  const OspctlResult result = Run({"put", WriteFile("f", Pattern(3 * kMiB)), "media/f"});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.err, "NOT_FOUND: no bucket 'media'\n");
}

TEST_F(TransferCommandsTest, PutLocalErrors) {
  OspctlResult result = Run({"put", dir_ + "/missing.txt", "media/x"});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err,
              AllOf(HasSubstr("NOT_FOUND: cannot open local file"), HasSubstr("missing.txt")));
  EXPECT_EQ(Run({"put", dir_, "media/x"}).exit_code, 64);
  EXPECT_EQ(Run({"put", "-", "media/"}, "data").exit_code, 64);
  EXPECT_EQ(Run({"put", "-", "media/k", "--meta", "novalue"}, "data").exit_code, 64);
  EXPECT_EQ(Run({"put", "-"}).exit_code, 64);
  EXPECT_THAT(service_.calls(), IsEmpty());
}

v1::ObjectInfo Info(const std::string& key, size_t size) {
  v1::ObjectInfo info;
  info.set_key(key);
  info.set_size(static_cast<int64_t>(size));
  info.set_content_type("image/jpeg");
  info.set_etag("\"e1\"");
  return info;
}

TEST_F(TransferCommandsTest, GetWritesEveryChunkToTheFile) {
  const std::string data = Pattern(3 * kMiB + 5);
  service_.SetObject(Info("2024/photo.jpg", data.size()), data, kMiB);
  const std::string local = dir_ + "/copy.jpg";
  const OspctlResult result = Run({"get", "media/2024/photo.jpg", local, "--version-id", "v2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(ReadFile(local) == data);
  EXPECT_THAT(Names(dir_), ElementsAre("copy.jpg"));  // no temporary file left
  const auto requests = service_.Requests<v1::GetObjectRequest>("GetObject");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].bucket(), "media");
  EXPECT_EQ(requests[0].key(), "2024/photo.jpg");
  EXPECT_EQ(requests[0].version_id(), "v2");
  EXPECT_FALSE(requests[0].has_range());
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("downloaded     media/2024/photo.jpg"),
                    HasSubstr("to             " + local), HasSubstr("content type   image/jpeg")));
}

TEST_F(TransferCommandsTest, GetIntoADirectoryUsesTheKeysName) {
  service_.SetObject(Info("a/b.txt", 3), "abc", 2);
  ASSERT_EQ(Run({"get", "media/a/b.txt", dir_}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_ + "/b.txt"), "abc");
}

TEST_F(TransferCommandsTest, GetToStdoutWritesOnlyTheData) {
  const std::string data = Pattern(2 * kMiB);
  service_.SetObject(Info("k", data.size()), data, 700 * 1024);
  const OspctlResult result = Run({"get", "media/k", "-", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out == data);
}

TEST_F(TransferCommandsTest, CatAndGetToAStdoutThatCannotBeWrittenAreDataLoss) {
  for (const bool buffered : {true, false}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"cat", "media/k"}, {"get", "media/k", "-"}}) {
      service_.SetObject(Info("k", 4), "data", 3);
      FailingStdout out(buffered);
      const OspctlResult result = RunTo(out, args);
      EXPECT_EQ(result.exit_code, 15) << args[0] << " buffered " << buffered;
      EXPECT_EQ(result.err, "DATA_LOSS: cannot write to standard output\n");
    }
  }
}

TEST_F(TransferCommandsTest, GetJsonPrintsTheObjectInfo) {
  service_.SetObject(Info("k", 3), "abc", 3);
  const OspctlResult result = Run({"get", "media/k", dir_ + "/k", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("\"contentType\": \"image/jpeg\""), HasSubstr("\"size\": \"3\"")));
}

TEST_F(TransferCommandsTest, CatSendsTheRange) {
  service_.SetObject(Info("k", 100), "0123456789", 4);
  const OspctlResult result = Run({"cat", "media/k", "--range", "10-19"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "0123456789");
  const auto requests = service_.Requests<v1::GetObjectRequest>("GetObject");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].range().offset(), 10);
  EXPECT_EQ(requests[0].range().length(), 10);
}

TEST_F(TransferCommandsTest, OpenEndedRangeReadsToTheEnd) {
  service_.SetObject(Info("k", 100), "tail", 4);
  ASSERT_EQ(Run({"cat", "media/k", "--range", "96-"}).exit_code, 0);
  const auto requests = service_.Requests<v1::GetObjectRequest>("GetObject");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].range().offset(), 96);
  EXPECT_EQ(requests[0].range().length(), 0);
}

TEST_F(TransferCommandsTest, ARangeToTheLargestEndReadsToTheEnd) {
  for (const char* range : {"0-9223372036854775807", "5-9223372036854775807"}) {
    service_.SetObject(Info("k", 4), "data", 3);
    const OspctlResult result = Run({"cat", "media/k", "--range", range});
    EXPECT_EQ(result.exit_code, 0) << range << result.err;
  }
  const auto requests = service_.Requests<v1::GetObjectRequest>("GetObject");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].range().offset(), 0);
  EXPECT_EQ(requests[0].range().length(), 0);
  EXPECT_EQ(requests[1].range().offset(), 5);
  EXPECT_EQ(requests[1].range().length(), 0);
}

TEST_F(TransferCommandsTest, BadRangesAreUsageErrors) {
  for (const char* range : {"10", "-5", "a-b", "20-10", "5-x"}) {
    EXPECT_EQ(Run({"cat", "media/k", "--range", range}).exit_code, 64) << range;
  }
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(TransferCommandsTest, GetNotFoundLeavesNoFile) {
  service_.Fail("GetObject", grpc::Status(grpc::StatusCode::NOT_FOUND, "no key 'k'"));
  const std::string local = dir_ + "/k";
  const OspctlResult result = Run({"get", "media/k", local});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.err, "NOT_FOUND: no key 'k'\n");
  EXPECT_THAT(Names(dir_), IsEmpty());
}

TEST_F(TransferCommandsTest, GetLeavesFilesNamedLikeTheTargetDotPartAlone) {
  WriteFile("k.part", "mine");
  WriteFile("missing.part", "mine too");
  service_.SetObject(Info("k", 4), "data", 3);
  ASSERT_EQ(Run({"get", "media/k", dir_ + "/k"}).exit_code, 0);
  EXPECT_EQ(Run({"get", "media/missing", dir_ + "/missing"}).exit_code, 5);
  EXPECT_EQ(ReadFile(dir_ + "/k"), "data");
  EXPECT_EQ(ReadFile(dir_ + "/k.part"), "mine");
  EXPECT_EQ(ReadFile(dir_ + "/missing.part"), "mine too");
  EXPECT_THAT(Names(dir_), UnorderedElementsAre("k", "k.part", "missing.part"));
}

TEST_F(TransferCommandsTest, GetIntoAFifoWritesItAndLeavesIt) {
  const std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A reader that does not block: ospctl's open for writing then does not wait for one.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  service_.SetObject(Info("k", 4), "data", 3);
  const OspctlResult result = Run({"get", "media/k", fifo});
  char got[8] = {};
  const ssize_t read = ::read(reader, got, sizeof(got));
  ::close(reader);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_EQ(std::string(got, read > 0 ? read : 0), "data");
  EXPECT_THAT(Names(dir_), ElementsAre("fifo"));
}

TEST_F(TransferCommandsTest, GetThroughASymlinkReplacesTheFileItLeadsTo) {
  const std::string target = WriteFile("real.txt", "old");
  std::filesystem::create_symlink(target, dir_ + "/link");
  service_.SetObject(Info("k", 4), "data", 3);
  const OspctlResult result = Run({"get", "media/k", dir_ + "/link"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ + "/link"));
  EXPECT_EQ(ReadFile(target), "data");
}

TEST_F(TransferCommandsTest, GetAFileNameOfTheMaximumLength) {
  const std::string name(255, 'n');
  service_.SetObject(Info("a/" + name, 3), "abc", 3);
  const OspctlResult result = Run({"get", "media/a/" + name, dir_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFile(dir_ + "/" + name), "abc");
}

TEST_F(TransferCommandsTest, ShortDownloadIsDataLoss) {
  service_.SetObject(Info("k", 10), "short", 5);
  const std::string local = dir_ + "/k";
  const OspctlResult result = Run({"get", "media/k", local});
  EXPECT_EQ(result.exit_code, 15);
  EXPECT_THAT(result.err, HasSubstr("DATA_LOSS: object 'k' has 10 bytes but 5 arrived"));
  EXPECT_THAT(Names(dir_), IsEmpty());
}

TEST_F(TransferCommandsTest, GetUsageErrors) {
  EXPECT_EQ(Run({"get", "media"}).exit_code, 64);
  EXPECT_EQ(Run({"get", "media/dir/"}).exit_code, 64);
  EXPECT_EQ(Run({"get", "media/k", "a", "b"}).exit_code, 64);
}

}  // namespace
}  // namespace osp::client::testing
