#include "process_memory.hpp"

#include <cstdio>
#include <cstring>

namespace lockstep::detail {

namespace {

// One line of /proc/self/status, "VmRSS:     12345 kB": the kernel writes kB (KiB) always.
// stdio rather than iostreams: this is called ten times a second during a search.
std::uint64_t status_kib(const char* field) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    const std::size_t n = std::strlen(field);
    char line[256];
    std::uint64_t kib = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, field, n) == 0 && line[n] == ':') {
            unsigned long long v = 0;
            if (std::sscanf(line + n + 1, "%llu", &v) == 1) kib = v;
            break;
        }
    }
    std::fclose(f);
    return kib;
}

}  // namespace

std::uint64_t resident_memory_bytes() { return status_kib("VmRSS") * 1024; }
std::uint64_t peak_resident_memory_bytes() { return status_kib("VmHWM") * 1024; }

bool reset_peak_resident_memory() {
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    const bool written = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && written;
}

}  // namespace lockstep::detail
