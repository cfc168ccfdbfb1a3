// Building the one-line lists the engine's messages are made of ("R1, R2", "R1|W").
#pragma once

#include <string>
#include <string_view>

namespace lockstep::detail {

// Appends `item` to `list`, with `separator` between items.
inline void append(std::string& list, std::string_view separator, std::string_view item) {
    if (!list.empty()) list += separator;
    list += item;
}

}  // namespace lockstep::detail
