// SPDX-License-Identifier: GPL-3.0-or-later
// A saved session is a directory: session.json (written last, atomically: the
// commit point) names the binary files it belongs to. Each save writes its
// binary files under fresh names first, so a crash at any moment leaves
// either the old session or the new one, never a mix. Formats: docs/settings.md.
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "losslab/atomic_file.hpp"
#include "session_internal.hpp"

namespace losslab::detail {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

static_assert(std::endian::native == std::endian::little, "session files are little-endian; add byte swapping");

uint64_t fnv1a(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

class ByteWriter {
 public:
  explicit ByteWriter(const char (&magic)[9]) { out_.append(magic, 8); }
  template <typename T>
  void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void floats(const std::vector<float>& v) {
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
  }
  std::string finish() {
    put<uint64_t>(fnv1a(out_));
    return std::move(out_);
  }

 private:
  std::string out_;
};

class ByteReader {
 public:
  ByteReader(fs::path path, const char (&magic)[9]) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw SessionError(path_.string() + ": can't open (" + std::strerror(errno) + ")");
    std::ostringstream ss;
    ss << in.rdbuf();
    data_ = ss.str();
    if (data_.size() < 16 || data_.compare(0, 8, magic, 8) != 0)
      throw SessionError(path_.string() + ": not a LossLab session file (expected it to start with \"" +
                         std::string(magic, 8) + "\")");
    uint64_t stored = 0;
    std::memcpy(&stored, data_.data() + data_.size() - 8, 8);
    if (stored != fnv1a(std::string_view(data_).substr(0, data_.size() - 8)))
      throw SessionError(path_.string() + ": checksum mismatch (the file is damaged or truncated)");
    end_ = data_.size() - 8;
    pos_ = 8;
  }
  template <typename T>
  T get(const char* field) {
    need(sizeof(T), field);
    T v;
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::vector<float> floats(std::size_t n, const char* field) {
    if (n > (end_ - pos_) / sizeof(float)) need(n * sizeof(float), field);
    std::vector<float> v(n);
    std::memcpy(v.data(), data_.data() + pos_, n * sizeof(float));
    pos_ += n * sizeof(float);
    return v;
  }
  std::size_t left() const { return end_ - pos_; }
  void expect_end() const {
    if (pos_ != end_)
      throw SessionError(path_.string() + ": " + std::to_string(end_ - pos_) + " unexpected bytes at offset " +
                         std::to_string(pos_));
  }

 private:
  void need(std::size_t n, const char* field) const {
    if (end_ - pos_ < n)
      throw SessionError(path_.string() + ": truncated at offset " + std::to_string(pos_) + " (reading " + field +
                         ")");
  }
  fs::path path_;
  std::string data_;
  std::size_t pos_ = 0, end_ = 0;
};

// ---- trainer state --------------------------------------------------------
constexpr char kTrainerMagic[9] = "LLTRAIN1";

std::string encode_snapshot(const TrainerSnapshot& s) {
  ByteWriter w(kTrainerMagic);
  w.put<int64_t>(s.step);
  w.put<int64_t>(s.tokens);
  w.put<uint64_t>(s.params.size());
  if (s.adam_m.size() != s.params.size() || s.adam_v.size() != s.params.size())
    throw SessionError("save: the trainer snapshot's Adam moments don't match its parameters");
  w.floats(s.params);
  w.floats(s.adam_m);
  w.floats(s.adam_v);
  return w.finish();
}

TrainerSnapshot decode_snapshot(const fs::path& path) {
  ByteReader r(path, kTrainerMagic);
  TrainerSnapshot s;
  s.step = r.get<int64_t>("step");
  s.tokens = r.get<int64_t>("tokens");
  const auto n = r.get<uint64_t>("parameter count");
  if (n > r.left() / (3 * sizeof(float)))
    throw SessionError(path.string() + ": says " + std::to_string(n) + " parameters, but the file is too short");
  s.params = r.floats(n, "params");
  s.adam_m = r.floats(n, "adam_m");
  s.adam_v = r.floats(n, "adam_v");
  r.expect_end();
  if (s.step < 0 || s.tokens < 0) throw SessionError(path.string() + ": negative step or token count");
  return s;
}

// ---- metric records: field by field, little-endian ------------------------
constexpr char kStepsMagic[9] = "LLSTEPS1";
constexpr char kEvalsMagic[9] = "LLEVALS1";
constexpr char kGradsMagic[9] = "LLGRADS1";

void put_record(ByteWriter& w, const StepRecord& r) {
  w.put(r.step);
  w.put(r.tokens);
  for (float f : {r.loss, r.lm_loss, r.ce_loss, r.lm_nll, r.accuracy, r.grad_norm, r.lr, r.lambda, r.eps, r.wall_s})
    w.put(f);
  w.put(r.flags);
}
void get_record(ByteReader& rd, StepRecord& r) {
  r.step = rd.get<int64_t>("step");
  r.tokens = rd.get<int64_t>("tokens");
  for (float* f : {&r.loss, &r.lm_loss, &r.ce_loss, &r.lm_nll, &r.accuracy, &r.grad_norm, &r.lr, &r.lambda, &r.eps,
                   &r.wall_s})
    *f = rd.get<float>("step record");
  r.flags = rd.get<int32_t>("flags");
}
constexpr std::size_t record_bytes(const StepRecord*) { return 2 * 8 + 10 * 4 + 4; }

void put_record(ByteWriter& w, const EvalRecord& r) {
  w.put(r.step);
  for (float f : {r.loss, r.lm_loss, r.ce_loss, r.lm_nll, r.ppl, r.accuracy, r.ece, r.smoothed_floor_lm,
                  r.smoothed_floor_ce})
    w.put(f);
}
void get_record(ByteReader& rd, EvalRecord& r) {
  r.step = rd.get<int64_t>("step");
  for (float* f : {&r.loss, &r.lm_loss, &r.ce_loss, &r.lm_nll, &r.ppl, &r.accuracy, &r.ece, &r.smoothed_floor_lm,
                   &r.smoothed_floor_ce})
    *f = rd.get<float>("eval record");
}
constexpr std::size_t record_bytes(const EvalRecord*) { return 8 + 9 * 4; }

void put_record(ByteWriter& w, const GradInteraction& r) {
  w.put(r.step);
  for (float f : {r.lm_norm, r.ce_norm, r.cosine}) w.put(f);
}
void get_record(ByteReader& rd, GradInteraction& r) {
  r.step = rd.get<int64_t>("step");
  for (float* f : {&r.lm_norm, &r.ce_norm, &r.cosine}) *f = rd.get<float>("interaction record");
}
constexpr std::size_t record_bytes(const GradInteraction*) { return 8 + 3 * 4; }

template <typename Record>
std::string encode_log(const char (&magic)[9], const RecordLog<Record>& log, std::size_t count) {
  std::vector<Record> records;
  records.reserve(count);
  log.read_since(0, records);
  records.resize(std::min(records.size(), count));
  ByteWriter w(magic);
  w.put<uint64_t>(records.size());
  for (const auto& r : records) put_record(w, r);
  return w.finish();
}

template <typename Record>
void decode_log(const fs::path& path, const char (&magic)[9], RecordLog<Record>& log) {
  ByteReader rd(path, magic);
  const auto n = rd.get<uint64_t>("record count");
  if (n > rd.left() / record_bytes(static_cast<const Record*>(nullptr)))
    throw SessionError(path.string() + ": says " + std::to_string(n) + " records, but the file is too short");
  for (uint64_t i = 0; i < n; ++i) {
    Record r;
    get_record(rd, r);
    log.push(r);
  }
  rd.expect_end();
}

std::string fresh_id() {
  const auto t = std::chrono::system_clock::now().time_since_epoch().count();
  std::random_device rd;
  const uint64_t x = static_cast<uint64_t>(t) ^ (static_cast<uint64_t>(rd()) << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

bool is_session_blob(const std::string& name) {
  static const char* const kPrefixes[] = {"trainer-", "snapshot-", "steps-", "evals-", "interactions-"};
  if (name.size() < 4 || name.compare(name.size() - 4, 4, ".bin") != 0) return false;
  for (const char* p : kPrefixes)
    if (name.rfind(p, 0) == 0) return true;
  return false;
}

}  // namespace

void write_session(const fs::path& dir, const SavedSession& s) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw SessionError(dir.string() + ": can't create the directory (" + ec.message() + ")");
  const std::string id = fresh_id();
  json files;
  auto blob = [&](const char* role, const std::string& bytes) {
    const std::string name = std::string(role) + "-" + id + ".bin";
    write_file_atomically(dir / name, bytes);
    files[role] = name;
  };
  blob("trainer", encode_snapshot(s.current));
  if (s.last_good) blob("snapshot", encode_snapshot(*s.last_good));
  else files["snapshot"] = nullptr;
  blob("steps", encode_log(kStepsMagic, s.logs->steps, s.n_steps));
  blob("evals", encode_log(kEvalsMagic, s.logs->evals, s.n_evals));
  blob("interactions", encode_log(kGradsMagic, s.logs->interactions, s.n_interactions));

  json j = {{"schema", kSessionSchema},
            {"name", s.name},
            {"last_error", s.last_error},
            {"replay", replay_plan_to_json(s.initial, s.options, s.events, s.current.step)},
            {"settings", settings_to_json(s.settings)},
            {"step", s.current.step},
            {"tokens", s.current.tokens},
            {"active_s", s.active_s},
            {"files", files}};
  write_file_atomically(dir / "session.json", j.dump(2) + "\n");  // the commit point

  // The previous save's files are no longer referenced.
  std::set<std::string> keep;
  for (const auto& [k, v] : files.items())
    if (v.is_string()) keep.insert(v.get<std::string>());
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_session_blob(name) && !keep.count(name)) fs::remove(entry.path(), ec);
  }
}

