#include "binder_family.hpp"

namespace lockstep::binder {
namespace {
std::vector<thread_info> threads(const run_config&, const scenario_info&) { return {}; }
std::map<std::string, bool> all(const run_config&, std::map<std::string, bool> r) { return r; }
void build(detail::machine&, const run_config&, const std::map<std::string, bool>&) {}
const char* file_of(std::string_view, std::string_view) { return nullptr; }
}  // namespace
const detail::family family{{"binder", "Binder", "placeholder"}, {}, {}, {}, {}, threads, all, build, file_of};
}  // namespace lockstep::binder
