#pragma once
// `zsi classset ...`: make, inspect and convert class sets (core/wordvec/ClassSet.h).
//
//   import  an official ZSI matrix + class list -> class-set JSON
//   pack    an official ZSI matrix + class list -> the compact built-in form (models/coco)
//   create  class names embedded from a vector file -> class-set JSON
//   show    print a class set (a JSON file or a built-in id); --output saves it as JSON

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace zsi::cli {

struct ClassSetImportOptions {
  std::string matrix;                  // --matrix word_w2v_withbg_48_17.txt
  std::string classList;               // --class-list classes_48_17.csv
  std::string output;                  // --output OUT.json
  std::string name;                    // --name
  std::optional<double> norm;          // --norm; default: mean norm of the class columns
  std::optional<std::size_t> seenCount;  // --seen-count N: the first N classes seen, the rest unseen
};

struct ClassSetPackOptions {
  std::string matrix;
  std::string classList;
  std::string split;   // --split 48_17 | 65_15
  std::string output;  // --output models/coco/zsi_w2v_48_17.zsivec
  double norm = 0;     // --norm (required: the model setting stored with the vectors)
};

struct ClassSetCreateOptions {
  std::string vectors;              // --vectors FILE
  std::string classList;            // --class-list, when --vectors is a ZSI matrix
  std::vector<std::string> seen;    // --seen NAME,...
  std::vector<std::string> unseen;  // --unseen NAME,...
  std::string output;               // --output OUT.json
  std::string name;                 // --name
  std::optional<double> norm;       // default: the official ZSI COCO norm
  std::string multiWord;            // --multi-word head|mean (default head: the official rule)
  std::string cacheDir;
  bool noCache = false;
};

struct ClassSetShowOptions {
  std::string set;     // FILE.json | 48_17 | 65_15
  std::string output;  // --output OUT.json: save it (e.g. to edit a built-in set)
};

// Exit codes: 0 done, 1 bad input (message on err).
int runClassSetImport(const ClassSetImportOptions& options, std::ostream& out, std::ostream& err);
int runClassSetPack(const ClassSetPackOptions& options, std::ostream& out, std::ostream& err);
int runClassSetCreate(const ClassSetCreateOptions& options, std::ostream& out, std::ostream& err);
int runClassSetShow(const ClassSetShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace zsi::cli
