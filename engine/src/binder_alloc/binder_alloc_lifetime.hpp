// binder_alloc's cached vma and its lifetime (lessons 12 and 13): the objects, the code the
// variants choose, and what the family's catalogue (binder_alloc.cpp) needs to build a run.
#pragma once

#include "../family.hpp"
#include "../kernel.hpp"

#include <lockstep/config.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::binder_alloc::lifetime {

// The scenarios of this part of the family.
inline constexpr const char* munmap_scenario = "binder-munmap-downgrade";
inline constexpr const char* mmap_undo_scenario = "binder-mmap-undo";
inline bool is_lifetime(std::string_view scenario) { return scenario == munmap_scenario || scenario == mmap_undo_scenario; }

// What the variant's kernel does, where the variants differ. The code tests these only as
// `if (code().name)`, each the diff of one commit.
struct code {
    // d1d8875c8c13 (v6.4): binder_update_page_range() takes mmap_lock for write; before it,
    // from 720c24192404 on, for read.
    bool page_install_write_lock = true;
    // a43cfc87caaf (v6.1 to v6.4-rc3): alloc->vma_addr and vma_lookup() instead of a cached
    // alloc->vma.
    bool vma_addr = false;
    // 5789151e48ac (v6.1-rc2): when mas_preallocate() fails after ->mmap() succeeded,
    // mmap_region() goes to close_and_free_vma and calls ->close before freeing the vma.
    bool close_on_prealloc_failure = true;
};

// The variants of this part of the family, as the catalogue lists them ("vma-addr" is the
// publication's variant too: the same commit).
std::vector<variant_info> variants();
std::vector<scenario_info> scenarios();
// Which of the family's variants each scenario takes.
std::map<std::string, std::vector<std::string>> scenario_variants();

std::vector<thread_info> threads_of(const run_config& cfg, const scenario_info& s);
void build(detail::machine& m, const run_config& cfg);
// The kernel file of each function this code enters (nullptr for one it does not).
const char* kernel_file_of(std::string_view function);

// The points the code labels, for lessons to run a thread "until" one. (A function: the
// family's catalogue is built during static initialisation, in another file.)
std::vector<std::string> points();

}  // namespace lockstep::binder_alloc::lifetime
