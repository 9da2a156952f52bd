// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/experiment_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <QCoreApplication>
#include <fstream>
#include <map>
#include <ostream>

#include "losslab/atomic_file.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/safetensors.hpp"

namespace losslab::ui {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::uintmax_t kMaxManifestBytes = 16u << 20;

// "losslab.experiment/7" -> 7; 0 for anything else.
int schema_version(const json& schema) {
  static const std::string prefix = "losslab.experiment/";
  if (!schema.is_string()) return 0;
  const std::string s = schema.get<std::string>();
  if (s.rfind(prefix, 0) != 0 || s.size() == prefix.size() || s.size() > prefix.size() + 6) return 0;
  int v = 0;
  for (char c : s.substr(prefix.size())) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A name inside the file: "manifest.json" or "<folder>/<file>", each part of
// letters, digits, '.', '-', '_', and never "." or "..".
bool safe_entry_name(const std::string& name, bool is_dir) {
  std::string n = name;
  if (is_dir && !n.empty() && n.back() == '/') n.pop_back();
  if (n.empty() || n.size() > 200) return false;
  int parts = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= n.size(); ++i) {
    if (i == n.size() || n[i] == '/') {
      const std::string part = n.substr(start, i - start);
      if (part.empty() || part == "." || part == "..") return false;
      start = i + 1;
      if (i < n.size()) ++parts;
      continue;
    }
    const char c = n[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
          c == '_'))
      return false;
  }
  return parts <= 2;
}

std::string archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown error";
}

// libarchive writes through these into the atomic writer's stream.
la_ssize_t write_to_stream(archive*, void* client, const void* buf, size_t n) {
  auto* out = static_cast<std::ostream*>(client);
  out->write(static_cast<const char*>(buf), static_cast<std::streamsize>(n));
  return *out ? static_cast<la_ssize_t>(n) : -1;
}

std::string hex_color(const QColor& c) { return c.name(QColor::HexRgb).toStdString(); }

}  // namespace

json manifest_to_json(const ExperimentManifest& m) {
  json runs = json::array();
  for (const auto& r : m.runs)
    runs.push_back({{"folder", r.folder},
                    {"name", r.name},
                    {"color", hex_color(r.color)},
                    {"visible", r.visible},
                    {"pending", r.pending ? settings_to_json(*r.pending) : json()}});
  return {{"schema", kExperimentSchema},
          {"app", "LossLab " LOSSLAB_VERSION},
          {"current", m.current},
          {"runs", runs}};
}

ExperimentManifest manifest_from_json(const json& j) {
  if (!j.is_object()) throw ExperimentError("manifest.json: expected a JSON object");
  const json schema = j.contains("schema") ? j["schema"] : json();
  if (schema != kExperimentSchema) {
    if (schema_version(schema) > 1)
      throw ExperimentError("manifest.json field 'schema': " + schema.dump() +
                                " was written by a newer version of LossLab; this version reads \"" +
                                kExperimentSchema + "\"",
                            true);
    throw ExperimentError(std::string("manifest.json field 'schema': expected \"") + kExperimentSchema + "\", got " +
                          (schema.is_null() ? std::string("nothing") : schema.dump()));
  }
  std::vector<std::string> errors;
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (k != "schema" && k != "app" && k != "current" && k != "runs")
      errors.push_back("manifest.json field '" + k + "': unknown (expected schema, app, current, runs)");
  }
  ExperimentManifest m;
  if (!j.contains("runs") || !j["runs"].is_array()) {
    errors.push_back("manifest.json field 'runs': expected an array");
  } else {
    std::size_t i = 0;
    for (const auto& rj : j["runs"]) {
      const std::string at = "manifest.json field 'runs[" + std::to_string(i++) + "]";
      if (!rj.is_object()) {
        errors.push_back(at + "': expected an object");
        continue;
      }
      ExperimentRun r;
      for (const auto& [k, v] : rj.items()) {
        (void)v;
        if (k != "folder" && k != "name" && k != "color" && k != "visible" && k != "pending")
          errors.push_back(at + "." + k + "': unknown (expected folder, name, color, visible, pending)");
      }
      if (!rj.contains("folder") || !rj["folder"].is_string() ||
          !safe_entry_name(rj["folder"].get<std::string>(), true) ||
          rj["folder"].get<std::string>().find('/') != std::string::npos)
        errors.push_back(at + ".folder': expected a folder name like \"run-1\"");
      else
        r.folder = rj["folder"].get<std::string>();
      if (!rj.contains("name") || !rj["name"].is_string()) errors.push_back(at + ".name': expected a string");
      else r.name = rj["name"].get<std::string>();
      if (!rj.contains("color") || !rj["color"].is_string() ||
          !QColor::isValidColorName(QString::fromStdString(rj["color"].get<std::string>())))
        errors.push_back(at + ".color': expected a colour like \"#0072b2\"");
      else
        r.color = QColor(QString::fromStdString(rj["color"].get<std::string>()));
      if (rj.contains("visible")) {
        if (!rj["visible"].is_boolean()) errors.push_back(at + ".visible': expected true or false");
        else r.visible = rj["visible"].get<bool>();
      }
      if (rj.contains("pending") && !rj["pending"].is_null()) {
        try {
          r.pending = settings_from_json(rj["pending"]);
        } catch (const SettingsError& e) {
          errors.push_back(at + ".pending': " + e.what());
        }
      }
      m.runs.push_back(std::move(r));
    }
  }
  if (j.contains("current")) {
    if (!j["current"].is_number_integer() || j["current"].get<int64_t>() < -1 ||
        j["current"].get<int64_t>() >= static_cast<int64_t>(m.runs.size()))
      errors.push_back("manifest.json field 'current': expected -1 or the index of a run");
    else
      m.current = j["current"].get<int>();
  }
  if (!errors.empty()) {
    std::string all;
    for (const auto& e : errors) all += (all.empty() ? "" : "\n") + e;
    throw ExperimentError(all);
  }
  return m;
}

