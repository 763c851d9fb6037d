// Every case of reference/rle_cases.json (pycocotools 2.0.11 outputs). Each case is a list of
// Python statements on pycocotools.mask; a small evaluator below runs the same statements on our
// functions and compares every result (and every raised error) with the recorded one.

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/coco/Rle.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;
using nlohmann::json;

namespace {

// A value of the evaluator: plain JSON (inputs, numbers, arrays), an RLE, or a list of values.
struct Val {
  enum Kind { Json, RleV, List, Array } kind = Json;
  json j;
  Rle rle;
  std::vector<Val> list;
  // numpy arrays: shape and data as JSON nested lists, plus order and dtype.
  bool fortran = false;
  std::string dtype;
};

// An error our library returned: the only kind that may stand for an error pycocotools raised.
struct StepError {
  std::string what;
};
// The evaluator itself declining a call that C++ types (or our readers) rule out; allowed only in
// the cases typeLevelCase() lists, each of which has its own test of what our API does instead.
struct Refused {
  std::string what;
};

class Evaluator {
 public:
  explicit Evaluator(const json& inputs) {
    for (auto it = inputs.begin(); it != inputs.end(); ++it) {
      Val v;
      v.j = it.value();
      vars_[it.key()] = v;
    }
  }

  // Runs "name = expression"; returns the value or throws StepError.
  Val run(const std::string& code) {
    const auto eq = code.find(" = ");
    const std::string name = code.substr(0, eq);
    src_ = code.substr(eq + 3);
    pos_ = 0;
    Val v = expr();
    skipWs();
    if (pos_ != src_.size()) throw std::runtime_error("evaluator: trailing text in " + code);
    vars_[name] = v;
    return v;
  }

  std::map<std::string, Val> vars_;

 private:
  std::string src_;
  std::size_t pos_ = 0;

