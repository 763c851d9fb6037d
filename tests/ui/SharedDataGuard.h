#pragma once
// GUI tests that read the shared data (ZSI_SHARED_DATA_DIR) skip, with exit code 77 (ctest: SKIP),
// when it is not there, instead of failing or waiting on an error dialog of the window under test.

#include <QDir>
#include <cstdio>
#include <cstdlib>

namespace zsi::test {

inline void requireSharedData() {
  const QDir dir(QStringLiteral(ZSI_SHARED_DATA_DIR "/coco-sample"));
  if (dir.exists()) return;
  std::fprintf(stderr, "SKIP: the shared test data is not at %s (set ZSI_SHARED_DATA_DIR when configuring)\n",
               ZSI_SHARED_DATA_DIR);
  std::exit(77);
}

}  // namespace zsi::test
