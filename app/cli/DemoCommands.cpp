// `zsi demo ...`: argument declarations only; the work is in core/cli/DemoCommand.

#include <iostream>
#include <memory>

#include "app/cli/Commands.h"
#include "core/cli/DemoCommand.h"

namespace zsi::app {

void addDemoCommands(CLI::App& app, int& exitCode) {
  CLI::App* group = app.add_subcommand("demo", "The embedded demo: a synthetic zero-shot benchmark");
  group->require_subcommand(1);

  auto data = std::make_shared<cli::DemoMakeDataOptions>();
  CLI::App* d = group->add_subcommand(
      "make-data", "Write a synthetic dataset: images/, all, train, test_zsi, test_gzsi JSON, split and class set");
  d->add_option("--out,-o", data->data.outDir, "Folder to write (created when missing)")->required();
  d->add_option("--seed", data->data.seed, "Random seed; the same seed gives the same bytes")->capture_default_str();
  d->add_option("--images", data->data.images, "Number of images")->capture_default_str();
  d->add_option("--size", data->data.scene.size, "Image width and height in pixels")->capture_default_str();
  d->add_option("--unseen-fraction", data->data.scene.unseenFraction,
                "Fraction of images drawn with at least one unseen object (they form the test splits)")
      ->capture_default_str();
  d->add_option("--min-objects", data->data.scene.minObjects, "Fewest objects per image")->capture_default_str();
  d->add_option("--max-objects", data->data.scene.maxObjects, "Most objects per image")->capture_default_str();
  d->add_option("--vocab", data->data.vocabulary,
                "Word vectors for the class names (default: the built-in demo vocabulary, written to DIR/demo_vocab.txt)")
      ->check(CLI::ExistingFile);
  d->add_option("--threads", data->data.threads, "Rendering threads (0: one per core, at most 8)")->capture_default_str();
  d->add_flag("--quiet,-q", data->quiet, "No progress lines");
  d->callback([data, &exitCode] { exitCode = cli::runDemoMakeData(*data, std::cout, std::cerr); });

  auto vocab = std::make_shared<cli::DemoMakeVocabOptions>();
  CLI::App* v = group->add_subcommand("make-vocab", "Write the demo vocabulary (word2vec text, one vector per attribute word)");
  v->add_option("--out,-o", vocab->output, "File to write (models/demo/demo_vocab.txt)")->required();
  v->add_option("--seed", vocab->seed, "Random seed of the word directions")->capture_default_str();
  v->add_option("--dim", vocab->dim, "Dimension (the model's semantic dimension)")->capture_default_str();
  v->callback([vocab, &exitCode] { exitCode = cli::runDemoMakeVocab(*vocab, std::cout, std::cerr); });

  auto classes = std::make_shared<cli::DemoMakeClassesOptions>();
  CLI::App* c = group->add_subcommand("make-classes", "Write the demo class set embedded from a vocabulary");
  c->add_option("--vocab", classes->vocabulary, "Word vectors (models/demo/demo_vocab.txt)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--out,-o", classes->output, "Class-set JSON to write (models/demo/demo_classes.json)")->required();
  c->callback([classes, &exitCode] { exitCode = cli::runDemoMakeClasses(*classes, std::cout, std::cerr); });
}

}  // namespace zsi::app
