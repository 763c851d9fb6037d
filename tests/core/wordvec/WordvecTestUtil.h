#pragma once
// Shared helpers of the word-vector tests: the shared GoogleNews subset, the official ZSI
// matrices read independently of the code under test where it matters, small files to break.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/wordvec/VectorFile.h"
#include "tests/harness/ZsiTest.h"

namespace zsi::test {

inline std::string top1000() { return sharedData("wordvec/googlenews_w2v_top1000_unit.txt"); }
inline std::string officialMatrix(const std::string& split) {
  return sharedData("zsi/word_w2v_withbg_" + split + ".txt");
}
inline std::string officialClasses(const std::string& split) {
  return sharedData("zsi/classes_" + split + ".csv");
}

// Options that never write a cache (the shared folder must stay untouched).
inline VectorFileOptions noCache() {
  VectorFileOptions o;
  o.useCache = false;
  return o;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// The official matrix parsed here with plain stdio, one column per class, so the comparison does
// not rest on the parser under test.
inline std::vector<std::vector<float>> officialColumns(const std::string& split) {
  std::vector<std::vector<float>> cols;
  std::ifstream in(officialMatrix(split));
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::size_t c = 0;
    while (std::getline(ss, cell, ',')) {
      if (cols.size() <= c) cols.emplace_back();
      cols[c++].push_back(std::strtof(cell.c_str(), nullptr));
    }
  }
  return cols;
}

// name -> vec_col from classes_<split>.csv, read with plain stdio too.
struct OfficialClass {
  int column;
  std::string name;
  long cocoId;
  std::string split;
};
inline std::vector<OfficialClass> officialClassList(const std::string& split) {
  std::vector<OfficialClass> out;
  std::ifstream in(officialClasses(split));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string col, name, id, sp;
    std::getline(ss, col, ',');
    std::getline(ss, name, ',');
    std::getline(ss, id, ',');
    std::getline(ss, sp, ',');
    out.push_back({std::stoi(col), name, std::stol(id), sp});
  }
  return out;
}

inline int officialColumnOf(const std::string& split, const std::string& name) {
  for (const auto& c : officialClassList(split))
    if (c.name == name) return c.column;
  return -1;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace zsi::test
