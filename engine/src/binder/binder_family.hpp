// The binder family's entry points, for its registration (families.cpp).
#pragma once

#include "../family.hpp"

namespace lockstep::binder {

extern const detail::family family;

}  // namespace lockstep::binder
