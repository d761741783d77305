//! The process allocator: mimalloc (its v2 series), asked the way std asks the system allocator.
//!
//! Extraction makes many small, short-lived allocations from every worker thread: mimalloc serves
//! them about a fifth faster than glibc's allocator on one thread, and without the contention that
//! kept glibc's from scaling on two (measured on the corpus; see README, Performance).
//!
//! The `mimalloc` crate's allocator sends every request down mimalloc's aligned entry points,
//! which test and round the alignment before reaching the allocation every other request takes.
//! Nearly every request here asks for no more alignment than mimalloc gives any block (16 bytes,
//! or the size itself below that), and goes to `mi_malloc` directly, as std's own allocator
//! sends such requests to `malloc`. That is 2% fewer instructions on an 8 MB sample of the corpus.
//!
//! The process asks the kernel for no transparent huge pages ([`no_huge_pages`]).
//!
//! With the system calls of `replace.rs` and [`no_huge_pages`], the binary's only `unsafe` code:
//! the library forbids it.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned,
};

/// Turns transparent huge pages off for the process, as `MIMALLOC_ALLOW_THP=0` would, unless
/// that variable is set (then mimalloc does what it says). mimalloc asks for huge pages for its
/// arena, and the first touch of each makes the kernel clear 2 MB. Where memory was freed a
/// moment ago that is cheap, but on a virtual machine whose host takes the guest's free memory
/// back (free page reporting, as on the machines this was measured on) a fresh huge page cost
/// 3.5 ms a megabyte against 0.7 ms for small pages, and a run after a few idle seconds spent
/// 0.15-0.2 s of its 0.8 s in the kernel. Set for the process rather than left to mimalloc's own
/// setting, which is read before `main`; the kernel applies it at every later page fault.
pub(crate) fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        let (on, unused) = (1 as libc::c_ulong, 0 as libc::c_ulong);
        // SAFETY: `PR_SET_THP_DISABLE` takes integers only and touches no memory of the process;
        // it sets a flag of the process that the kernel reads at each page fault. A failure
        // leaves huge pages on, which is only slower on such machines.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused) };
    }
}

/// The alignment of every block of mimalloc's of more than 8 bytes (`MI_MAX_ALIGN_SIZE`, as its
/// size classes are whole double words on x86-64); a block of up to 8 bytes is aligned to 8.
const MIN_ALIGN: usize = 16;

/// mimalloc, with plain requests sent to its plain entry points.
pub(crate) struct MiMalloc;

/// Does a block of `size` bytes from mimalloc's plain entry points have alignment `align`? An
/// alignment of up to 16 bytes and up to the size is met (see [`MIN_ALIGN`]): the test std's
/// `System` makes of `malloc`, whose guarantee mimalloc, a drop-in `malloc`, gives too.
#[inline(always)]
fn plain(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

/// A block for `layout` from `plain_fn(size)` when [`plain`] alignment will do, else from
/// `aligned_fn(size, align)`.
#[inline(always)]
fn by_alignment(
    layout: Layout,
    plain_fn: impl FnOnce(usize) -> *mut c_void,
    aligned_fn: impl FnOnce(usize, usize) -> *mut c_void,
) -> *mut u8 {
    if plain(layout.align(), layout.size()) {
        plain_fn(layout.size()).cast()
    } else {
        aligned_fn(layout.size(), layout.align()).cast()
    }
}

// SAFETY: every block is allocated by mimalloc and freed or resized by it; a layout `plain`
// refuses goes to the aligned entry points, which take the alignment as asked; the pointers
// returned are null on failure, as `GlobalAlloc` requires.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions take any size and a power-of-two alignment.
        by_alignment(layout, |n| unsafe { mi_malloc(n) }, |n, a| unsafe { mi_malloc_aligned(n, a) })
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        by_alignment(layout, |n| unsafe { mi_zalloc(n) }, |n, a| unsafe { mi_zalloc_aligned(n, a) })
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's promise), so from mimalloc, whose
        // `mi_free` frees blocks from any of its entry points.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps the
        // alignment, tested on the new size as `alloc` would.
        unsafe {
            if plain(layout.align(), new_size) {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel's word on the process (`THP_enabled` in `/proc/self/status`, Linux 5.0 on).
    #[cfg(target_os = "linux")]
    fn thp_enabled() -> Option<String> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        status.lines().find_map(|l| l.strip_prefix("THP_enabled:")).map(|v| v.trim().to_string())
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn huge_pages_are_turned_off_unless_asked_for() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            eprintln!("skipped: MIMALLOC_ALLOW_THP is set, so the setting is left to mimalloc");
            return;
        }
        let Some(before) = thp_enabled() else {
            eprintln!("skipped: this kernel does not report THP_enabled");
            return;
        };
        no_huge_pages();
        assert_eq!(thp_enabled().as_deref(), Some("0"), "was {before}");
    }

    fn aligned(p: *mut u8, align: usize) -> bool {
        !p.is_null() && p.addr().is_multiple_of(align)
    }

    /// Blocks of every size class up to a page, at every alignment up to 4 KiB, come back aligned
    /// as asked, zeroed when asked, and keep their bytes when resized.
    #[test]
    fn blocks_are_aligned_zeroed_and_kept() {
        let a = MiMalloc;
        for size in (1..=4096).step_by(7).chain([1, 2, 3, 4, 8, 15, 16, 17, 31, 32, 33, 64]) {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let Ok(layout) = Layout::from_size_align(size, align) else { continue };
                // SAFETY: the layout has a nonzero size; each block is written within its size
                // and freed once, with the layout it was allocated with.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(aligned(p, align), "{size} {align}");
                    p.write_bytes(0xAB, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!(aligned(q, align), "{size} {align} realloc");
                    assert!((0..size).all(|i| *q.add(i) == 0xAB));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!(aligned(z, align), "{size} {align} zeroed");
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
