// The binder_alloc family (seed 000): how binder's allocator learns that mmap() has set it up,
// through a pointer used as an "initialized" flag, in every form it has had since 2008.
#pragma once

#include "../family.hpp"

namespace lockstep::binder_alloc {

extern const detail::family family;

}  // namespace lockstep::binder_alloc
