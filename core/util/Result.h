#pragma once
// Result<T>: a value or an Error. Status = Result<void>. Deliberately small: no monadic chains,
// just ok(), value(), error() and a macro to return early.

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/util/Error.h"

namespace zsi {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}       // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error& error() { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}  // NOLINT
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *e_; }
  Error& error() { assert(!ok()); return *e_; }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;

inline Status okStatus() { return Status(); }

}  // namespace zsi

// Propagate an error from an expression returning Result/Status.
#define ZSI_TRY(expr)                                   \
  do {                                                  \
    auto zsi_try_result_ = (expr);                      \
    if (!zsi_try_result_.ok()) return zsi_try_result_.error(); \
  } while (0)
