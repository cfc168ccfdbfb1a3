// How much memory this process holds, for the search's progress and summary (Linux: from
// /proc/self/status; 0 where that cannot be read).
#pragma once

#include <cstdint>

namespace lockstep::detail {

std::uint64_t resident_memory_bytes();       // VmRSS
std::uint64_t peak_resident_memory_bytes();  // VmHWM

}  // namespace lockstep::detail