void pack_experiment(const fs::path& staging, const fs::path& file) {
  // manifest.json first, so that a reader meets the schema before the data.
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(staging, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) files.push_back(fs::relative(it->path(), staging));
  if (ec) throw ExperimentError(staging.string() + ": can't list the saved runs (" + ec.message() + ")");
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    if ((a == "manifest.json") != (b == "manifest.json")) return a == "manifest.json";
    return a < b;
  });
  try {
    write_file_atomically(file, [&](std::ostream& out) {
      std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
      archive_write_set_format_pax_restricted(a.get());
      archive_write_add_filter_none(a.get());
      if (archive_write_open(a.get(), &out, nullptr, write_to_stream, nullptr) != ARCHIVE_OK)
        throw ExperimentError(file.string() + ": " + archive_message(a.get()));
      std::vector<char> buf(1 << 20);
      for (const auto& rel : files) {
        const fs::path src = staging / rel;
        std::ifstream in(src, std::ios::binary);
        if (!in) throw ExperimentError(src.string() + ": can't read");
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(e.get(), rel.generic_string().c_str());
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(fs::file_size(src)));
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK)
          throw ExperimentError(file.string() + ": " + archive_message(a.get()));
        while (in) {
          in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
          const auto n = in.gcount();
          if (n > 0 && archive_write_data(a.get(), buf.data(), static_cast<size_t>(n)) != n)
            throw ExperimentError(file.string() + ": " + archive_message(a.get()));
        }
      }
      if (archive_write_close(a.get()) != ARCHIVE_OK)
        throw ExperimentError(file.string() + ": " + archive_message(a.get()));
    });
  } catch (const IoError& e) {
    throw ExperimentError(e.what());
  }
}

ExperimentManifest unpack_experiment(const fs::path& file, const fs::path& staging) {
  const std::string name = file.string();
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_filename(a.get(), name.c_str(), 1 << 16) != ARCHIVE_OK)
    throw ExperimentError(name + ": can't open (" + archive_message(a.get()) + ")");
  bool has_manifest = false;
  archive_entry* e = nullptr;
  std::vector<char> buf(1 << 20);
  for (;;) {
    const int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK)
      throw ExperimentError(name + ": not a LossLab experiment file, or damaged (" + archive_message(a.get()) + ")");
    const std::string entry = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR && safe_entry_name(entry, true)) {
      fs::create_directories(staging / entry);
      continue;
    }
    if (type != AE_IFREG || !safe_entry_name(entry, false))
      throw ExperimentError(name + ": unexpected entry '" + entry + "' (an experiment holds only manifest.json and "
                            "one folder of files per run)");
    if (entry == "manifest.json") {
      has_manifest = true;
      if (archive_entry_size(e) > static_cast<la_int64_t>(kMaxManifestBytes))
        throw ExperimentError(name + ": manifest.json is too large");
    }
    const fs::path dst = staging / entry;
    fs::create_directories(dst.parent_path());
    std::ofstream out(dst, std::ios::binary | std::ios::trunc);
    if (!out) throw ExperimentError(dst.string() + ": can't write (is the temporary folder full?)");
    for (;;) {
      const la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0) throw ExperimentError(name + ": damaged at '" + entry + "' (" + archive_message(a.get()) + ")");
      if (n == 0) break;
      out.write(buf.data(), n);
    }
    if (!out.flush()) throw ExperimentError(dst.string() + ": can't write (is the temporary folder full?)");
  }
  if (!has_manifest) throw ExperimentError(name + ": not a LossLab experiment file (it has no manifest.json)");
  std::ifstream in(staging / "manifest.json", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    ExperimentManifest m = manifest_from_json(parse_json_strict(text, "manifest.json"));
    for (const auto& r : m.runs)
      if (!fs::is_regular_file(staging / r.folder / "session.json"))
        throw ExperimentError("manifest.json: run \"" + r.name + "\" has no " + r.folder + "/session.json");
    return m;
  } catch (const ExperimentError& err) {
    throw ExperimentError(name + ": " + err.what(), err.newer_version);
  } catch (const std::exception& err) {
    throw ExperimentError(name + ": " + err.what());
  }
}

LoadedExperiment load_experiment(const fs::path& file, const fs::path& staging) {
  LoadedExperiment out;
  out.manifest = unpack_experiment(file, staging);
  // Runs on one data set share it, as the window's runs do.
  std::map<std::string, std::shared_ptr<const DataSet>> data;
  for (const auto& r : out.manifest.runs) {
    const fs::path dir = staging / r.folder;
    try {
      std::ifstream in(dir / "session.json", std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const json sj = parse_json_strict(text, "session.json");
      if (!sj.is_object() || !sj.contains("settings"))
        throw SessionError("session.json: field 'settings' is missing");
      const RunSettings s = settings_from_json(sj["settings"]);
      const std::string key = s.data + "\n" + s.data_format + "\n" + std::to_string(s.model.block_size) + "\n" +
                              std::to_string(s.seed);
      auto& d = data[key];
      if (!d) d = std::make_shared<const DataSet>(load_dataset(s));
      out.sessions.push_back(Session::load(dir, d));
      out.sessions.back()->set_name(r.name);
    } catch (const std::exception& e) {
      std::string what = e.what();
      const std::string prefix = dir.string() + "/";
      for (std::size_t at; (at = what.find(prefix)) != std::string::npos;) what.erase(at, prefix.size());
      throw ExperimentError(file.string() + ": run \"" + r.name + "\": " + what);
    }
  }
  return out;
}

}  // namespace losslab::ui
