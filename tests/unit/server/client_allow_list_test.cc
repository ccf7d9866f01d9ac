#include "server/client_allow_list.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;

CallerIdentity TlsCaller(std::string subject) {
  CallerIdentity caller;
  caller.certificate_subject = std::move(subject);
  return caller;
}

TEST(ClientAllowListTest, EmptyListAdmitsEveryone) {
  const ClientAllowList list({});
  EXPECT_THAT(list.Check(TlsCaller("CN=anyone")), IsOk());
  EXPECT_THAT(list.Check(CallerIdentity{}), IsOk());
}

TEST(ClientAllowListTest, AdmitsAListedSubject) {
  const ClientAllowList list({"CN=cloudstack,O=Example", "CN=ospctl"});
  EXPECT_THAT(list.Check(TlsCaller("CN=ospctl")), IsOk());
  EXPECT_THAT(list.Check(TlsCaller("CN=cloudstack,O=Example")), IsOk());
}

TEST(ClientAllowListTest, RefusesAnUnlistedSubjectNamingIt) {
  const ClientAllowList list({"CN=ospctl"});
  EXPECT_THAT(list.Check(TlsCaller("CN=intruder,O=Example")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "client certificate subject 'CN=intruder,O=Example' is not in "
                       "listen.tls.allowed_client_subjects"));
}

TEST(ClientAllowListTest, MatchesExactlyWithoutNormalising) {
  const ClientAllowList list({"CN=ospctl,O=Example"});
  for (const char* near_miss :
       {"CN=ospctl", "CN=Ospctl,O=Example", "CN=ospctl, O=Example", "O=Example,CN=ospctl",
        "CN=ospctl,O=Example,C=DE", "cn=ospctl,o=example", "CN=ospctl,O=Example "}) {
    EXPECT_THAT(list.Check(TlsCaller(near_miss)), StatusIs(absl::StatusCode::kPermissionDenied))
        << near_miss;
  }
}

TEST(ClientAllowListTest, TcpCallerWithoutCertificateIsUnauthenticated) {
  const ClientAllowList list({"CN=ospctl"});
  EXPECT_THAT(list.Check(CallerIdentity{}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "no verified client certificate (listen.tls.allowed_client_subjects is "
                       "set)"));
}

}  // namespace
}  // namespace osp::server
