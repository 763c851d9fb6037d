#include "ui/Settings.h"

#include <QSettings>
#include <algorithm>

namespace zsi::ui {

const SettingKey<double> Settings::OverlayOpacity{"view/overlayOpacity", 0.45,
                                                  "Opacity of filled masks (0-1)"};
const SettingKey<bool> Settings::ShowGroundTruth{"view/showGroundTruth", true,
                                                 "Draw ground-truth and accepted annotations"};
const SettingKey<bool> Settings::ShowPredictions{"view/showPredictions", true, "Draw predictions"};
const SettingKey<bool> Settings::ShowSeen{"view/showSeen", true, "Draw instances of seen classes"};
const SettingKey<bool> Settings::ShowUnseen{"view/showUnseen", true,
                                            "Draw instances of unseen classes"};
const SettingKey<bool> Settings::ShowBoxes{"view/showBoxes", true, "Draw bounding boxes"};
const SettingKey<bool> Settings::ShowLabels{"view/showLabels", true,
                                            "Draw class labels with scores"};
const SettingKey<bool> Settings::ShowRejected{"view/showRejected", false,
                                              "Draw rejected predictions (dimmed)"};
const SettingKey<int> Settings::ThumbnailSize{"view/thumbnailSize", 96,
                                              "Thumbnail edge in the image list, in pixels"};
const SettingKey<bool> Settings::GridView{"view/gridView", false,
                                          "Image list as a grid of thumbnails"};
const SettingKey<int> Settings::AutosaveSeconds{"work/autosaveSeconds", 5,
                                                "Seconds after an edit before the recovery copy is written"};
const SettingKey<bool> Settings::AutoInfer{"work/autoInfer", false,
                                           "Run the model when another image is shown"};
const SettingKey<QString> Settings::Device{"work/device", QStringLiteral("cpu"),
                                           "Device for the model: cpu or cuda"};
const SettingKey<int> Settings::ImageCacheMegabytes{"work/imageCacheMB", 512,
                                                    "Memory for decoded images kept for fast switching"};
const SettingKey<QString> Settings::LastDatasetDir{"paths/lastDatasetDir", QString(),
                                                   "Folder of the last opened dataset"};
const SettingKey<QString> Settings::LastProjectDir{"paths/lastProjectDir", QString(),
                                                   "Folder of the last project"};
const SettingKey<QString> Settings::LastModelDir{"paths/lastModelDir", QString(),
                                                 "Folder of the last checkpoint"};
const SettingKey<QString> Settings::LastVectorFile{"paths/lastVectorFile", QString(),
                                                   "The last word-vector file"};
const SettingKey<QString> Settings::LastExportDir{"paths/lastExportDir", QString(),
                                                  "Folder of the last export"};
const SettingKey<QStringList> Settings::RecentProjects{"recent/projects", QStringList(),
                                                       "Recently used project files"};
const SettingKey<QStringList> Settings::RecentDatasets{"recent/datasets", QStringList(),
                                                       "Recently opened COCO files and folders"};

template <class T>
T Settings::get(const SettingKey<T>& key) {
  QSettings s;
  QVariant v = s.value(QLatin1String(key.key));
  if (!v.isValid() || !v.canConvert<T>()) return key.defaultValue;
  return v.value<T>();
}

template <class T>
void Settings::set(const SettingKey<T>& key, const T& value) {
  QSettings s;
  s.setValue(QLatin1String(key.key), QVariant::fromValue(value));
}

template double Settings::get(const SettingKey<double>&);
template bool Settings::get(const SettingKey<bool>&);
template int Settings::get(const SettingKey<int>&);
template QString Settings::get(const SettingKey<QString>&);
template QStringList Settings::get(const SettingKey<QStringList>&);
template void Settings::set(const SettingKey<double>&, const double&);
template void Settings::set(const SettingKey<bool>&, const bool&);
template void Settings::set(const SettingKey<int>&, const int&);
template void Settings::set(const SettingKey<QString>&, const QString&);
template void Settings::set(const SettingKey<QStringList>&, const QStringList&);

void Settings::addRecent(const SettingKey<QStringList>& key, const QString& path) {
  QStringList list = get(key);
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  set(key, list);
}

std::vector<Settings::Description> Settings::all() {
  std::vector<Description> out;
  auto add = [&out](const auto& k) {
    out.push_back({QLatin1String(k.key), QVariant::fromValue(k.defaultValue), QLatin1String(k.description)});
  };
  add(OverlayOpacity); add(ShowGroundTruth); add(ShowPredictions); add(ShowSeen); add(ShowUnseen);
  add(ShowBoxes); add(ShowLabels); add(ShowRejected); add(ThumbnailSize); add(GridView);
  add(AutosaveSeconds); add(AutoInfer); add(Device); add(ImageCacheMegabytes);
  add(LastDatasetDir); add(LastProjectDir); add(LastModelDir); add(LastVectorFile);
  add(LastExportDir); add(RecentProjects); add(RecentDatasets);
  return out;
}

}  // namespace zsi::ui
