import COpenBLAS

/// Tells the C allocator to keep freed memory for reuse, for programs that
/// train: every step allocates the same large activation and gradient
/// buffers and frees them at the end of the step.
///
/// By default glibc serves blocks above its mmap threshold (at most 32 MiB)
/// with fresh pages from the kernel — a page fault and a page clear for every
/// 4 KiB, every step — and returns freed heap memory to the system. After this
/// call, large blocks come from the heap and freed memory stays there, so the
/// next step reuses it. Peak memory is unchanged; call it once at startup.
/// Does nothing where the allocator is not glibc's.
public func keepFreedMemoryForReuse() {
    #if os(Linux)
    _ = mallopt(M_MMAP_MAX, 0)
    _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
    #endif
}