  void skipWs() {
    while (pos_ < src_.size() && src_[pos_] == ' ') ++pos_;
  }
  bool eat(const std::string& s) {
    skipWs();
    if (src_.compare(pos_, s.size(), s) == 0) {
      pos_ += s.size();
      return true;
    }
    return false;
  }
  void expect(const std::string& s) {
    if (!eat(s)) throw std::runtime_error("evaluator: expected '" + s + "' at " + src_.substr(pos_));
  }
  std::string ident() {
    skipWs();
    std::size_t b = pos_;
    while (pos_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[pos_])) ||
                                  src_[pos_] == '_' || src_[pos_] == '.'))
      ++pos_;
    return src_.substr(b, pos_ - b);
  }

  Val expr() {
    Val a = primary();
    if (eat("+")) {
      Val b = primary();
      Val r;
      r.kind = Val::List;
      r.list = a.list;
      r.list.insert(r.list.end(), b.list.begin(), b.list.end());
      return r;
    }
    return a;
  }

  Val primary() {
    skipWs();
    if (eat("[")) {
      Val r;
      r.kind = Val::List;
      if (eat("]")) return r;
      const std::size_t save = pos_;
      const std::size_t forAt = src_.find(" for ", pos_);
      if (forAt != std::string::npos) {  // [EXPR for p in NAME]
        pos_ = forAt;
        expect("for");
        const std::string var = ident();
        expect("in");
        const std::string over = ident();
        expect("]");
        const std::size_t after = pos_;
        for (const auto& item : vars_.at(over).j) {
          Val saved = vars_[var];
          vars_[var].kind = Val::Json;
          vars_[var].j = item;
          pos_ = save;
          r.list.push_back(expr());
          vars_[var] = saved;
        }
        pos_ = after;
        return r;
      }
      r.list.push_back(expr());
      while (eat(",")) r.list.push_back(expr());
      expect("]");
      return r;
    }
    if (eat("(")) {  // a tuple (h, w)
      Val r;
      r.kind = Val::List;
      r.list.push_back(expr());
      while (eat(",")) r.list.push_back(expr());
      expect(")");
      return r;
    }
    if (std::isdigit(static_cast<unsigned char>(src_[pos_]))) {
      std::size_t b = pos_;
      while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) ++pos_;
      Val v;
      v.j = std::stoll(src_.substr(b, pos_ - b));
      return v;
    }
    const std::string id = ident();
    if (id == "True" || id == "False") {
      Val v;
      v.j = id == "True";
      return v;
    }
    if (!eat("(")) {
      if (id.rfind("np.", 0) == 0) {  // a dtype such as np.uint8
        Val v;
        v.j = id.substr(3);
        return v;
      }
      return vars_.at(id);
    }
    std::vector<Val> args;
    std::map<std::string, Val> kwargs;
    if (!eat(")")) {
      do {
        skipWs();
        const std::size_t save = pos_;
        const std::string maybeKw = ident();
        if (!maybeKw.empty() && eat("=")) {
          kwargs[maybeKw] = expr();
        } else {
          pos_ = save;
          args.push_back(expr());
        }
      } while (eat(","));
      expect(")");
    }
    return call(id, args, kwargs);
  }

  static std::uint32_t num(const Val& v) { return v.j.get<std::uint32_t>(); }

  static Rle rleOf(const Val& v) {
    if (v.kind == Val::RleV) return v.rle;
    // A compressed RLE given as JSON {size, counts: str}.
    const auto& j = v.j;
    auto r = rleFromString(j.at("counts").get<std::string>(), j.at("size")[0].get<std::uint32_t>(),
                           j.at("size")[1].get<std::uint32_t>());
    if (!r.ok()) throw StepError{r.error().toString()};
    return *r;
  }
  static std::vector<Rle> rlesOf(const Val& v) {
    std::vector<Rle> out;
    if (v.kind == Val::List) {
      for (const auto& x : v.list) out.push_back(rleOf(x));
    } else if (v.kind == Val::Json && v.j.is_array()) {
      for (const auto& x : v.j) {
        Val e;
        e.j = x;
        out.push_back(rleOf(e));
      }
    } else {
      out.push_back(rleOf(v));
    }
    return out;
  }
  static Val rleVal(const Rle& r) {
    Val v;
    v.kind = Val::RleV;
    v.rle = r;
    return v;
  }
  static Val rleList(const std::vector<Rle>& rs) {
    Val v;
    v.kind = Val::List;
    for (const auto& r : rs) v.list.push_back(rleVal(r));
    return v;
  }

  // An uncompressed RLE dict: its own size wins over h, w (pycocotools).
  static Rle fromUncompressed(const json& d) {
    Rle r;
    r.h = d.at("size")[0].get<std::uint32_t>();
    r.w = d.at("size")[1].get<std::uint32_t>();
    for (const auto& c : d.at("counts")) r.counts.push_back(c.get<std::uint32_t>());
    return r;
  }

  Val frPyObjects(const Val& obj, std::uint32_t h, std::uint32_t w) {
    if (obj.kind == Val::Array) {  // an ndarray of boxes
      if (obj.dtype != "float64") {
        // numpy's buffer check rejects an integer array. Our box API takes doubles, so the
        // integer boxes simply convert; the result must equal that of the float64 array.
        throw Refused{"dtype mismatch (numpy); see bbox_ndarray_int_converts"};
      }
      std::vector<Rle> out;
      for (const auto& b : obj.j) {
        out.push_back(rleFromBbox({b[0].get<double>(), b[1].get<double>(), b[2].get<double>(),
                                   b[3].get<double>()},
                                  h, w));
      }
      return rleList(out);
    }
    const json& j = obj.j;
    if (j.is_object()) return rleVal(fromUncompressed(j));
    if (j.is_array() && !j.empty() && j[0].is_object()) {
      std::vector<Rle> out;
      for (const auto& d : j) out.push_back(fromUncompressed(d));
      return rleList(out);
    }
    if (j.is_array() && !j.empty() && !j[0].is_array()) {
      // A flat list of numbers: our readers refuse this shape (tests/core/coco reader tests).
      throw Refused{"a segmentation must be a list of polygons"};
    }
    std::vector<std::vector<double>> parts;
    for (const auto& p : j) parts.push_back(p.get<std::vector<double>>());
    std::vector<const double*> ptrs;
    std::vector<std::size_t> sizes;
    for (const auto& p : parts) {
      ptrs.push_back(p.data());
      sizes.push_back(p.size());
    }
    auto r = rleFromPolygonList(ptrs, sizes, h, w);
    if (!r.ok()) throw StepError{r.error().toString()};
    return rleList(*r);
  }

  // Masks as numpy would lay them out: "mask" JSON is [y][x] (2-D) or [y][x][n] (3-D).
  static std::vector<std::uint8_t> columnMajor(const json& m, std::size_t layer, bool stack,
                                               std::uint32_t& h, std::uint32_t& w) {
    h = static_cast<std::uint32_t>(m.size());
    w = static_cast<std::uint32_t>(m[0].size());
    std::vector<std::uint8_t> out(static_cast<std::size_t>(h) * w);
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x)
        out[static_cast<std::size_t>(x) * h + y] =
            stack ? m[y][x][layer].get<std::uint8_t>() : m[y][x].get<std::uint8_t>();
    return out;
  }

  Val call(const std::string& f, const std::vector<Val>& args,
           const std::map<std::string, Val>& kwargs) {
    if (f == "np.array" || f == "np.asfortranarray" || f == "np.zeros") {
      Val v;
      v.kind = Val::Array;
      if (f == "np.zeros") {
        const auto& shape = args[0].list;
        v.j = json::array();
        for (std::uint32_t y = 0; y < num(shape[0]); ++y)
          v.j.push_back(std::vector<int>(num(shape[1]), 0));
      } else {
        v.j = args[0].j;
      }
      v.fortran = f == "np.asfortranarray" || (f == "np.zeros" && false) || args[0].fortran;
      v.dtype = args[0].kind == Val::Array ? args[0].dtype : "";
      if (kwargs.count("dtype")) v.dtype = kwargs.at("dtype").j.get<std::string>();
      if (f == "np.zeros") v.fortran = false;
      return v;
    }
    if (f == "np.uint8" || f == "np.float64" || f == "np.int64") throw std::logic_error("unused");
    if (f == "maskUtils.frPyObjects") return frPyObjects(args[0], num(args[1]), num(args[2]));
    if (f == "maskUtils.merge") {
      const bool intersect = kwargs.count("intersect") && kwargs.at("intersect").j.get<bool>();
      return rleVal(rleMerge(rlesOf(args[0]), intersect));
    }
    if (f == "maskUtils.encode") {
      const Val& a = args[0];
      if (!a.fortran) {
        // pycocotools refuses a C-ordered array; our row-major entry point takes it. The result
        // must be what the Fortran-ordered copy gives (checked in encode_c_order_row_major).
        throw Refused{"ndarray is not Fortran contiguous (numpy)"};
      }
      const bool stack = a.j[0][0].is_array();
      const std::size_t layers = stack ? a.j[0][0].size() : 1;
      std::vector<Rle> out;
      for (std::size_t k = 0; k < layers; ++k) {
        std::uint32_t h, w;
        auto m = columnMajor(a.j, k, stack, h, w);
        out.push_back(rleEncodeBytes(m.data(), h, w));
      }
      return stack ? rleList(out) : rleVal(out[0]);
    }
    if (f == "maskUtils.area") {
      Val v;
      if (args[0].kind == Val::List || (args[0].kind == Val::Json && args[0].j.is_array())) {
        v.j = json::array();
        for (const auto& r : rlesOf(args[0])) v.j.push_back(rleArea(r));
      } else {
        v.j = rleArea(rleOf(args[0]));
      }
      return v;
    }
    if (f == "maskUtils.toBbox") {
      Val v;
      auto box = [](const Rle& r) {
        auto b = rleToBbox(r);
        return json::array({b[0], b[1], b[2], b[3]});
      };
      if (args[0].kind == Val::List || (args[0].kind == Val::Json && args[0].j.is_array())) {
        v.j = json::array();
        for (const auto& r : rlesOf(args[0])) v.j.push_back(box(r));
      } else {
        v.j = box(rleOf(args[0]));
      }
      return v;
    }
    if (f == "maskUtils.decode") {
      const bool many = args[0].kind == Val::List || (args[0].kind == Val::Json && args[0].j.is_array());
      Val v;
      json fg = json::array();
      std::uint32_t h = 0, w = 0;
      for (const auto& r : rlesOf(args[0])) {
        auto m = rleDecode(r);
        if (!m.ok()) throw StepError{m.error().toString()};
        h = r.h;
        w = r.w;
        json idx = json::array();
        for (std::size_t i = 0; i < m->size(); ++i)
          if ((*m)[i]) idx.push_back(i);
        fg.push_back(idx);
      }
      v.j = json::object();
      if (many) {
        v.j["shape"] = {h, w, fg.size()};
        v.j["fg_colmajor"] = fg;
      } else {
        v.j["shape"] = {h, w};
        v.j["fg_colmajor"] = fg[0];
      }
      return v;
    }
    if (f == "maskUtils.iou") {
      std::vector<std::uint8_t> crowd;
      for (const auto& c : args[2].list) crowd.push_back(static_cast<std::uint8_t>(num(c)));
      const Val& a = args[0];
      const Val& b = args[1];
      auto isBoxes = [](const Val& v) {
        return v.kind == Val::Json && v.j.is_array() && !v.j.empty() && v.j[0].is_array();
      };
      auto count = [](const Val& v) {
        return v.kind == Val::List ? v.list.size() : v.j.size();
      };
      if (count(a) == 0 || count(b) == 0) {
        Val v;
        v.j = json::array();
        return v;
      }
      if (crowd.size() != count(b)) {
        // pycocotools asserts; our functions read iscrowd per gt and treat missing flags as 0.
        throw Refused{"iou(iscrowd=) must have the same length as gt"};
      }
      std::vector<double> out(count(a) * count(b));
      if (isBoxes(a) && isBoxes(b)) {
        std::vector<std::array<double, 4>> d, g;
        for (const auto& x : a.j) d.push_back(x.get<std::array<double, 4>>());
        for (const auto& x : b.j) g.push_back(x.get<std::array<double, 4>>());
        bboxIou(d, g, crowd, out.data());
      } else if (isBoxes(a) != isBoxes(b)) {
        throw Refused{"dt and gt of different types (a C++ type error for us)"};
      } else {
        for (const auto* v : {&a, &b}) {
          if (v->kind == Val::List)
            for (const auto& e : v->list)
              if (e.kind == Val::Json && e.j.at("counts").is_array())
                throw Refused{"uncompressed RLE given to iou (a C++ type error for us)"};
        }
        rleIou(rlesOf(a), rlesOf(b), crowd, out.data());
      }
      Val v;
      v.j = json::array();
      for (std::size_t d = 0; d < count(a); ++d) {
        json row = json::array();
        for (std::size_t g = 0; g < count(b); ++g) row.push_back(out[d * count(b) + g]);
        v.j.push_back(row);
      }
      return v;
    }
    throw std::runtime_error("evaluator: unknown function " + f);
  }
};

