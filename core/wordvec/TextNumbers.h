#pragma once
// Small text helpers shared by the text vector formats and the ZSI matrix: field splitting and
// float parsing that reports failure instead of throwing or guessing.

#include <cstddef>
#include <string_view>
#include <vector>

namespace zsi {

// Fields separated by runs of spaces or tabs; leading and trailing blanks are ignored.
std::vector<std::string_view> splitFields(std::string_view line);
// The same into a vector the caller reuses (no allocation per line).
void splitFields(std::string_view line, std::vector<std::string_view>* out);

// Parses the whole field as a float (a leading '+' is accepted). False when the field is not
// exactly one number. Non-finite values ("nan", "inf") parse; callers decide whether to accept.
bool parseFloatField(std::string_view field, float* out);

// Parses exactly `dim` blank-separated numbers from `text` (one line, without its newline).
// Returns the number of values found when it is not `dim` or a field is not a number; in that
// case *badField points at the first offending field (or is empty when only the count is wrong).
// Returns dim on success.
std::size_t parseVectorFields(std::string_view text, std::size_t dim, float* out,
                              std::string_view* badField);

}  // namespace zsi
