// The process's resident memory, for a search's progress and summary. Read from Linux's
// /proc/self/status (VmRSS, VmHWM); 0 where that file is missing or unreadable, so a caller
// prints "unknown" rather than a made-up figure.
#pragma once

#include <cstdint>

namespace lockstep::detail {

// Resident memory now (VmRSS), in bytes.
std::uint64_t resident_memory_bytes();
// The most the process has been resident (VmHWM, the "high water mark"), in bytes, since it
// started or since the last reset_peak_resident_memory(). It covers the whole process: in the
// app, the window's own memory counts too.
std::uint64_t peak_resident_memory_bytes();
// Lowers the high water mark to what is resident now (writes 5 to /proc/self/clear_refs, Linux
// 4.0 on), so that the peak read at a search's end is that search's, not an earlier one's.
// A search running at the same time in the same process would see its own peak lowered, so
// call it where one search runs at a time (the CLI, the app, a benchmark's rows). False when
// the kernel refused.
bool reset_peak_resident_memory();

}  // namespace lockstep::detail