bool sameRle(const Rle& r, const json& expected, std::string& why) {
  const std::string counts = rleToString(r);
  if (expected.at("size")[0].get<std::uint32_t>() != r.h ||
      expected.at("size")[1].get<std::uint32_t>() != r.w) {
    why = "size differs";
    return false;
  }
  if (counts != expected.at("counts").get<std::string>()) {
    why = "counts '" + counts + "' != '" + expected.at("counts").get<std::string>() + "'";
    return false;
  }
  if (r.counts != expected.at("runs_derived").get<std::vector<std::uint32_t>>()) {
    why = "runs differ";
    return false;
  }
  // The string must parse back to the same runs.
  auto back = rleFromString(counts, r.h, r.w);
  if (!back.ok() || back->counts != r.counts) {
    why = "string does not parse back";
    return false;
  }
  return true;
}

bool sameValue(const Val& got, const json& expected, std::string& why) {
  if (got.kind == Val::RleV) return sameRle(got.rle, expected, why);
  if (got.kind == Val::List) {
    if (!expected.is_array() || expected.size() != got.list.size()) {
      why = "list length differs";
      return false;
    }
    for (std::size_t i = 0; i < got.list.size(); ++i)
      if (!sameValue(got.list[i], expected[i], why)) return false;
    return true;
  }
  if (got.j != expected) {
    why = got.j.dump() + " != " + expected.dump();
    return false;
  }
  return true;
}

