// Image I/O: sizes from headers equal the decoded sizes and the COCO records of the sample, the
// pixel limit fails before decoding, EXIF orientation is ignored, PNG/PPM round trips, and
// file names cannot escape the image folder.

#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/coco/CocoReader.h"
#include "core/image/ImageIO.h"
#include "core/image/PngEncoder.h"
#include "core/util/AtomicFile.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

namespace {

Image gradient(int w, int h, int c) {
  Image im = Image::blank(w, h, c);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < c; ++k)
        im.row(y)[x * c + k] = static_cast<std::uint8_t>((x * 7 + y * 13 + k * 50) & 0xFF);
  return im;
}

// JPEG bytes with an EXIF APP1 segment saying "rotate 90" (orientation 6) inserted after SOI.
std::string withExifOrientation(const std::string& jpeg) {
  std::string tiff = std::string("MM\0\x2A\0\0\0\x08", 8) + std::string("\0\x01", 2) +  // one entry
                     std::string("\x01\x12\0\x03\0\0\0\x01\0\x06\0\0", 12) +             // Orientation=6
                     std::string(4, '\0');
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  const std::size_t len = payload.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1.push_back(static_cast<char>(len >> 8));
  app1.push_back(static_cast<char>(len & 0xFF));
  return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

}  // namespace

ZSI_TEST(image_sizes_of_the_coco_sample_match_the_records) {
  auto ds = loadCocoDataset(test::sharedData("coco-sample/instances_val2017_sample.json"));
  ZSI_REQUIRE_OK(ds);
  const std::string root = test::sharedData("coco-sample/images");
  for (const auto& im : ds->images()) {
    auto path = resolveImagePath(root, im.file());
    ZSI_REQUIRE_OK(path);
    auto size = readImageSize(*path);
    ZSI_REQUIRE_OK(size);
    ZSI_CHECK_EQ(size->width, im.width);
    ZSI_CHECK_EQ(size->height, im.height);
  }
  if (!imageDecoderIsOpenCv()) return;
  auto path = resolveImagePath(root, ds->images()[0].file());
  auto decoded = readImage(*path);
  ZSI_REQUIRE_OK(decoded);
  ZSI_CHECK_EQ(decoded->channels, 3);
  ZSI_CHECK_EQ(decoded->width, ds->images()[0].width);
  ZSI_CHECK_EQ(decoded->pixels.size(), static_cast<std::size_t>(decoded->width) * decoded->height * 3);
}

ZSI_TEST(image_pixel_limit_fails_before_decoding) {
  // Only a PNG signature and IHDR claiming 100000 x 100000: nothing else to decode.
  Image tiny = gradient(2, 2, 3);
  std::string png = *encodePngStored(tiny);
  const std::string big("\x00\x01\x86\xA0", 4);  // 100000
  png.replace(16, 4, big);
  png.replace(20, 4, big);
  const std::string path = test::tempDir() + "/huge.png";
  ZSI_REQUIRE_OK(writeFileAtomic(path, png.substr(0, 33)));
  auto size = readImageSize(path);
  ZSI_REQUIRE_OK(size);
  ZSI_CHECK_EQ(size->width, 100000);
  auto r = readImage(path);
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("over the limit") != std::string::npos);
  ZSI_CHECK_EQ(r.error().file, path);
  ImageReadOptions o;
  o.maxPixels = 3;
  const std::string small = test::tempDir() + "/small.png";
  ZSI_REQUIRE_OK(writePng(small, tiny));
  r = readImage(small, o);
  ZSI_REQUIRE(!r.ok());
}

ZSI_TEST(image_png_and_pnm_round_trip) {
  const std::string dir = test::tempDir();
  const Image rgb = gradient(37, 23, 3);
  ZSI_REQUIRE_OK(writePnm(dir + "/a.ppm", rgb));
  auto back = readImage(dir + "/a.ppm");
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK(back->pixels == rgb.pixels);
  const Image gray = gradient(9, 5, 1);
  ZSI_REQUIRE_OK(writePnm(dir + "/g.pgm", gray));
  back = readImage(dir + "/g.pgm");
  ZSI_REQUIRE_OK(back);
  ZSI_CHECK_EQ(back->channels, 3);
  ZSI_CHECK_EQ(back->pixels[3 * 7 + 1], gray.pixels[7]);
  ZSI_REQUIRE_OK(writePng(dir + "/a.png", rgb));
  auto size = readImageSize(dir + "/a.png");
  ZSI_REQUIRE_OK(size);
  ZSI_CHECK_EQ(size->width, 37);
  ZSI_CHECK_EQ(size->height, 23);
  if (imageDecoderIsOpenCv()) {
    back = readImage(dir + "/a.png");
    ZSI_REQUIRE_OK(back);
    ZSI_CHECK(back->pixels == rgb.pixels);
    // The built-in stored-deflate encoder gives a PNG any decoder reads, RGBA included.
    const Image rgba = gradient(70, 300, 4);  // > 65535 bytes: several stored blocks
    ZSI_REQUIRE_OK(writeFileAtomic(dir + "/s.png", *encodePngStored(rgba)));
    back = readImage(dir + "/s.png");
    ZSI_REQUIRE_OK(back);
    for (std::size_t p = 0; p < 70 * 300; ++p)
      for (int k = 0; k < 3; ++k) ZSI_REQUIRE_EQ(back->pixels[p * 3 + k], rgba.pixels[p * 4 + k]);
  }
}

