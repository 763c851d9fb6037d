#pragma once
// Giving instances of one image another class: a loaded annotation gets a relabel (the loaded
// dataset is not modified), an accepted annotation its new class, a prediction a relabel that
// its annotation (if accepted) follows.

#include <string>
#include <vector>

#include "ui/InstanceEditCommand.h"
#include "ui/InstanceRef.h"

namespace zsi::ui {

class RelabelInstancesCommand : public InstanceEditCommand {
 public:
  RelabelInstancesCommand(ProjectDocument* doc, std::size_t imageIndex,
                          const std::vector<InstanceRef>& refs, const std::string& className);
  std::size_t count() const { return items_.size(); }

 private:
  struct Item {
    InstanceRef ref;
    std::string before;          // previous relabel (GT, prediction) or class (annotation)
    long long linkedAnnotation = -1;
    std::string linkedBefore;
  };
  void apply(bool forward) override;

  std::string className_;
  std::vector<Item> items_;
};

}  // namespace zsi::ui