json loadCases() {
  std::ifstream in(test::sharedData("coco-sample/reference/rle_cases.json"));
  ZSI_REQUIRE(in);  // the shared folder is here (sharedData), so a missing file is a failure
  return json::parse(in);
}

// Cases whose error pycocotools raises for a reason C++ types rule out (or, for the flat lists, our
// COCO readers refuse before any RLE function runs: test_coco_bad_input). The evaluator refuses
// these itself; each is checked by its own test below (or there). Every other expected error must
// come from the library.
bool typeLevelCase(const std::string& id) {
  return id == "bbox_ndarray_int" || id == "encode_c_order" || id == "iou_mixed_types" ||
         id == "iou_uncompressed_input" || id == "iou_iscrowd_length_mismatch" ||
         id == "poly_flat_list" || id == "bbox_flat_list";
}

}  // namespace

ZSI_TEST(rle_reference_cases_all_pass) {
  const json doc = loadCases();
  int cases = 0, steps = 0, errors = 0, refusals = 0;
  for (const auto& c : doc.at("cases")) {
    const std::string id = c.at("id").get<std::string>();
    Evaluator ev(c.at("inputs"));
    ++cases;
    for (const auto& step : c.at("steps")) {
      const std::string code = step.at("code").get<std::string>();
      ++steps;
      bool failed = false, refused = false;
      std::string message;
      Val got;
      try {
        got = ev.run(code);
      } catch (const StepError& e) {
        failed = true;
        message = e.what;
      } catch (const Refused& e) {
        refused = true;
        message = e.what;
      } catch (const std::exception& e) {
        test::reportFailure(__FILE__, __LINE__, id + ": `" + code + "`: evaluator: " + e.what());
        break;
      }
      if (step.contains("error")) {
        ++errors;
        if (typeLevelCase(id)) {
          ++refusals;
          if (!refused)
            test::reportFailure(__FILE__, __LINE__,
                                id + ": `" + code + "` is a type-level case: " +
                                    (failed ? "the library failed: " + message : "it ran"));
        } else if (!failed) {
          test::reportFailure(__FILE__, __LINE__,
                              id + ": `" + code + "` should fail in the library (" +
                                  step.at("error").dump() + ")" +
                                  (refused ? "; only the evaluator refused: " + message : ""));
        }
        break;  // a case stops at its first error
      }
      if (failed || refused) {
        test::reportFailure(__FILE__, __LINE__, id + ": `" + code + "` failed: " + message);
        break;
      }
      std::string why;
      if (!sameValue(got, step.at("result"), why)) {
        test::reportFailure(__FILE__, __LINE__, id + ": `" + code + "`: " + why);
      }
    }
  }
  ZSI_CHECK_EQ(cases, 85);
  ZSI_CHECK_EQ(errors, 13);
  ZSI_CHECK_EQ(refusals, 7);  // every typeLevelCase() is an error case of the file
  test::note(std::to_string(cases) + " cases, " + std::to_string(steps) + " steps, " +
             std::to_string(errors) + " expected errors");
}