SavedSession read_session(const fs::path& dir, const SessionOptions& fallback) {
  const fs::path meta = dir / "session.json";
  std::ifstream in(meta);
  if (!in) throw SessionError(meta.string() + ": can't open (" + std::strerror(errno) + ")");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw SessionError(meta.string() + ": not valid JSON: " + e.what());
  }
  auto field = [&](const char* name) -> const json& {
    if (!j.is_object() || !j.contains(name)) throw SessionError(meta.string() + ": field '" + name + "' is missing");
    return j[name];
  };
  if (field("schema") != kSessionSchema)
    throw SessionError(meta.string() + ": field 'schema': expected \"" + kSessionSchema + "\", got " +
                       field("schema").dump());
  SavedSession s;
  try {
    ReplayPlan plan = parse_replay(field("replay"));
    s.initial = plan.settings;
    s.options = field("replay").contains("options") ? plan.options : fallback;
    s.events = std::move(plan.events);
    s.settings = settings_from_json(field("settings"));
  } catch (const SettingsError& e) {
    throw SessionError(meta.string() + ": " + e.what());
  }
  auto str = [&](const char* name) {
    const json& v = field(name);
    if (!v.is_string()) throw SessionError(meta.string() + ": field '" + name + "': expected a string");
    return v.get<std::string>();
  };
  s.name = str("name");
  s.last_error = str("last_error");
  if (!field("active_s").is_number()) throw SessionError(meta.string() + ": field 'active_s': expected a number");
  s.active_s = field("active_s").get<double>();
  const json& files = field("files");
  auto file = [&](const char* role) -> std::optional<fs::path> {
    if (!files.is_object() || !files.contains(role))
      throw SessionError(meta.string() + ": field 'files." + role + "' is missing");
    const json& v = files[role];
    if (v.is_null()) return std::nullopt;
    if (!v.is_string() || !is_session_blob(v.get<std::string>()) ||
        v.get<std::string>().find('/') != std::string::npos)
      throw SessionError(meta.string() + ": field 'files." + role + "': expected a file name like " + role +
                         "-<id>.bin, got " + v.dump());
    return dir / v.get<std::string>();
  };
  auto required = [&](const char* role) {
    auto p = file(role);
    if (!p) throw SessionError(meta.string() + ": field 'files." + role + "' is null");
    return *p;
  };
  s.current = decode_snapshot(required("trainer"));
  if (auto p = file("snapshot")) s.last_good = decode_snapshot(*p);
  for (const char* k : {"step", "tokens"})
    if (!field(k).is_number_integer() ||
        field(k).get<int64_t>() != (std::string(k) == "step" ? s.current.step : s.current.tokens))
      throw SessionError(meta.string() + ": field '" + k + "' does not match " + required("trainer").string());
  s.logs = std::make_shared<MetricLogs>();
  decode_log(required("steps"), kStepsMagic, s.logs->steps);
  decode_log(required("evals"), kEvalsMagic, s.logs->evals);
  decode_log(required("interactions"), kGradsMagic, s.logs->interactions);
  s.n_steps = s.logs->steps.size();
  s.n_evals = s.logs->evals.size();
  s.n_interactions = s.logs->interactions.size();
  return s;
}

}  // namespace losslab::detail
