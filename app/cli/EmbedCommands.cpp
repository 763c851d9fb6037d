// `zsi embed` and `zsi classset ...`: argument declarations only; the work is in
// core/cli/EmbedCommand and core/cli/EmbedClassSet.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/EmbedClassSet.h"
#include "core/cli/EmbedCommand.h"
#include "core/cli/WordvecConvert.h"

namespace zsi::app {
namespace {

void addEmbed(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<cli::EmbedOptions>();
  auto norm = std::make_shared<double>(0.0);
  CLI::App* cmd = app.add_subcommand(
      "embed", "Turn class names into word vectors: rule used, norm, nearest words, cosine to a class set");
  cmd->add_option("--vectors", o->vectors,
                  "Word vectors: word2vec .bin or text, GloVe, fastText .vec, or a ZSI class matrix")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--class-list", o->classList, "Class names of a ZSI class matrix given as --vectors")
      ->check(CLI::ExistingFile);
  CLI::Option* normOpt = cmd->add_option(
      "--norm", *norm, "Scale vectors to this norm (default: the class set's, else the official ZSI norm)");
  cmd->add_option("--classes", o->classes, "Class set to compare with: CLASSSET.json, 48_17 or 65_15");
  cmd->add_option("--multi-word", o->multiWord,
                  "Names of several words without a phrase token: 'head' (last word, the official ZSI "
                  "rule) or 'mean' (mean of the words); default: the class set's rule, else head");
  cmd->add_option("--nearest", o->nearest, "How many nearest vocabulary words to print")->capture_default_str();
  cmd->add_option("--cache-dir", o->cacheDir, "Folder for the index cache (default: beside the file)");
  cmd->add_flag("--no-cache", o->noCache, "Neither read nor write an index cache");
  cmd->add_option("--threads", o->threads, "Threads for the nearest-word scan (0: all cores)");
  cmd->add_option("names", o->names, "Class names (quote multi-word names)")->required();
  cmd->callback([o, norm, normOpt, &exitCode] {
    if (normOpt->count() > 0) o->norm = *norm;
    exitCode = cli::runEmbed(*o, std::cout, std::cerr);
  });
}

void addClassSet(CLI::App& app, int& exitCode) {
  CLI::App* group = app.add_subcommand("classset", "Make, inspect and convert class sets");
  group->require_subcommand(1);

  auto imp = std::make_shared<cli::ClassSetImportOptions>();
  auto impNorm = std::make_shared<double>(0.0);
  auto impSeen = std::make_shared<std::size_t>(0);
  CLI::App* i = group->add_subcommand("import", "Official ZSI matrix + class list -> class-set JSON");
  i->add_option("--matrix", imp->matrix, "ZSI class matrix (word_w2v_withbg_*.txt)")->required()->check(CLI::ExistingFile);
  i->add_option("--class-list", imp->classList, "Its class list (classes_*.csv)")->required()->check(CLI::ExistingFile);
  i->add_option("--output,-o", imp->output, "Class-set JSON to write")->required();
  i->add_option("--name", imp->name, "Name shown for the set");
  CLI::Option* iNorm = i->add_option("--norm", *impNorm, "Norm the model expects (default: mean class-column norm)");
  CLI::Option* iSeen = i->add_option("--seen-count", *impSeen, "The first N classes are seen, the rest unseen");
  i->callback([imp, impNorm, impSeen, iNorm, iSeen, &exitCode] {
    if (iNorm->count() > 0) imp->norm = *impNorm;
    if (iSeen->count() > 0) imp->seenCount = *impSeen;
    exitCode = cli::runClassSetImport(*imp, std::cout, std::cerr);
  });

  auto pack = std::make_shared<cli::ClassSetPackOptions>();
  CLI::App* p = group->add_subcommand("pack", "Official ZSI matrix -> the built-in class vectors (models/coco)");
  p->add_option("--matrix", pack->matrix, "ZSI class matrix (word_w2v_withbg_*.txt)")->required()->check(CLI::ExistingFile);
  p->add_option("--class-list", pack->classList, "Its class list (classes_*.csv)")->required()->check(CLI::ExistingFile);
  p->add_option("--split", pack->split, "Built-in split: 48_17 or 65_15")->required()->check(CLI::IsMember({"48_17", "65_15"}));
  p->add_option("--norm", pack->norm, "Norm the model expects (0.76663 for the official vectors)")->required();
  p->add_option("--output,-o", pack->output, "Pack file to write")->required();
  p->callback([pack, &exitCode] { exitCode = cli::runClassSetPack(*pack, std::cout, std::cerr); });

  auto cr = std::make_shared<cli::ClassSetCreateOptions>();
  auto crNorm = std::make_shared<double>(0.0);
  CLI::App* c = group->add_subcommand("create", "Class names embedded from a vector file -> class-set JSON");
  c->add_option("--vectors", cr->vectors, "Word vectors (any format zsi embed reads)")->required()->check(CLI::ExistingFile);
  c->add_option("--class-list", cr->classList, "Class names of a ZSI class matrix given as --vectors");
  c->add_option("--seen", cr->seen, "Seen class names")->delimiter(',');
  c->add_option("--unseen", cr->unseen, "Unseen class names")->delimiter(',');
  c->add_option("--output,-o", cr->output, "Class-set JSON to write")->required();
  c->add_option("--name", cr->name, "Name shown for the set");
  c->add_option("--multi-word", cr->multiWord,
                "Names of several words: 'head' (last word, the official ZSI rule) or 'mean' (mean of the words)");
  CLI::Option* cNorm = c->add_option("--norm", *crNorm, "Norm the model expects (default: the official ZSI norm)");
  c->add_option("--cache-dir", cr->cacheDir, "Folder for the index cache");
  c->add_flag("--no-cache", cr->noCache, "Neither read nor write an index cache");
  c->callback([cr, crNorm, cNorm, &exitCode] {
    if (cNorm->count() > 0) cr->norm = *crNorm;
    exitCode = cli::runClassSetCreate(*cr, std::cout, std::cerr);
  });

  auto show = std::make_shared<cli::ClassSetShowOptions>();
  CLI::App* s = group->add_subcommand("show", "Print a class set; --output saves it as JSON");
  s->add_option("set", show->set, "CLASSSET.json, 48_17 or 65_15")->required();
  s->add_option("--output,-o", show->output, "Save the set as class-set JSON");
  s->callback([show, &exitCode] { exitCode = cli::runClassSetShow(*show, std::cout, std::cerr); });
}

void addWordvec(CLI::App& app, int& exitCode) {
  CLI::App* group = app.add_subcommand("wordvec", "Word-vector files");
  group->require_subcommand(1);
  auto o = std::make_shared<cli::WordvecConvertOptions>();
  CLI::App* c = group->add_subcommand("convert", "Rewrite a vector file in another format, or a part of it");
  c->add_option("--vectors", o->vectors, "Input: word2vec .bin or text, GloVe, fastText .vec, ZSI matrix")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--class-list", o->classList, "Class names of a ZSI class matrix given as --vectors");
  c->add_option("--format", o->format, "Output format")
      ->required()
      ->check(CLI::IsMember({"word2vec-bin", "word2vec-text", "fasttext", "glove", "zsi-matrix"}));
  c->add_option("--top", o->top, "Keep only the first N words");
  c->add_option("--words", o->words, "Keep only the words listed in this file (one per line), in its order")
      ->check(CLI::ExistingFile);
  c->add_option("--output,-o", o->output, "File to write")->required();
  c->callback([o, &exitCode] { exitCode = cli::runWordvecConvert(*o, std::cout, std::cerr); });
}

}  // namespace

void addEmbedCommands(CLI::App& app, int& exitCode) {
  addEmbed(app, exitCode);
  addClassSet(app, exitCode);
  addWordvec(app, exitCode);
}

}  // namespace zsi::app