// The error cases pycocotools raises on types: what our typed API does instead.
ZSI_TEST(bbox_ndarray_int_converts) {
  // numpy refuses int64 boxes; our API takes doubles, and integer boxes give the float64 result.
  auto a = rleFromBbox({1, 1, 3, 3}, 10, 10);
  ZSI_CHECK_EQ(rleToString(a), std::string(";37000k1"));  // first box of bbox_ndarray
}

ZSI_TEST(encode_c_order_row_major) {
  // pycocotools refuses a C-ordered array; rleEncodeRowMajor takes one and equals encoding the
  // Fortran-ordered copy. Mask of case encode_c_order: [[0,1],[1,0],[1,1]] (3 rows, 2 columns).
  const std::uint8_t rowMajor[] = {0, 1, 1, 0, 1, 1};
  const std::uint8_t colMajor[] = {0, 1, 1, 1, 0, 1};
  ZSI_CHECK(rleEncodeRowMajor(rowMajor, 3, 2) == rleEncode(colMajor, 3, 2));
  auto back = rleDecodeRowMajor(rleEncodeRowMajor(rowMajor, 3, 2));
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK(*back == std::vector<std::uint8_t>(rowMajor, rowMajor + 6));
}

ZSI_TEST(rle_encode_binarises_but_encode_bytes_does_not) {
  // Case encode_values_gt1: values 0/2/255. pycocotools (= rleEncodeBytes) splits runs at 2 -> 255.
  const std::uint8_t colMajor[] = {0, 255, 2, 255, 2, 0};
  ZSI_CHECK_EQ(rleToString(rleEncodeBytes(colMajor, 2, 3)), std::string("111000"));
  ZSI_CHECK((rleEncode(colMajor, 2, 3).counts == std::vector<std::uint32_t>{1, 4, 1}));
}

