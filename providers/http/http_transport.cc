#include "providers/http/http_transport.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace osp::providers::http {

std::string HttpResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::string RedactedUrl(absl::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  size_t scheme_end = url.find("://");
  size_t authority_start = scheme_end == absl::string_view::npos ? 0 : scheme_end + 3;
  size_t path_start = url.find('/', authority_start);
  absl::string_view authority = url.substr(authority_start, path_start == absl::string_view::npos
                                                                ? absl::string_view::npos
                                                                : path_start - authority_start);
  size_t at = authority.rfind('@');
  if (at == absl::string_view::npos) return std::string(url);
  return absl::StrCat(url.substr(0, authority_start), authority.substr(at + 1),
                      path_start == absl::string_view::npos ? "" : url.substr(path_start));
}

}  // namespace osp::providers::http
