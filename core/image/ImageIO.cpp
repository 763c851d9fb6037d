// Image files <-> zsi::Image. OpenCV stays in this file (ZSI_WITH_OPENCV is private to zsi_core);
// without it, PNG goes through the zlib decoder of PngDecoder.cpp (ZSI_WITH_ZLIB_PNG, private too).

#include "core/image/ImageIO.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "core/image/ImageHeader.h"
#include "core/image/PngEncoder.h"
#if defined(ZSI_WITH_ZLIB_PNG)
#include "core/image/PngDecoder.h"
#endif
#include "core/util/AtomicFile.h"

#if defined(ZSI_WITH_OPENCV)
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace zsi {

namespace {

// The first `n` bytes of a file (fewer when it is shorter).
Result<std::string> readHead(const std::string& path, std::size_t n) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error(std::string("cannot open: ") + std::strerror(errno)).inFile(path);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error("is a directory, expected an image file").inFile(path);
  }
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

Result<ImageHeader> header(const std::string& path) {
  // 256 KiB holds the frame header of nearly every JPEG; a JPEG with bigger metadata first is
  // read whole.
  auto head = readHead(path, 256u << 10);
  if (!head.ok()) return head.error();
  auto h = parseImageHeader(*head, path);
  if (!h.ok() && head->size() == (256u << 10) && head->compare(0, 2, "\xFF\xD8") == 0) {
    auto all = readFile(path);
    if (!all.ok()) return all.error();
    return parseImageHeader(*all, path);
  }
  return h;
}

// Binary PPM (P6) or PGM (P5) with maxval 255, to RGB.
Result<Image> readPnm(const std::string& path, const ImageHeader& hd) {
  auto data = readFile(path);
  if (!data.ok()) return data.error();
  const std::string& s = *data;
  const bool colour = s[1] == '6';
  std::size_t i = 2;
  int fields = 0;
  long maxval = 0;
  while (fields < 3 && i < s.size()) {
    if (s[i] == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else {
      long v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) v = v * 10 + (s[i++] - '0');
      if (++fields == 3) maxval = v;
    }
  }
  ++i;  // the single whitespace after maxval
  if (maxval != 255) return Error("only 8-bit PPM/PGM (maxval 255) is supported").inFile(path);
  const std::size_t w = static_cast<std::size_t>(hd.size.width), h = static_cast<std::size_t>(hd.size.height);
  const std::size_t need = w * h * (colour ? 3 : 1);
  if (i > s.size() || s.size() - i < need) return Error("truncated PPM/PGM: the pixels are missing").inFile(path);
  Image im = Image::blank(static_cast<int>(w), static_cast<int>(h), 3);
  for (std::size_t p = 0; p < w * h; ++p) {
    for (int c = 0; c < 3; ++c) {
      im.pixels[p * 3 + c] = static_cast<std::uint8_t>(s[i + (colour ? p * 3 + c : p)]);
    }
  }
  return im;
}

#if !defined(ZSI_WITH_OPENCV) && defined(ZSI_WITH_ZLIB_PNG)
Result<Image> readPngWithZlib(const std::string& path, const ImageHeader& hd,
                              const ImageReadOptions& options) {
  auto data = readFile(path);
  if (!data.ok()) return data.error();
  auto im = decodePng(*data, path, options);
  if (!im.ok()) return im.error();
  // Both sizes come from IHDR; they differ only when the file changed between the two reads.
  if (im->width != hd.size.width || im->height != hd.size.height) {
    return Error("decoded size " + std::to_string(im->width) + "x" + std::to_string(im->height) +
                 " differs from the header's " + std::to_string(hd.size.width) + "x" +
                 std::to_string(hd.size.height)).inFile(path);
  }
  return im;
}
#endif

}  // namespace

// readImage once the limit is known (it catches allocation failures around this).
static Result<Image> readImageWithin(const std::string& path, const ImageReadOptions& options);

bool imageDecoderIsOpenCv() {
#if defined(ZSI_WITH_OPENCV)
  return true;
#else
  return false;
#endif
}

Result<ImageSize> readImageSize(const std::string& path) {
  auto h = header(path);
  if (!h.ok()) return h.error();
  return h->size;
}

Result<std::uint64_t> imagePixelLimit() {
  const char* text = std::getenv("ZSI_MAX_IMAGE_PIXELS");
  if (!text || !*text) return kDefaultMaxImagePixels;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (*end != '\0' || errno == ERANGE || v == 0 || !std::isdigit(static_cast<unsigned char>(text[0])))
    return Error(std::string("ZSI_MAX_IMAGE_PIXELS='") + text + "' is not a positive pixel count");
  return static_cast<std::uint64_t>(v);
}

