#include "process_memory.hpp"

#include <cstdio>
#include <cstring>

namespace lockstep::detail {

namespace {

// A "Name:   1234 kB" line of /proc/self/status, in bytes.
std::uint64_t status_field(const char* name) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    std::uint64_t kib = 0;
    const std::size_t len = std::strlen(name);
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, name, len) == 0 && line[len] == ':') {
            std::sscanf(line + len + 1, "%lu", &kib);
            break;
        }
    }
    std::fclose(f);
    return kib * 1024;
}

}  // namespace

std::uint64_t resident_memory_bytes() { return status_field("VmRSS"); }
std::uint64_t peak_resident_memory_bytes() { return status_field("VmHWM"); }

}  // namespace lockstep::detail
