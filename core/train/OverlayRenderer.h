#pragma once
// Detections drawn over their image for people to look at (`zsi infer --overlays DIR`): each mask
// tinted with its class colour, each box outlined in it, and a label "name 0.87" on a filled tab
// above the box (inside it when there is no room). Unseen classes get a dashed box outline.
// Plain C++.

#include <string>
#include <vector>

#include "core/engine/Instances.h"
#include "core/image/Image.h"
#include "core/wordvec/ClassColour.h"

namespace zsi {

// `names` and `colours` are indexed by the detections' labels; a missing colour uses the default
// palette. Detections scoring below `minScore` are left out of the picture (the results file keeps
// them: AP needs the low scores, a person looking at the image does not). The result is RGB (gray
// and RGBA inputs are converted).
Image renderOverlay(const Image& image, const Instances& detections, const std::vector<std::string>& names,
                    const std::vector<ClassColour>& colours, double minScore = 0.0);

}  // namespace zsi
