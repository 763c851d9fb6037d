#pragma once
// The demo's class set: every composition of DemoCatalog embedded from a vocabulary by the same
// NameEmbedder rules as any class name a user types, with the multi-word policy "mean of words"
// (the head-word rule would make "red circle" the vector of "circle" and lose the colour). With
// the demo vocabulary that gives unit(u_colour + u_shape) scaled to the class-set norm. Seen
// classes first, then unseen; coco_id = the demo category id; background = mean of the classes
// (as the official ZSI files are made).

#include <string>

#include "core/util/Result.h"
#include "core/wordvec/ClassSet.h"

namespace zsi {

class VectorFile;

// The official ZSI norm, so that scores and thresholds behave on the demo as on COCO.
inline constexpr double kDemoClassNorm = 0.76663;

Result<ClassSet> makeDemoClassSet(const VectorFile& vocabulary, double norm = kDemoClassNorm);

}  // namespace zsi
