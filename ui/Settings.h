#pragma once
// Every persistent preference of the studio is declared once here (key, type, default, what it
// is for) and read and written through these functions, so no key string is repeated across
// the code and a missing or mistyped value falls back to its declared default.
//
//   double opacity = Settings::get(Settings::OverlayOpacity);
//   Settings::set(Settings::OverlayOpacity, 0.6);
//
// Shortcuts are the exception: ActionTable keeps them (one key per action, "shortcuts/<id>").

#include <QString>
#include <QStringList>
#include <QVariant>
#include <vector>

namespace zsi::ui {

template <class T>
struct SettingKey {
  const char* key;
  T defaultValue;
  const char* description;
};

class Settings {
 public:
  // View
  static const SettingKey<double> OverlayOpacity;
  static const SettingKey<bool> ShowGroundTruth;
  static const SettingKey<bool> ShowPredictions;
  static const SettingKey<bool> ShowSeen;
  static const SettingKey<bool> ShowUnseen;
  static const SettingKey<bool> ShowBoxes;
  static const SettingKey<bool> ShowLabels;
  static const SettingKey<bool> ShowRejected;
  static const SettingKey<int> ThumbnailSize;
  static const SettingKey<bool> GridView;
  // Work
  static const SettingKey<int> AutosaveSeconds;
  static const SettingKey<bool> AutoInfer;
  static const SettingKey<QString> Device;
  static const SettingKey<int> ImageCacheMegabytes;
  // Paths and history
  static const SettingKey<QString> LastDatasetDir;
  static const SettingKey<QString> LastProjectDir;
  static const SettingKey<QString> LastModelDir;
  static const SettingKey<QString> LastVectorFile;
  static const SettingKey<QString> LastExportDir;
  static const SettingKey<QStringList> RecentProjects;
  static const SettingKey<QStringList> RecentDatasets;

  template <class T>
  static T get(const SettingKey<T>& key);
  template <class T>
  static void set(const SettingKey<T>& key, const T& value);

  // Records `path` at the top of a recent-files list (at most kMaxRecent, no duplicates).
  static void addRecent(const SettingKey<QStringList>& key, const QString& path);
  static constexpr int kMaxRecent = 10;

  struct Description {
    QString key;
    QVariant defaultValue;
    QString text;
  };
  // Every declared setting, for the documentation and the settings dialog.
  static std::vector<Description> all();
};

}  // namespace zsi::ui