// The three IoU cases pycocotools rejects on types, as our typed API meets them.
ZSI_TEST(iou_iscrowd_length_mismatch_reads_flags_per_gt) {
  // pycocotools asserts len(iscrowd) == len(gt). Ours reads gtIsCrowd[g] for each gt: extra flags
  // are ignored and missing ones mean "not crowd" (the crowd rule would give 4/4 = 1 here).
  const std::vector<std::array<double, 4>> d{{0, 0, 2, 2}}, g{{0, 0, 4, 4}};
  double out = -2;
  bboxIou(d, g, {0, 0}, &out);  // case iou_iscrowd_length_mismatch: one flag too many
  ZSI_CHECK_EQ(out, 0.25);
  bboxIou(d, g, {}, &out);
  ZSI_CHECK_EQ(out, 0.25);
  bboxIou(d, g, {1}, &out);
  ZSI_CHECK_EQ(out, 1.0);
  const std::vector<Rle> dr{rleFromBbox({0, 0, 2, 2}, 8, 8)}, gr{rleFromBbox({0, 0, 4, 4}, 8, 8)};
  rleIou(dr, gr, {0, 0}, &out);
  ZSI_CHECK_EQ(out, 0.25);
  rleIou(dr, gr, {}, &out);
  ZSI_CHECK_EQ(out, 0.25);
  rleIou(dr, gr, {1}, &out);
  ZSI_CHECK_EQ(out, 1.0);
}

ZSI_TEST(iou_mixed_types_do_not_compile) {
  // pycocotools raises on boxes against RLEs; our two functions each take one type.
  using Boxes = std::vector<std::array<double, 4>>;
  using Flags = std::vector<std::uint8_t>;
  static_assert(!std::is_invocable_v<decltype(&rleIou), const Boxes&, const std::vector<Rle>&,
                                     const Flags&, double*>);
  static_assert(!std::is_invocable_v<decltype(&bboxIou), const Boxes&, const std::vector<Rle>&,
                                     const Flags&, double*>);
  // The conversion is explicit: case iou_mixed_types' box [0, 0, 2, 2] against its polygon, the
  // 2 x 2 square at the origin of a 4 x 4 image (runs 0 2 2 2 10).
  Rle g;
  g.h = 4;
  g.w = 4;
  g.counts = {0, 2, 2, 2, 10};
  double out = -2;
  rleIou({rleFromBbox({0, 0, 2, 2}, 4, 4)}, {g}, {0}, &out);
  ZSI_CHECK_EQ(out, 1.0);
}

ZSI_TEST(iou_takes_uncompressed_runs) {
  // pycocotools' iou wants compressed strings; an Rle holds runs, so case iou_uncompressed_input's
  // {size [3, 3], counts [2, 3, 4]} needs no conversion: IoU 1 with itself, 0 with its complement.
  Rle u;
  u.h = 3;
  u.w = 3;
  u.counts = {2, 3, 4};
  Rle rest;
  rest.h = 3;
  rest.w = 3;
  rest.counts = {0, 2, 3, 4};
  double out[2] = {-2, -2};
  rleIou({u}, {u, rest}, {0, 0}, out);
  ZSI_CHECK_EQ(out[0], 1.0);
  ZSI_CHECK_EQ(out[1], 0.0);
}
