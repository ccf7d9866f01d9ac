#include "client/commands/user_commands.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/duration_parser.h"
#include "client/proto_format.h"
#include "client/table.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;
using Stub = v1::ObjectStoreProvider::StubInterface;

constexpr char kSection[] = "Users and keys";

FlagSpec AccountFlag() {
  return {"account", Kind::kValue, "ACCOUNT", "account id the object user belongs to", true};
}

void AddCredentialRows(const v1::Credentials& credentials, Table& table) {
  table.AddRow({"access key", credentials.access_key_id()});
  table.AddRow({"secret key", credentials.secret_access_key()});
  table.AddRow({"expires", FormatTimestamp(credentials.expires_at())});
}

absl::Status RunEnsureUser(const ParsedArgs& args, CommandContext& ctx) {
  v1::EnsureUserRequest request;
  request.set_backend(ctx.backend());
  request.set_account_id(args.Value("account"));
  request.set_display_name(args.Value("display-name"));
  v1::EnsureUserResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::EnsureUser, request, &response));
  return ctx.printer().Print(response, [&] {
    Table table;
    table.AddRow({"user", response.user_name()});
    table.AddRow({"created", YesNo(response.created())});
    AddCredentialRows(response.credentials(), table);
    return table;
  });
}

absl::Status RunDeleteUser(const ParsedArgs& args, CommandContext& ctx) {
  v1::DeleteUserRequest request;
  request.set_backend(ctx.backend());
  request.set_account_id(args.Value("account"));
  v1::DeleteUserResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::DeleteUser, request, &response));
  if (ctx.printer().json()) return ctx.printer().PrintJson(response);
  ctx.printer().PrintLine(absl::StrCat("deleted user of account ", request.account_id()));
  return absl::OkStatus();
}

absl::Status RunCreateKey(const ParsedArgs& args, CommandContext& ctx) {
  v1::CreateAccessKeyRequest request;
  request.set_backend(ctx.backend());
  request.set_account_id(args.Value("account"));
  if (args.Has("old-key-expiry")) {
    ASSIGN_OR_RETURN(const absl::Duration expiry, ParseDuration(args.Value("old-key-expiry")));
    request.mutable_old_key_expiry()->set_seconds(absl::ToInt64Seconds(expiry));
  }
  v1::CreateAccessKeyResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::CreateAccessKey, request, &response));
  return ctx.printer().Print(response, [&] {
    Table table;
    AddCredentialRows(response.credentials(), table);
    return table;
  });
}

absl::Status RunDeleteKey(const ParsedArgs& args, CommandContext& ctx) {
  v1::DeleteAccessKeyRequest request;
  request.set_backend(ctx.backend());
  request.set_account_id(args.Value("account"));
  request.set_access_key_id(args.Value("access-key"));
  v1::DeleteAccessKeyResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::DeleteAccessKey, request, &response));
  if (ctx.printer().json()) return ctx.printer().PrintJson(response);
  ctx.printer().PrintLine(absl::StrCat("deleted access key ", request.access_key_id()));
  return absl::OkStatus();
}

CommandSpec Spec(std::string group, std::string verb, std::string summary,
                 std::vector<FlagSpec> flags, CommandSpec::Handler run) {
  CommandSpec spec;
  spec.path = {std::move(group), std::move(verb)};
  spec.section = kSection;
  spec.summary = std::move(summary);
  spec.flags = std::move(flags);
  spec.run = std::move(run);
  return spec;
}

}  // namespace

absl::Status RegisterUserCommands(CommandRegistry& registry) {
  CommandSpec ensure =
      Spec("user", "ensure", "create the account's object user if missing; print its access key",
           {AccountFlag(),
            {"display-name", Kind::kValue, "NAME", "human-readable name stored with the user"}},
           RunEnsureUser);
  ensure.details =
      "Idempotent: every call prints the same access key and secret key (the secret is shown\n"
      "because that is what this command is for; keep the output safe).";
  RETURN_IF_ERROR(registry.Add(std::move(ensure)));
  RETURN_IF_ERROR(
      registry.Add(Spec("user", "delete", "remove the account's user and its keys (missing is OK)",
                        {AccountFlag()}, RunDeleteUser)));
  CommandSpec create =
      Spec("key", "create", "add an access key to the account's user (rotation); print it",
           {AccountFlag(),
            {"old-key-expiry", Kind::kValue, "DURATION",
             "on backends with two key slots (ECS), expire the older key after this, e.g. 24h"}},
           RunCreateKey);
  create.details = "Prints the new secret key; it cannot be read back later on every backend.";
  RETURN_IF_ERROR(registry.Add(std::move(create)));
  return registry.Add(
      Spec("key", "delete", "remove one access key of the user (missing is OK)",
           {AccountFlag(), {"access-key", Kind::kValue, "KEY_ID", "access key id to remove", true}},
           RunDeleteKey));
}

}  // namespace osp::client::commands
