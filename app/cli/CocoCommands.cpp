// `zsi coco info|validate|to-rle|split|filter`: argument declarations only; the work is in
// core/cli/Coco*.cpp.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/CocoCommands.h"

namespace zsi::app {

void addCocoCommands(CLI::App& app, int& exitCode) {
  CLI::App* coco = app.add_subcommand("coco", "COCO datasets: inspect, check, convert masks, make zero-shot splits");
  coco->require_subcommand(1);

  auto info = std::make_shared<cli::CocoInfoOptions>();
  CLI::App* i = coco->add_subcommand("info", "Counts of images, annotations, categories and crowd regions");
  i->add_option("file", info->input, "COCO instances JSON")->required()->check(CLI::ExistingFile);
  i->add_flag("--verbose,-v", info->verbose, "Also per-category counts");
  i->add_flag("--json", info->json, "Print the counts as JSON");
  i->callback([info, &exitCode] { exitCode = cli::runCocoInfo(*info, std::cout, std::cerr); });

  auto val = std::make_shared<cli::CocoValidateCliOptions>();
  CLI::App* v = coco->add_subcommand(
      "validate", "Report every problem: duplicate or dangling ids, invalid polygons, bbox/area vs mask, image files");
  v->add_option("file", val->input, "COCO instances JSON")->required()->check(CLI::ExistingFile);
  v->add_option("--images", val->images, "Image folder: also check that every image exists, reads and has its size")
      ->check(CLI::ExistingDirectory);
  v->add_flag("--decode", val->decode, "Decode every image fully (slower) instead of reading its header");
  v->add_flag("--strict", val->warningsAsErrors, "Exit with 1 on warnings too");
  v->add_option("--max-listed", val->maxListed, "List at most this many problems (0: all)");
  v->callback([val, &exitCode] { exitCode = cli::runCocoValidate(*val, std::cout, std::cerr); });

  auto rle = std::make_shared<cli::CocoToRleOptions>();
  CLI::App* r = coco->add_subcommand(
      "to-rle", "Every segmentation as the compressed RLE of pycocotools' annToRLE (area and bbox from the mask)");
  r->add_option("input", rle->input, "COCO instances JSON")->required()->check(CLI::ExistingFile);
  r->add_option("output", rle->output, "Output JSON (written atomically)")->required();
  r->add_flag("--keep-area-bbox", rle->keepAreaBbox, "Keep the annotations' own area and bbox");
  r->add_flag("--strict", rle->strict, "Fail on an annotation pycocotools cannot convert (default: keep it as is)");
  r->callback([rle, &exitCode] { exitCode = cli::runCocoToRle(*rle, std::cout, std::cerr); });

  auto split = std::make_shared<cli::CocoSplitOptions>();
  CLI::App* s = coco->add_subcommand("split", "Zero-shot train / ZSI test / GZSI test sets of a class split");
  s->add_option("--split", split->split, "48_17, 65_15 or a split file (JSON or CSV, see docs/COCO.md)")->required();
  s->add_option("input", split->input, "COCO instances JSON")->required()->check(CLI::ExistingFile);
  s->add_option("--train", split->train, "Output: images without unseen objects, seen annotations");
  s->add_option("--test-zsi", split->testZsi, "Output: images with unseen objects, unseen annotations");
  s->add_option("--test-gzsi", split->testGzsi, "Output: the same images, seen and unseen annotations");
  s->callback([split, &exitCode, s] {
    if (split->train.empty() && split->testZsi.empty() && split->testGzsi.empty()) {
      std::cerr << "zsi coco split: give at least one of --train, --test-zsi, --test-gzsi\n" << s->help();
      exitCode = 2;
      return;
    }
    exitCode = cli::runCocoSplit(*split, std::cout, std::cerr);
  });

  auto filter = std::make_shared<cli::CocoFilterOptions>();
  auto crowd = std::make_shared<int>(-1);
  auto minArea = std::make_shared<double>(0);
  auto maxArea = std::make_shared<double>(0);
  CLI::App* f = coco->add_subcommand("filter", "Keep the annotations of some classes, seen/unseen group, crowd flag, area range");
  f->add_option("input", filter->input, "COCO instances JSON")->required()->check(CLI::ExistingFile);
  f->add_option("output", filter->output, "Output JSON")->required();
  f->add_option("--classes", filter->classes, "Category names to keep")->delimiter(',');
  f->add_option("--group", filter->group, "seen or unseen (of --split)")->check(CLI::IsMember({"seen", "unseen"}));
  f->add_option("--split", filter->split, "48_17 (default), 65_15 or a split file");
  CLI::Option* crowdOpt = f->add_option("--crowd", *crowd, "1: only crowd regions, 0: only non-crowd")->check(CLI::Range(0, 1));
  CLI::Option* minOpt = f->add_option("--min-area", *minArea, "Smallest area kept (inclusive)");
  CLI::Option* maxOpt = f->add_option("--max-area", *maxArea, "Largest area kept (inclusive)");
  f->add_flag("--drop-empty-images", filter->dropEmptyImages, "Leave out images without any kept annotation");
  f->callback([filter, crowd, minArea, maxArea, crowdOpt, minOpt, maxOpt, &exitCode] {
    if (crowdOpt->count()) filter->crowd = *crowd == 1;
    if (minOpt->count()) filter->minArea = *minArea;
    if (maxOpt->count()) filter->maxArea = *maxArea;
    exitCode = cli::runCocoFilter(*filter, std::cout, std::cerr);
  });
}

}  // namespace zsi::app
