// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status / absl::StatusOr, which Abseil 20220623
// does not provide. The one place in the tree that defines them.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define OSP_STATUS_CONCAT_INNER_(a, b) a##b
#define OSP_STATUS_CONCAT_(a, b) OSP_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function if not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::absl::Status osp_status_ = (expr);       \
    if (!osp_status_.ok()) return osp_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if not OK, else moves the value
// into `lhs`, which may be a declaration (`auto x`) or an existing variable.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  OSP_ASSIGN_OR_RETURN_IMPL_(OSP_STATUS_CONCAT_(osp_statusor_, __LINE__), lhs, rexpr)

#define OSP_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)   \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()