ZSI_TEST(image_exif_orientation_is_ignored) {
  if (!imageDecoderIsOpenCv()) ZSI_SKIP("needs the OpenCV decoder");
  // A 40 x 20 JPEG marked "rotate 90": decoded as stored, 40 x 20, as COCO assumes.
  auto sample = readFile(test::sharedData("coco-sample/images/000000000139.jpg"));
  ZSI_REQUIRE_OK(sample);
  const std::string dir = test::tempDir();
  // Re-encode a crop of the sample through a PNG -> our decoder is not a JPEG encoder, so take
  // the sample JPEG itself and mark it rotated.
  const std::string rotated = withExifOrientation(*sample);
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/r.jpg", rotated));
  auto size = readImageSize(dir + "/r.jpg");
  ZSI_REQUIRE_OK(size);
  auto im = readImage(dir + "/r.jpg");
  ZSI_REQUIRE_OK(im);
  ZSI_CHECK_EQ(im->width, 640);
  ZSI_CHECK_EQ(im->height, 426);
  ZSI_CHECK_EQ(size->width, 640);
  auto plain = readImage(test::sharedData("coco-sample/images/000000000139.jpg"));
  ZSI_REQUIRE_OK(plain);
  ZSI_CHECK(plain->pixels == im->pixels);
}

ZSI_TEST(image_corrupt_and_unknown_files) {
  const std::string dir = test::tempDir();
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/x.jpg", "this is not an image"));
  auto r = readImage(dir + "/x.jpg");
  ZSI_REQUIRE(!r.ok());
  ZSI_CHECK(r.error().message.find("not a JPEG") != std::string::npos);
  auto sample = readFile(test::sharedData("coco-sample/images/000000000139.jpg"));
  if (sample.ok()) {
    ZSI_REQUIRE_OK(writeFileAtomic(dir + "/t.jpg", sample->substr(0, 300)));
    auto t = readImage(dir + "/t.jpg");
    ZSI_CHECK(!t.ok());  // truncated before its frame header or its pixels
  }
  ZSI_REQUIRE_OK(writeFileAtomic(dir + "/e.png", ""));
  ZSI_CHECK(!readImageSize(dir + "/e.png").ok());
  ZSI_CHECK(!readImage(dir + "/missing.png").ok());
  ZSI_CHECK(!readImage(dir).ok());
}

ZSI_TEST(image_paths_cannot_escape_the_root) {
  const std::string root = test::tempDir();
  std::filesystem::create_directories(root + "/sub");
  auto ok = resolveImagePath(root, "sub/a.jpg");
  ZSI_REQUIRE_OK(ok);
  ZSI_CHECK_EQ(*ok, (std::filesystem::path(root) / "sub/a.jpg").lexically_normal().string());
  ZSI_CHECK(resolveImagePath(root, "a.jpg").ok());
  for (const char* bad : {"../a.jpg", "sub/../../a.jpg", "/etc/passwd", "", "sub/.."}) {
    auto r = resolveImagePath(root, bad);
    ZSI_CHECK(!r.ok());
    if (!r.ok()) ZSI_CHECK(r.error().message.find("refused") != std::string::npos);
  }
  // A symbolic link inside the root that points outside it.
  const std::string outside = test::tempDir();
  ZSI_REQUIRE(::symlink(outside.c_str(), (root + "/link").c_str()) == 0);
  ZSI_CHECK(!resolveImagePath(root, "link/a.jpg").ok());
  ZSI_REQUIRE(::symlink((root + "/sub").c_str(), (root + "/inner").c_str()) == 0);
  ZSI_CHECK(resolveImagePath(root, "inner/a.jpg").ok());
}
