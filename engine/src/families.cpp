// The registration of every algorithm family. A new family is a folder under engine/src with
// its own `family` object, and one line here.
#include "family.hpp"

#include "binder/binder_family.hpp"
#include "binder_alloc/binder_alloc_family.hpp"
#include "litmus/litmus_family.hpp"
#include "vma/vma_family.hpp"

namespace lockstep::detail {

const std::vector<const family*>& families() {
    static const std::vector<const family*> list = {&vma::family, &binder::family, &binder_alloc::family, &litmus::family};
    return list;
}

}  // namespace lockstep::detail
