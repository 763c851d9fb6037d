#include <algorithm>
#include <map>

#include "core/cli/CocoCommands.h"
#include "core/coco/CocoReader.h"
#include "core/coco/JsonText.h"

namespace zsi::cli {

std::string groupThousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

int runCocoInfo(const CocoInfoOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = loadCocoDataset(o.input);
  if (!loaded.ok()) {
    err << "zsi coco info: " << loaded.error().toString() << "\n";
    return 1;
  }
  const CocoDataset& ds = *loaded;
  std::size_t kinds[4] = {0, 0, 0, 0};
  for (const auto& a : ds.annotations()) ++kinds[static_cast<int>(a.segKind)];
  struct PerCategory {
    std::size_t annotations = 0, crowd = 0;
  };
  std::vector<PerCategory> per(ds.categories().size());
  std::size_t uncategorised = 0;
  for (const auto& a : ds.annotations()) {
    auto c = ds.categoryIndex(a.categoryId);
    if (!c) {
      ++uncategorised;
      continue;
    }
    ++per[*c].annotations;
    per[*c].crowd += a.iscrowd != 0;
  }
  const std::size_t crowd = ds.crowdCount();
  if (o.json) {
    std::string j = "{\"file\": ";
    appendJsonString(j, o.input);
    j += ", \"images\": " + std::to_string(ds.images().size()) +
         ", \"annotations\": " + std::to_string(ds.annotations().size()) +
         ", \"categories\": " + std::to_string(ds.categories().size()) +
         ", \"crowd_regions\": " + std::to_string(crowd) +
         ", \"polygon_annotations\": " + std::to_string(kinds[1]) +
         ", \"uncompressed_rle_annotations\": " + std::to_string(kinds[2]) +
         ", \"compressed_rle_annotations\": " + std::to_string(kinds[3]) +
         ", \"without_segmentation\": " + std::to_string(kinds[0]);
    if (o.verbose) {
      j += ", \"per_category\": [";
      for (std::size_t c = 0; c < per.size(); ++c) {
        if (c) j += ", ";
        j += "{\"id\": " + std::to_string(ds.categories()[c].id) + ", \"name\": ";
        appendJsonString(j, ds.categories()[c].name);
        j += ", \"annotations\": " + std::to_string(per[c].annotations) +
             ", \"images\": " + std::to_string(ds.imagesOfCategory(c).size()) +
             ", \"crowd\": " + std::to_string(per[c].crowd) + "}";
      }
      j += "]";
    }
    out << j << "}\n";
    return 0;
  }
  out << o.input << "\n"
      << groupThousands(ds.images().size()) << " images, " << groupThousands(ds.annotations().size())
      << " annotations, " << groupThousands(ds.categories().size()) << " categories, "
      << groupThousands(crowd) << " crowd regions\n"
      << "  segmentations: " << groupThousands(kinds[1]) << " polygons, " << groupThousands(kinds[2])
      << " uncompressed RLE, " << groupThousands(kinds[3]) << " compressed RLE, "
      << groupThousands(kinds[0]) << " none\n";
  for (const auto& m : ds.topMembers()) {
    if (m.key == "info" && m.rawJson.size() < 2000) out << "  info: " << m.rawJson << "\n";
  }
  if (uncategorised) out << "  " << groupThousands(uncategorised) << " annotations have an unknown category_id\n";
  if (o.verbose) {
    out << "\n  id  name                        annotations    images   crowd\n";
    for (std::size_t c = 0; c < per.size(); ++c) {
      char line[160];
      std::snprintf(line, sizeof line, "%4lld  %-26s %12s %9s %7s\n",
                    static_cast<long long>(ds.categories()[c].id), ds.categories()[c].name.c_str(),
                    groupThousands(per[c].annotations).c_str(),
                    groupThousands(ds.imagesOfCategory(c).size()).c_str(),
                    groupThousands(per[c].crowd).c_str());
      out << line;
    }
  }
  return 0;
}

}  // namespace zsi::cli
