#pragma once
// How a name of several words becomes one vector when no phrase token matches: the head (last)
// word first, as the official ZSI COCO vectors were made ("sports ball" = "ball"), or the mean of
// the words' unit vectors, which keeps compositions such as "red circle" whole. A class set
// records its rule so that names typed later are embedded the same way.

#include <string_view>

#include "core/util/Result.h"

namespace zsi {

enum class MultiWordRule { HeadWordFirst, MeanOfWords };

const char* multiWordRuleName(MultiWordRule rule);  // "head word first", "mean of words"
// Parses the names above (also "head-word", "mean").
Result<MultiWordRule> parseMultiWordRule(std::string_view name);

}  // namespace zsi
