#pragma once

#include "../machine.hpp"

#include <map>
#include <string>

namespace lockstep::vma {

// Builds the objects, threads and checker of a per-VMA lock scenario into `m`.
void build(detail::machine& m, const run_config& cfg, const std::map<std::string, bool>& switches);

}  // namespace lockstep::vma
