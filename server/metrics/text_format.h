// Pieces of the Prometheus text exposition format (version 0.0.4): value formatting, escaping of
// label values and HELP text, and the name rules. Used by the metric classes and MetricRegistry
// to render /metrics. Stateless functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace osp::server::metrics {

// The Content-Type of a rendered exposition.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// `value` as Prometheus reads it: the shortest text that parses back to the same double
// ("3", "0.25", "1.5e+20"), "+Inf", "-Inf" or "NaN".
std::string FormatValue(double value);

// A label value between double quotes: backslash, double quote and line feed escaped.
std::string EscapeLabelValue(absl::string_view value);

// HELP text: backslash and line feed escaped.
std::string EscapeHelp(absl::string_view help);

// `name1="value1",name2="value2"` (no braces; empty for no labels). `values` pairs with `names`
// by position; both have the same size.
std::string FormatLabels(const std::vector<std::string>& names,
                         const std::vector<std::string>& values);

// Appends one sample line: `name{labels} value` (`name value` when `labels` is empty).
void AppendSampleLine(absl::string_view name, absl::string_view labels, double value,
                      std::string* out);

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(absl::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved by Prometheus).
bool IsValidLabelName(absl::string_view name);

}  // namespace osp::server::metrics
