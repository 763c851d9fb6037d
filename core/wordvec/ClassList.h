#pragma once
// The class list that names the columns of a ZSI class matrix. Three layouts are read:
//
//   ZSI CSV with a header  "vec_col,name,coco_id,split[,unseen_col]"  (shared/data/zsi/classes_*.csv):
//                          vec_col is the absolute matrix column; split is background/seen/unseen
//   PL-ZSD "name,index"    no header; index = position among the class columns
//   plain                  one name per line, in column order
//
// Without absolute columns a matrix with one column more than the list has the background in
// column 0 (the ZSI "withbg" files); one with as many columns has no background column.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Result.h"

namespace zsi {

struct ClassListEntry {
  std::string name;
  long column = -1;          // absolute matrix column (ZSI CSV), or -1
  long index = -1;           // position among the classes (PL-ZSD), or -1
  std::int64_t cocoId = 0;   // 0 when the list does not say
  bool unseen = false;
  bool background = false;
  std::int64_t line = 0;     // where it was read, for errors
};

// Where each class of a list lies in a matrix. Points into the ClassList, which must outlive it.
struct ClassColumns {
  std::vector<const ClassListEntry*> classes;  // in column order, background excluded
  std::vector<std::size_t> columns;            // matrix column of each class
  long backgroundColumn = -1;                  // -1: the matrix has none
};

struct ClassList {
  std::string path;
  std::vector<ClassListEntry> entries;  // file order
  bool hasSplitColumn = false;          // the list says which classes are unseen

  static Result<ClassList> read(const std::string& path);
  static Result<ClassList> parse(std::string_view text, const std::string& path);

  // Matches the list to a matrix of `matrixColumns` columns; `matrixPath` names it in errors.
  Result<ClassColumns> resolve(std::size_t matrixColumns, const std::string& matrixPath) const;
};

}  // namespace zsi