Result<Image> readImage(const std::string& path, const ImageReadOptions& options) {
  ImageReadOptions resolved = options;
  if (resolved.maxPixels == 0) {
    auto limit = imagePixelLimit();
    if (!limit.ok()) return Error(limit.error().message).inFile(path);
    resolved.maxPixels = *limit;
  }
  try {
    return readImageWithin(path, resolved);
  } catch (const std::bad_alloc&) {
    // The limit keeps a single image small, but memory may still run out (many threads, a low
    // ulimit): a message, never an abort.
    return Error("out of memory while decoding the image (ZSI_MAX_IMAGE_PIXELS lowers the pixel limit)")
        .inFile(path);
  }
}

static Result<Image> readImageWithin(const std::string& path, const ImageReadOptions& options) {
  auto hd = header(path);
  if (!hd.ok()) return hd.error();
  const std::uint64_t pixels = static_cast<std::uint64_t>(hd->size.width) * static_cast<std::uint64_t>(hd->size.height);
  if (pixels > options.maxPixels) {
    return Error("the image is " + std::to_string(hd->size.width) + "x" + std::to_string(hd->size.height) +
                 " = " + std::to_string(pixels) + " pixels, over the limit of " +
                 std::to_string(options.maxPixels) + " (ZSI_MAX_IMAGE_PIXELS); not decoded")
        .inFile(path);
  }
  if (hd->format == ImageFormat::Pnm) return readPnm(path, *hd);
#if defined(ZSI_WITH_OPENCV)
  cv::Mat bgr;
  try {
    // COCO's annotations are on the pixels as stored: EXIF orientation is not applied.
    bgr = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception& e) {
    return Error(std::string("cannot decode the ") + imageFormatName(hd->format) + " image: " + e.what()).inFile(path);
  }
  if (bgr.empty()) {
    return Error(std::string("cannot decode the ") + imageFormatName(hd->format) +
                 " image (corrupt or truncated)").inFile(path);
  }
  if (bgr.cols != hd->size.width || bgr.rows != hd->size.height) {
    return Error("decoded size " + std::to_string(bgr.cols) + "x" + std::to_string(bgr.rows) +
                 " differs from the header's " + std::to_string(hd->size.width) + "x" +
                 std::to_string(hd->size.height)).inFile(path);
  }
  Image im = Image::blank(bgr.cols, bgr.rows, 3);
  cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, im.pixels.data());
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return im;
#elif defined(ZSI_WITH_ZLIB_PNG)
  if (hd->format == ImageFormat::Png) return readPngWithZlib(path, *hd, options);
  return Error(std::string("this build decodes only PNG and PPM/PGM images (no OpenCV); ") +
               imageFormatName(hd->format) + " needs -DZSI_WITH_OPENCV=ON").inFile(path);
#else
  return Error(std::string("this build decodes only PPM/PGM images (no OpenCV, no zlib); ") +
               imageFormatName(hd->format) + " needs -DZSI_WITH_OPENCV=ON").inFile(path);
#endif
}

Status writePng(const std::string& path, const Image& image) {
#if defined(ZSI_WITH_OPENCV)
  if (!image.empty() && (image.channels == 1 || image.channels == 3 || image.channels == 4) &&
      image.pixels.size() == image.rowBytes() * static_cast<std::size_t>(image.height)) {
    const int type = image.channels == 1 ? CV_8UC1 : image.channels == 3 ? CV_8UC3 : CV_8UC4;
    cv::Mat src(image.height, image.width, type, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    if (image.channels == 3) cv::cvtColor(src, bgr, cv::COLOR_RGB2BGR);
    else if (image.channels == 4) cv::cvtColor(src, bgr, cv::COLOR_RGBA2BGRA);
    else bgr = src;
    std::vector<unsigned char> buf;
    try {
      if (cv::imencode(".png", bgr, buf)) {
        return writeFileAtomic(path, std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
      }
    } catch (const cv::Exception&) {
      // fall through to the built-in encoder
    }
  }
#endif
  auto png = encodePngStored(image);
  if (!png.ok()) return Error(png.error().message).inFile(path);
  return writeFileAtomic(path, *png);
}

Status writePnm(const std::string& path, const Image& image) {
  if (image.empty() || (image.channels != 1 && image.channels != 3) ||
      image.pixels.size() != image.rowBytes() * static_cast<std::size_t>(image.height)) {
    return Error("PPM/PGM needs a non-empty 1 or 3 channel image").inFile(path);
  }
  std::string out = std::string(image.channels == 3 ? "P6\n" : "P5\n") + std::to_string(image.width) +
                    " " + std::to_string(image.height) + "\n255\n";
  out.append(reinterpret_cast<const char*>(image.pixels.data()), image.pixels.size());
  return writeFileAtomic(path, out);
}

}  // namespace zsi
