// The process's resident memory, for a search's progress and summary. Read from Linux's
// /proc/self/status (VmRSS, VmHWM); 0 where that file is missing or unreadable, so a caller
// prints "unknown" rather than a made-up figure.
#pragma once

#include <cstdint>

namespace lockstep::detail {

// Resident memory now (VmRSS), in bytes.
std::uint64_t resident_memory_bytes();
// The most the process has been resident since it started (VmHWM, the "high water mark"), in
// bytes. It covers the whole process, not one search: in the app, an earlier search or a long
// timeline counts too.
std::uint64_t peak_resident_memory_bytes();

}  // namespace lockstep::detail
