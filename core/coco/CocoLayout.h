#pragma once
// The member order of records as they were read, so that writing a file back keeps it: records of
// one file nearly always share one order, so each distinct order is stored once and a record keeps
// a 16-bit index to it. Order 0 of each table is the one used for records made in code.

#include <cstdint>
#include <vector>

#include "core/coco/CocoDataset.h"

namespace zsi {

enum class CocoMember : std::uint8_t {
  Extra,  // the next unknown member of the record
  Id,
  ImageId,
  CategoryId,
  Bbox,
  Area,
  Iscrowd,
  Segmentation,
  FileName,
  Width,
  Height,
  Name,
  Supercategory,
  Images,       // top level only
  Annotations,  // top level only
  Categories,   // top level only
};

using CocoMemberOrder = std::vector<CocoMember>;

struct CocoDataset::Layouts {
  std::vector<CocoMemberOrder> image{{CocoMember::Id, CocoMember::FileName, CocoMember::Width,
                                      CocoMember::Height}};
  std::vector<CocoMemberOrder> annotation{{CocoMember::Id, CocoMember::ImageId,
                                           CocoMember::CategoryId, CocoMember::Segmentation,
                                           CocoMember::Area, CocoMember::Bbox,
                                           CocoMember::Iscrowd}};
  std::vector<CocoMemberOrder> category{{CocoMember::Id, CocoMember::Name,
                                         CocoMember::Supercategory}};
  // Top level: Extra stands for the next entry of CocoDataset::topMembers(). Empty = the top
  // members first, then images, annotations, categories.
  CocoMemberOrder top;

  // The index of `order` in `table`, added when new. Fails (returns false) past 65535 orders.
  static bool intern(std::vector<CocoMemberOrder>& table, const CocoMemberOrder& order,
                     std::uint16_t& index);
};

}  // namespace zsi
