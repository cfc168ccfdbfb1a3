// The per-VMA lock family's entry points, for its registration (vma_catalogue.cpp).
#pragma once

#include "../family.hpp"

#include <map>
#include <string>
#include <string_view>

namespace lockstep::vma {

// Builds the objects, threads and checker of a per-VMA lock scenario into `m`.
void build(detail::machine& m, const run_config& cfg, const std::map<std::string, bool>& switches);

// The kernel file of a function of the "refcount" (v6.18) or "rwsem" (v6.4 to v6.14) code.
const char* kernel_file_of(std::string_view function, std::string_view algorithm);

extern const detail::family family;

}  // namespace lockstep::vma
