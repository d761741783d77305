//! Putting a finished output in place of the old one.
//!
//! A plain `rename` over an existing file makes ext4 (with its default `auto_da_alloc`) start
//! writing the new file's data at once, and the old file's pages are dropped in the same call,
//! waiting for any of them still being written, such as the previous run's output: 9 to 22 ms for
//! a 14 MB export that the run waits for. On Linux the two files are swapped instead
//! (`renameat2` with `RENAME_EXCHANGE`, one atomic step as `rename` is: a reader sees the old file
//! or the new one, never none) and the old one, now under the temporary name, is removed: about
//! 1 ms. Durability is `--sync`'s business either way (it flushes the file before the swap).
//!
//! Besides the allocator and its page setting (`alloc.rs`), the binary's only `unsafe` code: the
//! system call.

use std::path::Path;

/// Puts the file at `tmp` in place of `path`; returns a warning when the old file could not be
/// removed after a swap (the new one is in place all the same).
pub(crate) fn replace(tmp: &Path, path: &Path) -> std::io::Result<Option<String>> {
    // Only a regular file is swapped with: a directory or anything else at `path` gets what
    // `rename` does with it (an error for a directory).
    let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    if is_file && exchange(tmp, path).is_ok() {
        return Ok(std::fs::remove_file(tmp).err().map(|e| {
            format!("{} is written; its previous version is left at {}: {e}", path.display(), tmp.display())
        }));
    }
    std::fs::rename(tmp, path).map(|()| None)
}

/// Swaps the files at `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (a, b) = (CString::new(a.as_os_str().as_bytes())?, CString::new(b.as_os_str().as_bytes())?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call, which only reads them;
    // the other arguments are plain integers. An unknown system call (a kernel before 3.15) or a
    // file system that cannot swap fails with an error, and `rename` is used instead.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere, no swap: `rename` replaces the file.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::replace;

    #[test]
    fn the_new_file_takes_the_old_ones_place_and_nothing_is_left_beside_it() {
        let dir = std::env::temp_dir().join(format!("zhkg-replace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (tmp, path) = (dir.join(".out.tmp"), dir.join("out.json"));
        // Into an empty place, then over an old file.
        for content in ["first", "second"] {
            std::fs::write(&tmp, content).unwrap();
            assert_eq!(replace(&tmp, &path).unwrap(), None);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
            assert!(!tmp.exists());
        }
        // A directory in the way is not swapped with: an error, and both stay as they were.
        let sub = dir.join("sub");
        std::fs::create_dir_all(sub.join("inner")).unwrap();
        std::fs::write(&tmp, "third").unwrap();
        assert!(replace(&tmp, &sub).is_err());
        assert!(sub.join("inner").is_dir());
        assert_eq!(std::fs::read_to_string(&tmp).unwrap(), "third");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
