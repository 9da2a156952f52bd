// SPDX-License-Identifier: GPL-3.0-or-later
// One libFuzzer entry point per parser, chosen by a LOSSLAB_FUZZ_* definition
// (see CMakeLists.txt). A parser may reject input with DataError; anything
// else (a crash, another exception, invalid UTF-8 in an example) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "losslab/data/importers.hpp"
#include "losslab/data/tokenizer.hpp"

using namespace losslab;

namespace {
[[maybe_unused]] void check(const ImportResult& r) {
  for (const auto& e : r.examples) {
    int64_t bad = 0;
    decode_utf8(e.text, &bad);
    if (bad != 0) std::abort();
    if (r.class_names.empty() ? e.label != -1 : (e.label < 0 || e.label >= static_cast<int32_t>(r.class_names.size())))
      std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ImportOptions opt;
  opt.source = "fuzz";
  try {
#if defined(LOSSLAB_FUZZ_CSV)
    check(import_csv(bytes, opt, ','));
#elif defined(LOSSLAB_FUZZ_TSV)
    check(import_csv(bytes, opt, '\t'));
#elif defined(LOSSLAB_FUZZ_FASTTEXT)
    check(import_fasttext(bytes, opt));
#elif defined(LOSSLAB_FUZZ_TEXT)
    check(import_text(bytes, opt));
#elif defined(LOSSLAB_FUZZ_UTF8)
    int64_t bad = 0;
    const std::string clean = sanitize_utf8(bytes, &bad);
    if (encode_utf8(decode_utf8(clean)) != clean) std::abort();
#endif
  } catch (const DataError&) {
  }
  return 0;
}
