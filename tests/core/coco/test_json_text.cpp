// The JSON text helpers: floats and strings exactly as Python's json.dump writes them (values
// below printed by /usr/bin/python3), the strict number-list parser against std::from_chars, and
// the raw-value validator.

#include <charconv>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/coco/JsonText.h"
#include "tests/harness/ZsiTest.h"

using namespace zsi;

ZSI_TEST(json_floats_as_python_repr) {
  const std::pair<double, const char*> cases[] = {
      {0.0, "0.0"}, {-0.0, "-0.0"}, {5.0, "5.0"}, {239.97, "239.97"}, {1e+16, "1e+16"},
      {1000000000000000.0, "1000000000000000.0"}, {1.2345678901234568e+17, "1.2345678901234568e+17"},
      {1234567890123456.0, "1234567890123456.0"}, {0.0001, "0.0001"}, {1e-05, "1e-05"},
      {1.5e-05, "1.5e-05"}, {0.1, "0.1"}, {0.3333333333333333, "0.3333333333333333"},
      {5e-324, "5e-324"}, {1.7976931348623157e+308, "1.7976931348623157e+308"}, {-42.125, "-42.125"},
      {100.0, "100.0"}, {1e+22, "1e+22"}, {9999999999999998.0, "9999999999999998.0"}};
  for (const auto& [v, text] : cases) {
    std::string s;
    appendPythonFloat(s, v);
    ZSI_CHECK_EQ(s, std::string(text));
  }
}

ZSI_TEST(json_strings_as_python_ensure_ascii) {
  std::string s;
  appendJsonString(s, "caf\xC3\xA9 \"q\" \\ \n\t\x01 \xF0\x9F\x98\x80 /");
  ZSI_CHECK_EQ(s, std::string(R"("caf\u00e9 \"q\" \\ \n\t\u0001 \ud83d\ude00 /")"));
}

ZSI_TEST(json_number_lists_parse_exactly) {
  std::mt19937_64 rng(11);
  for (int rep = 0; rep < 2000; ++rep) {
    // Random lists mixing COCO-like decimals, integers, exponents and long mantissas.
    std::string text = "[";
    std::vector<std::string> tokens;
    const int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      std::string t;
      // Digit strings of 1..9 characters with leading zeros kept (the fast path's boundaries).
      auto digitString = [&rng]() {
        std::string d(1 + rng() % 9, '0');
        for (char& c : d) c = static_cast<char>('0' + rng() % 10);
        return d;
      };
      switch (rng() % 8) {
        case 6: t = (rng() % 2 ? "-" : "") + std::to_string(rng() % 100000000) + "." + digitString(); break;
        case 7: t = std::to_string(rng() % 10000000) + (rng() % 4 ? "" : " "); break;
        case 0: t = std::to_string(rng() % 100000) + "." + std::to_string(rng() % 100); break;
        case 1: t = std::to_string(static_cast<long long>(rng() % 2000000) - 1000000); break;
        case 2: t = "-0." + std::string(rng() % 5, '0') + std::to_string(rng() % 1000000); break;
        case 3: t = std::to_string(rng() % 1000) + "e" + std::to_string(static_cast<int>(rng() % 40) - 20); break;
        case 4: t = std::to_string(rng()) + std::to_string(rng() % 1000) + ".5"; break;
        default: t = "0"; break;
      }
      tokens.push_back(t);
      static const char* const separators[] = {", ", ",\n ", ",", ", \t"};
      text += (i ? separators[rng() % 4] : "") + t;
    }
    text += "]";
    std::vector<double> got;
    bool ints = true;
    ZSI_REQUIRE(parseJsonNumberList(text, got, ints) == nullptr);
    ZSI_REQUIRE_EQ(got.size(), tokens.size());
    bool wantInts = true;
    for (const auto& t : tokens) wantInts = wantInts && t.find_first_of(".eE") == std::string::npos;
    ZSI_CHECK_EQ(ints, wantInts);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      double want = 0;
      std::from_chars(tokens[i].data(), tokens[i].data() + tokens[i].size(), want);
      ZSI_REQUIRE(std::memcmp(&want, &got[i], sizeof want) == 0);
    }
  }
  std::vector<double> v;
  bool ints = true;
  ZSI_CHECK(parseJsonNumberList("[1, 2, 3]", v, ints) == nullptr && ints);
  for (const char* bad : {"[01]", "[1.]", "[.5]", "[1 2]", "[1,]", "[+1]", "[1e]", "[NaN]", "[\"1\"]",
                          "[1e999]", "[1, 2", "[--1]"}) {
    v.clear();
    const char* at = parseJsonNumberList(bad, v, ints);
    ZSI_CHECK(at != nullptr);
    // The same error after enough numbers to be on the fast path: found at the same place.
    const std::string prefix = "[1.5, 22.25, 333.125, 4, 55, 666, -7.5, 8, 9, ";
    const std::string longer = prefix + (bad + 1);
    v.clear();
    const char* longAt = parseJsonNumberList(longer, v, ints);
    ZSI_REQUIRE(longAt != nullptr && at != nullptr);
    ZSI_CHECK_EQ(longAt - longer.data(), static_cast<std::ptrdiff_t>(at - bad + prefix.size() - 1));
  }
  v.clear();
  ZSI_CHECK(parseJsonNumberList("[1e-400, -1e-400]", v, ints) == nullptr);  // underflow: 0, as Python
  ZSI_CHECK(v.size() == 2 && v[0] == 0.0);
}

ZSI_TEST(json_raw_values_validated) {
  std::size_t at = 0;
  for (const char* ok : {"1", " {\"a\": [1, 2.5e3, true, null, \"x\\u00e9\"]} ", "[]", "{}", "-0.0", "\"\\/\""}) {
    ZSI_CHECK(isValidJsonValue(ok, at));
  }
  for (const char* bad : {"", "tru", "{\"a\" 1}", "[1,]", "01", "\"a\tb\"", "\"\\x\"", "1 2", "{\"a\":}", "[\"\\u12g4\"]"}) {
    ZSI_CHECK(!isValidJsonValue(bad, at));
  }
}
