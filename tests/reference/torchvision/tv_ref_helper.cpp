// Our side of the torchvision reference tests: runs the engine's operators on inputs a Python
// driver wrote and writes the results back, both as safetensors (our own reader and writer).
//
//   tv_ref_helper IN.safetensors OUT.safetensors
//
// IN's metadata names the operator ("op") and, per case, its parameters ("<case>/<param>"); its
// tensors are "<case>/<field>". OUT holds "<case>/<result>". Operators and fields:
//   roi_align   features, rois[, grad]; out_h out_w scale sampling aligned → out[, grad_features]
//   nms         boxes, scores[, groups]; kind (plain|batched|cross) iou offset max_keep → keep
//   box_coder   proposals, targets (encode) or boxes, deltas (decode); kind means stds offset
//               max_h max_w → out
//   resnet_fpn  image; weights (a torchvision state dict), config → level0..levelN
// Any error is printed and exits 1: the driver fails the test (a reference test never skips).

#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <torch/torch.h>

#include "core/engine/BoxCoder.h"
#include "core/engine/BuiltinEngineData.h"
#include "core/engine/Checkpoint.h"
#include "core/engine/Nms.h"
#include "core/engine/RoiAlign.h"
#include "core/engine/Safetensors.h"
#include "core/engine/WeightImport.h"
#include "core/engine/ZsiModel.h"
#include "core/engine/ZsiModelImpl.h"

using namespace zsi;

namespace {

struct Input {
  std::map<std::string, std::string> meta;
  std::map<std::string, torch::Tensor> tensors;
  std::set<std::string> cases;  // case names, from the tensor names

