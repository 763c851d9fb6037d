#pragma once
// Which ground-truth instance each patch belongs to (the `instances` and `semantic` modes of the
// patch head): the instance whose mask (else box) holds the patch centre; the smallest one where
// instances overlap. Engine-internal (torch).

#include <torch/torch.h>

#include "core/engine/contrastive/PatchGrid.h"

namespace zsi {

// H'·W' int64 (row-major over the grid): index of the instance, −1 for none. boxes G × 4
// (x1 y1 x2 y2, input pixels, inclusive as in TrainBatch); masks G × Hm × Wm or undefined.
torch::Tensor assignPatchesToInstances(const PatchGridGeometry& grid, const torch::Tensor& boxes,
                                       const torch::Tensor& masks);

}  // namespace zsi
