// SPDX-License-Identifier: GPL-3.0-or-later
// Every file LossLab writes goes through here: the bytes go to a temporary
// file in the target's directory, are flushed and fsync'ed, and the temporary
// is renamed over the target (then the directory is fsync'ed). A reader sees
// either the old file or the complete new one, never a half-written file; on
// any error the target is untouched and the temporary is removed.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string_view>

namespace losslab {

// A file could not be written (or read); the message names the path and the
// system's reason.
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `bytes` as the whole content of `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Calls `writer` with a binary stream on the temporary file; the file
// replaces `path` only if `writer` returns normally and every write
// succeeded. An exception from `writer` propagates unchanged (after the
// temporary is removed).
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);

}  // namespace losslab