  const std::string& param(const std::string& c, const std::string& key) const {
    auto it = meta.find(c + "/" + key);
    if (it == meta.end()) throw std::runtime_error("case " + c + ": no parameter '" + key + "'");
    return it->second;
  }
  double number(const std::string& c, const std::string& key) const { return std::stod(param(c, key)); }
  bool has(const std::string& c, const std::string& field) const { return tensors.count(c + "/" + field) > 0; }
  const torch::Tensor& tensor(const std::string& c, const std::string& field) const {
    auto it = tensors.find(c + "/" + field);
    if (it == tensors.end()) throw std::runtime_error("case " + c + ": no tensor '" + field + "'");
    return it->second;
  }
};

std::array<double, 4> four(const std::string& text) {
  std::array<double, 4> v{};
  std::istringstream in(text);
  for (auto& x : v)
    if (!(in >> x)) throw std::runtime_error("expected four numbers, got '" + text + "'");
  return v;
}

void roiAlignCase(const Input& in, const std::string& c, NamedTensors& out) {
  RoiAlignOptions o;
  o.outHeight = static_cast<int>(in.number(c, "out_h"));
  o.outWidth = static_cast<int>(in.number(c, "out_w"));
  o.spatialScale = in.number(c, "scale");
  o.samplingRatio = static_cast<int>(in.number(c, "sampling"));
  o.aligned = in.param(c, "aligned") == "1";
  auto features = in.tensor(c, "features").clone().requires_grad_(in.has(c, "grad"));
  auto result = roiAlign(features, in.tensor(c, "rois"), o);
  out.emplace_back(c + "/out", result.detach().contiguous());
  if (in.has(c, "grad")) {
    // Without RoIs our result is a fresh zero tensor outside the graph (torchvision's is in it):
    // the gradient is zero either way, which is what the driver compares.
    if (result.requires_grad()) result.backward(in.tensor(c, "grad"));
    auto grad = features.grad().defined() ? features.grad() : torch::zeros_like(features);
    out.emplace_back(c + "/grad_features", grad.contiguous());
  }
}

void nmsCase(const Input& in, const std::string& c, NamedTensors& out) {
  const auto& kind = in.param(c, "kind");
  const auto& boxes = in.tensor(c, "boxes");
  const auto& scores = in.tensor(c, "scores");
  const double iou = in.number(c, "iou");
  const int offset = static_cast<int>(in.number(c, "offset"));
  torch::Tensor keep;
  if (kind == "plain") keep = nms(boxes, scores, iou, offset);
  else if (kind == "batched") keep = batchedNms(boxes, scores, in.tensor(c, "groups"), iou, offset);
  else if (kind == "cross")
    keep = crossGroupNms(boxes, scores, in.tensor(c, "groups"), iou, offset,
                         static_cast<int64_t>(in.number(c, "max_keep")));
  else throw std::runtime_error("case " + c + ": unknown nms kind '" + kind + "'");
  out.emplace_back(c + "/keep", keep.contiguous());
}

void boxCoderCase(const Input& in, const std::string& c, NamedTensors& out) {
  BoxCoder coder;
  coder.means = four(in.param(c, "means"));
  coder.stds = four(in.param(c, "stds"));
  coder.offset = static_cast<int>(in.number(c, "offset"));
  const auto& kind = in.param(c, "kind");
  torch::Tensor result;
  if (kind == "encode") result = coder.encode(in.tensor(c, "proposals"), in.tensor(c, "targets"));
  else if (kind == "decode")
    result = coder.decode(in.tensor(c, "boxes"), in.tensor(c, "deltas"), in.number(c, "max_h"), in.number(c, "max_w"));
  else throw std::runtime_error("case " + c + ": unknown box coder kind '" + kind + "'");
  out.emplace_back(c + "/out", result.contiguous());
}

// Our backbone and FPN with torchvision's weights, imported by the key map a user would name.
void resnetFpnCase(const Input& in, const std::string& c, NamedTensors& out) {
  auto config = findModelConfig(in.param(c, "config"));
  if (!config.ok()) throw std::runtime_error(config.error().message);
  auto cfg = config.value();
  // The heads are not compared: two seen classes keep them small.
  cfg.classes.numSeen = 2;
  ClassVectors classes;
  classes.dim = cfg.classes.semanticDims;
  for (int i = 0; i < 2; ++i) {
    std::vector<float> v(static_cast<std::size_t>(classes.dim), 0.1f * static_cast<float>(i + 1));
    auto added = classes.add("class" + std::to_string(i), v, false);
    if (!added.ok()) throw std::runtime_error(added.error().message);
  }
  classes.background.assign(static_cast<std::size_t>(classes.dim), 0.0f);
  auto created = ZsiModel::create(cfg, classes);
  if (!created.ok()) throw std::runtime_error(created.error().message);
  ZsiModel model = created.value();
  auto report = importWeights(model, in.param(c, "weights"), std::string("torchvision_resnet_fpn"));
  if (!report.ok()) throw std::runtime_error(report.error().message);
  // The count only: the report's list of BN step counters left alone runs to 53 lines.
  std::printf("import: %zu tensors imported, %zu ignored, %zu left alone\n", report->imported, report->ignored.size(),
              report->leftAlone.size());
  auto& net = model.impl()->net;
  net->eval();
  torch::NoGradGuard noGrad;
  auto levels = net->neck->forward(net->backbone->forward(in.tensor(c, "image")));
  for (std::size_t i = 0; i < levels.size(); ++i) out.emplace_back(c + "/level" + std::to_string(i), levels[i].contiguous());
}

Input readInput(const std::string& path) {
  auto file = readSafetensors(path);
  if (!file.ok()) throw std::runtime_error(file.error().message);
  Input in;
  in.meta = file->metadata;
  for (const auto& e : file->entries) {
    in.tensors[e.name] = entryTensor(file.value(), e);
    in.cases.insert(e.name.substr(0, e.name.find('/')));
  }
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s IN.safetensors OUT.safetensors\n", argv[0]);
    return 2;
  }
  try {
    const Input in = readInput(argv[1]);
    auto op = in.meta.find("op");
    if (op == in.meta.end()) throw std::runtime_error("no 'op' in the input's metadata");
    NamedTensors out;
    for (const auto& c : in.cases) {
      if (op->second == "roi_align") roiAlignCase(in, c, out);
      else if (op->second == "nms") nmsCase(in, c, out);
      else if (op->second == "box_coder") boxCoderCase(in, c, out);
      else if (op->second == "resnet_fpn") resnetFpnCase(in, c, out);
      else throw std::runtime_error("unknown op '" + op->second + "'");
    }
    auto written = writeTensors(argv[2], out, {{"op", op->second}});
    if (!written.ok()) throw std::runtime_error(written.error().message);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tv_ref_helper: %s\n", e.what());
    return 1;
  }
  return 0;
}
